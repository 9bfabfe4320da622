using PolyMM.Core.Economics;
using PolyMM.Core.Engine;
using PolyMM.Core.Orders;

namespace PolyMM.Core.Ledger;

/// <summary>
/// Where the engine reports what happened, in event order (docs/design.md#storage). The SQLite ledger persists these;
/// tests collect them. Calls are synchronous and cheap for the engine: a sink batches its own I/O.
/// </summary>
public interface ILedgerSink
{
    /// <summary>An order was accepted or rejected, or changed (filled in part or whole, cancelled, left at the run's end).</summary>
    void OnOrder(in OrderUpdate order);

    /// <summary>One fill of one order. Comes before the <see cref="OnOrder"/> call that reports the order's new state.</summary>
    void OnFill(in FillRecord fill);

    /// <summary>A lot row changed: opened, closed, split, or re-marked at the end of the run.</summary>
    void OnLot(in LotRecord lot);

    /// <summary>A market's mark sample.</summary>
    void OnMark(in MarkSample mark);

    /// <summary>The run's cash, marked value and exposure: at the end of every tick and after every fill.</summary>
    void OnTick(in TickSample sample);

    /// <summary>A market's liquidity-reward sample (one per market per minute of event time; docs/design.md#rewards).</summary>
    void OnReward(in RewardSample sample)
    {
    }
}
