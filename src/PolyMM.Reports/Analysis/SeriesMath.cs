namespace PolyMM.Reports.Analysis;

/// <summary>Statistics over time series of the ledger (ticks): time-weighted mean, drawdown, variance.</summary>
public static class SeriesMath
{
    /// <summary>
    /// Mean of a step function: each value holds from its time until the next point's (the last point has no
    /// duration). A series spanning no time (one point, or all at one instant) is the plain mean. Null when empty.
    /// </summary>
    public static decimal? TimeWeightedAverage(IReadOnlyList<SeriesPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0)
        {
            return null;
        }

        var span = points[^1].Micros - points[0].Micros;
        if (span <= 0)
        {
            return points.Average(p => p.Value ?? 0m);
        }

        var area = 0m;
        for (var i = 0; i + 1 < points.Count; i++)
        {
            area += (points[i].Value ?? 0m) * (points[i + 1].Micros - points[i].Micros);
        }

        return area / span;
    }

    /// <summary>Population variance (numpy <c>var</c>, ddof 0); null when empty.</summary>
    public static double? Variance(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return null;
        }

        var mean = values.Average();
        var sum = 0d;
        foreach (var v in values)
        {
            sum += (v - mean) * (v - mean);
        }

        return sum / values.Count;
    }
}
