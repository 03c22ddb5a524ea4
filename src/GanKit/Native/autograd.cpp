// Autograd: backward, .grad, torch.autograd.grad (with create_graph for double backward), grad modes.
#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>
#include <torch/csrc/autograd/autograd.h>
#include <torch/csrc/autograd/grad_mode.h>

#include "bridge_error.h"
#include "gankit_native.h"

namespace {

at::Tensor& deref(GkTensor t) {
  if (t == nullptr) throw std::invalid_argument("tensor handle is null (disposed?)");
  return *static_cast<at::Tensor*>(t);
}

}  // namespace

GK_API int gk_tensor_grad(GkTensor t, GkTensor* out) {
  GK_GUARD_BEGIN
  const auto& g = deref(t).grad();
  *out = g.defined() ? new at::Tensor(g) : nullptr;
  GK_GUARD_END("grad")
}

GK_API int gk_tensor_set_grad(GkTensor t, GkTensor grad) {
  GK_GUARD_BEGIN
  deref(t).mutable_grad() = grad == nullptr ? at::Tensor() : deref(grad);
  GK_GUARD_END("set grad")
}

GK_API int gk_backward(GkTensor t, GkTensor grad, int32_t retain_graph, int32_t create_graph) {
  GK_GUARD_BEGIN
  auto& output = deref(t);
  at::Tensor gradient = grad == nullptr ? at::Tensor() : deref(grad);
  if (!gradient.defined() && output.numel() != 1) {
    throw std::invalid_argument("backward() without a gradient needs a scalar output, got shape " +
                                c10::str(output.sizes()));
  }
  c10::optional<bool> retain;
  if (retain_graph >= 0) retain = retain_graph != 0;
  torch::autograd::backward({output}, {gradient}, retain, create_graph != 0);
  GK_GUARD_END("backward")
}

GK_API int gk_autograd_grad(const GkTensor* outputs, int32_t noutputs, const GkTensor* inputs, int32_t ninputs,
                            const GkTensor* grad_outputs, int32_t retain_graph, int32_t create_graph,
                            int32_t allow_unused, GkTensor* grads) {
  GK_GUARD_BEGIN
  torch::autograd::variable_list outs, ins, gouts;
  for (int32_t k = 0; k < noutputs; ++k) {
    outs.push_back(deref(outputs[k]));
    gouts.push_back(grad_outputs != nullptr && grad_outputs[k] != nullptr ? deref(grad_outputs[k]) : at::Tensor());
  }
  for (int32_t k = 0; k < ninputs; ++k) ins.push_back(deref(inputs[k]));
  c10::optional<bool> retain;
  if (retain_graph >= 0) retain = retain_graph != 0;
  auto result = torch::autograd::grad(outs, ins, gouts, retain, create_graph != 0, allow_unused != 0);
  for (int32_t k = 0; k < ninputs; ++k) {
    grads[k] = result[k].defined() ? new at::Tensor(result[k]) : nullptr;
  }
  GK_GUARD_END("autograd.grad")
}

GK_API int gk_grad_enabled(int32_t* out) {
  GK_GUARD_BEGIN
  *out = at::GradMode::is_enabled();
  GK_GUARD_END("is_grad_enabled")
}

GK_API int gk_set_grad_enabled(int32_t enabled) {
  GK_GUARD_BEGIN
  at::GradMode::set_enabled(enabled != 0);
  GK_GUARD_END("set_grad_enabled")
}

GK_API int gk_inference_mode_enter(void** guard) {
  GK_GUARD_BEGIN
  *guard = new c10::InferenceMode(true);
  GK_GUARD_END("inference_mode")
}

GK_API int gk_inference_mode_exit(void* guard) {
  GK_GUARD_BEGIN
  delete static_cast<c10::InferenceMode*>(guard);
  GK_GUARD_END("inference_mode exit")
}
