// Process-wide runtime: version, intra-op threads, random generators, CUDA devices and memory.
#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <torch/cuda.h>
#include <torch/version.h>

#ifdef GANKIT_WITH_CUDA
#include <c10/cuda/CUDACachingAllocator.h>
#endif

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "bridge_error.h"
#include "gankit_native.h"

namespace {

at::Generator generator_for(int32_t device_type, int32_t device_index) {
  c10::Device device(static_cast<c10::DeviceType>(device_type), static_cast<c10::DeviceIndex>(device_index));
  if (device.is_cuda() && !torch::cuda::is_available()) throw std::invalid_argument("CUDA is not available");
  return at::globalContext().defaultGenerator(device);
}

}  // namespace

GK_API int gk_version(const char** torch_version, int32_t* built_with_cuda) {
  GK_GUARD_BEGIN
  *torch_version = TORCH_VERSION;
#ifdef GANKIT_WITH_CUDA
  *built_with_cuda = 1;
#else
  *built_with_cuda = 0;
#endif
  GK_GUARD_END("version")
}

GK_API int gk_get_num_threads(int32_t* out) {
  GK_GUARD_BEGIN
  *out = at::get_num_threads();
  GK_GUARD_END("get_num_threads")
}

GK_API int gk_set_num_threads(int32_t n) {
  GK_GUARD_BEGIN
  if (n < 1) throw std::invalid_argument("threads must be at least 1, got " + std::to_string(n));
  at::set_num_threads(n);
  GK_GUARD_END("set_num_threads")
}

// glibc serves every block above 32 MB with a fresh mmap and returns it on free, so each large temporary
// tensor (a feature map at 128x128 and up) pays page faults on every touch: measured 10x slower FIR filters and
// 1.7x slower generators. Serving all blocks from the heap and never trimming it keeps that memory for reuse,
// as caching allocators do; resident memory then stays at the peak of the work instead of falling back.
GK_API int gk_keep_freed_memory(int32_t* applied) {
  GK_GUARD_BEGIN
#if defined(__GLIBC__)
  *applied = mallopt(M_MMAP_MAX, 0) == 1 && mallopt(M_TRIM_THRESHOLD, 1 << 30) == 1 ? 1 : 0;
#else
  *applied = 0;
#endif
  GK_GUARD_END("keep_freed_memory")
}

GK_API int gk_manual_seed(uint64_t seed) {
  GK_GUARD_BEGIN
  // Seeds the CPU generator and, where present, every CUDA generator (as torch.manual_seed does).
  at::manual_seed(seed);
  GK_GUARD_END("manual_seed")
}

GK_API int gk_generator_get_state(int32_t device_type, int32_t device_index, GkTensor* out) {
  GK_GUARD_BEGIN
  auto generator = generator_for(device_type, device_index);
  std::lock_guard<std::mutex> lock(generator.mutex());
  *out = new at::Tensor(generator.get_state());
  GK_GUARD_END("generator get_state")
}

GK_API int gk_generator_set_state(int32_t device_type, int32_t device_index, GkTensor state) {
  GK_GUARD_BEGIN
  if (state == nullptr) throw std::invalid_argument("state is null");
  auto generator = generator_for(device_type, device_index);
  std::lock_guard<std::mutex> lock(generator.mutex());
  generator.set_state(*static_cast<at::Tensor*>(state));
  GK_GUARD_END("generator set_state")
}

GK_API int gk_cuda_is_available(int32_t* out) {
  GK_GUARD_BEGIN
  *out = torch::cuda::is_available();
  GK_GUARD_END("cuda.is_available")
}

GK_API int gk_cuda_device_count(int32_t* out) {
  GK_GUARD_BEGIN
  *out = static_cast<int32_t>(torch::cuda::device_count());
  GK_GUARD_END("cuda.device_count")
}

GK_API int gk_cuda_synchronize(int32_t device_index) {
  GK_GUARD_BEGIN
  if (torch::cuda::is_available()) torch::cuda::synchronize(device_index);
  GK_GUARD_END("cuda.synchronize")
}

GK_API int gk_cuda_memory(int32_t device_index, int64_t* allocated, int64_t* reserved) {
  GK_GUARD_BEGIN
  *allocated = 0;
  *reserved = 0;
#ifdef GANKIT_WITH_CUDA
  if (torch::cuda::is_available()) {
    auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(device_index);
    using Stat = c10::cuda::CUDACachingAllocator::StatType;
    *allocated = stats.allocated_bytes[static_cast<size_t>(Stat::AGGREGATE)].current;
    *reserved = stats.reserved_bytes[static_cast<size_t>(Stat::AGGREGATE)].current;
  }
#else
  (void)device_index;
#endif
  GK_GUARD_END("cuda.memory")
}
