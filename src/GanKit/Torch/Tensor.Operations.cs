namespace GanKit.Torch;

// Instance operations in PyTorch's names; each is one dispatcher call.
public sealed partial class Tensor
{
    /// <summary>Sum of two tensors (broadcasting).</summary>
    public static Tensor operator +(Tensor a, Tensor b) => Aten.add.Invoke(a, b);
    /// <summary>Adds a number.</summary>
    public static Tensor operator +(Tensor a, double b) => Aten.add_scalar.Invoke(a, b);
    /// <summary>Adds a number.</summary>
    public static Tensor operator +(double a, Tensor b) => Aten.add_scalar.Invoke(b, a);
    /// <summary>Difference of two tensors.</summary>
    public static Tensor operator -(Tensor a, Tensor b) => Aten.sub.Invoke(a, b);
    /// <summary>Subtracts a number.</summary>
    public static Tensor operator -(Tensor a, double b) => Aten.sub_scalar.Invoke(a, b);
    /// <summary>A number minus a tensor.</summary>
    public static Tensor operator -(double a, Tensor b) => Aten.rsub_scalar.Invoke(b, a);
    /// <summary>Negation.</summary>
    public static Tensor operator -(Tensor a) => Aten.neg.Invoke(a);
    /// <summary>Element-wise product.</summary>
    public static Tensor operator *(Tensor a, Tensor b) => Aten.mul.Invoke(a, b);
    /// <summary>Multiplies by a number.</summary>
    public static Tensor operator *(Tensor a, double b) => Aten.mul_scalar.Invoke(a, b);
    /// <summary>Multiplies by a number.</summary>
    public static Tensor operator *(double a, Tensor b) => Aten.mul_scalar.Invoke(b, a);
    /// <summary>Element-wise quotient.</summary>
    public static Tensor operator /(Tensor a, Tensor b) => Aten.div.Invoke(a, b);
    /// <summary>Divides by a number.</summary>
    public static Tensor operator /(Tensor a, double b) => Aten.div_scalar.Invoke(a, b);
    /// <summary>A number divided by a tensor.</summary>
    public static Tensor operator /(double a, Tensor b)
    {
        using var r = b.reciprocal();
        return r * a;
    }

    /// <summary>Element-wise reciprocal.</summary>
    public Tensor reciprocal() => Aten.pow_scalar.Invoke(this, -1.0);
    /// <summary>Raises to a power.</summary>
    public Tensor pow(double exponent) => Aten.pow_scalar.Invoke(this, exponent);
    /// <summary>Raises to element-wise powers.</summary>
    public Tensor pow(Tensor exponent) => Aten.pow_tensor.Invoke(this, exponent);
    /// <summary>Square root.</summary>
    public Tensor sqrt() => Aten.sqrt.Invoke(this);
    /// <summary>1 / sqrt(x).</summary>
    public Tensor rsqrt() => Aten.rsqrt.Invoke(this);
    /// <summary>x².</summary>
    public Tensor square() => Aten.square.Invoke(this);
    /// <summary>eˣ.</summary>
    public Tensor exp() => Aten.exp.Invoke(this);
    /// <summary>Natural logarithm.</summary>
    public Tensor log() => Aten.log.Invoke(this);
    /// <summary>Absolute value.</summary>
    public Tensor abs() => Aten.abs.Invoke(this);
    /// <summary>Sign (-1, 0, 1).</summary>
    public Tensor sign() => Aten.sign.Invoke(this);
    /// <summary>Sine.</summary>
    public Tensor sin() => Aten.sin.Invoke(this);
    /// <summary>Cosine.</summary>
    public Tensor cos() => Aten.cos.Invoke(this);
    /// <summary>Inverse cosine.</summary>
    public Tensor acos() => Aten.acos.Invoke(this);
    /// <summary>Hyperbolic tangent.</summary>
    public Tensor tanh() => Aten.tanh.Invoke(this);
    /// <summary>Logistic sigmoid.</summary>
    public Tensor sigmoid() => Aten.sigmoid.Invoke(this);
    /// <summary>Rounds down.</summary>
    public Tensor floor() => Aten.floor.Invoke(this);
    /// <summary>Rounds to nearest (ties to even).</summary>
    public Tensor round() => Aten.round.Invoke(this);
    /// <summary>Clamps into [min, max]; either bound may be null.</summary>
    public Tensor clamp(double? min = null, double? max = null) => Aten.clamp.Invoke(this, min, max);
    /// <summary>Linear interpolation towards <paramref name="end"/> by <paramref name="weight"/>.</summary>
    public Tensor lerp(Tensor end, double weight) => Aten.lerp_scalar.Invoke(this, end, weight);
    /// <summary>Linear interpolation with element-wise weights.</summary>
    public Tensor lerp(Tensor end, Tensor weight) => Aten.lerp_tensor.Invoke(this, end, weight);
    /// <summary>Matrix product (broadcasting batch dimensions).</summary>
    public Tensor matmul(Tensor other) => Aten.matmul.Invoke(this, other);
    /// <summary>2-D matrix product.</summary>
    public Tensor mm(Tensor other) => Aten.mm.Invoke(this, other);
    /// <summary>Element-wise maximum.</summary>
    public Tensor maximum(Tensor other) => Aten.maximum.Invoke(this, other);
    /// <summary>Element-wise minimum.</summary>
    public Tensor minimum(Tensor other) => Aten.minimum.Invoke(this, other);

