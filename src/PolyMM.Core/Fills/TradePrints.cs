using PolyMM.Core.Market;
using PolyMM.Core.Quoting;

namespace PolyMM.Core.Fills;

/// <summary>
/// When a top-of-book row's last trade price is evidence of a trade after an order became live
/// (docs/design.md#fill-models). A row that carries <c>last_trade_ts</c> answers by time: the print counts
/// when it is strictly later than the order's live time. Without a trade time a print counts only when
/// the last trade price differs from the previous row of that market; an unchanged price is the same
/// old print seen again (a repeated trade at the same price cannot be told apart and is not counted).
/// </summary>
public static class TradePrints
{
    /// <summary>Whether <paramref name="snapshot"/>'s print happened after <paramref name="liveAt"/>.</summary>
    public static bool IsNewSince(in Snapshot snapshot, DateTimeOffset liveAt, decimal? previousLastTradePrice)
    {
        if (snapshot.LastTradePrice is not { } ltp)
        {
            return false;
        }

        return snapshot.LastTradeTs is { } tradedAt ? tradedAt > liveAt : previousLastTradePrice != ltp;
    }

    /// <summary>A buy is traded through by a print strictly below its limit, a sell by one strictly above.</summary>
    public static bool TradesThrough(Side side, decimal limitPrice, decimal print) =>
        side == Side.Buy ? print < limitPrice : print > limitPrice;
}
