using PolyMM.Core.Engine;
using PolyMM.Core.Ledger;
using PolyMM.Core.Orders;

namespace PolyMM.TestSupport;

/// <summary>Keeps everything the engine reports through <see cref="ILedgerSink"/>, in order, for assertions.</summary>
public sealed class CollectingSink : ILedgerSink
{
    /// <summary>Every order update, in arrival order (an order appears once per change).</summary>
    public List<OrderUpdate> Updates { get; } = [];
    public List<FillRecord> Fills { get; } = [];
    public List<LotRecord> Lots { get; } = [];
    public List<MarkSample> Marks { get; } = [];

    /// <summary>Every liquidity-reward sample (not in <see cref="Events"/>, which existing comparisons count).</summary>
    public List<PolyMM.Core.Economics.RewardSample> Rewards { get; } = [];

    /// <summary>Every tick sample, the tick-end ones and those after fills (<see cref="TickSample.AtFill"/>).</summary>
    public List<TickSample> Samples { get; } = [];

    /// <summary>Every callback in arrival order, so two runs can be compared record by record.</summary>
    public List<object> Events { get; } = [];

    /// <summary>The tick-end samples only (the equity curve as v1 stored it).</summary>
    public List<TickSample> Ticks => [.. Samples.Where(t => !t.AtFill)];

    /// <summary>The last state of every order that ended (filled, cancelled, rejected), in the order they ended.</summary>
    public List<OrderUpdate> Ended => [.. Updates.Where(u => u.Status is OrderStatus.Filled or OrderStatus.Cancelled or OrderStatus.Rejected)];

    /// <summary>
    /// Every order that ended as one row with its last fill (the v1 view: fill price, fee, fill snapshot at the fill time,
    /// cancel or reject reason), in the order they ended.
    /// </summary>
    public List<OrderRecord> Orders => [.. Ended.Select(ToRecord)];

    public IEnumerable<OrderRecord> Filled => Orders.Where(o => o.Status == OrderStatus.Filled);

    public IEnumerable<OrderRecord> Cancelled => Orders.Where(o => o.Status == OrderStatus.Cancelled);

    /// <summary>The fills of one order, in order.</summary>
    public IEnumerable<FillRecord> FillsOf(long seq) => Fills.Where(f => f.OrderSeq == seq);

    private OrderRecord ToRecord(OrderUpdate u)
    {
        var fill = Fills.LastOrDefault(f => f.OrderSeq == u.Seq);
        var filled = u.FillCount > 0;
        return new OrderRecord(u.Seq, u.MarketIndex, u.Side, u.Price, u.Shares, u.SentSnapshot with { Ts = u.SentAt }, u.Tier, u.Status, u.ClosedAt,
            u.Status == OrderStatus.Filled ? null : u.Reason, filled ? fill.Book with { Ts = fill.Ts } : null, filled ? fill.Price : null,
            filled ? FillsOf(u.Seq).Sum(f => f.Fee) : null, filled ? fill.PriceSource : null, filled ? fill.Diagnostics : default, u.Evaluations,
            filled ? FillsOf(u.Seq).First().LotId : null);
    }

    public void OnOrder(in OrderUpdate order)
    {
        Updates.Add(order);
        Events.Add(order);
    }

    public void OnFill(in FillRecord fill)
    {
        Fills.Add(fill);
        Events.Add(fill);
    }

    public void OnLot(in LotRecord lot)
    {
        Lots.Add(lot);
        Events.Add(lot);
    }

    public void OnMark(in MarkSample mark)
    {
        Marks.Add(mark);
        Events.Add(mark);
    }

    public void OnTick(in TickSample sample)
    {
        Samples.Add(sample);
        Events.Add(sample);
    }

    public void OnReward(in PolyMM.Core.Economics.RewardSample sample) => Rewards.Add(sample);
}
