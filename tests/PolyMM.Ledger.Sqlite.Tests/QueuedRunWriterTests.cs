using Microsoft.Data.Sqlite;
using PolyMM.Core.Engine;
using PolyMM.Core.Fills;
using PolyMM.Core.Ledger;
using PolyMM.Core.Market;
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
