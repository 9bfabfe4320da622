namespace PolyMM.Core.Engine;

/// <summary>
/// The offline replay of recorded snapshot streams (docs/design.md#engine-loop): <see cref="SnapshotFeed"/> merges them by
/// event time and <see cref="EngineDriver"/> runs them through the engine. Kept as one call for tools and tests.
/// </summary>
public static class Replay
{
    /// <summary>
    /// Replays <paramref name="source"/> through <paramref name="engine"/> until the data ends, the event-time runtime
    /// passes <paramref name="maxRuntime"/>, the fill limit is reached or <paramref name="cancellation"/> fires.
    /// <paramref name="afterTick"/> is called after each tick with the tick count so far.
    /// </summary>
    public static ReplayResult Run(ISnapshotSource source, MarketMakingEngine engine, TimeSpan? maxRuntime, CancellationToken cancellation,
        Action<long>? afterTick = null) =>
        EngineDriver.Run(new SnapshotFeed(source), engine, new DriverOptions { MaxRuntime = maxRuntime }, cancellation, afterTick);
}
