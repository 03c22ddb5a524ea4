using GanKit.Imaging;
using GanKit.Latent.Projection;

namespace GanKit.Tests.Latent.Projection;

public sealed class ProjectionTargetTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gankit-target-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static RgbImage Gradient(int width, int height)
    {
        var rgb = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
        {
            var i = (y * width + x) * 3;
            rgb[i] = (byte)(x * 255 / Math.Max(1, width - 1));
            rgb[i + 1] = (byte)(y * 255 / Math.Max(1, height - 1));
            rgb[i + 2] = 128;
        }
        return RgbImage.FromRgb(width, height, rgb);
    }

    [Fact]
    public void CentreCropsAndResizesToTheNetworkResolution()
    {
        var path = Path.Combine(_dir, "wide.png");
        Gradient(120, 60).Save(path);
        var image = ProjectionTarget.Load(path, 32);
        Assert.Equal((32, 32), (image.Width, image.Height));
        // The centred 60×60 square spans x = 30…89 of 120: red runs from about 64 to 191, not 0 to 255.
        Assert.InRange(image.GetPixel(0, 16).R, 55, 80);
        Assert.InRange(image.GetPixel(31, 16).R, 175, 200);
    }

    [Fact]
    public void CropPicksTheGivenSquare()
    {
        var image = ProjectionTarget.Prepare(Gradient(100, 100), 10, new SquareCrop(0, 0, 50));
        Assert.True(image.GetPixel(9, 9).R < 140, "the crop is the top-left quarter");
        var e = Assert.Throws<ArgumentException>(() => ProjectionTarget.Prepare(Gradient(100, 100), 10, new SquareCrop(60, 0, 50)));
        Assert.Contains("does not fit", e.Message);
    }

    [Fact]
    public void RejectsTinyImagesFoldersAndNonImages()
    {
        var one = Path.Combine(_dir, "one.png");
        Gradient(1, 1).Save(one);
        Assert.Contains("at least 2×2", Assert.Throws<InvalidDataException>(() => ProjectionTarget.Load(one, 32)).Message);

        Assert.Contains("is a folder", Assert.Throws<IOException>(() => ProjectionTarget.Load(_dir, 32)).Message);

        var text = Path.Combine(_dir, "photo.jpg");
        File.WriteAllText(text, "not a picture");
        Assert.Contains(text, Assert.Throws<InvalidDataException>(() => ProjectionTarget.Load(text, 32)).Message);

        Assert.Throws<FileNotFoundException>(() => ProjectionTarget.Load(Path.Combine(_dir, "missing.png"), 32));
    }

    [Fact]
    public void SquareCropParses()
    {
        Assert.Equal(new SquareCrop(1, 2, 30), SquareCrop.Parse("1,2,30"));
        Assert.Throws<ArgumentException>(() => SquareCrop.Parse("1,2"));
        Assert.Throws<ArgumentException>(() => SquareCrop.Parse("-1,2,30"));
    }

    [Fact]
    public void LossWeightsParse()
    {
        var w = ProjectionLossWeights.Parse("mse=2,lpips=0.5", ProjectionLossWeights.Offline);
        Assert.Equal(new ProjectionLossWeights(DFeatures: 0.25, Mse: 2, MsSsim: 0, Lpips: 0.5), w);
        Assert.Contains("unknown loss 'foo'", Assert.Throws<ArgumentException>(() => ProjectionLossWeights.Parse("foo=1", ProjectionLossWeights.Offline)).Message);
        Assert.Contains("every weight is 0", Assert.Throws<ArgumentException>(() => ProjectionLossWeights.Parse("dfeat=0,mse=0,msssim=0", ProjectionLossWeights.Offline)).Message);
    }
}
