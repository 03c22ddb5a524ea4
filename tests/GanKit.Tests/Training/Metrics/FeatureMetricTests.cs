using GanKit.Training.Metrics;

namespace GanKit.Tests.Training.Metrics;

/// <summary>FID, KID and precision/recall against NumPy/SciPy on the committed feature sets (make_fixtures.py).</summary>
public sealed class FeatureMetricTests
{
    private readonly Dictionary<string, Tensor> _f = MetricFixtures.Npz("features_fixture.npz");

    private static FeatureStatistics Stats(Tensor x, int batch = 64, bool keep = false)
    {
        var s = new FeatureStatistics(keep);
        for (long i = 0; i < x.shape[0]; i += batch) s.Add(x.narrow(0, i, Math.Min(batch, x.shape[0] - i)));
        return s;
    }

    private static void Relative(double expected, double actual, double tolerance, string what) =>
        Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Abs(expected), $"{what}: GanKit {actual}, NumPy/SciPy {expected}");

    [Fact]
    public void Streaming_mean_and_covariance_match_numpy()
    {
        var x = _f["real"].to(ScalarType.Float64);
        using var s = Stats(_f["real"], batch: 37);
        var mean = x.mean([0L]);
        var centered = x - mean;
        var cov = centered.t().mm(centered) / x.shape[0];
        Assert.Equal(300, s.Count);
        var m = s.Mean();
        var c = s.Covariance();
        for (var i = 0; i < 32; i++)
        {
            Assert.Equal(mean[i].item<double>(), m[i], 1e-9);
            for (var j = 0; j < 32; j++) Assert.Equal(cov[i, j].item<double>(), c[i, j], 1e-9);
        }
    }

    [Fact]
    public void Fid_matches_scipy_sqrtm_within_1e_3_relative()
    {
        using var a = Stats(_f["real"]);
        using var b = Stats(_f["gen"]);
        Relative(_f["fid"].item<double>(), Fid.Compute(a, b), 1e-3, "FID");
        Relative(_f["fid"].item<double>(), Fid.Compute(b, a), 1e-3, "FID (swapped)");
    }

    [Fact]
    public void Fid_of_a_set_against_itself_is_below_1e_3()
    {
        using var a = Stats(_f["real"]);
        using var b = Stats(_f["real"], batch: 300);
        Assert.InRange(Fid.Compute(a, b), -1e-3, 1e-3);
        Assert.True(Math.Abs(_f["fid_self"].item<double>()) < 1e-3);
    }

    [Fact]
    public void Fid_stays_finite_with_singular_covariances()
    {
        // 10 points in 32 dimensions: rank-deficient covariances, where sqrtm of the product is ill-conditioned.
        using var a = Stats(_f["real"].narrow(0, 0, 10));
        using var b = Stats(_f["gen"].narrow(0, 0, 10));
        var fid = Fid.Compute(a, b);
        Assert.True(double.IsFinite(fid) && fid > 0, $"FID {fid}");
    }

    [Fact]
    public void Kid_matches_numpy_on_the_same_subsets_within_1e_3_relative()
    {
        var gi = _f["kid_gen_idx"];
        var ri = _f["kid_real_idx"];
        var gen = Enumerable.Range(0, (int)gi.shape[0]).Select(s => gi[s].data<int>().ToArray()).ToArray();
        var real = Enumerable.Range(0, (int)ri.shape[0]).Select(s => ri[s].data<int>().ToArray()).ToArray();
        Relative(_f["kid"].item<double>(), Kid.Compute(_f["real"], _f["gen"], real, gen), 1e-3, "KID");
    }

    [Fact]
    public void Kid_with_its_own_subsets_is_close_and_near_zero_for_one_distribution()
    {
        var kid = Kid.Compute(_f["real"], _f["gen"], subsets: 50, maxSubsetSize: 100, seed: 1);
        Relative(_f["kid"].item<double>(), kid, 0.25, "KID over other random subsets");
        Assert.Equal(kid, Kid.Compute(_f["real"], _f["gen"], subsets: 50, maxSubsetSize: 100, seed: 1));
        var halves = Kid.Compute(_f["real"].narrow(0, 0, 150), _f["real"].narrow(0, 150, 150), subsets: 50, maxSubsetSize: 100);
        Assert.True(Math.Abs(halves) < 0.1 * kid, $"KID between halves of one set {halves}, between the sets {kid}");
    }

    [Fact]
    public void Precision_recall_match_numpy_knn()
    {
        var (p, r) = PrecisionRecall.Compute(_f["real"], _f["gen"], k: 3, rowBatch: 50);
        Assert.Equal(_f["precision"].item<double>(), p, 12);
        Assert.Equal(_f["recall"].item<double>(), r, 12);
    }

    [Fact]
    public void Precision_recall_of_identical_sets_is_one_and_one()
    {
        var (p, r) = PrecisionRecall.Compute(_f["gen"], _f["gen"].clone());
        Assert.Equal(1.0, p);
        Assert.Equal(1.0, r);
    }

    [Fact]
    public void Statistics_round_trip_through_npz()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("gankit-stats-").FullName, "s.npz");
        using var a = Stats(_f["gen"], keep: true);
        a.Save(path);
        using var b = FeatureStatistics.Load(path);
        Assert.Equal(a.Count, b.Count);
        Assert.Equal(a.Mean(), b.Mean());
        Assert.True(b.KeepsFeatures);
        Assert.True(a.Features().eq(b.Features()).all().item<bool>());
        Assert.Equal(0.0, Fid.Compute(a, b), 9);
    }
}
