namespace PolyMM.Core.Ledger;

/// <summary>
/// An open position bought in one fill. <see cref="Shares"/> shrinks as sells close it FIFO;
/// the cost basis is always shares × entry price.
/// </summary>
public sealed class Lot(long id, int marketIndex, DateTimeOffset openedAt, decimal shares, decimal entryPrice, decimal entryFee, string entryPriceSource)
{
    public long Id { get; } = id;
    public int MarketIndex { get; } = marketIndex;
    public DateTimeOffset OpenedAt { get; } = openedAt;
    public decimal Shares { get; internal set; } = shares;
    public decimal EntryPrice { get; } = entryPrice;

    /// <summary>The fee of the buy that opened the lot (stays with this lot id when a sell splits it).</summary>
    public decimal EntryFee { get; } = entryFee;

    public string EntryPriceSource { get; } = entryPriceSource;

    public decimal CostBasis => Shares * EntryPrice;
}
