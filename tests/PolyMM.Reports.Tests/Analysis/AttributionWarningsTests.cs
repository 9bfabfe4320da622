using System.Text.Json;
using PolyMM.Reports.Analysis;

namespace PolyMM.Reports.Tests.Analysis;

public sealed class AttributionWarningsTests
{
    private static RiskSection Risk(double? sharpe = 1.5) =>
        new(0.01, 100m, "max_committed_usd", 0.1, 10, sharpe, null, new DrawdownStats(0d, 0d, 0d), 3, 1d, null, 200m);

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static readonly JsonElement NoStats = Json("""{"snapshots": 100, "pause_reasons": {}}""");
    private static readonly JsonElement MmParams = Json("""{"k_ticks": 2}""");

    [Fact]
    public void Warnings_PlausibleRun_None()
    {
        Assert.Empty(AttributionAnalysis.Warnings(Risk(), fills: 40, buys: 20, sells: 20, NoStats, MmParams));
    }

    [Theory]
    [InlineData(10.5, true)]
    [InlineData(10.0, false)]
    public void Warnings_SharpeAboveTen_Warns(double sharpe, bool warns)
    {
        var w = AttributionAnalysis.Warnings(Risk(sharpe), 40, 20, 20, NoStats, MmParams);

        Assert.Equal(warns, w.Any(x => x.StartsWith("implausible Sharpe > 10", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(5, true)]
    [InlineData(1, true)]
    [InlineData(6, false)]
    [InlineData(0, false)]
    public void Warnings_FiveOrFewerFills_Warns(long fills, bool warns)
    {
        var w = AttributionAnalysis.Warnings(Risk(), fills, fills, 0, NoStats, MmParams);

        Assert.Equal(warns, w.Contains($"profit and loss rest on {fills} fill(s) (5 or fewer); too few to judge the strategy"));
    }

    [Theory]
    [InlineData(51, true)]
    [InlineData(50, false)]
    public void Warnings_CapBlockedMostSnapshots_Warns(long capped, bool warns)
    {
        var stats = Json($$$"""{"snapshots": 100, "pause_reasons": {"exposure_cap": {{{capped}}}}}""");

        var w = AttributionAnalysis.Warnings(Risk(), 40, 20, 20, stats, MmParams);

        Assert.Equal(warns, w.Contains($"exposure cap blocked the bid on {capped} of 100 snapshots (> 50%); the run measures the cap more than the strategy"));
    }

    [Fact]
    public void Warnings_NoCapCounters_NoCapWarning()
    {
        var w = AttributionAnalysis.Warnings(Risk(), 40, 20, 20, Json("{}"), MmParams);

        Assert.DoesNotContain(w, x => x.StartsWith("exposure cap", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"k_ticks": 0}""", 0, true)]
    [InlineData("""{"k_ticks": 0}""", 1, false)]
    [InlineData("""{"k_ticks": 2}""", 0, false)]
    public void Warnings_BaselineThatNeverSells_Warns(string parameters, long sells, bool warns)
    {
        var w = AttributionAnalysis.Warnings(Risk(), 12 + sells, 12, sells, NoStats, Json(parameters));

        Assert.Equal(warns, w.Contains("baseline (k_ticks = 0) bought 12 time(s) and never sold; its result is marked inventory, not captured spread"));
    }
}
