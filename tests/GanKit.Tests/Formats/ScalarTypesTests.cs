using GanKit.Torch;

namespace GanKit.Tests.Formats;

public sealed class ScalarTypesTests
{
    [Theory]
    [InlineData(ScalarType.Float64, "float64", "F64", "<f8")]
    [InlineData(ScalarType.Float32, "float32", "F32", "<f4")]
    [InlineData(ScalarType.Float16, "float16", "F16", "<f2")]
    [InlineData(ScalarType.BFloat16, "bfloat16", "BF16", null)]
    [InlineData(ScalarType.Int64, "int64", "I64", "<i8")]
    [InlineData(ScalarType.Int32, "int32", "I32", "<i4")]
    [InlineData(ScalarType.Int16, "int16", "I16", "<i2")]
    [InlineData(ScalarType.Int8, "int8", "I8", "|i1")]
    [InlineData(ScalarType.Byte, "uint8", "U8", "|u1")]
    [InlineData(ScalarType.Bool, "bool", "BOOL", "|b1")]
    public void NamesMatchEachFormat(ScalarType dtype, string torchName, string safetensorsName, string? numpyDescr)
    {
        Assert.Equal(torchName, dtype.TorchName());
        Assert.Equal(safetensorsName, dtype.SafetensorsName());
        Assert.Equal(dtype, ScalarTypes.FromSafetensorsName(safetensorsName));
        if (numpyDescr is null)
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => dtype.NumpyDescr());
            return;
        }
        Assert.Equal(numpyDescr, dtype.NumpyDescr());
        Assert.Equal(dtype, ScalarTypes.FromNumpy(numpyDescr[1], int.Parse(numpyDescr[2..])));
    }

    [Fact]
    public void UnknownNamesAndTypesAreRefused()
    {
        Assert.Null(ScalarTypes.FromSafetensorsName("F8_E4M3"));
        Assert.Null(ScalarTypes.FromSafetensorsName("f32"));
        Assert.Null(ScalarTypes.FromNumpy('u', 4));
        Assert.Null(ScalarTypes.FromNumpy('U', 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => ScalarType.ComplexFloat32.SafetensorsName());
    }
}
