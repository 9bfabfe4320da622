namespace PolyMM.Core.Ledger;

/// <summary>A <c>runs</c> row of the ledger as read back (docs/data-dictionary.md#runs).</summary>
public sealed record RunRow(
    string RunId,
    long RunKey,
    string RunTag,
    string Status,
    string DataMode,
    string ParamsJson,
    string StartedAt,
    string? EndedAt,
    long Fills,
    long Orders,
    string ToolVersion,
    decimal Bankroll,
    long Snapshots,
    string? EventStart,
    string? EventEnd,
    string? StopReason,
    string StatsJson);
