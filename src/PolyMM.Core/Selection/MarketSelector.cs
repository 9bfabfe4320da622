using PolyMM.Core.Market;

namespace PolyMM.Core.Selection;

/// <summary>
/// Selection (docs/design.md#tiers-and-selection): a non-empty whitelist replaces automatic selection (in its own order, truncated
/// to the market count); otherwise binary markets whose first snapshot is tier A, sorted by id.
/// </summary>
public static class MarketSelector
{
    /// <summary>The fact only; the command that selected adds the advice that fits its data source.</summary>
    public const string NoMarketsMessage = "No markets selected (whitelist empty and no Tier-A markets found)";

    /// <summary>Selected candidates, or an error message (unknown whitelist id, or nothing selectable).</summary>
    public static SelectionResult<T> Select<T>(
        IReadOnlyList<T> candidates,
        Func<T, MarketInfo> info,
        Func<T, Snapshot?> firstSnapshot,
        IReadOnlyList<string> whitelist,
        int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (whitelist.Count > 0)
        {
            var byId = new Dictionary<string, T>(StringComparer.Ordinal);
            foreach (var c in candidates)
            {
                byId.TryAdd(info(c).Id, c);
            }

            var chosen = new List<T>();
            foreach (var id in whitelist.Distinct(StringComparer.Ordinal))
            {
                if (!byId.TryGetValue(id, out var c))
                {
                    return SelectionResult<T>.Fail($"whitelist id '{id}' is not among the available markets");
                }

                if (chosen.Count < count)
                {
                    chosen.Add(c);
                }
            }

            return SelectionResult<T>.Ok(chosen);
        }

        var auto = candidates
            .Where(c => info(c).IsBinary)
            .OrderBy(c => info(c).Id, StringComparer.Ordinal)
            .Where(c => firstSnapshot(c) is { } s && LiquidityTiers.Classify(s) == LiquidityTier.A)
            .Take(count)
            .ToList();
        return auto.Count == 0 ? SelectionResult<T>.Fail(NoMarketsMessage) : SelectionResult<T>.Ok(auto);
    }
}
