using PolyMM.Core.Engine;
using PolyMM.Core.Ledger;
using PolyMM.Core.Market;
using PolyMM.Core.Orders;
using PolyMM.Data.Fixtures;
using PolyMM.Data.Fixtures.Synth;

namespace PolyMM.Bench;

/// <summary>A tight synthetic fixture written once to a temp directory and its snapshots held in memory.</summary>
public sealed class BenchData
{
    private BenchData(string dir, Snapshot[][] snapshots)
    {
        Directory = dir;
        Snapshots = snapshots;
    }

    public string Directory { get; }

    /// <summary>Snapshots per market, in file order.</summary>
    public Snapshot[][] Snapshots { get; }

    public int Total => Snapshots.Sum(s => s.Length);

    public string FirstFile => Path.Combine(Directory, "snapshots", SynthOptions.MarketId(0) + ".jsonl");

    public static BenchData Create(int markets, int snapshots, long seed = 7)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"polymm-bench-{markets}x{snapshots}-{seed}");
        if (!File.Exists(Path.Combine(dir, "markets.json")))
        {
            SynthFixtureWriter.Write(dir, new SynthOptions(markets, snapshots, seed, Tight: true));
        }

        var all = new Snapshot[markets][];
        for (var i = 0; i < markets; i++)
        {
            var list = new List<Snapshot>(snapshots);
            using var reader = new SnapshotFileReader(Path.Combine(dir, "snapshots", SynthOptions.MarketId(i) + ".jsonl"), default, SynthOptions.Interval);
            while (reader.TryRead(out var s))
            {
                list.Add(s);
            }

            all[i] = [.. list];
        }

        return new BenchData(dir, all);
    }
}

/// <summary>Replays in-memory snapshots: the engine measured without any parsing.</summary>
public sealed class ArraySnapshotSource(Snapshot[][] snapshots) : ISnapshotSource
{
    private readonly int[] _next = new int[snapshots.Length];

    public int MarketCount => snapshots.Length;

    public bool TryRead(int market, out Snapshot snapshot)
    {
        var i = _next[market];
        if (i >= snapshots[market].Length)
        {
            snapshot = default;
            return false;
        }

        snapshot = snapshots[market][i];
        _next[market] = i + 1;
        return true;
    }
}

/// <summary>Discards every event: the engine's own cost only.</summary>
public sealed class NullSink : ILedgerSink
{
    public long Orders { get; private set; }

    public void OnOrder(in OrderUpdate order) => Orders++;

    public void OnFill(in FillRecord fill)
    {
    }

    public void OnLot(in LotRecord lot)
    {
    }

    public void OnMark(in MarkSample mark)
    {
    }

    public void OnTick(in TickSample sample)
    {
    }
}

/// <summary>Keeps every event, in order, to replay them into a writer.</summary>
public sealed class CollectingSink : ILedgerSink
{
    private readonly List<(int Kind, int Index)> _order = [];
    private readonly List<OrderUpdate> _orders = [];
    private readonly List<FillRecord> _fills = [];
    private readonly List<LotRecord> _lots = [];
    private readonly List<MarkSample> _marks = [];
    private readonly List<TickSample> _ticks = [];

    public void OnOrder(in OrderUpdate order) => Add(0, _orders, order);

    public void OnFill(in FillRecord fill) => Add(1, _fills, fill);

    public void OnLot(in LotRecord lot) => Add(2, _lots, lot);

    public void OnMark(in MarkSample mark) => Add(3, _marks, mark);

    public void OnTick(in TickSample sample) => Add(4, _ticks, sample);

    public void ReplayInto(ILedgerSink sink)
    {
        foreach (var (kind, i) in _order)
        {
            switch (kind)
            {
                case 0: sink.OnOrder(_orders[i]); break;
                case 1: sink.OnFill(_fills[i]); break;
                case 2: sink.OnLot(_lots[i]); break;
                case 3: sink.OnMark(_marks[i]); break;
                default: sink.OnTick(_ticks[i]); break;
            }
        }
    }

    private void Add<T>(int kind, List<T> list, T item)
    {
        _order.Add((kind, list.Count));
        list.Add(item);
    }
}
