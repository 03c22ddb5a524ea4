namespace GanKit.Torch;

/// <summary>
/// The ATen operators GanKit calls, by schema name and overload. Adding an operation to the C# surface is one
/// line here and a one-line wrapper; no native code changes.
/// </summary>
internal static class Aten
{
    // creation
    internal static readonly Op empty = new("aten::empty", "memory_format");
    internal static readonly Op zeros = new("aten::zeros");
    internal static readonly Op ones = new("aten::ones");
    internal static readonly Op full = new("aten::full");
    internal static readonly Op randn = new("aten::randn");
    internal static readonly Op rand = new("aten::rand");
    internal static readonly Op randint = new("aten::randint", "low");
    internal static readonly Op randperm = new("aten::randperm");
    internal static readonly Op arange = new("aten::arange", "start_step");
    internal static readonly Op linspace = new("aten::linspace");
    internal static readonly Op eye = new("aten::eye");
    internal static readonly Op zeros_like = new("aten::zeros_like");
    internal static readonly Op ones_like = new("aten::ones_like");
    internal static readonly Op randn_like = new("aten::randn_like");
    internal static readonly Op full_like = new("aten::full_like");
    internal static readonly Op normal_ = new("aten::normal_");
    internal static readonly Op uniform_ = new("aten::uniform_");

    // arithmetic
    internal static readonly Op add = new("aten::add", "Tensor");
    internal static readonly Op add_scalar = new("aten::add", "Scalar");
    internal static readonly Op sub = new("aten::sub", "Tensor");
    internal static readonly Op sub_scalar = new("aten::sub", "Scalar");
    internal static readonly Op rsub_scalar = new("aten::rsub", "Scalar");
    internal static readonly Op mul = new("aten::mul", "Tensor");
    internal static readonly Op mul_scalar = new("aten::mul", "Scalar");
    internal static readonly Op div = new("aten::div", "Tensor");
    internal static readonly Op div_scalar = new("aten::div", "Scalar");
    internal static readonly Op neg = new("aten::neg");
    internal static readonly Op pow_scalar = new("aten::pow", "Tensor_Scalar");
    internal static readonly Op pow_tensor = new("aten::pow", "Tensor_Tensor");
    internal static readonly Op sqrt = new("aten::sqrt");
    internal static readonly Op rsqrt = new("aten::rsqrt");
    internal static readonly Op square = new("aten::square");
    internal static readonly Op exp = new("aten::exp");
    internal static readonly Op log = new("aten::log");
    internal static readonly Op abs = new("aten::abs");
    internal static readonly Op sign = new("aten::sign");
    internal static readonly Op sin = new("aten::sin");
    internal static readonly Op cos = new("aten::cos");
    internal static readonly Op acos = new("aten::acos");
    internal static readonly Op tanh = new("aten::tanh");
    internal static readonly Op sigmoid = new("aten::sigmoid");
    internal static readonly Op floor = new("aten::floor");
    internal static readonly Op round = new("aten::round");
    internal static readonly Op clamp = new("aten::clamp");
    internal static readonly Op lerp_scalar = new("aten::lerp", "Scalar");
    internal static readonly Op lerp_tensor = new("aten::lerp", "Tensor");
    internal static readonly Op matmul = new("aten::matmul");
    internal static readonly Op mm = new("aten::mm");
    internal static readonly Op bmm = new("aten::bmm");
    internal static readonly Op addmm = new("aten::addmm");
    internal static readonly Op einsum = new("aten::einsum");
    internal static readonly Op where = new("aten::where", "self");
    internal static readonly Op maximum = new("aten::maximum");
    internal static readonly Op minimum = new("aten::minimum");

    // comparison
    internal static readonly Op eq = new("aten::eq", "Tensor");
    internal static readonly Op eq_scalar = new("aten::eq", "Scalar");
    internal static readonly Op gt_scalar = new("aten::gt", "Scalar");
    internal static readonly Op lt_scalar = new("aten::lt", "Scalar");
    internal static readonly Op ge_scalar = new("aten::ge", "Scalar");
    internal static readonly Op le_scalar = new("aten::le", "Scalar");
    internal static readonly Op gt = new("aten::gt", "Tensor");
    internal static readonly Op lt = new("aten::lt", "Tensor");
    internal static readonly Op allclose = new("aten::allclose");
    internal static readonly Op isfinite = new("aten::isfinite");