    /// <summary>Element-wise equality.</summary>
    public Tensor eq(Tensor other) => Aten.eq.Invoke(this, other);
    /// <summary>Element-wise equality with a number.</summary>
    public Tensor eq(double other) => Aten.eq_scalar.Invoke(this, other);
    /// <summary>Element-wise greater-than.</summary>
    public Tensor gt(double other) => Aten.gt_scalar.Invoke(this, other);
    /// <summary>Element-wise greater-than.</summary>
    public Tensor gt(Tensor other) => Aten.gt.Invoke(this, other);
    /// <summary>Element-wise less-than.</summary>
    public Tensor lt(double other) => Aten.lt_scalar.Invoke(this, other);
    /// <summary>Element-wise less-than.</summary>
    public Tensor lt(Tensor other) => Aten.lt.Invoke(this, other);
    /// <summary>Element-wise greater-or-equal.</summary>
    public Tensor ge(double other) => Aten.ge_scalar.Invoke(this, other);
    /// <summary>Element-wise less-or-equal.</summary>
    public Tensor le(double other) => Aten.le_scalar.Invoke(this, other);
    /// <summary>True where finite.</summary>
    public Tensor isfinite() => Aten.isfinite.Invoke(this);
    /// <summary>Whether all elements are close to <paramref name="other"/>'s.</summary>
    public bool allclose(Tensor other, double rtol = 1e-5, double atol = 1e-8) =>
        (bool)Aten.allclose.InvokeScalar(this, other, rtol, atol);

    /// <summary>Sum of all elements.</summary>
    public Tensor sum() => Aten.sum.Invoke(this);
    /// <summary>Sum over dimensions.</summary>
    public Tensor sum(long[] dim, bool keepdim = false) => Aten.sum_dim.Invoke(this, dim, keepdim);
    /// <summary>Sum over one dimension.</summary>
    public Tensor sum(long dim, bool keepdim = false) => Aten.sum_dim.Invoke(this, new[] { dim }, keepdim);
    /// <summary>Mean of all elements.</summary>
    public Tensor mean() => Aten.mean.Invoke(this);
    /// <summary>Mean over dimensions.</summary>
    public Tensor mean(long[] dim, bool keepdim = false) => Aten.mean_dim.Invoke(this, dim, keepdim);
    /// <summary>Mean over one dimension.</summary>
    public Tensor mean(long dim, bool keepdim = false) => Aten.mean_dim.Invoke(this, new[] { dim }, keepdim);
    /// <summary>Variance over dimensions (<paramref name="correction"/> 1 = unbiased).</summary>
    public Tensor var(long[] dim, long correction = 1, bool keepdim = false) =>
        Aten.var_dim.Invoke(this, dim, correction, keepdim);
    /// <summary>Standard deviation over dimensions.</summary>
    public Tensor std(long[] dim, long correction = 1, bool keepdim = false) =>
        Aten.std_dim.Invoke(this, dim, correction, keepdim);
    /// <summary>Largest element.</summary>
    public Tensor max() => Aten.max.Invoke(this);
    /// <summary>Smallest element.</summary>
    public Tensor min() => Aten.min.Invoke(this);
    /// <summary>Maximum values and their indices along a dimension.</summary>
    public (Tensor Values, Tensor Indices) max(long dim, bool keepdim = false)
    {
        var r = Aten.max_dim.InvokeMany(this, dim, keepdim);
        return (r[0], r[1]);
    }
    /// <summary>Index of the largest element along a dimension.</summary>
    public Tensor argmax(long dim, bool keepdim = false) => Aten.argmax.Invoke(this, dim, keepdim);
    /// <summary>Vector p-norm over dimensions (all when null).</summary>
    public Tensor norm(double p = 2, long[]? dim = null, bool keepdim = false) => Aten.norm.Invoke(this, p, dim, keepdim);
    /// <summary>Softmax along a dimension.</summary>
    public Tensor softmax(long dim) => Aten.softmax.Invoke(this, dim);
    /// <summary>Log-softmax along a dimension.</summary>
    public Tensor log_softmax(long dim) => Aten.log_softmax.Invoke(this, dim);
    /// <summary>Cumulative sum along a dimension.</summary>
    public Tensor cumsum(long dim) => Aten.cumsum.Invoke(this, dim);

