namespace PolyMM.Reports.Analysis;

/// <summary>
/// Deterministic downsampling for charts: the first and last points are kept; the points between are cut
/// into equal-count buckets, and each bucket keeps its minimum and maximum (and, in a series with gaps, its
/// first gap), in their original order. Extremes therefore survive, and so do the gaps of a quote series.
/// </summary>
public static class Downsampler
{
    public static List<T> Downsample<T>(IReadOnlyList<T> points, int maxPoints, Func<T, decimal?> value)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 4);
        if (points.Count <= maxPoints)
        {
            return [.. points];
        }

        var hasGaps = false;
        for (var i = 0; i < points.Count && !hasGaps; i++)
        {
            hasGaps = value(points[i]) is null;
        }

        var perBucket = hasGaps ? 3 : 2;
        var inner = points.Count - 2;
        var buckets = (maxPoints - 2) / perBucket;
        var keep = new List<int>(maxPoints) { 0 };
        for (var b = 0; b < buckets; b++)
        {
            // Bucket b covers inner indexes [start, end): integer arithmetic so the cut is the same everywhere.
            var start = 1 + (int)((long)b * inner / buckets);
            var end = 1 + (int)((long)(b + 1) * inner / buckets);
            int? min = null, max = null, gap = null;
            for (var i = start; i < end; i++)
            {
                if (value(points[i]) is not { } v)
                {
                    gap ??= i;
                    continue;
                }

                if (min is null || v < value(points[min.Value]))
                {
                    min = i;
                }

                if (max is null || v > value(points[max.Value]))
                {
                    max = i;
                }
            }

            foreach (var i in new[] { min, max, gap }.OfType<int>().Distinct().Order())
            {
                keep.Add(i);
            }
        }

        keep.Add(points.Count - 1);
        keep.Sort();
        return [.. keep.Distinct().Select(i => points[i])];
    }
}
