using PolyMM.Core.Ledger;
using PolyMM.Core.Orders;
using PolyMM.Core.Quoting;

namespace PolyMM.Core.Trust;

/// <summary>
/// Replays fills in fill-time order through a <see cref="Portfolio"/> — the one FIFO of the product — and reports what the
/// engine must never allow: selling more than held, a fill id booked twice, and cost-basis exposure above the per-market
/// or total cap at any point. One implementation serves the post-run trust gate and <c>mm check</c>'s CSV replay, so
/// both count exposure exactly as the engine does (cost basis of open lots).
/// </summary>
public sealed class InventoryReplay(decimal maxExposureUsd, decimal maxPerMarketExposureUsd)
{
    private readonly Dictionary<string, int> _marketIndex = new(StringComparer.Ordinal);
    private readonly Portfolio _portfolio = new(0m, 0);
    private long _nextFillId = long.MinValue;

    public decimal MaxTotal { get; private set; }

    public Dictionary<string, decimal> MaxByMarket { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Orders fills as the engine applied them: by fill time, buys before sells at the same instant
    /// (the engine evaluates a market's bid before its ask), then by order id.
    /// </summary>
    public static IEnumerable<T> InEngineOrder<T>(IEnumerable<T> fills, Func<T, DateTimeOffset> at, Func<T, Side> side, Func<T, string> id) =>
        fills.OrderBy(at).ThenBy(f => side(f)).ThenBy(id, StringComparer.Ordinal);

    /// <summary>
    /// Applies one fill; returns the first violation it causes, or null. <paramref name="fillId"/> is the stored fill id
    /// when the ledger has one (a repeated id is refused); without one each call is a new fill.
    /// </summary>
    public GateIssue? Apply(string orderId, string market, Side side, decimal shares, decimal price, long? fillId = null)
    {
        if (!_marketIndex.TryGetValue(market, out var index))
        {
            index = _portfolio.AddMarket();
            _marketIndex[market] = index;
        }

        var fill = new FillRecord(fillId ?? _nextFillId++, 0, index, side, default, shares, price, 0m, true, "limit", string.Empty, default, default, null);
        var applied = _portfolio.Apply(fill);
        switch (applied.Refusal)
        {
            case FillRefusal.DuplicateFillId:
                return new GateIssue(OrderReasons.DuplicateFillId, $"fill {fillId} of {orderId} in {market} was already booked", orderId);
            case FillRefusal.ExceedsHeld:
                return new GateIssue("negative_inventory",
                    $"sell {orderId} of {shares} shares in {market} exceeds the shares held by {shares - _portfolio.SharesHeld(index)}", orderId);
        }

        var cost = _portfolio.OpenCostOf(index);
        if (cost > MaxByMarket.GetValueOrDefault(market))
        {
            MaxByMarket[market] = cost;
        }

        var total = _portfolio.OpenCost;
        MaxTotal = Math.Max(MaxTotal, total);
        if (cost > maxPerMarketExposureUsd)
        {
            return new GateIssue("per_market_exposure_exceeded", $"exposure in {market} reached {cost} > cap {maxPerMarketExposureUsd} at {orderId}", orderId);
        }

        return total > maxExposureUsd
            ? new GateIssue("total_exposure_exceeded", $"total exposure reached {total} > cap {maxExposureUsd} at {orderId}", orderId)
            : null;
    }
}
