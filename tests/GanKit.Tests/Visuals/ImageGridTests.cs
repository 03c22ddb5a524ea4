using System.Text.RegularExpressions;
using GanKit.Imaging;
using SkiaSharp;

namespace GanKit.Tests.Visuals;

public class ImageGridTests
{
    private static RgbImage Tile(byte value, int size = 8) => RgbImage.Solid(size, size, value, value, value);

    [Fact]
    public void Plain_grid_has_cells_gaps_and_border()
    {
        var grid = ImageGrid.Of(Enumerable.Range(0, 6).Select(i => Tile((byte)(i * 40))), columns: 3);
        var image = grid.ToImage();
        // gap + 3 cells + 2 inner gaps + gap, and the same for 2 rows.
        Assert.Equal((2 + 3 * 8 + 2 * 2 + 2, 2 + 2 * 8 + 2 + 2), (image.Width, image.Height));
        Assert.Equal((2, 3), (grid.Rows, grid.Columns));
        Assert.Equal((byte)0, image.GetPixel(2, 2).R);           // first cell's corner
        Assert.Equal((byte)80, image.GetPixel(2 + 2 * 10, 2).R);  // third cell
        Assert.Equal((byte)200, image.GetPixel(2 + 20 + 7, 2 + 10 + 7).R); // last cell's far corner
        Assert.Equal((byte)255, image.GetPixel(0, 0).R);          // paper around

        var scaled = grid.ToImage(scale: 2);
        Assert.Equal((2 + 3 * 16 + 4 + 2, 2 + 2 * 16 + 2 + 2), (scaled.Width, scaled.Height));
    }

    /// <summary>DejaVu Sans measured by SkiaSharp here, apart from GanKit's layout code.</summary>
    private static SKFont Font(float size)
    {
        using var stream = typeof(ImageGrid).Assembly.GetManifestResourceStream("GanKit.Imaging.Fonts.DejaVuSans.ttf")!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        using var data = SKData.CreateCopy(copy.ToArray()); // the typeface keeps its own reference to the bytes
        return new SKFont(SKTypeface.FromData(data), size);
    }

    private static bool Ink(RgbImage image, int x0, int y0, int width, int height, int below = 100) =>
        Enumerable.Range(y0, height).Any(y => Enumerable.Range(x0, width).Any(x => image.GetPixel(x, y).R < below));

    [Fact]
    public void Labels_and_captions_add_their_bands()
    {
        var grid = new ImageGrid(2) { Gap = 2, FontSize = 12 }
            .WithTitle("title")
            .WithColumnLabels("ψ=0.5", "ψ=1")
            .WithRowLabels("seed 85", "seed 7");
        grid.Add(Tile(10, 32), "a").Add(Tile(20, 32)).Add(Tile(30, 32)).AddEmpty();
        var image = grid.ToImage();
        using var font = Font(12);
        var line = font.Metrics.Descent - font.Metrics.Ascent; // about 14 px for 12 px DejaVu Sans

        // The row label band is at least the widest label, plus a little padding.
        var rowLabel = image.Width - (2 + 2 * 32 + 2 + 2);
        var labelWidth = font.MeasureText("seed 85");
        Assert.InRange(rowLabel, labelWidth, labelWidth + 16);
        // Title, column labels and one caption band per row each take a line plus padding.
        var bands = image.Height - (2 + 2 * 32 + 2 + 2);
        Assert.InRange(bands, 4 * line, 4 * (line + 10));

        // Every band draws ink where it belongs, and the text leaves the cells alone (they are found pixel for pixel).
        var (x0, y0) = Find(image, Tile(10, 32)) ?? throw new Xunit.Sdk.XunitException("first cell not found");
        var (x1, y1) = Find(image, Tile(30, 32)) ?? throw new Xunit.Sdk.XunitException("third cell not found");
        Assert.NotNull(Find(image, Tile(20, 32)));
        Assert.Equal((2 + rowLabel, x0), (x0, x1));
        Assert.True(y1 > y0 + 32 + line, "the caption band should separate the rows");
        Assert.True(Ink(image, 0, 0, image.Width, y0 - (int)line - 2), "no title above the column labels");
        Assert.True(Ink(image, x0, y0 - (int)line, 32, (int)line), "no column label above the first cell");
        Assert.True(Ink(image, 0, y0, x0 - 2, 32), "no row label left of the first row");
        Assert.True(Ink(image, 0, y1, x0 - 2, 32), "no row label left of the second row");
        Assert.True(Ink(image, x0, y0 + 32, 32, (int)line + 4, below: 128), "no caption under the first cell");
    }

    [Fact]
    public void Caption_text_is_antialiased_dark_ink_in_the_caption_band()
    {
        var image = new ImageGrid(1) { Gap = 0 }.Add(RgbImage.Solid(64, 64, 255, 255, 255), "seed 42").ToImage();
        var band = Enumerable.Range(64, image.Height - 64).SelectMany(y => Enumerable.Range(0, 64).Select(x => image.GetPixel(x, y).R)).ToList();
        Assert.Contains(band, v => v < 80);                 // solid strokes
        Assert.Contains(band, v => v is > 100 and < 220);   // antialiased edges: grey levels, not just ink and paper
        Assert.True(band.Count(v => v < 128) > 30, "too little ink for 'seed 42'");
        // Centred: ink on both halves of the cell, none in the outer few pixels.
        int Left(int x0, int x1) => Enumerable.Range(64, image.Height - 64).Count(y => Enumerable.Range(x0, x1 - x0).Any(x => image.GetPixel(x, y).R < 128));
        Assert.True(Left(0, 32) > 0 && Left(32, 64) > 0);
        Assert.Equal(0, Left(0, 3) + Left(61, 64));
    }

