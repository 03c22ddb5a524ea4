// In-bridge timing loops: the same work the managed benchmarks do, called directly from C++,
// so `gankit bench ops` can show what crossing the bridge costs.
#include <ATen/ATen.h>
#include <ATen/core/dispatch/Dispatcher.h>
#include <torch/cuda.h>

#include <chrono>

#include "bridge_error.h"
#include "gankit_native.h"

namespace {

double now_seconds() {
  using clock = std::chrono::steady_clock;
  return std::chrono::duration<double>(clock::now().time_since_epoch()).count();
}

}  // namespace

GK_API int gk_bench_add(int64_t numel, int32_t iterations, double* seconds) {
  GK_GUARD_BEGIN
  at::Tensor a = at::randn({numel});
  at::Tensor b = at::randn({numel});
  for (int k = 0; k < 100; ++k) at::add(a, b);  // warm up
  const double start = now_seconds();
  for (int32_t k = 0; k < iterations; ++k) {
    at::Tensor c = at::add(a, b);
  }
  *seconds = (now_seconds() - start) / iterations;
  GK_GUARD_END("bench add")
}

GK_API int gk_bench_conv2d(int64_t batch, int64_t channels, int64_t size, int32_t iterations, int32_t device_type,
                           double* seconds) {
  GK_GUARD_BEGIN
  c10::Device device(static_cast<c10::DeviceType>(device_type));
  auto options = at::TensorOptions().device(device);
  at::Tensor x = at::randn({batch, channels, size, size}, options);
  at::Tensor w = at::randn({channels, channels, 3, 3}, options);
  auto sync = [&] { if (device.is_cuda()) torch::cuda::synchronize(); };
  at::conv2d(x, w, {}, 1, 1);
  sync();
  const double start = now_seconds();
  for (int32_t k = 0; k < iterations; ++k) {
    at::Tensor y = at::conv2d(x, w, {}, 1, 1);
  }
  sync();
  *seconds = (now_seconds() - start) / iterations;
  GK_GUARD_END("bench conv2d")
}

// The same add through the boxed dispatcher path the bridge uses, without crossing from managed code.
GK_API int gk_bench_add_boxed(int64_t numel, int32_t iterations, double* seconds) {
  GK_GUARD_BEGIN
  auto op = c10::Dispatcher::singleton().findSchemaOrThrow("aten::add", "Tensor");
  at::Tensor a = at::randn({numel});
  at::Tensor b = at::randn({numel});
  std::vector<c10::IValue> stack;
  const double start = now_seconds();
  for (int32_t k = 0; k < iterations; ++k) {
    stack.clear();
    stack.emplace_back(a);
    stack.emplace_back(b);
    stack.emplace_back(c10::Scalar(1));
    op.callBoxed(&stack);
  }
  *seconds = (now_seconds() - start) / iterations;
  GK_GUARD_END("bench add boxed")
}

