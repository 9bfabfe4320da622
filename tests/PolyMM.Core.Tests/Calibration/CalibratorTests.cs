using PolyMM.Core.Calibration;
using PolyMM.Core.Fills;
using PolyMM.Core.Market;
using PolyMM.Core.Quoting;
using PolyMM.Core.Random;
using PolyMM.Core.Tests.Support;

namespace PolyMM.Core.Tests.Calibration;

public sealed class CalibratorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Grid_Default_HasSixtyCombinationsInTableOrder()
    {
        var grid = Calibrator.Grid(0.01m);

        Assert.Equal(60, grid.Count);
        Assert.Equal((0.5, 0.05, 0.1), (grid[0].Alpha, grid[0].BaseLiquidity, grid[0].PMax));
        Assert.Equal((0.5, 0.05, 0.2), (grid[1].Alpha, grid[1].BaseLiquidity, grid[1].PMax));
        Assert.Equal((3.0, 0.2, 0.3), (grid[59].Alpha, grid[59].BaseLiquidity, grid[59].PMax));
    }

    [Fact]
    public void Evaluate_AnyGridPoint_SameFillsAsTheFillModelWithTheSameSeed()
    {
        var snapshots = Walk(500);
        var input = new CalibrationInput(2, 0.01m);
        foreach (var s in snapshots)
        {
            input.Add(s);
        }

        foreach (var p in Calibrator.Grid(0.01m))
        {
            var model = new ProbabilisticFillModel(p, new SeededRandom(42));
            long fills = 0;
            // Calibration measures the model's draw: each row's print is taken as already seen (stale), so no
            // trade-through short-cut, and the distance is the model's own (what the market still has to travel).
            foreach (var s in snapshots)
            {
                var mid = (s.BestBid!.Value + s.BestAsk!.Value) / 2m;
                fills += model.EvaluateStale(Side.Buy, mid - 0.02m, 10m, s).Filled ? 1 : 0;
                fills += model.EvaluateStale(Side.Sell, mid + 0.02m, 10m, s).Filled ? 1 : 0;
            }

            var row = Calibrator.Evaluate(input, p, 42);

            Assert.Equal(1000, row.Evaluations);
            Assert.Equal(fills, row.Fills);
        }
    }

    [Fact]
    public void Run_OneThreadOrMany_IdenticalRows()
    {
        var input = new CalibrationInput(2, 0.01m);
        foreach (var s in Walk(2000))
        {
            input.Add(s);
        }

        var serial = Calibrator.Run(input, 7, maxDegreeOfParallelism: 1);
        var parallel = Calibrator.Run(input, 7);

        Assert.Equal(serial, parallel);
        Assert.All(parallel, r => Assert.Equal((double)r.Fills / r.Evaluations, r.Rate));
    }

    [Fact]
    public void Add_InvalidSnapshot_IsSkippedAndCounted()
    {
        var input = new CalibrationInput(2, 0.01m);

        input.Add(new Snapshot(T0, null, 0.51m, null, 100m, 100m, 0.5m));
        input.Add(new Snapshot(T0, 0.49m, 0.51m, 0.5m, 100m, 100m, 0.5m));

        Assert.Equal(1, input.Count);
        Assert.Equal(1, input.Skipped);
        // bid 0.48 and ask 0.52 are both 2 ticks from the LTP 0.50.
        Assert.Equal(2.0, input.BidDistance(0));
        Assert.Equal(2.0, input.AskDistance(0));
    }

    private static List<Snapshot> Walk(int n)
    {
        var random = new SeededRandom(3);
        var list = new List<Snapshot>(n);
        var bid = 50;
        for (var i = 0; i < n; i++)
        {
            bid = Math.Clamp(bid + (int)(random.NextUInt64() % 3) - 1, 10, 88);
            var ask = bid + 1 + (int)(random.NextUInt64() % 3);
            var ltp = bid - 2 + (int)(random.NextUInt64() % (ulong)(ask - bid + 5));
            list.Add(new Snapshot(T0.AddSeconds(2 * i), bid / 100m, ask / 100m, (bid + ask) / 200m, 500m, 500m, ltp / 100m));
        }

        return list;
    }
}
