using PolyMM.Core.Market;

namespace PolyMM.Data.Fixtures;

/// <summary>
/// A market of a fixture: its description, the JSONL file that holds its snapshots, and its object in
/// markets.json as written (the local venue serves it back as Gamma would).
/// </summary>
public sealed record FixtureMarket(MarketInfo Info, string SnapshotPath, string RawJson);
