using System.Text.RegularExpressions;
using GanKit.Imaging;

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

    [Fact]
    public void Labels_and_captions_add_their_bands()
    {
        var grid = new ImageGrid(2) { Gap = 2, LabelScale = 1 }
            .WithTitle("title")
            .WithColumnLabels("ψ=0.5", "ψ=1")
            .WithRowLabels("seed 85", "seed 7");
        grid.Add(Tile(10), "a").Add(Tile(20)).Add(Tile(30)).AddEmpty();
        var image = grid.ToImage();
        var text = 7 + 2 * 2; // glyph height plus padding above and below
        var rowLabel = BitmapFont.Measure("seed 85").Width + 2 * 2;
        Assert.Equal(2 + rowLabel + 2 * 8 + 2 + 2, image.Width);
        Assert.Equal(2 + text + text + 2 * (8 + text) + 2 + 2, image.Height);
        // The label band draws ink somewhere left of the cells.
        var labelInk = Enumerable.Range(0, rowLabel).Any(x => Enumerable.Range(0, image.Height).Any(y => image.GetPixel(x, y).R < 100));
        Assert.True(labelInk);
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
    public void Bitmap_font_covers_printable_ascii_and_spells_greek()
    {
        for (var c = ' '; c <= '~'; c++)
        {
            Assert.Equal(c.ToString(), BitmapFont.Normalize(c.ToString()));
        }
        Assert.Equal("psi=0.7", BitmapFont.Normalize("ψ=0.7"));
        Assert.Equal("?", BitmapFont.Normalize("☃"));
        Assert.Equal((5 * 6 - 1, 7), BitmapFont.Measure("seed8"));
        Assert.Equal((2 * (3 * 6 - 1), 14), BitmapFont.Measure("abc", 2));
    }

    [Fact]
    public void Text_is_drawn_into_a_copy()
    {
        var blank = RgbImage.Solid(40, 12, 0, 0, 0);
        var labelled = blank.WithText("t=1");
        Assert.Contains(Enumerable.Range(0, 40), x => labelled.GetPixel(x, 4).R == 255);
        Assert.Equal((byte)0, blank.GetPixel(4, 4).R);
    }
}
