using PolyMM.Core.Quoting;

namespace PolyMM.Core.Trust;

/// <summary>
/// Replays fills in fill-time order with FIFO lots and reports what the engine must never allow:
/// selling more than held, and cost-basis exposure above the per-market or total cap at any point.
/// One implementation serves the post-run trust gate and <c>mm check</c>'s CSV replay, so both count
/// exposure exactly as the engine does (cost basis of open lots).
/// </summary>
public sealed class InventoryReplay(decimal maxExposureUsd, decimal maxPerMarketExposureUsd)
{
    private readonly Dictionary<string, Queue<OpenLot>> _lots = new(StringComparer.Ordinal);
    private readonly Dictionary<string, decimal> _cost = new(StringComparer.Ordinal);
    private decimal _total;

    public decimal MaxTotal { get; private set; }

    public Dictionary<string, decimal> MaxByMarket { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Orders fills as the engine applied them: by fill time, buys before sells at the same instant
    /// (the engine evaluates a market's bid before its ask), then by order id.
    /// </summary>
    public static IEnumerable<T> InEngineOrder<T>(IEnumerable<T> fills, Func<T, DateTimeOffset> at, Func<T, Side> side, Func<T, string> id) =>
        fills.OrderBy(at).ThenBy(f => side(f)).ThenBy(id, StringComparer.Ordinal);

    /// <summary>Applies one fill; returns the first violation it causes, or null.</summary>
    public GateIssue? Apply(string orderId, string market, Side side, decimal shares, decimal price)
    {
        if (!_lots.TryGetValue(market, out var lots))
        {
            lots = new Queue<OpenLot>();
            _lots[market] = lots;
        }

        var cost = _cost.GetValueOrDefault(market);
        if (side == Side.Buy)
        {
            lots.Enqueue(new OpenLot { Shares = shares, Price = price });
            cost += shares * price;
            _total += shares * price;
        }
        else
        {
            var left = shares;
            while (left > 0m && lots.Count > 0)
            {
                var head = lots.Peek();
                var take = Math.Min(head.Shares, left);
                cost -= take * head.Price;
                _total -= take * head.Price;
                left -= take;
                head.Shares -= take;
                if (head.Shares == 0m)
                {
                    lots.Dequeue();
                }
            }

            if (left > 0m)
            {
                _cost[market] = cost;
                return new GateIssue("negative_inventory", $"sell {orderId} of {shares} shares in {market} exceeds the shares held by {left}", orderId);
            }
        }

        _cost[market] = cost;
        if (cost > MaxByMarket.GetValueOrDefault(market))
        {
            MaxByMarket[market] = cost;
        }

        MaxTotal = Math.Max(MaxTotal, _total);
        if (cost > maxPerMarketExposureUsd)
        {
            return new GateIssue("per_market_exposure_exceeded", $"exposure in {market} reached {cost} > cap {maxPerMarketExposureUsd} at {orderId}", orderId);
        }

        return _total > maxExposureUsd
            ? new GateIssue("total_exposure_exceeded", $"total exposure reached {_total} > cap {maxExposureUsd} at {orderId}", orderId)
            : null;
    }

    private sealed class OpenLot
    {
        public decimal Shares { get; set; }
        public decimal Price { get; init; }
    }
}
