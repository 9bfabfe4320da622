using PolyMM.Core.Market;

namespace PolyMM.Ledger.Sqlite;

/// <summary>What the <c>runs</c> row records when a run starts: enough to reproduce it from the database alone.</summary>
public sealed record RunStart(
    string RunId,
    string RunTag,
    string DataMode,
    string ParamsJson,
    DateTimeOffset StartedAt,
    string ToolVersion,
    decimal Bankroll,
    IReadOnlyList<MarketInfo> Markets);
