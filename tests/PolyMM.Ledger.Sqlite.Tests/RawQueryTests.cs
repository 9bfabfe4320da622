using System.Globalization;
using Microsoft.Data.Sqlite;
using PolyMM.Core.Engine;
using PolyMM.Core.Ledger;
using PolyMM.Core.Orders;
using PolyMM.Core.Quoting;
using PolyMM.Ledger.Sqlite.Tests.Support;

namespace PolyMM.Ledger.Sqlite.Tests;

/// <summary>
/// The raw-statement reader of the export streams (<see cref="RawQuery"/>) against <c>SqliteDataReader</c> on the same
/// rows: every cell and every decoded row the same, NULLs, 6-decimal amounts, negatives and 64-bit integers included.
/// </summary>
public sealed class RawQueryTests : IDisposable
{
    private readonly TempLedger _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public void Cells_EdgeValues_EqualSqliteDataReader()
    {
        // Arrange: typed columns and one without affinity, so SQLite's conversions (INTEGER read as REAL, REAL and TEXT
        // read as INTEGER, numbers read as TEXT) are exercised as well as NULLs.
        using (var store = _db.Open())
        {
        }

        using (var conn = _db.Raw())
        {
            Exec(conn, """
                CREATE TABLE edge (k INTEGER PRIMARY KEY, i INTEGER, r REAL, s TEXT, a);
                INSERT INTO edge VALUES
                  (1, NULL, NULL, NULL, NULL),
                  (2, 9223372036854775807, 123.456789, 'synth-mkt-0001', 7),
                  (3, -9223372036854775808, -0.000001, 'é€ "quoted", comma', 2.5),
                  (4, 9007199254740993, -98765.432101, '', '12'),
                  (5, 0, 0.1, 'x', -3.75);
                """);
        }

        using var ro = _db.Open(readOnly: true);
        using var cmd = ro.Connection.CreateCommand();
        const string sql = "SELECT i, r, s, a FROM edge ORDER BY k";
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        using var q = new RawQuery(ro.Connection, sql);
        var rows = 0;

        // Act + Assert: cell by cell, every accessor.
        while (r.Read())
        {
            Assert.True(q.Step());
            for (var c = 0; c < 4; c++)
            {
                Assert.Equal(r.IsDBNull(c), q.IsNull(c));
                if (!r.IsDBNull(c))
                {
                    Assert.Equal(r.GetInt64(c), q.Int64(c));
                    Assert.Equal(r.GetDouble(c), q.Double(c));
                    Assert.Equal((decimal)r.GetDouble(c), q.Dec(c));
                    Assert.Equal(r.GetString(c), q.Text(c));
                }
            }

            q.EndRow();
            rows++;
        }

        Assert.False(q.Step());
        Assert.Equal(5, rows);
    }

    [Fact]
    public void Cells_EdgeValues_ComeBackExactly()
    {
        using (_db.Open())
        {
        }

        using (var conn = _db.Raw())
        {
            Exec(conn, """
                CREATE TABLE edge (k INTEGER PRIMARY KEY, i INTEGER, r REAL, s TEXT);
                INSERT INTO edge VALUES (1, 9223372036854775807, 123.456789, 'é€'), (2, -9223372036854775808, -0.000001, NULL),
                  (3, 9007199254740993, -98765.432101, 'a');
                """);
        }

        using var ro = _db.Open(readOnly: true);
        using var q = new RawQuery(ro.Connection, "SELECT i, r, s FROM edge WHERE k >= $k ORDER BY k").Bind(1, 1);
        var got = new List<(long, decimal, string?)>();
        string? last = null;
        while (q.Step())
        {
            got.Add((q.Int64(0), q.Dec(1), q.TextOrNull(2, ref last)));
            q.EndRow();
        }

        // 2^53 + 1 = 9007199254740993 would not survive a double; 6-decimal REALs come back as the decimals written.
        Assert.Equal([(long.MaxValue, 123.456789m, "é€"), (long.MinValue, -0.000001m, null), (9007199254740993L, -98765.432101m, "a")], got);
    }

