// Calls any ATen operator by schema name through the c10 dispatcher.
//
// Managed code passes loosely typed values (an int, a float, a list); each is converted to the
// IValue the operator's schema asks for, the way PyTorch's Python argument parser does: an int
// where a float is expected, a single int expanded for `int[2]`, numbers wrapped as Scalar.
#include <ATen/core/dispatch/Dispatcher.h>
#include <ATen/ATen.h>

#include <sstream>
#include <vector>

#include "bridge_error.h"
#include "gankit_native.h"

namespace {

using c10::IValue;
using c10::TypeKind;

at::Tensor& tensor_of(const GkValue& v) {
  if (v.p == nullptr) throw std::invalid_argument("tensor argument is null (disposed?)");
  return *static_cast<at::Tensor*>(v.p);
}

std::string describe_value(const GkValue& v) {
  std::ostringstream s;
  switch (v.tag) {
    case GK_NONE: s << "None"; break;
    case GK_TENSOR: {
      if (v.p == nullptr) { s << "null tensor"; break; }
      const auto& t = *static_cast<at::Tensor*>(v.p);
      if (!t.defined()) { s << "undefined tensor"; break; }
      s << c10::toString(t.scalar_type()) << t.sizes() << (t.is_cuda() ? " cuda" : "");
      break;
    }
    case GK_TENSOR_LIST:
    case GK_OPTIONAL_TENSOR_LIST: {
      s << "[";
      auto items = static_cast<at::Tensor* const*>(v.p);
      for (int k = 0; k < v.count; ++k) {
        if (k) s << ", ";
        if (items[k] == nullptr) s << "None";
        else s << c10::toString(items[k]->scalar_type()) << items[k]->sizes();
      }
      s << "]";
      break;
    }
    case GK_INT: s << v.i; break;
    case GK_BOOL: s << (v.i ? "True" : "False"); break;
    case GK_DOUBLE: s << v.d; break;
    case GK_INT_LIST: s << c10::IntArrayRef(static_cast<const int64_t*>(v.p), v.count); break;
    case GK_DOUBLE_LIST: s << "float[" << v.count << "]"; break;
    case GK_SCALAR_TYPE: s << c10::toString(static_cast<c10::ScalarType>(v.i)); break;
    case GK_DEVICE: s << c10::Device(static_cast<c10::DeviceType>(v.i), static_cast<c10::DeviceIndex>(v.count)); break;
    case GK_STRING: s << '"' << static_cast<const char*>(v.p) << '"'; break;
    default: s << "?"; break;
  }
  return s.str();
}

[[noreturn]] void type_mismatch(const c10::Argument& arg, const GkValue& v) {
  throw std::invalid_argument("argument '" + arg.name() + "' expects " + arg.type()->str() + ", got " +
                              describe_value(v));
}

std::vector<int64_t> int_list(const GkValue& v) {
  auto p = static_cast<const int64_t*>(v.p);
  return std::vector<int64_t>(p, p + v.count);
}

// Converts one managed value to the IValue that the schema argument expects.
IValue to_ivalue(const GkValue& v, const c10::Argument& arg) {
  if (v.tag == GK_NONE) return IValue();
  // Raw pointers: copying TypePtr (a shared_ptr) per argument costs atomics on the hot path.
  const c10::Type* type = arg.type().get();
  if (type->kind() == TypeKind::OptionalType) type = type->expectRef<c10::OptionalType>().getElementType().get();

  switch (type->kind()) {
    case TypeKind::TensorType:
      if (v.tag != GK_TENSOR) type_mismatch(arg, v);
      return IValue(tensor_of(v));
    case TypeKind::IntType:
    case TypeKind::SymIntType:
      // Older libtorch types ScalarType, Layout and MemoryFormat as plain ints in schemas.
      if (v.tag == GK_INT || v.tag == GK_BOOL || v.tag == GK_SCALAR_TYPE) return IValue(v.i);
      type_mismatch(arg, v);
    case TypeKind::FloatType:
      if (v.tag == GK_DOUBLE) return IValue(v.d);
      if (v.tag == GK_INT) return IValue(static_cast<double>(v.i));
      type_mismatch(arg, v);
    case TypeKind::BoolType:
      if (v.tag == GK_BOOL || v.tag == GK_INT) return IValue(v.i != 0);
      type_mismatch(arg, v);
    case TypeKind::NumberType:  // Scalar
      if (v.tag == GK_INT) return IValue(c10::Scalar(v.i));
      if (v.tag == GK_DOUBLE) return IValue(c10::Scalar(v.d));
      if (v.tag == GK_BOOL) return IValue(c10::Scalar(v.i != 0));
      type_mismatch(arg, v);
    case TypeKind::ScalarTypeType:
    case TypeKind::LayoutType:
    case TypeKind::MemoryFormatType:
      if (v.tag == GK_SCALAR_TYPE || v.tag == GK_INT) return IValue(v.i);
      type_mismatch(arg, v);
    case TypeKind::DeviceObjType:
      if (v.tag != GK_DEVICE) type_mismatch(arg, v);
      return IValue(c10::Device(static_cast<c10::DeviceType>(v.i), static_cast<c10::DeviceIndex>(v.count)));
    case TypeKind::StringType:
      if (v.tag != GK_STRING) type_mismatch(arg, v);
      return IValue(std::string(static_cast<const char*>(v.p)));
    case TypeKind::ListType: {
      auto element_kind = type->expectRef<c10::ListType>().getElementType()->kind();
      if (element_kind == TypeKind::IntType || element_kind == TypeKind::SymIntType) {
        if (v.tag == GK_INT_LIST) return IValue(int_list(v));
        // `int[2] stride=2` accepts a single int, repeated to the declared length.
        if (v.tag == GK_INT) return IValue(std::vector<int64_t>(arg.N().value_or(1), v.i));
        type_mismatch(arg, v);
      }
      if (element_kind == TypeKind::FloatType) {
        if (v.tag == GK_DOUBLE_LIST) {
          auto p = static_cast<const double*>(v.p);
          return IValue(std::vector<double>(p, p + v.count));
        }
        if (v.tag == GK_DOUBLE) return IValue(std::vector<double>(arg.N().value_or(1), v.d));
        type_mismatch(arg, v);
      }
      if (element_kind == TypeKind::BoolType) {
        if (v.tag != GK_INT_LIST) type_mismatch(arg, v);
        auto p = static_cast<const int64_t*>(v.p);
        c10::List<bool> list;
        for (int k = 0; k < v.count; ++k) list.push_back(p[k] != 0);
        return IValue(list);
      }
      if (element_kind == TypeKind::TensorType) {
        if (v.tag != GK_TENSOR_LIST) type_mismatch(arg, v);
        auto items = static_cast<at::Tensor* const*>(v.p);
        std::vector<at::Tensor> list;
        list.reserve(v.count);
        for (int k = 0; k < v.count; ++k) {
          if (items[k] == nullptr) throw std::invalid_argument("argument '" + arg.name() + "' holds a null tensor");
          list.push_back(*items[k]);
        }
        return IValue(list);
      }
      if (element_kind == TypeKind::OptionalType) {  // Tensor?[] (indexing)
        if (v.tag != GK_OPTIONAL_TENSOR_LIST && v.tag != GK_TENSOR_LIST) type_mismatch(arg, v);
        auto items = static_cast<at::Tensor* const*>(v.p);
        c10::List<c10::optional<at::Tensor>> list;
        for (int k = 0; k < v.count; ++k) {
          if (items[k] == nullptr) list.push_back(c10::nullopt);
          else list.push_back(*items[k]);
        }
        return IValue(list);
      }
      type_mismatch(arg, v);
    }
    default:
      throw std::invalid_argument("argument '" + arg.name() + "' has type " + type->str() +
                                  ", which the bridge does not pass");
  }
}

struct CallState {
  std::vector<IValue> stack;
  std::vector<GkValue> results;
  std::vector<std::vector<GkTensor>> lists;
};

thread_local CallState call_state;

GkValue tensor_result(at::Tensor t) {
  GkValue r{};
  if (!t.defined()) return r;  // an undefined tensor (e.g. a missing gradient) reads as None
  r.tag = GK_TENSOR;
  r.p = new at::Tensor(std::move(t));
  return r;
}

void push_result(CallState& state, IValue& value) {
  GkValue r{};
  if (value.isTensor()) {
    r = tensor_result(std::move(value).toTensor());
  } else if (value.isTensorList()) {
    auto list = std::move(value).toTensorList();
    std::vector<GkTensor> handles;
    handles.reserve(list.size());
    for (const at::Tensor& t : list) handles.push_back(new at::Tensor(t));
    state.lists.push_back(std::move(handles));
    r.tag = GK_TENSOR_LIST;
    r.count = static_cast<int32_t>(state.lists.back().size());
    r.p = state.lists.back().data();
  } else if (value.isTuple()) {
    for (auto& element : value.toTupleRef().elements()) {
      IValue copy = element;
      push_result(state, copy);
    }
    return;
  } else if (value.isInt()) {
    r.tag = GK_INT;
    r.i = value.toInt();
  } else if (value.isDouble()) {
    r.tag = GK_DOUBLE;
    r.d = value.toDouble();
  } else if (value.isBool()) {
    r.tag = GK_BOOL;
    r.i = value.toBool();
  } else if (value.isNone()) {
    r.tag = GK_NONE;
  } else {
    throw std::invalid_argument(std::string("result of type ") + value.tagKind() + " is not supported by the bridge");
  }
  state.results.push_back(r);
}

std::string describe_call(const c10::OperatorHandle& op, const GkValue* args, int32_t nargs) {
  std::ostringstream s;
  s << op.schema().name();
  if (!op.schema().overload_name().empty()) s << "." << op.schema().overload_name();
  s << "(";
  for (int32_t k = 0; k < nargs; ++k) {
    if (k) s << ", ";
    if (args[k].name) s << args[k].name << "=";
    s << describe_value(args[k]);
  }
  s << ")";
  return s.str();
}

}  // namespace

