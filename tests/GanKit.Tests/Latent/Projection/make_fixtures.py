#!/usr/bin/python3
"""Makes the projection test fixtures with NumPy (and the LPIPS stand-in with PyTorch).

Run from this folder with Debian's Python: /usr/bin/python3 make_fixtures.py   (Debian: apt-get install python3-numpy python3-torch)

Writes, next to this script:
  numpy_projected_w.npz  a projected-latents file written by numpy.savez, key 'w' [1, 8, 64] float32 with
                         w[0, i, j] = i - j / 64 (so the test knows every value)
  standin_lpips.pt       a tiny TorchScript network with the calling convention of NVIDIA's vgg16.pt:
                         forward(img float [N, 3, H, W] in [0, 255], resize_images: bool, return_lpips: bool) -> [N, D]
  lpips_fixture.npz      two images a, b in [-1, 1] [1, 3, 16, 16], the stand-in's features of each (called as the
                         projector calls it: (x + 1) * 127.5, resize_images=False, return_lpips=True) and the
                         distance ((fa - fb) ** 2).sum()
"""
import numpy as np

i, j = np.meshgrid(np.arange(8), np.arange(64), indexing="ij")
np.savez("numpy_projected_w.npz", w=(i - j / 64.0).astype(np.float32)[None])
print("numpy_projected_w.npz written")

try:
    import torch
except ImportError:
    print("python3-torch is missing: standin_lpips.pt not remade")
else:
    class StandIn(torch.nn.Module):
        """Follows vgg16.pt's convention: [0, 255] floats in, unit-normalised features per layer, flattened and scaled."""
        def __init__(self):
            super().__init__()
            g = torch.Generator().manual_seed(11)
            self.conv1 = torch.nn.Conv2d(3, 8, 3, padding=1)
            self.conv2 = torch.nn.Conv2d(8, 16, 3, stride=2, padding=1)
            with torch.no_grad():
                for p in self.parameters():
                    p.copy_(torch.randn(p.shape, generator=g) * 0.3)

        def forward(self, img: torch.Tensor, resize_images: bool = True, return_lpips: bool = False) -> torch.Tensor:
            x = img / 127.5 - 1
            if resize_images:
                x = torch.nn.functional.interpolate(x, size=(32, 32), mode="area")
            f1 = torch.relu(self.conv1(x))
            f2 = torch.relu(self.conv2(f1))
            if not return_lpips:
                return f2.mean(dim=(2, 3))
            feats = []
            for f in [f1, f2]:
                f = f / (f.square().sum(dim=1, keepdim=True) + 1e-10).sqrt()
                feats.append(f.flatten(1) / float(f.shape[2] * f.shape[3]) ** 0.5)
            return torch.cat(feats, dim=1)

    scripted = torch.jit.script(StandIn().eval())
    scripted.save("standin_lpips.pt")
    rng = np.random.RandomState(13)
    a = np.tanh(rng.randn(1, 3, 16, 16)).astype(np.float32)
    b = np.tanh(a + 0.3 * rng.randn(1, 3, 16, 16)).astype(np.float32)
    with torch.no_grad():
        fa = scripted((torch.from_numpy(a) + 1) * 127.5, False, True)
        fb = scripted((torch.from_numpy(b) + 1) * 127.5, False, True)
    np.savez("lpips_fixture.npz", a=a, b=b, fa=fa.numpy(), fb=fb.numpy(),
             distance=np.array(float(((fa.double() - fb.double()) ** 2).sum()), np.float64))
    print("standin_lpips.pt and lpips_fixture.npz written; distance", float(((fa - fb) ** 2).sum()))
