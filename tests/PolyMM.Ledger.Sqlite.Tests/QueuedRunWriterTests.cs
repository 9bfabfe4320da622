using Microsoft.Data.Sqlite;
using PolyMM.Core.Engine;
using PolyMM.Core.Fills;
using PolyMM.Core.Ledger;
using PolyMM.Core.Market;
using PolyMM.Core.Orders;
using PolyMM.Core.Random;

namespace PolyMM.Ledger.Sqlite.Tests;

public sealed class QueuedRunWriterTests
{
    private const string RunId = "mm-20260101T000000-abcdef";
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Run_SameEventsWithFrequentCheckpoints_SameRowsAsTheDirectWriter()
    {
        using var dir = new TempDir();
        try
        {
            var direct = Write(dir.File("direct.db"), queued: false);
            var queued = Write(dir.File("queued.db"), queued: true);

            Assert.True(direct.Count > 5);
            Assert.Equal(direct, queued);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
        }
    }

    [Fact]
    public void Checkpoint_OrderChangedTwiceInOneBatch_StoresItOnceWithItsLastStateAndOpenOrdersStayOpen()
    {
        using var dir = new TempDir();
        try
        {
            var direct = Coalesce(dir.File("direct.db"), queued: false);
            var queued = Coalesce(dir.File("queued.db"), queued: true);

            // Committed after the first checkpoint: order 1 cancelled (status 2), order 2 open (0); at the end order 2 filled (1).
            Assert.Equal(["1:2", "2:0", "|", "1:2", "2:1"], direct.Rows);
            Assert.Equal(direct.Rows, queued.Rows);

            // Four order updates reach the direct writer; the queue writes order 1 once (its open state never reaches SQLite).
            Assert.Equal(direct.Changes - 1, queued.Changes);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
        }
    }

    /// <summary>
    /// Order 1 accepted then cancelled and order 2 accepted before one commit, order 2 filled after it. Returns the
    /// committed "seq:status" rows after each commit (as a second connection sees them) and the rows SQLite changed.
    /// </summary>
    private static (List<string> Rows, long Changes) Coalesce(string path, bool queued)
    {
        var markets = new[] { new MarketInfo("m1", "M1", true) };
        var rows = new List<string>();
        using var store = LedgerStore.Open(path);
        var key = store.CreateRun(new RunStart(RunId, "T", "offline", "{}", T0, "test", 10_000m, markets));
        using var writer = new SqliteRunWriter(store, key, RunId, "T", markets);
        using var queue = queued ? new QueuedRunWriter(writer) : null;
        ILedgerSink sink = queue is null ? writer : queue;
        var engine = new MarketMakingEngine(new EngineOptions(), 10_000m, markets.Length, new TouchFillModel(), sink);
        sink.OnOrder(Order(1, OrderStatus.Open, null));
        sink.OnOrder(Order(2, OrderStatus.Open, null));
        sink.OnOrder(Order(1, OrderStatus.Cancelled, T0.AddSeconds(1)));
        if (queue is null)
        {
            writer.Checkpoint(engine.Portfolio, engine.Stats, T0, force: true);
        }
        else
        {
            queue.Checkpoint(engine.Portfolio, engine.Stats, T0, force: true);
        }

        // The queued commit happens on the writer's thread: wait until another connection sees it.
        var first = new List<string>();
        for (var i = 0; i < 3000 && first.Count < 2; i++)
        {
            first = Statuses(path);
            if (first.Count < 2)
            {
                Thread.Sleep(10);
            }
        }

        rows.AddRange(first);
        rows.Add("|");
        sink.OnOrder(Order(2, OrderStatus.Filled, T0.AddSeconds(2)));
        if (queue is null)
        {
            writer.Complete(engine.Portfolio, engine.Stats, RunStatus.Complete, T0, null);
        }
        else
        {
            queue.Complete(engine.Portfolio, engine.Stats, RunStatus.Complete, T0, null);
        }

        rows.AddRange(Statuses(path));
        using var cmd = store.Connection.CreateCommand();
        cmd.CommandText = "SELECT total_changes()";
        return (rows, (long)cmd.ExecuteScalar()!);
    }

    private static OrderUpdate Order(long seq, OrderStatus status, DateTimeOffset? closed) =>
        new(seq, 0, PolyMM.Core.Quoting.Side.Buy, 0.5m, 10m, new Snapshot(T0, 0.49m, 0.51m, 0.5m, 100m, 100m, null), LiquidityTier.A,
            T0, T0, status, status == OrderStatus.Filled ? 10m : 0m, status == OrderStatus.Filled ? 1 : 0, closed, null, 0);

