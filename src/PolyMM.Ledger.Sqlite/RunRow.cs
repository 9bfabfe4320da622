namespace PolyMM.Ledger.Sqlite;

/// <summary>A <c>runs</c> row as read back.</summary>
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