    [Fact]
    public void ExportStreams_StandardRunWithEdgeValues_EqualTheSqliteDataReaderPath()
    {
        // Arrange: the standard run, then values the engine rarely writes (negative cash, 6 decimals, a fill id past 2^53,
        // a fill without a snapshot's bid/ask/mid or lot).
        string runId = "run-a";
        using (var store = _db.Open())
        {
            using (StandardRun.WriteComplete(store, runId))
            {
            }
        }

        using (var conn = _db.Raw())
        {
            Exec(conn, """
                UPDATE ticks SET cash = -12.345678, committed = 0.000001 WHERE tick = 1;
                UPDATE fills SET fill_id = 9007199254740993, f_bid = NULL, f_ask = NULL, f_mid = NULL, lot_id = NULL
                  WHERE fill_id = (SELECT MIN(fill_id) FROM fills);
                UPDATE orders SET qty = 123456.654321 WHERE seq = 2;
                INSERT INTO marks (run_key, ts_us, market_idx, mark)
                  SELECT run_key, 1770343768000000, 1, 0.123456 FROM runs WHERE run_id = 'run-a'
                  UNION ALL SELECT run_key, 1770343768000000, 0, 0.5 FROM runs WHERE run_id = 'run-a'
                  UNION ALL SELECT run_key, 1770343769500000, 0, -0.000001 FROM runs WHERE run_id = 'run-a';
                """);
        }

        using var ro = _db.Open(readOnly: true);
        var reader = new LedgerReader(ro);
        var run = reader.RequireRun(runId);

        // Act
        var orders = reader.StreamOrders(run.RunKey).ToList();
        var fills = reader.StreamFillRows(run.RunKey).ToList();
        var ticks = reader.StreamTicks(run.RunKey).ToList();
        var lots = reader.StreamLotExport(runId).ToList();
        var marks = reader.StreamMarks(run.RunKey).ToList();

        // Assert: row for row what SqliteDataReader gives, and the cases the test is for are there.
        Assert.Equal(CommandPath.Orders(ro.Connection, run.RunKey), orders);
        Assert.Equal(CommandPath.Fills(ro.Connection, run.RunKey), fills);
        Assert.Equal(CommandPath.Ticks(ro.Connection, run.RunKey), ticks);
        Assert.Equal(CommandPath.Lots(ro.Connection, runId), lots);
        Assert.Equal(CommandPath.Marks(ro.Connection, run.RunKey), marks);
        Assert.Contains(orders, o => o.ClosedAt is null && o.Reason is null);
        Assert.Contains(orders, o => o.Reason is not null);
        Assert.Contains(orders, o => o.Qty == 123456.654321m);
        Assert.Contains(fills, f => f.FillId == 9007199254740993L && f.Bid is null && f.Mid is null && f.LotId is null);
        Assert.Contains(fills, f => f.LotId is not null);
        Assert.Contains(ticks, t => t.Cash == -12.345678m && t.Committed == 0.000001m);
        Assert.Contains(lots, l => l.ClosedAt is null && l.ExitPrice is null);
        Assert.Contains(lots, l => l.ClosedAt is not null && l.ExitPriceSource is not null);
        Assert.Equal([0.5m, 0.123456m, -0.000001m], marks.Select(m => m.Mark));
    }

    [Fact]
    public void OpenConcurrentReader_FinishedRun_ReadsTheSameRowsOnItsOwnConnection()
    {
        WriteFinishedRun();

        using var ro = _db.Open(readOnly: true);
        var reader = new LedgerReader(ro);
        var run = reader.RequireRun("run-a");
        using var snapshot = reader.ReadSnapshot();

        using var second = reader.OpenConcurrentReader();

        Assert.NotNull(second);
        Assert.Equal(reader.StreamOrders(run.RunKey), second.StreamOrders(run.RunKey));
        Assert.Equal(reader.StreamTicks(run.RunKey), second.StreamTicks(run.RunKey));
    }

    [Fact]
    public void OpenConcurrentReader_CommitAfterTheSnapshot_SecondReaderDoesNotSeeIt()
    {
        // Arrange: a log that already holds a transaction (the handover path), the snapshot, then a commit.
        WriteFinishedRun();

        using var conn = _db.Raw();
        using var ro = _db.Open(readOnly: true);
        var reader = new LedgerReader(ro);
        var run = reader.RequireRun("run-a");
        AddTick(conn, run.RunKey, 100);
        using var snapshot = reader.ReadSnapshot();
        var before = reader.StreamTicks(run.RunKey).Count();
        AddTick(conn, run.RunKey, 101);

        // Act
        using var second = reader.OpenConcurrentReader();

        // Assert: the second reader sees the snapshot's rows, not the later commit's.
        Assert.NotNull(second);
        Assert.Equal(before, second.StreamTicks(run.RunKey).Count());
        Assert.Equal(before + 1, new LedgerReader(_db.Open(readOnly: true)).StreamTicks(run.RunKey).Count());
    }

