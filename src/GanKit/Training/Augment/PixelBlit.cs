namespace GanKit.Training.Augment;

/// <summary>
/// The pixel-blitting transforms, done exactly (no resampling): x-flip and quarter turns permute the pixels,
/// integer translation moves them with mirrored content filling the uncovered border. All are index operations, so
/// gradients flow back to the input pixels.
/// </summary>
internal static class PixelBlit
{
    /// <summary>Flips the images [N, C, H, W] whose <paramref name="flip"/> [N] is 1, left to right.</summary>
    public static Tensor FlipX(Tensor images, Tensor flip)
    {
        var mask = flip.to(images.device).gt(0.5).reshape(-1, 1, 1, 1);
        return torch.where(mask, images.flip(3), images);
    }

    /// <summary>Rotates each square image [N, C, R, R] counter-clockwise by its <paramref name="turns"/> [N] quarter turns.</summary>
    public static Tensor Rotate90(Tensor images, Tensor turns)
    {
        if (images.size(2) != images.size(3)) throw new ArgumentException($"quarter turns need square images, got {images.size(2)}×{images.size(3)}");
        var k = turns.to(images.device).reshape(-1, 1, 1, 1);
        var result = images;
        for (var quarter = 1; quarter < 4; quarter++)
            result = torch.where(k.eq(quarter), images.rot90(quarter, (2, 3)), result);
        return result;
    }

    /// <summary>Moves the content of each image right by shift[n, 0] and down by shift[n, 1] pixels, mirroring at the border.</summary>
    public static Tensor Translate(Tensor images, Tensor shift)
    {
        var (n, c, h, w) = (images.size(0), images.size(1), images.size(2), images.size(3));
        var margin = shift.abs().max().ToInt64();
        if (margin == 0) return images;
        var padded = ReflectPadding.Pad(images, margin, margin, margin, margin);
        var s = shift.to(images.device);
        // Output pixel (y, x) reads padded (y + margin − ty, x + margin − tx).
        var rows = torch.arange(h, device: images.device).unsqueeze(0) + margin - s.select(1, 1).unsqueeze(1);
        var columns = torch.arange(w, device: images.device).unsqueeze(0) + margin - s.select(1, 0).unsqueeze(1);
        var picked = padded.gather(2, rows.reshape(n, 1, h, 1).expand(n, c, h, padded.size(3)));
        return picked.gather(3, columns.reshape(n, 1, 1, w).expand(n, c, h, w));
    }
}
