// Tensor handles: creation from managed buffers, metadata, and copies back to managed memory.
#include <ATen/ATen.h>

#include <cstring>

#include "bridge_error.h"
#include "gankit_native.h"

namespace {

at::Tensor& deref(GkTensor t) {
  if (t == nullptr) throw std::invalid_argument("tensor handle is null (disposed?)");
  return *static_cast<at::Tensor*>(t);
}

}  // namespace

GK_API void gk_tensor_free(GkTensor t) { delete static_cast<at::Tensor*>(t); }

GK_API int gk_tensor_from_data(const void* data, int32_t dtype, const int64_t* shape, int32_t ndim,
                               int32_t device_type, int32_t device_index, GkTensor* out) {
  GK_GUARD_BEGIN
  std::vector<int64_t> sizes(shape, shape + ndim);
  for (auto s : sizes) {
    if (s < 0) throw std::invalid_argument("negative dimension in shape");
  }
  auto options = at::TensorOptions().dtype(static_cast<c10::ScalarType>(dtype));
  at::Tensor cpu = at::empty(sizes, options);
  // One copy: managed memory may move, so the tensor owns its own storage.
  if (cpu.numel() > 0) std::memcpy(cpu.data_ptr(), data, cpu.numel() * cpu.element_size());
  c10::Device device(static_cast<c10::DeviceType>(device_type), static_cast<c10::DeviceIndex>(device_index));
  *out = new at::Tensor(device.is_cpu() ? std::move(cpu) : cpu.to(device));
  GK_GUARD_END("tensor from data")
}

GK_API int gk_tensor_copy_to(GkTensor t, void* dst, int64_t nbytes) {
  GK_GUARD_BEGIN
  at::Tensor source = deref(t).detach();
  if (!source.device().is_cpu()) source = source.to(at::kCPU);
  source = source.contiguous();
  const int64_t size = source.numel() * static_cast<int64_t>(source.element_size());
  if (size != nbytes) {
    throw std::invalid_argument("destination holds " + std::to_string(nbytes) + " bytes, tensor has " +
                                std::to_string(size));
  }
  if (size > 0) std::memcpy(dst, source.data_ptr(), size);
  GK_GUARD_END("tensor copy to managed")
}

GK_API int gk_tensor_info(GkTensor t, int32_t* ndim, int32_t* dtype, int32_t* device_type, int32_t* device_index,
                          int32_t* requires_grad, int64_t* numel) {
  GK_GUARD_BEGIN
  const auto& x = deref(t);
  if (!x.defined()) throw std::invalid_argument("tensor is undefined");
  *ndim = static_cast<int32_t>(x.dim());
  *dtype = static_cast<int32_t>(x.scalar_type());
  *device_type = static_cast<int32_t>(x.device().type());
  *device_index = x.device().index();
  *requires_grad = x.requires_grad();
  *numel = x.numel();
  GK_GUARD_END("tensor info")
}

GK_API int gk_tensor_shape(GkTensor t, int64_t* shape, int32_t capacity) {
  GK_GUARD_BEGIN
  const auto& x = deref(t);
  if (x.dim() > capacity) throw std::invalid_argument("shape buffer too small");
  for (int64_t k = 0; k < x.dim(); ++k) shape[k] = x.size(k);
  GK_GUARD_END("tensor shape")
}

GK_API int gk_tensor_strides(GkTensor t, int64_t* strides, int32_t capacity) {
  GK_GUARD_BEGIN
  const auto& x = deref(t);
  if (x.dim() > capacity) throw std::invalid_argument("stride buffer too small");
  for (int64_t k = 0; k < x.dim(); ++k) strides[k] = x.stride(k);
  GK_GUARD_END("tensor strides")
}

GK_API int gk_tensor_set_requires_grad(GkTensor t, int32_t requires_grad) {
  GK_GUARD_BEGIN
  deref(t).set_requires_grad(requires_grad != 0);
  GK_GUARD_END("requires_grad_")
}

GK_API int gk_tensor_alias(GkTensor t, GkTensor* out) {
  GK_GUARD_BEGIN
  *out = new at::Tensor(deref(t));
  GK_GUARD_END("tensor alias")
}

GK_API int gk_tensor_item(GkTensor t, double* as_double, int64_t* as_int) {
  GK_GUARD_BEGIN
  auto& x = deref(t);
  if (x.numel() != 1) {
    throw std::invalid_argument("item() needs a tensor with one element, got " + std::to_string(x.numel()));
  }
  c10::Scalar s = x.item();
  *as_double = s.toDouble();
  *as_int = s.isFloatingPoint() ? static_cast<int64_t>(s.toDouble()) : s.toLong();
  GK_GUARD_END("item")
}

GK_API int gk_tensor_is_leaf(GkTensor t, int32_t* out) {
  GK_GUARD_BEGIN
  *out = deref(t).is_leaf();
  GK_GUARD_END("is_leaf")
}
