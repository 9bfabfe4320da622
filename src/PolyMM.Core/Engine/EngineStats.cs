namespace PolyMM.Core.Engine;

/// <summary>Counters of one run, by kind. Keys are the reason codes of docs/design.md#snapshot-validation and docs/design.md#quoting.</summary>
public sealed class EngineStats
{
    public long Snapshots { get; internal set; }
    public long Orders { get; internal set; }
    public long Fills { get; internal set; }
    public long FillEvaluations { get; internal set; }
    public SortedDictionary<string, long> PauseReasons { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, long> InvalidSnapshots { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, long> FetchErrors { get; } = new(StringComparer.Ordinal);

    /// <summary>Largest committed exposure (open cost + resting-bid notional) seen, whole run.</summary>
    public decimal MaxCommitted { get; internal set; }

    internal static void Count(SortedDictionary<string, long> counts, string key, long n = 1) =>
        counts[key] = counts.GetValueOrDefault(key) + n;

    public void CountFetchError(string kind, long n = 1) => Count(FetchErrors, kind, n);
}
