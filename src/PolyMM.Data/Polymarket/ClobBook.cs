namespace PolyMM.Data.Polymarket;

/// <summary>
/// A CLOB order book for one token, levels kept in wire order. The venue sends bids ascending and asks
/// descending (best level LAST, docs/design.md#polymarket-wire-facts), and its docs claim the opposite, so the best levels are
/// computed by price — max bid, min ask — and never taken by position.
/// </summary>
public sealed record ClobBook(
    string TokenId,
    string? Market,
    DateTimeOffset? Timestamp,
    IReadOnlyList<BookLevel> Bids,
    IReadOnlyList<BookLevel> Asks,
    decimal? LastTradePrice,
    decimal? TickSize,
    string Raw)
{
    public BookLevel? BestBid => Bids.Count == 0 ? null : Bids.MaxBy(l => l.Price);

    public BookLevel? BestAsk => Asks.Count == 0 ? null : Asks.MinBy(l => l.Price);
}
