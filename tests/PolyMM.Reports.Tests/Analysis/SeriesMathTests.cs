using PolyMM.Reports.Analysis;

namespace PolyMM.Reports.Tests.Analysis;

public sealed class SeriesMathTests
{
    [Fact]
    public void TimeWeightedAverage_StepSeries_WeighsEachValueByItsDuration()
    {
        // 0 for 8 s, 19.9968 for 2 s, then the last point (no duration): 19.9968·2 / 10 = 3.99936.
        SeriesPoint[] points = [new(0, 0m), new(2_000_000, 0m), new(8_000_000, 19.9968m), new(10_000_000, 1.1808m)];

        Assert.Equal(3.99936m, SeriesMath.TimeWeightedAverage(points));
    }

    [Fact]
    public void TimeWeightedAverage_SingleInstant_IsPlainMean()
    {
        Assert.Equal(2m, SeriesMath.TimeWeightedAverage([new(5, 1m), new(5, 3m)]));
    }

    [Fact]
    public void TimeWeightedAverage_Empty_IsNull()
    {
        Assert.Null(SeriesMath.TimeWeightedAverage([]));
    }

    [Fact]
    public void Variance_Sample_IsPopulationVariance()
    {
        // numpy.var([2, 4, 4, 4, 5, 5, 7, 9]) = 4 (mean 5, Σ(x−5)² = 32, / 8).
        Assert.Equal(4d, SeriesMath.Variance([2d, 4d, 4d, 4d, 5d, 5d, 7d, 9d]));
    }
}
