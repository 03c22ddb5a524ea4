using System.Text.Json.Nodes;
using GanKit.Imaging;
using GanKit.Training;
using GanKit.Training.Augment;
using GanKit.Visuals;

namespace GanKit.Tests.Visuals;

/// <summary>The augmentation preview grid and the training charts.</summary>
public sealed class TrainingVisualsTests
{
    private static RgbImage Face()
    {
        // A simple asymmetric picture: a dark square in the upper left of a light background.
        var rgb = new byte[32 * 32 * 3];
        for (var y = 0; y < 32; y++)
            for (var x = 0; x < 32; x++)
            {
                var inside = x is >= 4 and < 14 && y is >= 6 and < 16;
                rgb[(y * 32 + x) * 3] = (byte)(inside ? 40 : 220);
                rgb[(y * 32 + x) * 3 + 1] = (byte)(inside ? 60 : 200);
                rgb[(y * 32 + x) * 3 + 2] = (byte)(inside ? 160 : 90);
            }
        return RgbImage.FromRgb(32, 32, rgb);
    }

    [Fact]
    public void PreviewShowsEachPipelineAtEachProbability()
    {
        var image = Face();
        var grid = AugmentPreview.Grid(image, ["blit", "color"], [0.5, 1.0], draws: 3, seed: 1);
        Assert.Equal(2, grid.Rows);
        Assert.Equal(1 + 2 * 3, grid.Columns);
        Assert.Equal(["blit", "color"], grid.RowLabels);
        Assert.Equal("p = 0.5", grid.ColumnLabels![1]);
        Assert.Equal("p = 1", grid.ColumnLabels[4]);
        var cells = grid.Cells;
        // Row by row: the original first; at p = 1 every colour draw changes the picture.
        Assert.True(cells[0]!.Pixels.SequenceEqual(image.Pixels));
        for (var i = 4; i < 7; i++) Assert.False(cells[7 + i]!.Pixels.SequenceEqual(image.Pixels), $"colour draw {i}");
        // Seeded: the same call draws the same pictures.
        var again = AugmentPreview.Grid(image, ["blit", "color"], [0.5, 1.0], draws: 3, seed: 1);
        Assert.All(Enumerable.Range(0, cells.Count), i => Assert.True(cells[i]!.Pixels.SequenceEqual(again.Cells[i]!.Pixels)));
        Assert.Throws<ArgumentException>(() => AugmentPreview.Grid(image, ["nope"]));
    }

    [Fact]
    public void ChartsReadStatsLinesAndPlotPAndRt()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("gankit-charts-").FullName, "stats.jsonl");
        File.WriteAllLines(path,
        [
            """{"tick":1,"kimg":4,"cur_nimg":4000,"loss_G":1.5,"loss_D":1.2,"loss_D_fake":0.6,"loss_D_real":0.6,"pl_mean":0.1,"augment_p":0.01,"r_t":0.7}""",
            """{"tick":2,"kimg":8,"cur_nimg":8000,"loss_G":1.7,"loss_D":1.0,"loss_D_fake":0.5,"loss_D_real":0.5,"pl_mean":0.2,"augment_p":0.02,"r_t":0.65}""",
        ]);
        var ticks = TrainingTickStats.ReadJsonl(path);
        Assert.Equal([4.0, 8.0], ticks.Select(t => t.Kimg));
        Assert.Equal([0.01, 0.02], ticks.Select(t => t.AugmentP!.Value));

        var losses = JsonNode.Parse(TrainingCharts.Losses(ticks).ToJson())!;
        Assert.Equal("G loss", losses["data"]![0]!["name"]!.GetValue<string>());
        Assert.Equal(1.0, losses["data"]![1]!["y"]![1]!.GetValue<double>());

        var ada = JsonNode.Parse(TrainingCharts.Augmentation(ticks, 0.6).ToJson())!;
        Assert.Equal(0.65, ada["data"]![1]!["y"]![1]!.GetValue<double>());
        Assert.Equal("y2", ada["data"]![1]!["yaxis"]!.GetValue<string>());
        Assert.Equal("right", ada["layout"]!["yaxis2"]!["side"]!.GetValue<string>());

        File.AppendAllText(path, "not json\n");
        var error = Assert.Throws<FormatException>(() => TrainingTickStats.ReadJsonl(path));
        Assert.Contains("line 3", error.Message);
    }
}
