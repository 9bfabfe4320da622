using PolyMM.Core.Engine;
using PolyMM.Core.Market;
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
public sealed class NullSink : IRunSink
{
    public long Orders { get; private set; }

    public void OnOrder(in OrderRecord order) => Orders++;

    public void OnLot(in PolyMM.Core.Ledger.LotRecord lot)
    {
    }

    public void OnTick(in TickSample sample)
    {
    }
}

/// <summary>Keeps every event, in order, to replay them into a writer.</summary>
public sealed class CollectingSink : IRunSink
{
    public List<(int Kind, int Index)> Order { get; } = [];
    public List<OrderRecord> Orders { get; } = [];
    public List<PolyMM.Core.Ledger.LotRecord> Lots { get; } = [];
    public List<TickSample> Ticks { get; } = [];

    public void OnOrder(in OrderRecord order)
    {
        Order.Add((0, Orders.Count));
        Orders.Add(order);
    }

    public void OnLot(in PolyMM.Core.Ledger.LotRecord lot)
    {
        Order.Add((1, Lots.Count));
        Lots.Add(lot);
    }

    public void OnTick(in TickSample sample)
    {
        Order.Add((2, Ticks.Count));
        Ticks.Add(sample);
    }

    public void ReplayInto(IRunSink sink)
    {
        foreach (var (kind, i) in Order)
        {
            switch (kind)
            {
                case 0: sink.OnOrder(Orders[i]); break;
                case 1: sink.OnLot(Lots[i]); break;
                default: sink.OnTick(Ticks[i]); break;
            }
        }
    }
}
