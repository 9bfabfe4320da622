using BenchmarkDotNet.Attributes;
using PolyMM.Core.Execution;
using PolyMM.Core.Fills;
using PolyMM.Core.Market;
using PolyMM.Core.Orders;
using PolyMM.Core.Quoting;

namespace PolyMM.Bench;

/// <summary>
/// The queue model inside the simulated venue, no strategy: 20 resting orders (bids 0.40–0.49, asks 0.51–0.60, each too
/// large to fill up) and 1,000,000 pre-built L2 events of one market — level changes at the orders' prices and trades at
/// and through them, on both tokens. One op = one event (book update plus every live order's queue step).
/// </summary>
[MemoryDiagnoser]
public class QueueBenchmarks
{
    public const int Events = 1_000_000;
    public const int Orders = 20;
    private MarketEvent[] _events = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new System.Random(17);
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        _events = new MarketEvent[Events];
        for (var i = 0; i < Events; i++)
        {
            var ts = t0.AddMilliseconds(10 + i);
            var level = rng.Next(Orders);
            var bid = level < Orders / 2;
            var price = bid ? 0.40m + (level * 0.01m) : 0.51m + ((level - (Orders / 2)) * 0.01m);
            var side = bid ? Side.Buy : Side.Sell;
            _events[i] = rng.Next(4) switch
            {
                0 => MarketEvent.Trade(0, Outcome.Yes, ts, ts, i, bid ? Side.Sell : Side.Buy, price, rng.Next(1, 50)),
                1 => MarketEvent.Trade(0, Outcome.No, ts, ts, i, Side.Buy, 1m - price, rng.Next(1, 50)),
                _ => MarketEvent.LevelChange(0, Outcome.Yes, ts, ts, i, side, price, rng.Next(0, 2000)),
            };
        }
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public decimal QueueRiskAverse() => Run(QueueFunction.RiskAverse);

    [Benchmark(OperationsPerInvoke = Events)]
    public decimal QueuePower2() => Run(new QueueFunction(QueueFunctionKind.Power, 2));

    [Benchmark(OperationsPerInvoke = Events)]
    public decimal QueueLog() => Run(new QueueFunction(QueueFunctionKind.Log, 0));

    internal decimal Run(QueueFunction function)
    {
        var venue = new Venue();
        var gateway = new SimulatedGateway(new QueueFillModel(function), venue, venue, 1, TimeSpan.Zero, TimeSpan.Zero);
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var o = 0; o < Orders; o++)
        {
            var bid = o < Orders / 2;
            venue.Book.ApplyLevel(bid ? Side.Buy : Side.Sell, bid ? 0.40m + (o * 0.01m) : 0.51m + ((o - (Orders / 2)) * 0.01m), 1000m);
        }

        for (var o = 0; o < Orders; o++)
        {
            var bid = o < Orders / 2;
            gateway.Submit(new SubmitOrder(o + 1, 0, bid ? Side.Buy : Side.Sell, bid ? 0.40m + (o * 0.01m) : 0.51m + ((o - (Orders / 2)) * 0.01m), 1_000_000_000m, t0));
        }

        var context = MatchContext.BookOnly(0.01m, venue.Book);
        foreach (ref readonly var e in _events.AsSpan())
        {
            if (e.Kind == MarketEventKind.LevelChange)
            {
                venue.Book.ApplyLevel(e.Side, e.Price, e.Size);
            }

            gateway.OnMarketEvent(e, context);
        }

        return venue.Filled;
    }

    private sealed class Venue : IOrderEventSink, IMarketContextSource
    {
        public OrderBook Book { get; } = new();

        public decimal Filled { get; private set; }

        public bool Halted => false;

        public void OnOrderEvent(in OrderEvent e)
        {
            if (e.Kind == OrderEventKind.Filled)
            {
                Filled += e.Shares;
            }
        }

        public MatchContext ContextOf(int market) => MatchContext.BookOnly(0.01m, Book);
    }
}
