namespace PolyMM.Core.Engine;

/// <summary>Counters of one run, by kind. Keys are the reason codes of docs/design.md#snapshot-validation and docs/design.md#quoting.</summary>
public sealed class EngineStats
{
    public long Snapshots { get; internal set; }
    public long Orders { get; internal set; }
    public long Fills { get; internal set; }
    public long FillEvaluations { get; internal set; }

    /// <summary>Market events of every kind the engine processed (top-of-book rows are also counted in <see cref="Snapshots"/>).</summary>
    public long MarketEvents { get; internal set; }

    /// <summary>Orders the venue rejected, by reason (e.g. <c>post_only_would_cross</c>).</summary>
    public SortedDictionary<string, long> Rejections { get; } = new(StringComparer.Ordinal);

    /// <summary>Events the feed or the engine could not use, by reason (e.g. an unknown event kind): counted and skipped.</summary>
    public SortedDictionary<string, long> SkippedEvents { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Order events the engine refused, each naming its order (docs/design.md#order-lifecycle): for an unknown order, a fill
    /// larger than the order's remainder, a repeated fill id. Never fixed silently; any entry fails the run's trust gate.
    /// </summary>
    public List<Trust.GateIssue> Integrity { get; } = [];
    public SortedDictionary<string, long> PauseReasons { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, long> InvalidSnapshots { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, long> FetchErrors { get; } = new(StringComparer.Ordinal);

    /// <summary>Largest committed exposure (open cost + resting-bid notional) seen, whole run.</summary>
    public decimal MaxCommitted { get; internal set; }

    internal static void Count(SortedDictionary<string, long> counts, string key, long n = 1) =>
        counts[key] = counts.GetValueOrDefault(key) + n;

    public void CountFetchError(string kind, long n = 1) => Count(FetchErrors, kind, n);
}
