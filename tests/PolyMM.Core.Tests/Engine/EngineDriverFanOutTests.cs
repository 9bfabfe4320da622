using PolyMM.Core.Engine;
using PolyMM.Core.Fills;
using PolyMM.Core.Market;
using PolyMM.Core.Tests.Support;

namespace PolyMM.Core.Tests.Engine;

/// <summary>One feed, several engines (docs/design.md#fill-sensitivity): each engine reports what it would alone.</summary>
public sealed class EngineDriverFanOutTests
{
    // Two markets, 40 rows each 2 s apart, prints wandering around the 0.50 mid (a seeded walk): fills under every model.
    private static ListSnapshotSource Source()
    {
        var rng = new System.Random(3);
        IReadOnlyList<Snapshot> Market() => [.. Enumerable.Range(0, 40).Select(i => Snap.Book(i * 2, 0.49m, 0.51m, 0.45m + (rng.Next(0, 11) / 100m)))];
        return new ListSnapshotSource([Market(), Market()]);
    }

    private static MarketMakingEngine Engine(IFillModel model, CollectingSink sink, long maxFills) =>
        new(new EngineOptions { MaxFills = maxFills, EntryLatency = TimeSpan.FromMilliseconds(100), CancelLatency = TimeSpan.FromMilliseconds(100) },
            10_000m, 2, model, sink);

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void Run_ThreeModels_EachEngineSeesWhatEngineDriverShowsItAlone(long maxFills)
    {
        Func<IFillModel>[] models = [() => new TouchFillModel(), () => new TradeThroughFillModel(), () => new ProbabilisticFillModel(new ProbabilisticFillParams(), new PolyMM.Core.Random.SeededRandom(42))];
        var fanSinks = models.Select(_ => new CollectingSink()).ToList();
        var fanEngines = models.Select((m, i) => Engine(m(), fanSinks[i], maxFills)).ToList();

        var fanned = EngineDriver.Run(new SnapshotFeed(Source()), fanEngines, new DriverOptions(), CancellationToken.None);

        for (var i = 0; i < models.Length; i++)
        {
            var sink = new CollectingSink();
            var alone = EngineDriver.Run(new SnapshotFeed(Source()), Engine(models[i](), sink, maxFills), new DriverOptions(), CancellationToken.None);
            Assert.Equal(alone, fanned[i]);
            Assert.Equal(sink.Events, fanSinks[i].Events);
            Assert.NotEmpty(sink.Fills);
        }

        if (maxFills > 0)
        {
            Assert.All(fanned, r => Assert.Equal(StopReason.MaxFills, r.Reason));
        }
    }
}
