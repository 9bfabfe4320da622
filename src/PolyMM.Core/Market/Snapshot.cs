namespace PolyMM.Core.Market;

/// <summary>
/// One market's YES-token top of book at one event time (docs/design.md#market-data). Prices are probabilities in [0,1],
/// depths are shares. A null field means the source did not have it. <see cref="MidPrice"/> is the mid
/// the source stated; validation checks it against (bid+ask)/2. <see cref="LastTradeTs"/>,
/// <see cref="LastTradeSize"/> and <see cref="LastTradeSide"/> (taker side) describe the print behind
/// <see cref="LastTradePrice"/> when the source has them (docs/design.md#fill-models: a trade time decides
/// whether a print happened after an order became live).
/// </summary>
public readonly record struct Snapshot(
    DateTimeOffset Ts,
    decimal? BestBid,
    decimal? BestAsk,
    decimal? MidPrice,
    decimal? DepthBid1,
    decimal? DepthAsk1,
    decimal? LastTradePrice,
    BookSource BookSource = BookSource.Clob,
    DateTimeOffset? LastTradeTs = null,
    decimal? LastTradeSize = null,
    Quoting.Side? LastTradeSide = null)
{
    /// <summary>(ask − bid) / mid, or null when either side or the mid is missing or the mid is zero.</summary>
    public decimal? SpreadPct =>
        BestBid is { } b && BestAsk is { } a && (a + b) / 2m is var m && m != 0m ? (a - b) / m : null;
}
