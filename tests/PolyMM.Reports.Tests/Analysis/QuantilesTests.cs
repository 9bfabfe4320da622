using PolyMM.Reports.Analysis;

namespace PolyMM.Reports.Tests.Analysis;

public sealed class QuantilesTests
{
    // Expected values are numpy.quantile(x, q) with the default method="linear":
    // h = (n − 1)·q, x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
    [Theory]
    [InlineData(new[] { 1d, 2d, 3d, 4d }, 0.5, 2.5)]   // h = 1.5 → 2 + 0.5·1
    [InlineData(new[] { 1d, 2d, 3d, 4d }, 0.9, 3.7)]   // h = 2.7 → 3 + 0.7·1
    [InlineData(new[] { 1d, 2d, 3d, 4d, 5d }, 0.5, 3d)] // h = 2 exactly
    [InlineData(new[] { 0.02, 0.04 }, 0.95, 0.039)]     // h = 0.95 → 0.02 + 0.95·0.02
    [InlineData(new[] { 7d }, 0.95, 7d)]
    [InlineData(new[] { 1d, 10d }, 1d, 10d)]
    [InlineData(new[] { 1d, 10d }, 0d, 1d)]
    public void Linear_SortedSample_MatchesNumpyLinear(double[] sorted, double q, double expected)
    {
        var actual = Quantiles.Linear(sorted, q);

        Assert.NotNull(actual);
        Assert.Equal(expected, actual.Value, 12);
    }

    [Fact]
    public void Linear_EmptySample_IsNull()
    {
        Assert.Null(Quantiles.Linear([], 0.5));
    }

    [Fact]
    public void From_UnsortedSample_SortsAndSummarises()
    {
        var stats = DistributionStats.From([8d, 2d, 8d, 2d]);

        // sorted 2,2,8,8: mean 5; p50 h=1.5 → 2 + 0.5·6 = 5; p90 h=2.7 → 8; p95 → 8.
        Assert.Equal(new DistributionStats(4, 5d, 5d, 8d, 8d), stats);
    }

    [Fact]
    public void From_EmptySample_CountZeroNullStatistics()
    {
        Assert.Equal(new DistributionStats(0, null, null, null, null), DistributionStats.From([]));
    }
}
