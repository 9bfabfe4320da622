using PolyMM.Core.Engine;
using PolyMM.Core.Ledger;

namespace PolyMM.TestSupport;

/// <summary>Keeps everything the engine reports, in order, for assertions.</summary>
public sealed class CollectingSink : IRunSink
{
    public List<OrderRecord> Orders { get; } = [];
    public List<LotRecord> Lots { get; } = [];
    public List<TickSample> Ticks { get; } = [];

    /// <summary>Every callback in arrival order, so two runs can be compared record by record.</summary>
    public List<object> Events { get; } = [];

    public IEnumerable<OrderRecord> Filled => Orders.Where(o => o.Status == OrderStatus.Filled);

    public IEnumerable<OrderRecord> Cancelled => Orders.Where(o => o.Status == OrderStatus.Cancelled);

    public void OnOrder(in OrderRecord order)
    {
        Orders.Add(order);
        Events.Add(order);
    }

    public void OnLot(in LotRecord lot)
    {
        Lots.Add(lot);
        Events.Add(lot);
    }

    public void OnTick(in TickSample sample)
    {
        Ticks.Add(sample);
        Events.Add(sample);
    }
}
