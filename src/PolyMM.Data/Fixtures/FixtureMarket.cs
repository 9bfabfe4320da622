using PolyMM.Core.Market;

namespace PolyMM.Data.Fixtures;

/// <summary>A market of a fixture: its description and the JSONL file that holds its snapshots.</summary>
public sealed record FixtureMarket(MarketInfo Info, string SnapshotPath);