    // reductions
    internal static readonly Op sum = new("aten::sum");
    internal static readonly Op sum_dim = new("aten::sum", "dim_IntList");
    internal static readonly Op mean = new("aten::mean");
    internal static readonly Op mean_dim = new("aten::mean", "dim");
    internal static readonly Op var_dim = new("aten::var", "correction");
    internal static readonly Op std_dim = new("aten::std", "correction");
    internal static readonly Op max = new("aten::max");
    internal static readonly Op min = new("aten::min");
    internal static readonly Op max_dim = new("aten::max", "dim");
    internal static readonly Op min_dim = new("aten::min", "dim");
    internal static readonly Op argmax = new("aten::argmax");
    internal static readonly Op norm = new("aten::linalg_vector_norm");
    internal static readonly Op logsumexp = new("aten::logsumexp");
    internal static readonly Op softmax = new("aten::softmax", "int");
    internal static readonly Op log_softmax = new("aten::log_softmax", "int");
    internal static readonly Op cumsum = new("aten::cumsum");

    // shape and memory
    internal static readonly Op view = new("aten::view");
    internal static readonly Op reshape = new("aten::reshape");
    internal static readonly Op permute = new("aten::permute");
    internal static readonly Op transpose = new("aten::transpose", "int");
    internal static readonly Op unsqueeze = new("aten::unsqueeze");
    internal static readonly Op squeeze_dim = new("aten::squeeze", "dim");
    internal static readonly Op flatten = new("aten::flatten", "using_ints");
    internal static readonly Op expand = new("aten::expand");
    internal static readonly Op repeat = new("aten::repeat");
    internal static readonly Op contiguous = new("aten::contiguous");
    internal static readonly Op clone = new("aten::clone");
    internal static readonly Op detach = new("aten::detach");
    internal static readonly Op to_dtype_layout = new("aten::to", "dtype_layout");
    internal static readonly Op cat = new("aten::cat");
    internal static readonly Op stack = new("aten::stack");
    internal static readonly Op select = new("aten::select", "int");
    internal static readonly Op slice = new("aten::slice", "Tensor");
    internal static readonly Op narrow = new("aten::narrow");
    internal static readonly Op index = new("aten::index", "Tensor");
    internal static readonly Op index_select = new("aten::index_select");
    internal static readonly Op gather = new("aten::gather");
    internal static readonly Op chunk = new("aten::chunk");
    internal static readonly Op split = new("aten::split", "Tensor");
    internal static readonly Op unbind = new("aten::unbind", "int");
    internal static readonly Op flip = new("aten::flip");
    internal static readonly Op roll = new("aten::roll");
    internal static readonly Op tril = new("aten::tril");
    internal static readonly Op outer = new("aten::outer");
    internal static readonly Op diag_embed = new("aten::diag_embed");

    // in place
    internal static readonly Op add_ = new("aten::add_", "Tensor");
    internal static readonly Op add_scalar_ = new("aten::add_", "Scalar");
    internal static readonly Op sub_ = new("aten::sub_", "Tensor");
    internal static readonly Op mul_ = new("aten::mul_", "Tensor");
    internal static readonly Op mul_scalar_ = new("aten::mul_", "Scalar");
    internal static readonly Op div_scalar_ = new("aten::div_", "Scalar");
    internal static readonly Op addcmul_ = new("aten::addcmul_");
    internal static readonly Op addcdiv_ = new("aten::addcdiv_");
    internal static readonly Op lerp_scalar_ = new("aten::lerp_", "Scalar");
    internal static readonly Op copy_ = new("aten::copy_");
    internal static readonly Op zero_ = new("aten::zero_");
    internal static readonly Op fill_ = new("aten::fill_", "Scalar");
    internal static readonly Op clamp_ = new("aten::clamp_");

    // neural-network functions
    internal static readonly Op conv2d = new("aten::conv2d");
    internal static readonly Op conv_transpose2d = new("aten::conv_transpose2d", "input");
    internal static readonly Op linear = new("aten::linear");
    internal static readonly Op leaky_relu = new("aten::leaky_relu");
    internal static readonly Op relu = new("aten::relu");
    internal static readonly Op softplus = new("aten::softplus");
    internal static readonly Op constant_pad_nd = new("aten::constant_pad_nd");
    internal static readonly Op reflection_pad2d = new("aten::reflection_pad2d");
    internal static readonly Op upsample_nearest2d = new("aten::upsample_nearest2d", "vec");
    internal static readonly Op upsample_bilinear2d = new("aten::upsample_bilinear2d", "vec");
    internal static readonly Op upsample_bicubic2d = new("aten::upsample_bicubic2d", "vec");
    internal static readonly Op avg_pool2d = new("aten::avg_pool2d");
    internal static readonly Op adaptive_avg_pool2d = new("aten::adaptive_avg_pool2d");
    internal static readonly Op max_pool2d = new("aten::max_pool2d");
    internal static readonly Op mse_loss = new("aten::mse_loss");
    internal static readonly Op bce_with_logits = new("aten::binary_cross_entropy_with_logits");
    internal static readonly Op dropout = new("aten::dropout");
    internal static readonly Op grid_sampler = new("aten::grid_sampler");
    internal static readonly Op affine_grid_generator = new("aten::affine_grid_generator");
    internal static readonly Op pixel_shuffle = new("aten::pixel_shuffle");
}
