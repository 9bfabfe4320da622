namespace PolyMM.Reports.Analysis;

/// <summary>
/// Quantiles by linear interpolation between order statistics: numpy's default (<c>method="linear"</c>),
/// h = (n − 1)·q, x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
/// </summary>
public static class Quantiles
{
    /// <summary>The q-quantile of ascending <paramref name="sorted"/>; null when it is empty.</summary>
    public static double? Linear(IReadOnlyList<double> sorted, double q)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        ArgumentOutOfRangeException.ThrowIfLessThan(q, 0d);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(q, 1d);
        if (sorted.Count == 0)
        {
            return null;
        }

        var h = (sorted.Count - 1) * q;
        var lo = (int)Math.Floor(h);
        if (lo >= sorted.Count - 1)
        {
            return sorted[^1];
        }

        return sorted[lo] + ((h - lo) * (sorted[lo + 1] - sorted[lo]));
    }
}