    /// <summary>Each committed order as "seq:status", read through a second connection (what another process sees).</summary>
    private static List<string> Statuses(string path)
    {
        using var conn = new SqliteConnection($"Data Source={path};Pooling=False");
        conn.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT seq, status FROM orders ORDER BY seq";
        using var r = cmd.ExecuteReader();
        var rows = new List<string>();
        while (r.Read())
        {
            rows.Add($"{r.GetInt64(0)}:{r.GetInt64(1)}");
        }

        return rows;
    }

    /// <summary>Runs the engine on a random walk into <paramref name="path"/>; returns every stored row as text, table by table.</summary>
    private static List<string> Write(string path, bool queued)
    {
        var markets = new[] { new MarketInfo("m1", "M1", true), new MarketInfo("m2", "M2", true) };
        using (var store = LedgerStore.Open(path))
        {
            var key = store.CreateRun(new RunStart(RunId, "T", "offline", "{}", T0, "test", 10_000m, markets));
            using var writer = new SqliteRunWriter(store, key, RunId, "T", markets);
            using var queue = queued ? new QueuedRunWriter(writer) : null;
            ILedgerSink sink = queue is null ? writer : queue;
            var engine = new MarketMakingEngine(new EngineOptions(), 10_000m, markets.Length,
                new ProbabilisticFillModel(new ProbabilisticFillParams { BaseLiquidity = 0.5, PMax = 0.5 }, new SeededRandom(4)), sink);
            var snapshots = Walk(markets.Length, 3000);
            var result = Replay.Run(snapshots, engine, null, CancellationToken.None, ticks =>
            {
                var at = T0.AddSeconds(ticks);
                if (queue is null)
                {
                    writer.Checkpoint(engine.Portfolio, engine.Stats, at, minPending: 97);
                }
                else
                {
                    queue.Checkpoint(engine.Portfolio, engine.Stats, at, minPending: 97);
                }
            });
            if (queue is null)
            {
                writer.Complete(engine.Portfolio, engine.Stats, RunStatus.Complete, T0, result);
            }
            else
            {
                queue.Complete(engine.Portfolio, engine.Stats, RunStatus.Complete, T0, result);
            }
        }

        using var conn = new SqliteConnection($"Data Source={path};Pooling=False");
        conn.Open();
        var rows = new List<string>();
        foreach (var sql in new[]
        {
            "SELECT * FROM orders ORDER BY seq", "SELECT * FROM fills ORDER BY seq", "SELECT * FROM ticks ORDER BY tick",
            "SELECT * FROM trades ORDER BY id", "SELECT cash, total_value, realized, unrealized, fees FROM portfolio",
            "SELECT fills, orders, snapshots, stats, status FROM runs",
        })
        {
            using var cmd = conn.CreateCommand();
            cmd.CommandText = sql;
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var values = new object[r.FieldCount];
                r.GetValues(values);
                rows.Add(sql[..20] + string.Join('|', values.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture))));
            }
        }

        return rows;
    }

    private static ArraySource Walk(int markets, int n)
    {
        var random = new SeededRandom(8);
        var all = new Snapshot[markets][];
        for (var m = 0; m < markets; m++)
        {
            all[m] = new Snapshot[n];
            var bid = 500;
            for (var i = 0; i < n; i++)
            {
                bid = Math.Clamp(bid + (int)(random.NextUInt64() % 3) - 1, 400, 590);
                var ask = bid + 1 + (int)(random.NextUInt64() % 3);
                var ltp = bid - 25 + (int)(random.NextUInt64() % 50);
                all[m][i] = new Snapshot(T0.AddSeconds(2 * i), bid / 1000m, ask / 1000m, (bid + ask) / 2000m, 1000m, 1000m, ltp / 1000m);
            }
        }

        return new ArraySource(all);
    }

    private sealed class ArraySource(Snapshot[][] snapshots) : ISnapshotSource
    {
        private readonly int[] _next = new int[snapshots.Length];

        public int MarketCount => snapshots.Length;

        public bool TryRead(int market, out Snapshot snapshot)
        {
            var i = _next[market]++;
            snapshot = i < snapshots[market].Length ? snapshots[market][i] : default;
            return i < snapshots[market].Length;
        }
    }
}
