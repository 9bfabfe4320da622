using FsCheck;
using FsCheck.Fluent;
using PolyMM.Core.Fills;
using PolyMM.Core.Quoting;
using PolyMM.Core.Tests.Support;

namespace PolyMM.Core.Tests.Fills;

/// <summary>
/// Random L2 streams (YES level changes and YES trades on a 0.47–0.54 grid, mostly at the orders' levels) against a fixed set of resting orders, with no
/// strategy: per order, touch fills at least as much as the queue model under any function, which fills at least as much
/// as risk-averse (docs/design.md#queue-model); no model fills an order at or before its live time. NO-token prints are
/// left out: the per-row models do not mirror them.
/// </summary>
public sealed class QueueFillModelPropertyTests
{
    private sealed record Op(bool IsTrade, Side Side, int PriceCents, int Size, int GapMs);

    private static readonly (long Seq, Side Side, decimal Price)[] Orders =
    [
        (1, Side.Buy, 0.48m), (2, Side.Buy, 0.49m), (3, Side.Buy, 0.50m),
        (4, Side.Sell, 0.51m), (5, Side.Sell, 0.52m), (6, Side.Sell, 0.53m),
    ];

    // Level changes and most trades hit the orders' own levels (where the queue functions differ); some trades come
    // from a taker of either side anywhere on the 0.47–0.54 grid (trades at and through other orders).
    private static readonly Gen<Op> Ops =
        from kind in Gen.Choose(0, 5)
        from side in Gen.Elements(Side.Buy, Side.Sell)
        from cents in Gen.Choose(47, 54)
        from level in Gen.Choose(0, Orders.Length - 1)
        from size in Gen.Choose(0, 40)
        from gap in Gen.Choose(1, 60)
        let order = Orders[level]
        let orderCents = (int)(order.Price * 100m)
        select kind switch
        {
            0 => new Op(true, side, cents, size * 5, gap),
            1 or 2 => new Op(true, order.Side == Side.Buy ? Side.Sell : Side.Buy, orderCents, size * 5, gap),
            _ => new Op(false, order.Side, orderCents, size * 10, gap),
        };

    private static readonly Gen<Op[]> Streams = Gen.ArrayOf(Ops).Where(a => a.Length > 0).Select(a => a.Take(30).ToArray());

    [Fact]
    public void FilledShares_RandomL2Streams_TouchAtLeastQueueAtLeastRiskAverseAndNothingBeforeLive()
    {
        var coverage = new PathCoverage();
        PathCoverage.Check(300, Prop.ForAll(Arb.From(Streams), stream =>
        {
            var touch = Run(new TouchFillModel(), stream);
            var averse = Run(new QueueFillModel(QueueFunction.RiskAverse), stream);
            var power = Run(new QueueFillModel(new QueueFunction(QueueFunctionKind.Power, 2)), stream);
            var powerHalf = Run(new QueueFillModel(new QueueFunction(QueueFunctionKind.Power, 0.5)), stream);
            var log = Run(new QueueFillModel(new QueueFunction(QueueFunctionKind.Log, 0)), stream);
            foreach (var (seq, _, _) in Orders)
            {
                foreach (var (name, q) in new[] { ("power:2", power), ("power:0.5", powerHalf), ("log", log) })
                {
                    Assert.True(touch.Filled(seq) >= q.Filled(seq), $"order {seq}: touch {touch.Filled(seq)} < {name} {q.Filled(seq)}");
                    Assert.True(q.Filled(seq) >= averse.Filled(seq), $"order {seq}: {name} {q.Filled(seq)} < risk-averse {averse.Filled(seq)}");
                }

                Assert.True(touch.Filled(seq) >= averse.Filled(seq));
            }

            foreach (var v in new[] { touch, averse, power, powerHalf, log })
            {
                // Orders were sent at 5 ms with a 50 ms entry latency: live at 55 ms.
                Assert.All(v.Fills, f => Assert.True(f.Ts > QueueVenue.At(55), $"{v.Model.Name} filled at {f.Ts:O}"));
            }

            coverage.Record(
                ("queue fill", averse.Fills.Any()),
                ("power beats risk-averse", Orders.Any(o => power.Filled(o.Seq) > averse.Filled(o.Seq))),
                ("partial fill", averse.Fills.Any(f => f.Reason == QueueFillModel.QueueReached)));
        }));
        coverage.AssertReached(("queue fill", 30), ("power beats risk-averse", 8), ("partial fill", 40));
    }

    private static QueueVenue Run(IMatchingModel model, Op[] stream)
    {
        var v = new QueueVenue(model, entryLatencyMs: 50, cancelLatencyMs: 50);
        // A starting book: 100 shares at every bid 0.45–0.50 and ask 0.51–0.55, so orders join behind displayed size.
        for (var c = 45; c <= 50; c++)
        {
            v.Level(0, Side.Buy, c / 100m, 100m);
        }

        for (var c = 51; c <= 55; c++)
        {
            v.Level(0, Side.Sell, c / 100m, 100m);
        }

        foreach (var (seq, side, price) in Orders)
        {
            v.Submit(seq, side, price, 400m, 5);
        }

        var ms = 5;
        foreach (var op in stream)
        {
            ms += op.GapMs;
            if (op.IsTrade)
            {
                v.Trade(ms, Core.Market.Outcome.Yes, op.Side, op.PriceCents / 100m, Math.Max(5, op.Size));
            }
            else
            {
                v.Level(ms, op.Side, op.PriceCents / 100m, op.Size);
            }
        }

        return v;
    }
}
