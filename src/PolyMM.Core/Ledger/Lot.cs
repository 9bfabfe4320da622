namespace PolyMM.Core.Ledger;

/// <summary>
/// An open position bought in one fill. <see cref="Shares"/> shrinks as sells close it FIFO;
/// the cost basis is always shares × entry price.
/// </summary>
public sealed class Lot(long id, int marketIndex, DateTimeOffset openedAt, decimal shares, decimal entryPrice, decimal entryFee, string entryPriceSource)
{
    public long Id { get; private set; } = id;
    public int MarketIndex { get; private set; } = marketIndex;
    public DateTimeOffset OpenedAt { get; private set; } = openedAt;
    public decimal Shares { get; internal set; } = shares;
    public decimal EntryPrice { get; private set; } = entryPrice;

    /// <summary>The fee of the buy that opened the lot (stays with this lot id when a sell splits it).</summary>
    public decimal EntryFee { get; private set; } = entryFee;

    public string EntryPriceSource { get; private set; } = entryPriceSource;

    public decimal CostBasis => Shares * EntryPrice;

    /// <summary>
    /// A closed lot's object opened again as a new lot (the portfolio pools them; docs/design.md#performance-notes). Only
    /// the portfolio calls it, and only for a lot no longer in any market's queue.
    /// </summary>
    internal Lot Reopen(long id, int marketIndex, DateTimeOffset openedAt, decimal shares, decimal entryPrice, decimal entryFee, string entryPriceSource)
    {
        Id = id;
        MarketIndex = marketIndex;
        OpenedAt = openedAt;
        Shares = shares;
        EntryPrice = entryPrice;
        EntryFee = entryFee;
        EntryPriceSource = entryPriceSource;
        return this;
    }
}
