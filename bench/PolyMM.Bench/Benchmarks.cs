using BenchmarkDotNet.Attributes;
using PolyMM.Core.Engine;
using PolyMM.Core.Fills;
using PolyMM.Core.Market;
using PolyMM.Data.Fixtures;
using PolyMM.Ledger.Sqlite;

namespace PolyMM.Bench;

/// <summary>The engine alone (feed merge + quoting + order manager + simulated venue + fill model + portfolio) over in-memory snapshots, no-op sink. One op = one snapshot (one top-of-book event).</summary>
[MemoryDiagnoser]
public class EngineBenchmarks
{
    public const int Markets = 10;
    public const int PerMarket = 20_000;
    private BenchData _data = null!;

    [GlobalSetup]
    public void Setup() => _data = BenchData.Create(Markets, PerMarket);

    [Benchmark(OperationsPerInvoke = Markets * PerMarket)]
    public long EngineStrict() => Run(new TouchFillModel());

    [Benchmark(OperationsPerInvoke = Markets * PerMarket)]
    public long EngineTradeThrough() => Run(new TradeThroughFillModel());

    /// <summary>The CLI's defaults: trade-through fills, orders live 100 ms after they are sent, cancels 100 ms later.</summary>
    [Benchmark(OperationsPerInvoke = Markets * PerMarket)]
    public long EngineTradeThroughLatency100() => Run(new TradeThroughFillModel(), TimeSpan.FromMilliseconds(100));

    internal long Run(IFillModel model, TimeSpan latency = default)
    {
        var sink = new NullSink();
        var options = new EngineOptions { EntryLatency = latency, CancelLatency = latency };
        var engine = new MarketMakingEngine(options, 10_000m, Markets, model, sink);
        Replay.Run(new ArraySnapshotSource(_data.Snapshots), engine, null, CancellationToken.None);
        return sink.Orders;
    }
}

/// <summary>JSONL parsing of one market file. One op = one line.</summary>
[MemoryDiagnoser]
public class ParseBenchmarks
{
    public const int Lines = 100_000;
    private BenchData _data = null!;

    [GlobalSetup]
    public void Setup() => _data = BenchData.Create(1, Lines, 11);

    [Benchmark(OperationsPerInvoke = Lines)]
    public decimal ParseFile()
    {
        using var reader = new SnapshotFileReader(_data.FirstFile, default, TimeSpan.FromSeconds(2));
        var sum = 0m;
        while (reader.TryRead(out var s))
        {
            sum += s.BestBid ?? 0m;
        }

        return sum;
    }
}

/// <summary>The SQLite writer fed the recorded events of an engine run. One op = one snapshot's worth of rows.</summary>
[MemoryDiagnoser]
public class SqliteWriterBenchmarks
{
    public const int Markets = 10;
    public const int PerMarket = 10_000;
    private CollectingSink _events = null!;
    private MarketInfo[] _markets = null!;
    private string _dbPath = null!;

    [GlobalSetup]
    public void Setup()
    {
        var data = BenchData.Create(Markets, PerMarket, 5);
        _events = new CollectingSink();
        var engine = new MarketMakingEngine(new EngineOptions(), 10_000m, Markets, new TouchFillModel(), _events);
        Replay.Run(new ArraySnapshotSource(data.Snapshots), engine, null, CancellationToken.None);
        _markets = [.. Enumerable.Range(0, Markets).Select(i => new MarketInfo($"m{i}", $"m{i}", true))];
        _dbPath = Path.Combine(Path.GetTempPath(), "polymm-bench-writer.db");
    }

    [IterationSetup]
    public void Fresh()
    {
        foreach (var f in new[] { _dbPath, _dbPath + "-wal", _dbPath + "-shm" })
        {
            File.Delete(f);
        }
    }

    [Benchmark(OperationsPerInvoke = Markets * PerMarket)]
    public void WriteRun()
    {
        using var store = LedgerStore.Open(_dbPath);
        var key = store.CreateRun(new RunStart("mm-20260101T000000-abcdef", "BENCH", "offline", "{}", DateTimeOffset.UnixEpoch, "bench", 10_000m, _markets));
        using var writer = new SqliteRunWriter(store, key, "mm-20260101T000000-abcdef", "BENCH", _markets);
        _events.ReplayInto(writer);
        writer.Checkpoint(new PolyMM.Core.Ledger.Portfolio(10_000m, Markets), new EngineStats(), DateTimeOffset.UnixEpoch, force: true);
    }
}
