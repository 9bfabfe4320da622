using PolyMM.Core.Orders;
using PolyMM.Core.Quoting;

namespace PolyMM.Core.Economics;

/// <summary>One fill as markouts see it: event time, side, price and shares.</summary>
public readonly record struct MarkoutFill(DateTimeOffset Ts, Side Side, decimal Price, decimal Shares);

/// <summary>
/// A fill's markouts (docs/design.md#markouts): the mark at the fill and at each horizon after it, and the signed
/// per-share differences. <see cref="SpreadCapture"/> is side × (mark at fill − price); <see cref="PerShare"/>[i] is
/// side × (mark at fill + horizon i − price), side being +1 for a buy and −1 for a sell. Null where the mark is unknown
/// (no mark yet, or the horizon lies past the end of the series).
/// </summary>
public sealed record FillMarkouts(MarkoutFill Fill, decimal? MarkAtFill, decimal? SpreadCapture, IReadOnlyList<decimal?> PerShare)
{
    /// <summary>The markout at horizon <paramref name="i"/> in USD: per share × shares.</summary>
    public decimal? Usd(int i) => PerShare[i] * Fill.Shares;
}

/// <summary>
/// Markouts of fills against a mark series in event time (docs/design.md#markouts). The mark at time t is the last
/// sample at or before t (marks are sampled whenever they change, so a gap means the mark held).
/// </summary>
public static class Markouts
{
    /// <summary>+1 s, +10 s, +60 s and +300 s of event time.</summary>
    public static readonly IReadOnlyList<TimeSpan> DefaultHorizons =
        [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(300)];

    /// <summary>The mark at <paramref name="t"/>: the last of <paramref name="marks"/> (sorted by time) at or before it, or null.</summary>
    public static decimal? MarkAt(IReadOnlyList<MarkSample> marks, DateTimeOffset t)
    {
        ArgumentNullException.ThrowIfNull(marks);
        int lo = 0, hi = marks.Count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (marks[mid].Ts <= t)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found >= 0 ? marks[found].Mark : null;
    }

    /// <summary>
    /// Every fill's markouts at <paramref name="horizons"/> against one market's <paramref name="marks"/> (sorted by
    /// time). A horizon past <paramref name="seriesEnd"/> (the last event time the data covers; by default the last
    /// mark's) is unknown: the mark could have moved after the data ends.
    /// </summary>
    public static IReadOnlyList<FillMarkouts> Compute(
        IReadOnlyList<MarkoutFill> fills, IReadOnlyList<MarkSample> marks, IReadOnlyList<TimeSpan> horizons, DateTimeOffset? seriesEnd = null)
    {
        ArgumentNullException.ThrowIfNull(fills);
        ArgumentNullException.ThrowIfNull(marks);
        ArgumentNullException.ThrowIfNull(horizons);
        for (var i = 1; i < marks.Count; i++)
        {
            if (marks[i].Ts < marks[i - 1].Ts)
            {
                throw new ArgumentException($"marks must be sorted by time (sample {i} is earlier than sample {i - 1})", nameof(marks));
            }
        }

        var end = seriesEnd ?? (marks.Count > 0 ? marks[^1].Ts : DateTimeOffset.MinValue);
        var result = new FillMarkouts[fills.Count];
        for (var f = 0; f < fills.Count; f++)
        {
            result[f] = ComputeOne(fills[f], marks, horizons, end);
        }

        return result;
    }

    /// <summary>
    /// One fill's markouts, as <see cref="Compute"/> does, for a caller that streams fills: <paramref name="marks"/> must
    /// already be sorted by time (not checked here), <paramref name="seriesEnd"/> is the last event time the data covers.
    /// </summary>
    public static FillMarkouts ComputeOne(MarkoutFill fill, IReadOnlyList<MarkSample> marks, IReadOnlyList<TimeSpan> horizons, DateTimeOffset seriesEnd)
    {
        ArgumentNullException.ThrowIfNull(marks);
        ArgumentNullException.ThrowIfNull(horizons);
        var sign = fill.Side == Side.Buy ? 1m : -1m;
        var atFill = MarkAt(marks, fill.Ts);
        var perShare = new decimal?[horizons.Count];
        for (var h = 0; h < horizons.Count; h++)
        {
            var t = fill.Ts + horizons[h];
            perShare[h] = t <= seriesEnd && MarkAt(marks, t) is { } mark ? sign * (mark - fill.Price) : null;
        }

        return new FillMarkouts(fill, atFill, atFill is { } m0 ? sign * (m0 - fill.Price) : null, perShare);
    }

    /// <summary>The share-weighted mean per-share markout at horizon <paramref name="i"/> over the fills where it is known; null if none.</summary>
    public static decimal? MeanPerShare(IEnumerable<FillMarkouts> markouts, int i)
    {
        ArgumentNullException.ThrowIfNull(markouts);
        decimal usd = 0m, shares = 0m;
        foreach (var m in markouts)
        {
            if (m.PerShare[i] is { } v)
            {
                usd += v * m.Fill.Shares;
                shares += m.Fill.Shares;
            }
        }

        return shares > 0m ? usd / shares : null;
    }
}
