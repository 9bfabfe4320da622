using PolyMM.Core.Market;

namespace PolyMM.Core.Engine;

/// <summary>
/// Recorded market data, one ordered stream per selected market (oldest first). Offline fixtures
/// implement it by streaming files; <see cref="Replay"/> merges the streams by event time and never needs
/// more than one snapshot per market in memory.
/// </summary>
public interface ISnapshotSource
{
    int MarketCount { get; }

    /// <summary>The next snapshot of <paramref name="market"/>, or false when its data has ended.</summary>
    bool TryRead(int market, out Snapshot snapshot);
}
