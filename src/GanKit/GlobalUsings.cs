// GanKit speaks TorchSharp: tensors, devices and dtypes by their PyTorch names everywhere.
global using TorchSharp;
global using Tensor = TorchSharp.torch.Tensor;
global using Device = TorchSharp.torch.Device;
global using Parameter = TorchSharp.Modules.Parameter;
global using ScalarType = TorchSharp.torch.ScalarType;
