// The command line speaks TorchSharp, as GanKit's API does.
global using TorchSharp;
global using Tensor = TorchSharp.torch.Tensor;
global using Device = TorchSharp.torch.Device;
global using ScalarType = TorchSharp.torch.ScalarType;
