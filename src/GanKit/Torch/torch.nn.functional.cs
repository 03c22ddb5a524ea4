namespace GanKit.Torch;

public static partial class torch
{
    /// <summary>Neural-network building blocks.</summary>
    public static partial class nn
    {
        /// <summary>Stateless neural-network functions, as <c>torch.nn.functional</c> (conventionally imported as <c>F</c>).</summary>
        public static class functional
        {
            /// <summary>2-D convolution; stride, padding and dilation apply to both axes.</summary>
            public static Tensor conv2d(Tensor input, Tensor weight, Tensor? bias = null, long stride = 1, long padding = 0,
                long dilation = 1, long groups = 1) =>
                Aten.conv2d.Invoke(input, weight, bias, stride, padding, dilation, groups);

            /// <summary>2-D convolution with per-axis stride, padding and dilation.</summary>
            public static Tensor conv2d(Tensor input, Tensor weight, Tensor? bias, long[] stride, long[] padding, long[] dilation,
                long groups = 1) =>
                Aten.conv2d.Invoke(input, weight, bias, stride, padding, dilation, groups);

            /// <summary>2-D transposed convolution (weight shaped [in, out/groups, kh, kw]).</summary>
            public static Tensor conv_transpose2d(Tensor input, Tensor weight, Tensor? bias = null, long stride = 1,
                long padding = 0, long output_padding = 0, long groups = 1, long dilation = 1) =>
                Aten.conv_transpose2d.Invoke(input, weight, bias, stride, padding, output_padding, groups, dilation);

            /// <summary>2-D transposed convolution with per-axis stride, padding, output padding and dilation.</summary>
            public static Tensor conv_transpose2d(Tensor input, Tensor weight, Tensor? bias, long[] stride, long[] padding,
                long[] output_padding, long groups, long[] dilation) =>
                Aten.conv_transpose2d.Invoke(input, weight, bias, stride, padding, output_padding, groups, dilation);

            /// <summary>y = x·Wᵀ + b.</summary>
            public static Tensor linear(Tensor input, Tensor weight, Tensor? bias = null) => Aten.linear.Invoke(input, weight, bias);

            /// <summary>max(x, slope·x).</summary>
            public static Tensor leaky_relu(Tensor input, double negative_slope = 0.01) => Aten.leaky_relu.Invoke(input, negative_slope);

            /// <summary>max(x, 0).</summary>
            public static Tensor relu(Tensor input) => Aten.relu.Invoke(input);

            /// <summary>log(1 + eˣ), computed stably.</summary>
            public static Tensor softplus(Tensor input, double beta = 1, double threshold = 20) =>
                Aten.softplus.Invoke(input, beta, threshold);

            /// <summary>Logistic sigmoid.</summary>
            public static Tensor sigmoid(Tensor input) => Aten.sigmoid.Invoke(input);

            /// <summary>
            /// Pads the last dimensions: <paramref name="pad"/> lists (left, right, top, bottom, ...) as in PyTorch.
            /// Modes: <c>constant</c> (with <paramref name="value"/>) and <c>reflect</c> (2-D).
            /// </summary>
            public static Tensor pad(Tensor input, long[] pad, string mode = "constant", double value = 0) => mode switch
            {
                "constant" => Aten.constant_pad_nd.Invoke(input, pad, value),
                "reflect" => Aten.reflection_pad2d.Invoke(input, pad),
                _ => throw new ArgumentException($"pad mode '{mode}' is not one of constant, reflect", nameof(mode)),
            };

            /// <summary>Resizes images (NCHW) to <paramref name="size"/> or by <paramref name="scale_factor"/>.</summary>
            public static Tensor interpolate(Tensor input, long[]? size = null, double? scale_factor = null,
                string mode = "nearest", bool align_corners = false, bool antialias = false)
            {
                if ((size is null) == (scale_factor is null))
                    throw new ArgumentException("interpolate needs exactly one of size and scale_factor");
                double[]? scales = scale_factor is { } s ? [s, s] : null;
                if (antialias) throw new NotSupportedException("interpolate: antialias is not supported");
                return mode switch
                {
                    "nearest" => Aten.upsample_nearest2d.Invoke(input, size, scales),
                    "bilinear" => Aten.upsample_bilinear2d.Invoke(input, size, align_corners, scales),
                    "bicubic" => Aten.upsample_bicubic2d.Invoke(input, size, align_corners, scales),
                    _ => throw new ArgumentException($"interpolate mode '{mode}' is not one of nearest, bilinear, bicubic", nameof(mode)),
                };
            }

            /// <summary>Average pooling.</summary>
            public static Tensor avg_pool2d(Tensor input, long kernel_size, long? stride = null, long padding = 0) =>
                Aten.avg_pool2d.Invoke(input, kernel_size, stride ?? kernel_size, padding);

            /// <summary>Average pooling to a fixed output size.</summary>
            public static Tensor adaptive_avg_pool2d(Tensor input, long[] output_size) =>
                Aten.adaptive_avg_pool2d.Invoke(input, output_size);

            /// <summary>Max pooling.</summary>
            public static Tensor max_pool2d(Tensor input, long kernel_size, long? stride = null, long padding = 0) =>
                Aten.max_pool2d.Invoke(input, kernel_size, stride ?? kernel_size, padding);

            /// <summary>Mean squared error (reduction: 0 none, 1 mean, 2 sum).</summary>
            public static Tensor mse_loss(Tensor input, Tensor target, long reduction = 1) => Aten.mse_loss.Invoke(input, target, reduction);

            /// <summary>Binary cross-entropy on logits, mean over elements.</summary>
            public static Tensor binary_cross_entropy_with_logits(Tensor input, Tensor target) =>
                Aten.bce_with_logits.Invoke(input, target, Arg.None, Arg.None, 1L);

            /// <summary>Dropout.</summary>
            public static Tensor dropout(Tensor input, double p = 0.5, bool training = true) => Aten.dropout.Invoke(input, p, training);

            /// <summary>Samples <paramref name="input"/> at the grid's normalised coordinates.</summary>
            /// <param name="input">Images, NCHW.</param>
            /// <param name="grid">Sampling positions in [-1, 1], N×H×W×2.</param>
            /// <param name="mode">0 bilinear, 1 nearest, 2 bicubic.</param>
            /// <param name="padding_mode">0 zeros, 1 border, 2 reflection.</param>
            /// <param name="align_corners">Whether -1 and 1 address pixel centres of the corners.</param>
            public static Tensor grid_sample(Tensor input, Tensor grid, long mode = 0, long padding_mode = 0, bool align_corners = false) =>
                Aten.grid_sampler.Invoke(input, grid, mode, padding_mode, align_corners);

            /// <summary>A sampling grid for batched 2×3 affine matrices <paramref name="theta"/>.</summary>
            public static Tensor affine_grid(Tensor theta, long[] size, bool align_corners = false) =>
                Aten.affine_grid_generator.Invoke(theta, size, align_corners);

            /// <summary>Rearranges channels into space (depth to space).</summary>
            public static Tensor pixel_shuffle(Tensor input, long upscale_factor) => Aten.pixel_shuffle.Invoke(input, upscale_factor);
        }
    }
}