    /// <summary>Same data, new shape (must be compatible with the strides).</summary>
    public Tensor view(params long[] shape) => Aten.view.Invoke(this, shape);
    /// <summary>New shape, copying only if needed.</summary>
    public Tensor reshape(params long[] shape) => Aten.reshape.Invoke(this, shape);
    /// <summary>Reorders dimensions.</summary>
    public Tensor permute(params long[] dims) => Aten.permute.Invoke(this, dims);
    /// <summary>Swaps two dimensions.</summary>
    public Tensor transpose(long dim0, long dim1) => Aten.transpose.Invoke(this, dim0, dim1);
    /// <summary>Transpose of a 2-D tensor.</summary>
    public Tensor t() => Aten.transpose.Invoke(this, 0L, 1L);
    /// <summary>Inserts a dimension of size 1.</summary>
    public Tensor unsqueeze(long dim) => Aten.unsqueeze.Invoke(this, dim);
    /// <summary>Removes a dimension of size 1.</summary>
    public Tensor squeeze(long dim) => Aten.squeeze_dim.Invoke(this, dim);
    /// <summary>Flattens dimensions start..end into one.</summary>
    public Tensor flatten(long start_dim = 0, long end_dim = -1) => Aten.flatten.Invoke(this, start_dim, end_dim);
    /// <summary>Broadcasts to a larger shape without copying (-1 keeps a size).</summary>
    public Tensor expand(params long[] shape) => Aten.expand.Invoke(this, shape);
    /// <summary>Tiles the tensor.</summary>
    public Tensor repeat(params long[] repeats) => Aten.repeat.Invoke(this, repeats);
    /// <summary>A contiguous copy, or this data when already contiguous.</summary>
    public Tensor contiguous() => Aten.contiguous.Invoke(this);
    /// <summary>A copy that autograd tracks.</summary>
    public Tensor clone() => Aten.clone.Invoke(this);
    /// <summary>Same data, cut from the autograd graph.</summary>
    public Tensor detach() => Aten.detach.Invoke(this);
    /// <summary>Converts dtype and/or device (a new reference even when nothing changes).</summary>
    public Tensor to(DType? dtype = null, Device? device = null, bool copy = false) =>
        Aten.to_dtype_layout.Invoke(this, dtype, Arg.None, device, Arg.None, false, copy);
    /// <summary>Moves to a device.</summary>
    public Tensor to(Device device) => to(null, device);
    /// <summary>Converts to float32.</summary>
    public Tensor @float() => to(DType.Float32);
    /// <summary>Converts to float64.</summary>
    public Tensor @double() => to(DType.Float64);
    /// <summary>Copies to the CPU.</summary>
    public Tensor cpu() => to(Device.CPU);

