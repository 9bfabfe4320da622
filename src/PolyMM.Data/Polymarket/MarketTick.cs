using PolyMM.Core.Market;

namespace PolyMM.Data.Polymarket;

/// <summary>
/// One market's snapshot for one tick, with the raw bodies it was built from (what the recorder keeps) and the
/// client's receive time.
/// </summary>
public sealed record MarketTick(string MarketId, Snapshot Snapshot, string? RawBook, string? RawLastTrade, DateTimeOffset ReceivedAt);
