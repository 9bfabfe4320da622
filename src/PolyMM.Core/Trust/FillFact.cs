using PolyMM.Core.Quoting;

namespace PolyMM.Core.Trust;

/// <summary>
/// A fill as stored, for checking: its order, times, price and size, fee, and the snapshot it filled
/// against (null fields where the store has none).
/// </summary>
public readonly record struct FillFact(
    string OrderId,
    string MarketId,
    Side Side,
    DateTimeOffset SentAt,
    DateTimeOffset FillAt,
    decimal Price,
    decimal Shares,
    decimal Fee,
    decimal? BestBid,
    decimal? BestAsk,
    decimal? Mid)
{
    public decimal Notional => Price * Shares;
}
