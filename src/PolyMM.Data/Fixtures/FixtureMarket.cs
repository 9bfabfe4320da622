using PolyMM.Core.Market;
using PolyMM.Data.Polymarket;

namespace PolyMM.Data.Fixtures;

/// <summary>
/// A market of a fixture: its description, the JSONL file that holds its snapshots, and its object in
/// markets.json as written (the local venue serves it back as Gamma would). <see cref="Economics"/> holds the reward
/// terms and fee schedule the object states in Gamma's shape (docs/design.md#fixture-format), or why they are unusable.
/// </summary>
public sealed record FixtureMarket(MarketInfo Info, string SnapshotPath, string RawJson, MarketEconomics? Economics = null);
