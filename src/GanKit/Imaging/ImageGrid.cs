using GanKit.Visuals;

namespace GanKit.Imaging;

/// <summary>
/// Images laid out in rows and columns, with optional title, row labels, column labels and per-image
/// captions (<see cref="RgbImage.Caption"/>). Renders to one <see cref="RgbImage"/> for PNG files (labels
/// antialiased in DejaVu Sans, embedded in GanKit, sized to the cells), and to an HTML grid (labels as page
/// text) for notebooks.
/// </summary>
[TypeFormatterSource(typeof(HtmlFormatterSource<ImageGrid>), PreferredMimeTypes = new[] { "text/html" })]
public sealed class ImageGrid : IHtmlVisual
{
    private static readonly (byte R, byte G, byte B) Paper = (255, 255, 255);
    private static readonly (byte R, byte G, byte B) Ink = (34, 34, 34);
    private static readonly (byte R, byte G, byte B) EmptyCell = (228, 228, 228);

    private readonly List<RgbImage?> _cells = [];

    /// <summary>Creates an empty grid that fills <paramref name="columns"/> cells per row, left to right.</summary>
    public ImageGrid(int columns)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        Columns = columns;
    }

    /// <summary>A grid with one row per inner sequence; short rows are padded with empty cells.</summary>
    public static ImageGrid FromRows(IEnumerable<IEnumerable<RgbImage>> rows)
    {
        var materialized = rows.Select(r => r.ToList()).ToList();
        var grid = new ImageGrid(Math.Max(1, materialized.Count == 0 ? 1 : materialized.Max(r => r.Count)));
        foreach (var row in materialized)
        {
            foreach (var image in row)
            {
                grid.Add(image);
            }
            for (var i = row.Count; i < grid.Columns; i++)
            {
                grid.AddEmpty();
            }
        }
        return grid;
    }

    /// <summary>A grid of <paramref name="images"/>, <paramref name="columns"/> per row.</summary>
    public static ImageGrid Of(IEnumerable<RgbImage> images, int columns)
    {
        var grid = new ImageGrid(columns);
        foreach (var image in images)
        {
            grid.Add(image);
        }
        return grid;
    }

    /// <summary>Cells per row.</summary>
    public int Columns { get; }

    /// <summary>Number of rows (the last may be partly filled).</summary>
    public int Rows => (_cells.Count + Columns - 1) / Columns;

    /// <summary>The cells in row-major order; null marks an empty cell.</summary>
    public IReadOnlyList<RgbImage?> Cells => _cells;

    /// <summary>A heading above the grid, or null.</summary>
    public string? Title { get; set; }

    /// <summary>Labels left of each row (fewer labels than rows leave the rest blank), or null.</summary>
    public IReadOnlyList<string>? RowLabels { get; set; }

    /// <summary>Labels above each column, or null.</summary>
    public IReadOnlyList<string>? ColumnLabels { get; set; }

    /// <summary>Pixels between cells (and around the edge) in the rendered PNG.</summary>
    public int Gap { get; set; } = 2;

    /// <summary>
    /// Text size of labels and captions in the PNG, in pixels; null grows it with the cells (about 8% of the
    /// cell height, at least 11 px), so labels keep their proportion from 64² to 1024² cells. Text too wide
    /// for its cell is cut short with "…".
    /// </summary>
    public double? FontSize { get; set; }

    /// <summary>Screen pixels per image pixel in the HTML view; null: small images are scaled up.</summary>
    public double? DisplayScale { get; set; }

    /// <summary>Appends an image in the next free cell.</summary>
    public ImageGrid Add(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        _cells.Add(image);
        return this;
    }

    /// <summary>Appends a caption-less image in the next free cell with <paramref name="caption"/> under it.</summary>
    public ImageGrid Add(RgbImage image, string? caption) => Add(image.WithCaption(caption));

    /// <summary>Leaves the next cell empty.</summary>
    public ImageGrid AddEmpty()
    {
        _cells.Add(null);
        return this;
    }

    /// <summary>Sets <see cref="RowLabels"/> and returns the grid.</summary>
    public ImageGrid WithRowLabels(params string[] labels)
    {
        RowLabels = labels;
        return this;
    }

    /// <summary>Sets <see cref="ColumnLabels"/> and returns the grid.</summary>
    public ImageGrid WithColumnLabels(params string[] labels)
    {
        ColumnLabels = labels;
        return this;
    }

    /// <summary>Sets <see cref="Title"/> and returns the grid.</summary>
    public ImageGrid WithTitle(string? title)
    {
        Title = title;
        return this;
    }

    /// <summary>Composes the grid into one image; each image pixel becomes <paramref name="scale"/> x <paramref name="scale"/> pixels.</summary>
    public RgbImage ToImage(int scale = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        if (_cells.Count == 0)
        {
            throw new InvalidOperationException("The grid has no cells to render.");
        }
        if (FontSize is { } requested && !(requested > 0 && double.IsFinite(requested)))
        {
            throw new ArgumentOutOfRangeException(nameof(FontSize), requested, "FontSize must be a positive number of pixels (or null).");
        }
        var images = _cells.OfType<RgbImage>().ToList();
        var cellWidth = (images.Count == 0 ? 32 : images.Max(i => i.Width)) * scale;
        var cellHeight = (images.Count == 0 ? 32 : images.Max(i => i.Height)) * scale;
        var size = FontSize is { } fixedSize ? (float)fixedSize : CaptionFont.SizeFor(cellHeight);
        using var font = CaptionFont.Create(size);
        using var titleFont = CaptionFont.Create(size * 1.2f);
        var (lineHeight, baseline) = CaptionFont.Line(font);
        var (titleLineHeight, titleBaseline) = CaptionFont.Line(titleFont);
        var gap = Math.Max(0, Gap);
        var pad = Math.Max(2, (int)MathF.Round(size * 0.3f));

        var titleHeight = string.IsNullOrEmpty(Title) ? 0 : titleLineHeight + 2 * pad;
        var columnLabelHeight = ColumnLabels is { Count: > 0 } ? lineHeight + 2 * pad : 0;
        var captionHeight = _cells.Any(c => !string.IsNullOrEmpty(c?.Caption)) ? lineHeight + 2 * pad : 0;
        var rowLabelWidth = RowLabels is { Count: > 0 } ? RowLabels.Max(l => CaptionFont.Measure(font, l)) + 2 * pad : 0;

        var width = gap + rowLabelWidth + Columns * cellWidth + (Columns - 1) * gap + gap;
        var rowHeight = cellHeight + captionHeight;
        var height = gap + titleHeight + columnLabelHeight + Rows * rowHeight + (Rows - 1) * gap + gap;
        using var canvas = new RgbCanvas(width, height, Paper);

        if (titleHeight > 0)
        {
            var text = CaptionFont.Fit(titleFont, Title!, width - 2 * gap - 2 * pad);
            canvas.DrawText(text, gap + pad, gap + pad + MathF.Round(titleBaseline), titleFont, Ink);
        }
        var gridTop = gap + titleHeight + columnLabelHeight;
        var gridLeft = gap + rowLabelWidth;
        for (var c = 0; c < Columns && columnLabelHeight > 0 && c < ColumnLabels!.Count; c++)
        {
            var left = gridLeft + c * (cellWidth + gap);
            DrawCentred(canvas, font, ColumnLabels[c], left, cellWidth, gap + titleHeight + pad + baseline);
        }
        for (var i = 0; i < _cells.Count; i++)
        {
            int row = i / Columns, column = i % Columns;
            var x = gridLeft + column * (cellWidth + gap);
            var y = gridTop + row * (rowHeight + gap);
            if (_cells[i] is not { } image)
            {
                canvas.FillRect(x, y, cellWidth, cellHeight, EmptyCell);
                continue;
            }
            // Smaller images sit centred in their cell.
            canvas.Draw(image, x + (cellWidth - image.Width * scale) / 2, y + (cellHeight - image.Height * scale) / 2, scale);
            if (!string.IsNullOrEmpty(image.Caption))
            {
                DrawCentred(canvas, font, image.Caption, x, cellWidth, y + cellHeight + pad + baseline);
            }
        }
        for (var r = 0; r < Rows && rowLabelWidth > 0 && r < RowLabels!.Count; r++)
        {
            var text = RowLabels[r];
            var x = gap + rowLabelWidth - pad - CaptionFont.Measure(font, text);
            var top = gridTop + r * (rowHeight + gap) + (cellHeight - lineHeight) / 2;
            canvas.DrawText(text, x, top + MathF.Round(baseline), font, Ink);
        }
        return canvas.ToImage();
    }

    /// <summary>The rendered grid (<see cref="ToImage"/>) as PNG bytes.</summary>
    public byte[] ToPng(int scale = 1) => ToImage(scale).ToPng();

    /// <summary>Writes the rendered grid as a PNG file, atomically.</summary>
    public void Save(string path, int scale = 1) => ToImage(scale).Save(path);

    /// <inheritdoc />
    public string ToHtml() => ImageHtml.Grid(this);

    /// <summary>A one-line description, for plain-text displays.</summary>
    public override string ToString() => $"ImageGrid {Rows}x{Columns}" + (Title is null ? "" : $" \"{Title}\"");

    /// <summary>One line centred in the <paramref name="width"/> pixels from <paramref name="left"/>, cut short to fit.</summary>
    private static void DrawCentred(RgbCanvas canvas, SkiaSharp.SKFont font, string text, int left, int width, float baseline)
    {
        var fitted = CaptionFont.Fit(font, text, width);
        canvas.DrawText(fitted, left + (width - CaptionFont.Measure(font, fitted)) / 2, MathF.Round(baseline), font, Ink);
    }
}
