namespace PolyMM.Core.Trust;

/// <summary>A stored lot row, for checking closed-lot arithmetic and open value.</summary>
public readonly record struct LotFact(
    long Id,
    string MarketId,
    decimal Shares,
    decimal EntryPrice,
    bool Closed,
    decimal? ExitPrice,
    decimal? Proceeds,
    decimal? RealizedPnl,
    decimal? CurrentPrice);
