using PolyMM.Core.Engine;
using PolyMM.Core.Fills;
using PolyMM.Core.Market;
using PolyMM.Core.Tests.Support;

namespace PolyMM.Core.Tests.Engine;

public sealed class ReplayTests
{
    private static List<Snapshot> Series(int count, decimal ltp, double stepSec = 2) =>
        [.. Enumerable.Range(0, count).Select(i => Snap.Sample1(i * stepSec, ltp))];

    private static (MarketMakingEngine Engine, CollectingSink Sink) Create(int markets, EngineOptions? options = null)
    {
        var sink = new CollectingSink();
        return (new MarketMakingEngine(options ?? new EngineOptions(), 1000m, markets, new TouchFillModel(), sink), sink);
    }

    [Fact]
    public void Run_DataExhausted_ProcessesEveryTickThenCancelsResting()
    {
        // Arrange
        var (engine, sink) = Create(1);
        var source = new ListSnapshotSource([Series(5, 0.50m)]);

        // Act
        var result = Replay.Run(source, engine, null, CancellationToken.None);

        // Assert
        Assert.Equal(new ReplayResult(StopReason.DataExhausted, Snap.At(0), Snap.At(8), 5), result);
        Assert.Equal(8.0, result.RuntimeSec);
        Assert.Equal(5, sink.Ticks.Count);
        var cancelled = Assert.Single(sink.Orders);
        Assert.Equal(("run_end", Snap.At(8)), (cancelled.CancelReason!, cancelled.ClosedAt!.Value));
    }

    [Theory]
    [InlineData(5, 3)]   // t = 0, 2, 4 within 5 s; t = 6 is past it
    [InlineData(4, 3)]   // exactly 4 s elapsed is still within the runtime
    [InlineData(0, 1)]
    public void Run_MaxRuntimeOnEventTime_Stops(int maxSec, int expectedTicks)
    {
        // Arrange
        var (engine, sink) = Create(1);
        var source = new ListSnapshotSource([Series(10, 0.50m)]);

        // Act
        var result = Replay.Run(source, engine, TimeSpan.FromSeconds(maxSec), CancellationToken.None);

        // Assert
        Assert.Equal(StopReason.MaxRuntime, result.Reason);
        Assert.Equal(expectedTicks, result.Ticks);
        Assert.Equal(Snap.At((expectedTicks - 1) * 2), result.End);
        Assert.Equal(expectedTicks, engine.Stats.Snapshots);
        Assert.Equal(expectedTicks, sink.Ticks.Count);
    }

    [Fact]
    public void Run_MaxFills_StopsAtTheLimit()
    {
        // Arrange: every print at 0.40 fills whatever bid rests.
        var (engine, sink) = Create(2, new EngineOptions { MaxFills = 1 });
        var source = new ListSnapshotSource([Series(6, 0.40m), Series(6, 0.40m)]);

        // Act
        var result = Replay.Run(source, engine, null, CancellationToken.None);

        // Assert: tick 1, market 0 fills and the run ends before market 1 is processed.
        Assert.Equal(StopReason.MaxFills, result.Reason);
        Assert.Equal(2, result.Ticks);
        Assert.Equal(3, engine.Stats.Snapshots);
        Assert.Single(sink.Filled);
        Assert.All(sink.Cancelled, o => Assert.Equal("run_end", o.CancelReason));
        Assert.Equal(engine.Portfolio.OpenCost, engine.Committed);
    }

    [Fact]
    public void Run_Cancelled_StopsBeforeFirstTick()
    {
        // Arrange
        var (engine, _) = Create(1);
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        // Act
        var result = Replay.Run(new ListSnapshotSource([Series(3, 0.5m)]), engine, null, cts.Token);

        // Assert
        Assert.Equal(StopReason.Cancelled, result.Reason);
        Assert.Equal(0, result.Ticks);
    }

    [Fact]
    public void Run_MarketsOfUnequalLength_ShorterOneStopsOthersContinue()
    {
        // Arrange
        var (engine, sink) = Create(2);
        var source = new ListSnapshotSource([Series(2, 0.5m), Series(4, 0.5m)]);

        // Act
        var result = Replay.Run(source, engine, null, CancellationToken.None);

        // Assert
        Assert.Equal(4, result.Ticks);
        Assert.Equal(6, engine.Stats.Snapshots);
        Assert.Equal([Snap.At(0), Snap.At(2), Snap.At(4), Snap.At(6)], sink.Ticks.Select(t => t.Ts));
    }
}
