using PolyMM.Core.Economics;
using PolyMM.Core.Engine;
using PolyMM.Core.Orders;

namespace PolyMM.Core.Ledger;

/// <summary>
/// An in-memory ledger sink for runs that need their totals but no stored rows (docs/design.md#fill-sensitivity): it keeps
/// each market's fills and mark samples (for markouts), the fill counts, rebates and rewards, and the equity curve's
/// largest drawdown, computed as the samples arrive so the curve itself is never held.
/// </summary>
public sealed class SummarySink(int marketCount) : ILedgerSink
{
    private readonly List<MarkoutFill>[] _fills = [.. Enumerable.Range(0, marketCount).Select(_ => new List<MarkoutFill>())];
    private readonly List<MarkSample>[] _marks = [.. Enumerable.Range(0, marketCount).Select(_ => new List<MarkSample>())];
    private readonly HashSet<long> _filledOrders = [];
    private decimal? _peak;

    public long Fills { get; private set; }

    public decimal FilledShares { get; private set; }

    /// <summary>Orders with at least one fill.</summary>
    public int FilledOrders => _filledOrders.Count;

    public decimal RebatesUsd { get; private set; }

    public decimal RewardsUsd { get; private set; }

    /// <summary>Largest fall of equity (cash + open value at marks) from its running peak, as a fraction of the peak.</summary>
    public double MaxDrawdownFraction { get; private set; }

    /// <summary>The last event time a mark or sample reported (the end of the series markouts may look at).</summary>
    public DateTimeOffset? LastTs { get; private set; }

    public IReadOnlyList<MarkoutFill> FillsOf(int market) => _fills[market];

    public IReadOnlyList<MarkSample> MarksOf(int market) => _marks[market];

    public void OnOrder(in OrderUpdate order)
    {
    }

    public void OnFill(in FillRecord fill)
    {
        Fills++;
        FilledShares += fill.Shares;
        RebatesUsd += fill.Rebate;
        _filledOrders.Add(fill.OrderSeq);
        _fills[fill.MarketIndex].Add(new MarkoutFill(fill.Ts, fill.Side, fill.Price, fill.Shares));
    }

    public void OnLot(in LotRecord lot)
    {
    }

    public void OnMark(in MarkSample mark)
    {
        var list = _marks[mark.MarketIndex];
        // Marks of one market come in event order; a sample earlier than the last (never expected) is not kept.
        if (list.Count == 0 || list[^1].Ts <= mark.Ts)
        {
            list.Add(mark);
        }

        Seen(mark.Ts);
    }

    public void OnTick(in TickSample sample)
    {
        var equity = sample.Equity;
        if (_peak is null || equity > _peak)
        {
            _peak = equity;
        }

        if (_peak > 0m)
        {
            MaxDrawdownFraction = Math.Max(MaxDrawdownFraction, (double)((_peak.Value - equity) / _peak.Value));
        }

        Seen(sample.Ts);
    }

    public void OnReward(in RewardSample sample) => RewardsUsd += sample.RewardUsd;

    private void Seen(DateTimeOffset ts)
    {
        if (LastTs is null || ts > LastTs)
        {
            LastTs = ts;
        }
    }
}
