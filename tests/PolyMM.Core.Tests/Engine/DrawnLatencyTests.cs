using PolyMM.Core.Execution;
using PolyMM.Core.Fills;
using PolyMM.Core.Orders;
using PolyMM.Core.Quoting;
using PolyMM.Core.Random;
using PolyMM.Core.Tests.Fills;
using PolyMM.Core.Tests.Support;

namespace PolyMM.Core.Tests.Engine;

/// <summary>Latency drawn from a recorded distribution (docs/design.md#order-lifecycle).</summary>
public sealed class DrawnLatencyTests
{
    private static TimeSpan Ms(int ms) => TimeSpan.FromMilliseconds(ms);

    [Fact]
    public void From_NegativeDelaysDropped_QuantilesAndDrawsFromTheSamples()
    {
        // Samples 300, 100, −50 (dropped), 200 → sorted 100, 200, 300. Draw u picks index floor(u × 3).
        var d = LatencyDistribution.From([Ms(300), Ms(100), Ms(-50), Ms(200)], new FixedRandom(0.0, 0.5, 0.99), new FixedRandom(0.0))!;

        Assert.Equal(3, d.Count);
        Assert.Equal(Ms(200), d.Quantile(0.5));   // nearest rank ceil(0.5 × 3) = 2 → 200
        Assert.Equal(Ms(300), d.Max);
        Assert.Equal([Ms(100), Ms(200), Ms(300)], new[] { d.Next(), d.Next(), d.Next() });
    }

    [Fact]
    public void From_NoUsableDelay_IsNull()
    {
        Assert.Null(LatencyDistribution.From([Ms(-1)], new FixedRandom(0.0), new FixedRandom(0.0)));
    }

    [Fact]
    public void From_SameSeed_SameDraws()
    {
        TimeSpan[] delays = [.. Enumerable.Range(0, 100).Select(i => Ms(i * 7))];
        var a = LatencyDistribution.From(delays, new SeededRandom(9), new SeededRandom(9))!;
        var b = LatencyDistribution.From(delays, new SeededRandom(9), new SeededRandom(9))!;

        Assert.Equal(Enumerable.Range(0, 50).Select(_ => a.Next()), Enumerable.Range(0, 50).Select(_ => b.Next()));
    }

    [Fact]
    public void Submit_DrawnLatencies_ALaterOrderWithAShorterDelayIsLiveFirstAndCancelsDrawToo()
    {
        // Draws in order: entry of order 1 → 0.99 → 400 ms; entry of order 2 → 0.0 → 100 ms; cancel of order 1 → 0.5 → 200 ms.
        var drawn = LatencyDistribution.From([Ms(100), Ms(200), Ms(400)], new FixedRandom(0.99, 0.0, 0.5), new FixedRandom(0.0))!;
        var sink = new VenueEvents();
        var gateway = new SimulatedGateway(new TouchFillModel(), sink, sink, 1, Ms(50), Ms(50), drawn);
        var t0 = QueueVenue.T0;

        gateway.Submit(new SubmitOrder(1, 0, Side.Buy, 0.40m, 10m, t0));                 // live at 400 ms
        gateway.Submit(new SubmitOrder(2, 0, Side.Buy, 0.40m, 10m, t0.AddMilliseconds(10))); // live at 110 ms
        gateway.AdvanceTo(t0.AddMilliseconds(500));
        gateway.Cancel(new CancelOrder(1, 0, t0.AddMilliseconds(500), "test"));           // effective at 700 ms
        gateway.AdvanceTo(t0.AddMilliseconds(699));
        var beforeCancel = sink.List.Count;
        gateway.AdvanceTo(t0.AddMilliseconds(700));

        Assert.Equal([(2L, OrderEventKind.Accepted, t0.AddMilliseconds(110)), (1L, OrderEventKind.Accepted, t0.AddMilliseconds(400))],
            sink.List.Take(2).Select(e => (e.Seq, e.Kind, e.Ts)));
        Assert.Equal(2, beforeCancel);
        Assert.Equal((1L, OrderEventKind.Cancelled, t0.AddMilliseconds(700)), sink.List.Skip(2).Select(e => (e.Seq, e.Kind, e.Ts)).Single());
    }
}