    /// <summary>Selects index <paramref name="index"/> along dimension 0.</summary>
    public Tensor this[long index] => select(0, index);
    /// <summary>Selects one index along a dimension, removing it.</summary>
    public Tensor select(long dim, long index) => Aten.select.Invoke(this, dim, index);
    /// <summary>Elements start..end (exclusive) along a dimension, with a step.</summary>
    public Tensor slice(long dim, long? start, long? end, long step = 1) => Aten.slice.Invoke(this, dim, start, end, step);
    /// <summary>A length-<paramref name="length"/> window along a dimension.</summary>
    public Tensor narrow(long dim, long start, long length) => Aten.narrow.Invoke(this, dim, start, length);
    /// <summary>Rows picked by an index tensor along a dimension.</summary>
    public Tensor index_select(long dim, Tensor index) => Aten.index_select.Invoke(this, dim, index);
    /// <summary>Advanced indexing with one optional index tensor per leading dimension.</summary>
    public Tensor index(params Tensor?[] indices) => Aten.index.Invoke(this, Arg.OptionalTensors(indices));
    /// <summary>Values gathered along a dimension.</summary>
    public Tensor gather(long dim, Tensor index) => Aten.gather.Invoke(this, dim, index);
    /// <summary>Splits into <paramref name="chunks"/> pieces along a dimension.</summary>
    public Tensor[] chunk(long chunks, long dim = 0) => Aten.chunk.InvokeMany(this, chunks, dim);
    /// <summary>Splits into pieces of <paramref name="size"/> along a dimension.</summary>
    public Tensor[] split(long size, long dim = 0) => Aten.split.InvokeMany(this, size, dim);
    /// <summary>Removes a dimension, returning its slices.</summary>
    public Tensor[] unbind(long dim = 0) => Aten.unbind.InvokeMany(this, dim);
    /// <summary>Reverses the order along dimensions.</summary>
    public Tensor flip(params long[] dims) => Aten.flip.Invoke(this, dims);

    /// <summary>In place: this += alpha·other.</summary>
    public Tensor add_(Tensor other, double alpha = 1) { Aten.add_.InvokeInPlace(this, other, alpha); return this; }
    /// <summary>In place: this += value.</summary>
    public Tensor add_(double value) { Aten.add_scalar_.InvokeInPlace(this, value); return this; }
    /// <summary>In place: this -= alpha·other.</summary>
    public Tensor sub_(Tensor other, double alpha = 1) { Aten.sub_.InvokeInPlace(this, other, alpha); return this; }
    /// <summary>In place: this *= other.</summary>
    public Tensor mul_(Tensor other) { Aten.mul_.InvokeInPlace(this, other); return this; }
    /// <summary>In place: this *= value.</summary>
    public Tensor mul_(double value) { Aten.mul_scalar_.InvokeInPlace(this, value); return this; }
    /// <summary>In place: this /= value.</summary>
    public Tensor div_(double value) { Aten.div_scalar_.InvokeInPlace(this, value); return this; }
    /// <summary>In place: this += value·t1·t2.</summary>
    public Tensor addcmul_(Tensor t1, Tensor t2, double value = 1) { Aten.addcmul_.InvokeInPlace(this, t1, t2, value); return this; }
    /// <summary>In place: this += value·t1/t2.</summary>
    public Tensor addcdiv_(Tensor t1, Tensor t2, double value = 1) { Aten.addcdiv_.InvokeInPlace(this, t1, t2, value); return this; }
    /// <summary>In place: moves towards <paramref name="end"/> by <paramref name="weight"/>.</summary>
    public Tensor lerp_(Tensor end, double weight) { Aten.lerp_scalar_.InvokeInPlace(this, end, weight); return this; }
    /// <summary>In place: copies <paramref name="source"/>'s values (broadcasting, converting dtype and device).</summary>
    public Tensor copy_(Tensor source) { Aten.copy_.InvokeInPlace(this, source); return this; }
    /// <summary>In place: sets every element to zero.</summary>
    public Tensor zero_() { Aten.zero_.InvokeInPlace(this); return this; }
    /// <summary>In place: sets every element to <paramref name="value"/>.</summary>
    public Tensor fill_(double value) { Aten.fill_.InvokeInPlace(this, value); return this; }
    /// <summary>In place: clamps into [min, max].</summary>
    public Tensor clamp_(double? min = null, double? max = null) { Aten.clamp_.InvokeInPlace(this, min, max); return this; }
    /// <summary>In place: fills with samples of N(mean, std²).</summary>
    public Tensor normal_(double mean = 0, double std = 1) { Aten.normal_.InvokeInPlace(this, mean, std); return this; }
    /// <summary>In place: fills with samples of U(from, to).</summary>
    public Tensor uniform_(double from = 0, double to = 1) { Aten.uniform_.InvokeInPlace(this, from, to); return this; }
}