    [Fact]
    public void Text_grows_with_the_cells()
    {
        static int CaptionBand(int cell) =>
            new ImageGrid(1) { Gap = 0 }.Add(RgbImage.Solid(cell, cell, 90, 90, 90), "seed 7").ToImage().Height - cell;
        int small = CaptionBand(64), medium = CaptionBand(256), large = CaptionBand(1024);
        Assert.InRange(small, 12, 24);                      // never smaller than about 11 px text
        Assert.True(medium > small && large > 3 * medium, $"caption bands {small}, {medium}, {large}");
        Assert.InRange(large / 1024.0, 0.08, 0.16);         // the same proportion as at 256 px
        Assert.InRange(medium / 256.0, 0.08, 0.16);
    }

    [Fact]
    public void Long_labels_are_cut_to_the_cell_with_an_ellipsis()
    {
        var label = string.Concat(Enumerable.Repeat("wide label ", 10));
        var image = new ImageGrid(2) { Gap = 4, FontSize = 12 }.WithColumnLabels(label, "b").Add(Tile(200, 48)).Add(Tile(200, 48)).ToImage();
        // The first label stays inside its own column: no ink in the gap between the columns.
        var gapX = 4 + 48;
        Assert.False(Ink(image, gapX, 0, 4, 20, below: 200), "the long label runs into the next column");
        Assert.True(Ink(image, 4, 0, 48, 20));
    }

    [Fact]
    public void From_rows_pads_short_rows()
    {
        var grid = ImageGrid.FromRows([[Tile(1), Tile(2), Tile(3)], [Tile(4)]]);
        Assert.Equal(3, grid.Columns);
        Assert.Equal(6, grid.Cells.Count);
        Assert.Null(grid.Cells[5]);
    }

    [Fact]
    public void Html_view_has_one_img_per_image_with_escaped_labels()
    {
        var grid = new ImageGrid(2).WithColumnLabels("<b>", "ψ=0.7").WithRowLabels("seed 1");
        grid.Add(Tile(1, 32), "cap & more").Add(Tile(2, 32));
        var html = grid.ToHtml();
        Assert.Equal(2, Regex.Matches(html, "<img ").Count);
        Assert.Contains("&lt;b&gt;", html);
        Assert.Contains("ψ=0.7", html);
        Assert.Contains("cap &amp; more", html);
        Assert.Contains("image-rendering:pixelated", html); // 32 px cells are shown at 128 px
        Assert.Contains("repeat(2,minmax(0,128px))", html);
        Assert.Contains("data:image/png;base64,", html);
    }

    [Fact]
    public void Small_image_shows_scaled_up_crisply_and_large_one_does_not()
    {
        var small = Tile(5, 32).WithCaption("seed 85").ToHtml();
        Assert.Contains("width=\"128\"", small);
        Assert.Contains("image-rendering:pixelated", small);
        Assert.Contains("<figcaption", small);
        var large = Tile(5, 256).ToHtml();
        Assert.Contains("width=\"256\"", large);
        Assert.DoesNotContain("pixelated", large);
        Assert.Contains("width=\"96\"", Tile(5, 32).WithDisplayScale(3).ToHtml());
    }

    [Fact]
    public void Embedded_font_has_the_glyphs_captions_use()
    {
        using var font = Font(20);
        // ψ and τ (truncation, temperature labels) have real glyphs in DejaVu Sans, not the missing-glyph box.
        Assert.All("ψτ·–…seed 0123456789".ToCharArray(), c => Assert.True(font.ContainsGlyph(c), $"no glyph for '{c}'"));
        var image = new ImageGrid(1) { Gap = 0, FontSize = 20 }.Add(RgbImage.Solid(64, 64, 255, 255, 255), "ψ").ToImage();
        Assert.True(Ink(image, 0, 64, 64, image.Height - 64), "ψ draws no ink");
    }

    [Fact]
    public void Text_is_drawn_into_a_copy()
    {
        var blank = RgbImage.Solid(60, 24, 0, 0, 0);
        var labelled = blank.WithText("t=1");
        Assert.Contains(Enumerable.Range(0, 60), x => Enumerable.Range(0, 24).Any(y => labelled.GetPixel(x, y).R > 200));
        Assert.Equal((byte)0, blank.GetPixel(6, 8).R);
        Assert.Equal((byte)0, labelled.GetPixel(59, 23).R); // outside the text box the image is untouched
        var big = RgbImage.Solid(400, 400, 0, 0, 0).WithText("t=1", size: 40);
        Assert.True(Enumerable.Range(0, 400).Count(y => Enumerable.Range(0, 400).Any(x => big.GetPixel(x, y).R > 200)) >= 25, "40 px text should be about 30 px tall");
    }

    /// <summary>Top-left corner where <paramref name="part"/> appears exactly in <paramref name="image"/>.</summary>
    private static (int X, int Y)? Find(RgbImage image, RgbImage part)
    {
        for (var y = 0; y + part.Height <= image.Height; y++)
        {
            for (var x = 0; x + part.Width <= image.Width; x++)
            {
                if (Matches(image, part, x, y))
                {
                    return (x, y);
                }
            }
        }
        return null;
    }

    private static bool Matches(RgbImage image, RgbImage part, int x0, int y0)
    {
        for (var y = 0; y < part.Height; y++)
        {
            if (!image.Pixels.Slice(((y0 + y) * image.Width + x0) * 3, part.Width * 3).SequenceEqual(part.Pixels.Slice(y * part.Width * 3, part.Width * 3)))
            {
                return false;
            }
        }
        return true;
    }
}
