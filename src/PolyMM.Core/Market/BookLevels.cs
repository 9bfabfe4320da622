namespace PolyMM.Core.Market;

/// <summary>
/// Every level of both sides of one token's book, as a <see cref="MarketEventKind.BookSnapshot"/> carries it. Order
/// within each array is free (the venue sends bids ascending); <see cref="OrderBook.ApplySnapshot"/> sorts.
/// </summary>
public sealed class BookLevels(PriceLevel[] bids, PriceLevel[] asks)
{
    public PriceLevel[] Bids { get; } = bids;
    public PriceLevel[] Asks { get; } = asks;
}
