using PolyMM.Reports.Analysis;

namespace PolyMM.Reports.Tests.Analysis;

public sealed class DownsamplerTests
{
    [Fact]
    public void Downsample_ShortSeries_ReturnedUnchanged()
    {
        SeriesPoint[] points = [new(1, 1m), new(2, null), new(3, 2m)];

        Assert.Equal(points, Downsampler.Downsample(points, 10, p => p.Value));
    }

    [Fact]
    public void Downsample_LongSeries_KeepsFirstLastAndExtremesWithinLimitInOrder()
    {
        var points = Enumerable.Range(0, 100_000).Select(i => new SeriesPoint(i, (decimal)Math.Sin(i / 1000d))).ToList();
        points[31_337] = new SeriesPoint(31_337, 5m);
        points[77_777] = new SeriesPoint(77_777, -5m);

        var result = Downsampler.Downsample(points, 1000, p => p.Value);

        Assert.InRange(result.Count, 900, 1000);
        Assert.Equal(points[0], result[0]);
        Assert.Equal(points[^1], result[^1]);
        Assert.Contains(points[31_337], result);
        Assert.Contains(points[77_777], result);
        Assert.Equal(result.OrderBy(p => p.Micros), result);
    }

    [Fact]
    public void Downsample_SeriesWithGaps_KeepsAGapInEveryBucketThatHasOne()
    {
        // A quote series: a price, then a gap every 10th point.
        var points = Enumerable.Range(0, 10_000).Select(i => new SeriesPoint(i, i % 10 == 9 ? null : 0.5m + (i % 7 * 0.01m))).ToList();

        var result = Downsampler.Downsample(points, 500, p => p.Value);

        Assert.True(result.Count <= 500);
        Assert.True(result.Count(p => p.Value is null) >= 150);
    }

    [Fact]
    public void Downsample_SameInput_SameOutput()
    {
        var points = Enumerable.Range(0, 5000).Select(i => new SeriesPoint(i, i * 7919 % 1000)).ToList();

        Assert.Equal(Downsampler.Downsample(points, 300, p => p.Value), Downsampler.Downsample(points, 300, p => p.Value));
    }
}
