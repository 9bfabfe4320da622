using PolyMM.Core.Ledger;

namespace PolyMM.Core.Engine;

/// <summary>
/// Where the engine reports what happened, in event order. The ledger adapter persists these; tests
/// collect them. Calls are synchronous and cheap for the engine: a sink batches its own I/O.
/// </summary>
public interface IRunSink
{
    /// <summary>An order ended (filled or cancelled), or the run ended with it still resting.</summary>
    void OnOrder(in OrderRecord order);

    /// <summary>A lot row changed: opened, closed, split, or re-marked at the end of the run.</summary>
    void OnLot(in LotRecord lot);

    /// <summary>All markets of one tick have been processed.</summary>
    void OnTick(in TickSample sample);
}
