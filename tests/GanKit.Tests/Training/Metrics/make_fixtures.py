#!/usr/bin/python3
"""Makes the metric test fixtures with NumPy/SciPy (and the stand-in detector with PyTorch).

Run from this folder with Debian's Python: /usr/bin/python3 make_fixtures.py   (Debian: apt-get install python3-numpy python3-scipy python3-torch)

Writes, next to this script:
  swd_fixture.npz      two small image sets, the neighbourhood positions and directions, the pyramid of the
                       first set and the sliced Wasserstein distance per level (x1e3), computed here independently
  features_fixture.npz two feature sets, FID (scipy.linalg.sqrtm), KID (with the subset indices used) and
                       k-NN precision/recall (k = 3)
  standin_detector.pt  a tiny TorchScript feature network with the calling convention of NVIDIA's Inception
                       detector: forward(img uint8 [N, 3, H, W], return_features: bool) -> [N, 64] features
The C# tests feed the same inputs through GanKit and compare.
"""
import numpy as np
import scipy.linalg
import scipy.ndimage

rng = np.random.RandomState(2018)

# ---------------------------------------------------------------- SWD
def smooth_images(n, res, blur):
    x = rng.rand(n, 3, res, res) * 255
    x = scipy.ndimage.gaussian_filter(x, sigma=(0, 0, blur, blur), mode="wrap")
    x = (x - x.min()) / (x.max() - x.min()) * 255
    return np.clip(np.round(x), 0, 255).astype(np.uint8)

kernel = np.outer([1, 4, 6, 4, 1], [1, 4, 6, 4, 1]).astype(np.float64) / 256.0

def pyr_down(x):
    # 'mirror' in scipy.ndimage is whole-sample symmetric (d c b | a b c d | c b a), OpenCV's BORDER_REFLECT_101.
    return scipy.ndimage.convolve(x, kernel[None, None], mode="mirror")[:, :, ::2, ::2]

def pyr_up(x):
    n, c, h, w = x.shape
    z = np.zeros((n, c, 2 * h, 2 * w), x.dtype)
    z[:, :, ::2, ::2] = x
    return scipy.ndimage.convolve(z, 4 * kernel[None, None], mode="mirror")

def pyramid(images, levels):
    out = []
    cur = images.astype(np.float64)
    for _ in range(levels - 1):
        down = pyr_down(cur)
        out.append(cur - pyr_up(down))
        cur = down
    out.append(cur)
    return out

def patches(level, ys, xs, per_image, p=7):
    h = p // 2
    rows = []
    for k in range(len(ys)):
        i = k // per_image
        rows.append(level[i, :, ys[k] - h:ys[k] + h + 1, xs[k] - h:xs[k] + h + 1])
    d = np.stack(rows)  # [M, C, P, P]
    d = d - d.mean(axis=(0, 2, 3), keepdims=True)
    d = d / d.std(axis=(0, 2, 3), keepdims=True)
    return d.reshape(len(ys), -1)

def swd(a, b, dirs):  # dirs [R, D, K]
    per_repeat = []
    for d in dirs:
        pa = np.sort(a @ d, axis=0)
        pb = np.sort(b @ d, axis=0)
        per_repeat.append(np.abs(pa - pb).mean())
    return float(np.mean(per_repeat))

n_img, res, per_image, repeats, k_dirs = 4, 32, 128, 2, 16
levels = 2  # 32, 16
A = smooth_images(n_img, res, 1.5)
B = smooth_images(n_img, res, 3.0)
pyrA, pyrB = pyramid(A, levels), pyramid(B, levels)
swd_out = {"a": A, "b": B}
expected = []
for l in range(levels):
    s = res >> l
    ys = rng.randint(3, s - 3, size=n_img * per_image).astype(np.int32)
    xs = rng.randint(3, s - 3, size=n_img * per_image).astype(np.int32)
    dirs = rng.randn(repeats, 3 * 49, k_dirs)
    dirs /= np.sqrt((dirs ** 2).sum(axis=1, keepdims=True))
    dirs = dirs.astype(np.float32)
    da = patches(pyrA[l], ys, xs, per_image)
    db = patches(pyrB[l], ys, xs, per_image)
    expected.append(1e3 * swd(da, db, dirs.astype(np.float64)))
    swd_out[f"ys{l}"] = ys
    swd_out[f"xs{l}"] = xs
    swd_out[f"dirs{l}"] = dirs
    swd_out[f"pyramid_a{l}"] = pyrA[l].astype(np.float32)
swd_out["swd_x1e3"] = np.array(expected, np.float64)
np.savez_compressed("swd_fixture.npz", **swd_out)
print("swd per level x1e3:", expected)

