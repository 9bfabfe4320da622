using PolyMM.Core.Economics;

namespace PolyMM.Reports.Analysis;

/// <summary>
/// The markouts of every fill of a run (docs/analysis.md#markouts), at <see cref="HorizonsSec"/>, for the run and for
/// each market in run order.
/// </summary>
public sealed record MarkoutSection(IReadOnlyList<int> HorizonsSec, MarkoutStats Run, IReadOnlyList<MarkoutStats> ByMarket);

/// <summary>
/// Markouts of a set of fills per horizon: how many fills have the horizon known, the share-weighted mean per share
/// (rounded to 10 decimals) and the total in USD over those fills; null where no fill is known.
/// </summary>
public sealed record MarkoutStats(string? MarketId, long Fills, IReadOnlyList<long> Known, IReadOnlyList<decimal?> MeanPerShare, IReadOnlyList<decimal?> TotalUsd)
{
    public static MarkoutStats From(string? marketId, IReadOnlyCollection<FillMarkouts> markouts, int horizons)
    {
        ArgumentNullException.ThrowIfNull(markouts);
        var known = new long[horizons];
        var mean = new decimal?[horizons];
        var total = new decimal?[horizons];
        for (var h = 0; h < horizons; h++)
        {
            decimal usd = 0m, shares = 0m;
            foreach (var m in markouts)
            {
                if (m.PerShare[h] is { } v)
                {
                    known[h]++;
                    usd += v * m.Fill.Shares;
                    shares += m.Fill.Shares;
                }
            }

            mean[h] = shares > 0m ? Math.Round(usd / shares, 10, MidpointRounding.ToEven) : null;
            total[h] = known[h] > 0 ? usd : null;
        }

        return new MarkoutStats(marketId, markouts.Count, known, mean, total);
    }
}