GK_API int gk_op_find(const char* name, const char* overload, GkOp* out) {
  GK_GUARD_BEGIN
  auto handle = c10::Dispatcher::singleton().findSchema({name, overload ? overload : ""});
  if (!handle.has_value()) {
    throw std::invalid_argument(std::string("no operator with schema name '") + name + "' and overload '" +
                                (overload ? overload : "") + "' is registered in this libtorch");
  }
  *out = new c10::OperatorHandle(*handle);
  GK_GUARD_END("gk_op_find")
}

GK_API int gk_op_schema(GkOp op, const char** out) {
  GK_GUARD_BEGIN
  thread_local std::string text;
  std::ostringstream s;
  s << static_cast<c10::OperatorHandle*>(op)->schema();
  text = s.str();
  *out = text.c_str();
  GK_GUARD_END("gk_op_schema")
}

GK_API int gk_op_call(GkOp handle, const GkValue* args, int32_t nargs, const GkValue** results, int32_t* nresults) {
  auto& op = *static_cast<c10::OperatorHandle*>(handle);
  try {
    const auto& schema = op.schema();
    const auto& formals = schema.arguments();
    auto& state = call_state;
    state.stack.clear();
    state.results.clear();
    state.lists.clear();

    // Positional values first, then keyword values matched by name, then schema defaults.
    int32_t positional = 0;
    while (positional < nargs && args[positional].name == nullptr) ++positional;
    if (positional > static_cast<int32_t>(formals.size())) {
      throw std::invalid_argument("takes " + std::to_string(formals.size()) + " arguments, got " +
                                  std::to_string(positional));
    }
    int32_t keywords_used = 0;
    for (size_t k = 0; k < formals.size(); ++k) {
      const auto& formal = formals[k];
      if (static_cast<int32_t>(k) < positional) {
        state.stack.push_back(to_ivalue(args[k], formal));
        continue;
      }
      const GkValue* keyword = nullptr;
      for (int32_t j = positional; j < nargs; ++j) {
        if (args[j].name != nullptr && formal.name() == args[j].name) keyword = &args[j];
      }
      if (keyword != nullptr) {
        state.stack.push_back(to_ivalue(*keyword, formal));
        ++keywords_used;
      } else if (formal.default_value().has_value()) {
        state.stack.push_back(*formal.default_value());
      } else if (formal.type()->kind() == TypeKind::OptionalType) {
        state.stack.push_back(IValue());
      } else {
        throw std::invalid_argument("missing argument '" + formal.name() + "'");
      }
    }
    if (keywords_used != nargs - positional) throw std::invalid_argument("unknown keyword argument");

    op.callBoxed(&state.stack);

    for (auto& value : state.stack) push_result(state, value);
    state.stack.clear();
    *results = state.results.data();
    *nresults = static_cast<int32_t>(state.results.size());
    return 0;
  } catch (const c10::Error& e) {
    gankit::set_last_error(describe_call(op, args, nargs) + ": " + e.what_without_backtrace());
  } catch (const std::exception& e) {
    gankit::set_last_error(describe_call(op, args, nargs) + ": " + e.what());
  } catch (...) {
    gankit::set_last_error(describe_call(op, args, nargs) + ": unknown native error");
  }
  // Drop any results produced before the failure so no handle leaks.
  for (auto& r : call_state.results) {
    if (r.tag == GK_TENSOR) delete static_cast<at::Tensor*>(r.p);
  }
  for (auto& list : call_state.lists) {
    for (auto t : list) delete static_cast<at::Tensor*>(t);
  }
  call_state.results.clear();
  call_state.lists.clear();
  call_state.stack.clear();
  return -1;
}
