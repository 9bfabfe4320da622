using PolyMM.Core.Quoting;

namespace PolyMM.Core.Trust;

/// <summary>
/// A fill as stored, for checking: its order, the time the order became live (sent + entry latency; a fill must come
/// strictly later), the fill time, price and size, fee, and the snapshot it filled against (null fields where the store
/// has none). <see cref="FillId"/> and <see cref="OrderShares"/> (the order's size)
/// let the gate refuse a repeated fill id and fills that sum past their order (schema v2 stores both).
/// <see cref="Rebate"/> is the maker rebate the fill accrued (docs/design.md#fees), outside the run's cash.
/// </summary>
public readonly record struct FillFact(
    string OrderId,
    string MarketId,
    Side Side,
    DateTimeOffset LiveAt,
    DateTimeOffset FillAt,
    decimal Price,
    decimal Shares,
    decimal Fee,
    decimal? BestBid,
    decimal? BestAsk,
    decimal? Mid,
    long? FillId = null,
    decimal? OrderShares = null,
    decimal Rebate = 0m)
{
    public decimal Notional => Price * Shares;
}
