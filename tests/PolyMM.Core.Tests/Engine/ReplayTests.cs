using PolyMM.Core.Engine;
using PolyMM.Core.Fills;
using PolyMM.Core.Market;
using PolyMM.Core.Quoting;
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
    public void Run_CancelledAfterATick_StopsBeforeTheNextTickStarts()
    {
        // Arrange: two markets, 4 rows each; the stop arrives while tick 2 is being reported (as SIGTERM does).
        var (engine, sink) = Create(2);
        using var cts = new CancellationTokenSource();
        var source = new ListSnapshotSource([Series(4, 0.5m), Series(4, 0.5m)]);

        // Act
        var result = Replay.Run(source, engine, null, cts.Token, ticks =>
        {
            if (ticks == 2)
            {
                cts.Cancel();
            }
        });

        // Assert: exactly ticks 1 and 2 (4 snapshots); no half-processed third tick with only one market's row.
        Assert.Equal(StopReason.Cancelled, result.Reason);
        Assert.Equal(2, result.Ticks);
        Assert.Equal(4, engine.Stats.Snapshots);
        Assert.Equal([Snap.At(0), Snap.At(2)], sink.Ticks.Select(t => t.Ts));
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

    [Fact]
    public void Run_MarketsAtDifferentCadences_ProcessedInEventTimeOrder()
    {
        // Arrange: market 0 every 2 s (t = 0, 2, 4), market 1 every second (t = 0, 1, 2, 3).
        var (engine, sink) = Create(2);
        var source = new ListSnapshotSource([Series(3, 0.5m), Series(4, 0.5m, stepSec: 1)]);

        // Act
        var result = Replay.Run(source, engine, null, CancellationToken.None);

        // Assert: one tick per distinct event time, in order (row pairing would give ticks at 0, 2, 4, 3).
        Assert.Equal([Snap.At(0), Snap.At(1), Snap.At(2), Snap.At(3), Snap.At(4)], sink.Ticks.Select(t => t.Ts));
        Assert.Equal(5, result.Ticks);
        Assert.Equal(7, engine.Stats.Snapshots);
    }

    [Fact]
    public void Run_SameEventTime_TieGoesToTheEarlierMarket()
    {
        // Arrange: a total cap of 15 leaves room for one 10-USD bid; both markets quote at t = 0.
        var options = new EngineOptions { Quote = new QuoteParams { MaxExposureUsd = 15m } };
        var (engine, sink) = Create(2, options);
        var source = new ListSnapshotSource([Series(1, 0.5m), Series(1, 0.5m)]);

        // Act
        Replay.Run(source, engine, null, CancellationToken.None);

        // Assert: market 0 is processed first and takes the capacity; market 1's bid is capped.
        var bid = Assert.Single(sink.Orders);
        Assert.Equal(0, bid.MarketIndex);
    }

    [Fact]
    public void Run_CapacityFreedLater_NotUsedByAnEarlierEvent()
    {
        // Arrange: total cap 15 (one bid). Market 0 (every 2 s) holds a bid from t = 0 and pauses at t = 6
        // (spread too wide), cancelling it; market 1 (every second) wants to bid all along.
        var options = new EngineOptions { Quote = new QuoteParams { MaxExposureUsd = 15m } };
        var (engine, sink) = Create(2, options);
        List<Snapshot> a = [.. Enumerable.Range(0, 6).Select(i => i == 3 ? Snap.Book(6, 0.40m, 0.60m, 0.5m) : Snap.Sample1(i * 2, 0.5m))];
        var source = new ListSnapshotSource([a, Series(10, 0.5m, stepSec: 1)]);

        // Act
        Replay.Run(source, engine, null, CancellationToken.None);

        // Assert: market 1's first bid is sent at t = 6, once market 0's bid is gone — not at t = 3, which row
        // pairing (market 0's t = 6 row processed with market 1's t = 3 row) allowed.
        var cancelledA = sink.Orders.First(o => o.MarketIndex == 0);
        var firstB = sink.Orders.Where(o => o.MarketIndex == 1).MinBy(o => o.Seq);
        Assert.Equal(Snap.At(6), cancelledA.ClosedAt);
        Assert.Equal(Snap.At(6), firstB.SentAt);
    }

    [Fact]
    public void Run_RowOlderThanItsPredecessor_JoinsTheCurrentTickAndIsSkipped()
    {
        // Arrange: market 0's third row goes back to t = 1.
        var (engine, sink) = Create(1);
        var source = new ListSnapshotSource([[Snap.Sample1(0, 0.5m), Snap.Sample1(2, 0.5m), Snap.Sample1(1, 0.5m), Snap.Sample1(4, 0.5m)]]);

        // Act
        Replay.Run(source, engine, null, CancellationToken.None);

        // Assert: event time never runs backwards in the tick series.
        Assert.Equal([Snap.At(0), Snap.At(2), Snap.At(4)], sink.Ticks.Select(t => t.Ts));
        Assert.Equal(1, engine.Stats.InvalidSnapshots[SnapshotValidator.NonMonotonicTs]);
    }
}
