using PolyMM.Core.Engine;
using PolyMM.Core.Market;

namespace PolyMM.Core.Tests.Support;

/// <summary>An in-memory recording: one list of snapshots per market, read oldest first.</summary>
internal sealed class ListSnapshotSource(IReadOnlyList<IReadOnlyList<Snapshot>> markets) : ISnapshotSource
{
    private readonly int[] _next = new int[markets.Count];

    public int MarketCount => markets.Count;

    public bool TryRead(int market, out Snapshot snapshot)
    {
        var rows = markets[market];
        if (_next[market] < rows.Count)
        {
            snapshot = rows[_next[market]++];
            return true;
        }

        snapshot = default;
        return false;
    }
}
