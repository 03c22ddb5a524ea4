// GanKit's native bridge: a small C ABI over libtorch.
//
// The bridge holds no model logic. Operators are called by schema name through the c10 dispatcher
// (boxed), so autograd, devices and dtypes behave exactly as in PyTorch without one C function per op.
// Every entry point returns 0 on success and -1 on failure; gk_last_error() then holds the message.
#pragma once
#include <cstdint>

#if defined(_WIN32)
#define GK_API extern "C" __declspec(dllexport)
#else
#define GK_API extern "C" __attribute__((visibility("default")))
#endif

// One argument or result of an operator call. Layout is shared with the managed side (GkValue.cs).
struct GkValue {
  int32_t tag;       // GkTag
  int32_t count;     // list length; device index for GK_DEVICE
  int64_t i;         // int, bool, ScalarType code, device type
  double d;          // float
  void* p;           // tensor handle, or pointer to list elements / UTF-8 string
  const char* name;  // keyword name of an argument, or null for positional
};

enum GkTag : int32_t {
  GK_NONE = 0,
  GK_TENSOR = 1,
  GK_TENSOR_LIST = 2,         // p: at::Tensor** (count); results: handles owned by the caller
  GK_INT = 3,
  GK_INT_LIST = 4,            // p: int64_t*
  GK_DOUBLE = 5,
  GK_DOUBLE_LIST = 6,         // p: double*
  GK_BOOL = 7,
  GK_SCALAR_TYPE = 8,         // i: c10::ScalarType code
  GK_DEVICE = 9,              // i: c10::DeviceType, count: index (-1 = current)
  GK_STRING = 10,             // p: const char* (UTF-8)
  GK_OPTIONAL_TENSOR_LIST = 11,  // p: at::Tensor** with null entries meaning None
};

typedef void* GkTensor;  // at::Tensor* owned by the caller; free with gk_tensor_free
typedef void* GkOp;      // c10::OperatorHandle*, lives for the process

// --- errors ---
GK_API const char* gk_last_error();

// --- operators ---
GK_API int gk_op_find(const char* name, const char* overload, GkOp* out);
GK_API int gk_op_schema(GkOp op, const char** out);
// Calls the operator. Results live in a thread-local buffer valid until the next call on this thread;
// tensor handles in it are owned by the caller.
GK_API int gk_op_call(GkOp op, const GkValue* args, int32_t nargs, const GkValue** results, int32_t* nresults);

// --- tensors ---
GK_API void gk_tensor_free(GkTensor t);
GK_API int gk_tensor_from_data(const void* data, int32_t dtype, const int64_t* shape, int32_t ndim,
                               int32_t device_type, int32_t device_index, GkTensor* out);
GK_API int gk_tensor_copy_to(GkTensor t, void* dst, int64_t nbytes);
GK_API int gk_tensor_info(GkTensor t, int32_t* ndim, int32_t* dtype, int32_t* device_type,
                          int32_t* device_index, int32_t* requires_grad, int64_t* numel);
GK_API int gk_tensor_shape(GkTensor t, int64_t* shape, int32_t capacity);
GK_API int gk_tensor_strides(GkTensor t, int64_t* strides, int32_t capacity);
GK_API int gk_tensor_set_requires_grad(GkTensor t, int32_t requires_grad);
GK_API int gk_tensor_alias(GkTensor t, GkTensor* out);
GK_API int gk_tensor_item(GkTensor t, double* as_double, int64_t* as_int);
GK_API int gk_tensor_is_leaf(GkTensor t, int32_t* out);

// --- autograd ---
GK_API int gk_tensor_grad(GkTensor t, GkTensor* out);  // *out = null when no gradient
GK_API int gk_tensor_set_grad(GkTensor t, GkTensor grad);  // grad may be null (clears)
GK_API int gk_backward(GkTensor t, GkTensor grad, int32_t retain_graph, int32_t create_graph);
GK_API int gk_autograd_grad(const GkTensor* outputs, int32_t noutputs, const GkTensor* inputs, int32_t ninputs,
                            const GkTensor* grad_outputs, int32_t retain_graph, int32_t create_graph,
                            int32_t allow_unused, GkTensor* grads);
GK_API int gk_grad_enabled(int32_t* out);
GK_API int gk_set_grad_enabled(int32_t enabled);
GK_API int gk_inference_mode_enter(void** guard);
GK_API int gk_inference_mode_exit(void* guard);

// --- runtime: threads, RNG, devices ---
GK_API int gk_version(const char** torch_version, int32_t* built_with_cuda);
GK_API int gk_get_num_threads(int32_t* out);
GK_API int gk_set_num_threads(int32_t n);
// Keeps freed CPU tensor memory in the process for reuse (glibc: no mmap per large block). *applied = 0 where
// the C library offers no such setting.
GK_API int gk_keep_freed_memory(int32_t* applied);
GK_API int gk_manual_seed(uint64_t seed);
GK_API int gk_generator_get_state(int32_t device_type, int32_t device_index, GkTensor* out);
GK_API int gk_generator_set_state(int32_t device_type, int32_t device_index, GkTensor state);
GK_API int gk_cuda_is_available(int32_t* out);
GK_API int gk_cuda_device_count(int32_t* out);
GK_API int gk_cuda_synchronize(int32_t device_index);
GK_API int gk_cuda_memory(int32_t device_index, int64_t* allocated, int64_t* reserved);

// --- benchmarks: the same work timed inside the bridge, so the managed overhead is visible ---
GK_API int gk_bench_add(int64_t numel, int32_t iterations, double* seconds);
GK_API int gk_bench_add_boxed(int64_t numel, int32_t iterations, double* seconds);
GK_API int gk_bench_conv2d(int64_t batch, int64_t channels, int64_t size, int32_t iterations, int32_t device_type,
                           double* seconds);