    [Fact]
    public void OpenConcurrentReader_CommitIntoAnEmptyLogAfterTheSnapshot_IsNull()
    {
        // Arrange: a finished file (empty log), the snapshot, then a commit: no snapshot can be handed over and the
        // second connection would see the commit, so there is no second reader.
        WriteFinishedRun();

        using var ro = _db.Open(readOnly: true);
        var reader = new LedgerReader(ro);
        var run = reader.RequireRun("run-a");
        using var snapshot = reader.ReadSnapshot();
        using var conn = _db.Raw();
        AddTick(conn, run.RunKey, 100);

        // Act
        using var second = reader.OpenConcurrentReader();

        // Assert
        Assert.Null(second);
    }

    [Fact]
    public void OpenConcurrentReader_NoOpenSnapshot_IsNull()
    {
        WriteFinishedRun();

        using var ro = _db.Open(readOnly: true);

        using var second = new LedgerReader(ro).OpenConcurrentReader();

        Assert.Null(second);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    [InlineData(0.55)]
    [InlineData(-19.23)]
    [InlineData(10000.0)]
    [InlineData(0.000001)]
    [InlineData(-0.000001)]
    [InlineData(0.0000005)]
    [InlineData(123456789.123456)]
    [InlineData(999999999.999999)]
    [InlineData(1e9)]
    [InlineData(1.0 / 3.0)]
    [InlineData(1e-300)]
    [InlineData(7.9e28)]
    public void ToDecimal_Cases_SameValueAndScaleAsTheConversion(double value) =>
        Assert.Equal(decimal.GetBits((decimal)value), decimal.GetBits(RawQuery.ToDecimal(value)));

    [FsCheck.Xunit.Property(MaxTest = 3000)]
    public void ToDecimal_SixDecimalAmounts_SameValueAndScaleAsTheConversion(int whole, int micros, bool negative)
    {
        // Amounts as the ledger stores them: up to 6 decimals, written as double.
        var amount = (whole % 1_000_000_000) + ((Math.Abs(micros) % 1_000_000) / 1_000_000m);
        var value = (double)(negative ? -amount : amount);

        Assert.Equal(decimal.GetBits((decimal)value), decimal.GetBits(RawQuery.ToDecimal(value)));
    }

    [FsCheck.Xunit.Property(MaxTest = 3000)]
    public void ToDecimal_AnyDouble_SameValueAndScaleAsTheConversion(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value) || Math.Abs(value) >= 7.9e28)
        {
            return; // (decimal) throws on these; the raw reader never sees them (the writer stores no such REAL)
        }