# ---------------------------------------------------------------- FID, KID, precision/recall
dim = 32
mix = rng.randn(dim, dim) / np.sqrt(dim)
X = (rng.randn(300, dim) @ mix + 0.3 * rng.standard_t(4, size=(300, dim))).astype(np.float32)
Y = (rng.randn(240, dim) @ (mix + 0.15 * rng.randn(dim, dim) / np.sqrt(dim)) + 0.2).astype(np.float32)

def stats(f):
    f = f.astype(np.float64)
    mu = f.mean(axis=0)
    sigma = f.T @ f / len(f) - np.outer(mu, mu)  # population covariance, as the reference's FeatureStats
    return mu, sigma

def fid(f1, f2):
    mu1, s1 = stats(f1)
    mu2, s2 = stats(f2)
    covmean, _ = scipy.linalg.sqrtm(s1 @ s2, disp=False)
    return float(np.square(mu1 - mu2).sum() + np.trace(s1 + s2 - 2 * np.real(covmean)))

def kid(real, gen, subsets, m):
    n = real.shape[1]
    t = 0.0
    gi, ri = [], []
    for _ in range(subsets):
        g = rng.choice(gen.shape[0], m, replace=False)
        r = rng.choice(real.shape[0], m, replace=False)
        gi.append(g)
        ri.append(r)
        x = gen[g].astype(np.float64)
        y = real[r].astype(np.float64)
        a = (x @ x.T / n + 1) ** 3 + (y @ y.T / n + 1) ** 3
        b = (x @ y.T / n + 1) ** 3
        t += (a.sum() - np.diag(a).sum()) / (m - 1) - b.sum() * 2 / m
    return t / subsets / m, np.array(gi, np.int32), np.array(ri, np.int32)

def knn_pr(real, gen, k=3):
    def dist(a, b):
        return np.sqrt(np.maximum((a ** 2).sum(1)[:, None] + (b ** 2).sum(1)[None, :] - 2 * a @ b.T, 0))
    real = real.astype(np.float64)
    gen = gen.astype(np.float64)
    out = []
    for manifold, probes in [(real, gen), (gen, real)]:
        radii = np.sort(dist(manifold, manifold), axis=1)[:, k]  # k-th neighbour; column 0 is the point itself
        out.append(float((dist(probes, manifold) <= radii[None, :]).any(axis=1).mean()))
    return out

kid_value, gen_idx, real_idx = kid(X, Y, subsets=10, m=100)
precision, recall = knn_pr(X, Y, 3)
np.savez_compressed("features_fixture.npz", real=X, gen=Y,
                    fid=np.array(fid(X, Y)), fid_self=np.array(fid(X, X)),
                    kid=np.array(kid_value), kid_gen_idx=gen_idx, kid_real_idx=real_idx,
                    precision=np.array(precision), recall=np.array(recall))
print("fid", fid(X, Y), "fid(X,X)", fid(X, X), "kid", kid_value, "pr", precision, recall)

# ---------------------------------------------------------------- stand-in detector
try:
    import torch
except ImportError:
    print("python3-torch is missing: standin_detector.pt not remade")
else:
    class StandIn(torch.nn.Module):
        """Follows the Inception detector's convention: uint8 [N, 3, H, W] in, any H and W (resized inside)."""
        def __init__(self):
            super().__init__()
            g = torch.Generator().manual_seed(7)
            self.conv1 = torch.nn.Conv2d(3, 16, 3, padding=1)
            self.conv2 = torch.nn.Conv2d(16, 32, 3, stride=2, padding=1)
            self.fc = torch.nn.Linear(32 * 2, 10)
            with torch.no_grad():
                for p in self.parameters():
                    p.copy_(torch.randn(p.shape, generator=g) * 0.3)

        def forward(self, img: torch.Tensor, return_features: bool = False) -> torch.Tensor:
            x = img.to(torch.float32) / 127.5 - 1
            x = torch.nn.functional.interpolate(x, size=(16, 16), mode="bilinear", align_corners=False)
            x = torch.relu(self.conv1(x))
            x = torch.relu(self.conv2(x))
            # Mean and spread of each map: 64 features that respond to colour, contrast and texture.
            feats = torch.cat([x.mean(dim=(2, 3)), x.std(dim=(2, 3))], dim=1)
            if return_features:
                return feats
            return torch.softmax(self.fc(feats), dim=1)

    scripted = torch.jit.script(StandIn().eval())
    scripted.save("standin_detector.pt")
    probe = torch.from_numpy(A[:2].copy())
    np.save("standin_probe_features.npy", scripted(probe, True).detach().numpy())
    print("standin_detector.pt written")