        Assert.Equal(decimal.GetBits((decimal)value), decimal.GetBits(RawQuery.ToDecimal(value)));
    }

    private static void AddTick(SqliteConnection conn, long runKey, long tick) =>
        Exec(conn, string.Create(CultureInfo.InvariantCulture,
            $"INSERT INTO ticks (run_key, tick, ts_us, cash, open_value, open_cost, committed) SELECT run_key, {tick}, ts_us, cash, open_value, open_cost, committed FROM ticks WHERE run_key = {runKey} AND tick = 1"));

    // A finished run "run-a" (the standard scenario), its writer closed.
    private void WriteFinishedRun()
    {
        using var store = _db.Open();
        using (StandardRun.WriteComplete(store, "run-a"))
        {
        }
    }

    private static void Exec(SqliteConnection conn, string sql)
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    /// <summary>The export streams as they were read through <c>SqliteDataReader</c> before the raw reader: the reference.</summary>
    private static class CommandPath
    {
        public static List<OrderRow> Orders(SqliteConnection c, long runKey) => Read(c, """
            SELECT seq, market_idx, side, status, tier, qty, limit_price, sent_us, live_us, closed_us, filled_qty, fill_count, evals, reason
            FROM orders WHERE run_key = $k ORDER BY seq
            """, runKey, r => new OrderRow(
                r.GetInt64(0), r.GetInt32(1), (Side)r.GetInt32(2), (OrderStatus)r.GetInt32(3), r.GetInt32(4),
                (decimal)r.GetDouble(5), (decimal)r.GetDouble(6), Micros(r.GetInt64(7)), Micros(r.GetInt64(8)),
                r.IsDBNull(9) ? null : Micros(r.GetInt64(9)), (decimal)r.GetDouble(10), r.GetInt64(11), r.GetInt64(12),
                r.IsDBNull(13) ? null : r.GetString(13)));

        public static List<FillRow> Fills(SqliteConnection c, long runKey) => Read(c, """
            SELECT f.fill_id, f.seq, o.market_idx, o.side, f.fill_us, f.fill_price, f.shares, f.fee, f.is_maker, f.price_src,
                   f.f_bid, f.f_ask, f.f_mid, f.lot_id, f.rebate_usd
            FROM fills f
            JOIN orders o ON o.run_key = f.run_key AND o.seq = f.seq
            WHERE f.run_key = $k ORDER BY f.fill_us, o.side, f.seq, f.fill_id
            """, runKey, r => new FillRow(
                r.GetInt64(0), r.GetInt64(1), r.GetInt32(2), (Side)r.GetInt32(3), Micros(r.GetInt64(4)),
                (decimal)r.GetDouble(5), (decimal)r.GetDouble(6), (decimal)r.GetDouble(7), r.IsDBNull(14) ? 0m : (decimal)r.GetDouble(14),
                r.GetInt64(8) != 0, r.GetString(9), Dec(r, 10), Dec(r, 11), Dec(r, 12), r.IsDBNull(13) ? null : r.GetInt64(13)));

        public static List<EquitySample> Ticks(SqliteConnection c, long runKey) => Read(c,
            "SELECT tick, ts_us, cash, open_value, open_cost, committed FROM ticks WHERE run_key = $k ORDER BY tick", runKey,
            r => new EquitySample(r.GetInt64(0), Micros(r.GetInt64(1)), (decimal)r.GetDouble(2), (decimal)r.GetDouble(3),
                (decimal)r.GetDouble(4), (decimal)r.GetDouble(5)));

        public static List<MarkSample> Marks(SqliteConnection c, long runKey) => Read(c,
            "SELECT ts_us, market_idx, mark FROM marks WHERE run_key = $k ORDER BY ts_us, market_idx", runKey,
            r => new MarkSample(r.GetInt32(1), Micros(r.GetInt64(0)), (decimal)r.GetDouble(2)));

        public static List<LotExportRow> Lots(SqliteConnection c, string runId) => Read(c, """
            SELECT id, market, status, timestamp, closed_at, shares, price, size, sell_price, proceeds, realized_pnl, current_price,
                   entry_fee_usd, exit_fee_usd, entry_price_source, exit_price_source
            FROM trades WHERE run_id = $k ORDER BY id
            """, runId, r => new LotExportRow(
                r.GetInt64(0), r.GetString(1), r.GetString(2) == "closed", Iso(r.GetString(3)),
                r.IsDBNull(4) ? null : Iso(r.GetString(4)), (decimal)r.GetDouble(5), (decimal)r.GetDouble(6), (decimal)r.GetDouble(7),
                Dec(r, 8), Dec(r, 9), Dec(r, 10), Dec(r, 11), (decimal)r.GetDouble(12), (decimal)r.GetDouble(13),
                r.IsDBNull(14) ? null : r.GetString(14), r.IsDBNull(15) ? null : r.GetString(15)));

        private static List<T> Read<T>(SqliteConnection c, string sql, object key, Func<SqliteDataReader, T> row)
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = sql;
            cmd.Parameters.AddWithValue("$k", key);
            using var r = cmd.ExecuteReader();
            var list = new List<T>();
            while (r.Read())
            {
                list.Add(row(r));
            }

            return list;
        }

        private static decimal? Dec(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : (decimal)r.GetDouble(i);

        private static DateTimeOffset Micros(long us) => new(DateTimeOffset.UnixEpoch.UtcTicks + (us * 10), TimeSpan.Zero);

        private static DateTimeOffset Iso(string s) =>
            DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
    }
}
