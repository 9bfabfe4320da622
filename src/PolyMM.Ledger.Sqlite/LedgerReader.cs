using System.Text.Json;
using Microsoft.Data.Sqlite;
using PolyMM.Core.Economics;
using PolyMM.Core.Engine;
using PolyMM.Core.Ledger;
using PolyMM.Core.Market;
using PolyMM.Core.Orders;
using PolyMM.Core.Quoting;
using PolyMM.Core.Trust;

namespace PolyMM.Ledger.Sqlite;

/// <summary>
/// Reads runs back out of the SQLite ledger, scoped by run id or key: never another run's rows. The one implementation
/// of <see cref="ILedgerReader"/> (docs/design.md#ledger-reader): all SQL the reports need lives here.
/// </summary>
public sealed class LedgerReader(LedgerStore store) : ILedgerReader
{
    public string Source => store.Path;

    public int SchemaVersion => LedgerStore.SchemaVersion;

    public IDisposable ReadSnapshot() => store.ReadSnapshot();

    public ISnapshotReader? OpenConcurrentReader() => store.OpenSibling() is { } sibling ? new SiblingReader(sibling) : null;

    /// <summary>A reader over a sibling store (<see cref="LedgerStore.OpenSibling"/>), which it closes.</summary>
    private sealed class SiblingReader(LedgerStore sibling) : ISnapshotReader
    {
        private readonly LedgerReader _reader = new(sibling);

        public string Source => _reader.Source;

        public int SchemaVersion => _reader.SchemaVersion;

        public IDisposable ReadSnapshot() => _reader.ReadSnapshot();

        public RunRow? Run(string runId) => _reader.Run(runId);

        public RunRow RequireRun(string runId) => _reader.RequireRun(runId);

        public IReadOnlyList<RunRow> Runs() => _reader.Runs();

        public string? LatestRunId(string runTag, string? status = null) => _reader.LatestRunId(runTag, status);

        public IReadOnlyList<MarketInfo> Markets(long runKey) => _reader.Markets(runKey);

        public PortfolioFact Portfolio(string runId) => _reader.Portfolio(runId);

        public IEnumerable<FillFact> StreamFills(RunRow run) => _reader.StreamFills(run);

        public IEnumerable<LotFact> StreamLots(string runId) => _reader.StreamLots(runId);

        public IEnumerable<OrderFillRow> OrdersWithFills(long runKey) => _reader.OrdersWithFills(runKey);

        public IReadOnlyList<TickRow> Ticks(long runKey) => _reader.Ticks(runKey);

        public IEnumerable<LotRow> LotRows(string runId) => _reader.LotRows(runId);

        public IReadOnlyList<RewardRow> Rewards(string runId) => _reader.Rewards(runId);

        public IEnumerable<MarkSample> StreamMarks(long runKey) => _reader.StreamMarks(runKey);

        public IEnumerable<RewardSample> RewardSamples(long runKey) => _reader.RewardSamples(runKey);

        public IEnumerable<object?[]> FillsExport(string runId, IReadOnlyList<string> columns) => _reader.FillsExport(runId, columns);

        public IReadOnlyList<IReadOnlyList<KeyValuePair<string, object?>>> ExecutionRecordRows(string orderId) => _reader.ExecutionRecordRows(orderId);

        public IReadOnlyList<IReadOnlyList<KeyValuePair<string, object?>>> LotRowsRaw(string runId, long lotId) => _reader.LotRowsRaw(runId, lotId);

        public IEnumerable<OrderRow> StreamOrders(long runKey) => _reader.StreamOrders(runKey);

        public IEnumerable<FillRow> StreamFillRows(long runKey) => _reader.StreamFillRows(runKey);

        public IEnumerable<EquitySample> StreamTicks(long runKey) => _reader.StreamTicks(runKey);

        public IEnumerable<LotExportRow> StreamLotExport(string runId) => _reader.StreamLotExport(runId);

        public ISnapshotReader? OpenConcurrentReader() => _reader.OpenConcurrentReader();

        public void Dispose() => sibling.Dispose();
    }

    public RunRow RequireRun(string runId) => Run(runId) ?? throw new LedgerException($"run {runId} not found in {store.Path}");

    public string? LatestRunId(string runTag, string? status = null) => store.LatestRunId(runTag, status);

    public RunRow? Run(string runId)
    {
        using var cmd = store.Command();
        cmd.CommandText = """
            SELECT run_id, run_key, run_tag, status, data_mode, params, started_at, ended_at, fills, orders, tool_version,
                   bankroll, snapshots, event_start, event_end, stop_reason, stats
            FROM runs WHERE run_id = $id
            """;
        cmd.Parameters.AddWithValue("$id", runId);
        using var r = cmd.ExecuteReader();
        return r.Read() ? Checked(ReadRun(r)) : null;
    }

    /// <summary>
    /// A run about to be analysed, checked or finalised: its <c>params</c> must be a JSON object and its <c>stats</c>
    /// JSON (or empty), as the ledger writes them (docs/data-dictionary.md); anything else is a damaged or edited row.
    /// </summary>
    private static RunRow Checked(RunRow run)
    {
        string? Problem(string column, string json, bool emptyOk)
        {
            if (emptyOk && string.IsNullOrWhiteSpace(json))
            {
                return null;
            }

            try
            {
                using var doc = JsonDocument.Parse(json);
                return doc.RootElement.ValueKind == JsonValueKind.Object ? null : $"runs.{column} is not a JSON object";
            }
            catch (JsonException)
            {
                return $"runs.{column} is not valid JSON";
            }
        }

        return (Problem("params", run.ParamsJson, emptyOk: false) ?? Problem("stats", run.StatsJson, emptyOk: true)) is { } problem
            ? throw new LedgerException($"run {run.RunId}: {problem} (the row is damaged or was edited)")
            : run;
    }

    public IReadOnlyList<RunRow> Runs()
    {
        using var cmd = store.Command();
        cmd.CommandText = """
            SELECT run_id, run_key, run_tag, status, data_mode, params, started_at, ended_at, fills, orders, tool_version,
                   bankroll, snapshots, event_start, event_end, stop_reason, stats
            FROM runs ORDER BY started_at, run_key
            """;
        return ReadAll(cmd, ReadRun);
    }

    public IReadOnlyList<MarketInfo> Markets(long runKey)
    {
        using var cmd = store.Command();
        cmd.CommandText = "SELECT market_id, title, slug FROM run_markets WHERE run_key = $k ORDER BY idx";
        cmd.Parameters.AddWithValue("$k", runKey);
        return ReadAll(cmd, r => new MarketInfo(r.GetString(0), SqlValues.Str(r, 1) ?? r.GetString(0), true, SqlValues.Str(r, 2)));
    }

    public PortfolioFact Portfolio(string runId)
    {
        using var cmd = store.Command();
        cmd.CommandText = "SELECT bankroll, cash, total_value, realized, unrealized, fees FROM portfolio WHERE run_id = $id";
        cmd.Parameters.AddWithValue("$id", runId);
        using var r = cmd.ExecuteReader();
        if (!r.Read())
        {
            throw new LedgerException($"run {runId} has no portfolio row");
        }

        return new PortfolioFact(SqlValues.DecOrZero(r, 0), SqlValues.DecOrZero(r, 1), SqlValues.DecOrZero(r, 2),
            SqlValues.DecOrZero(r, 3), SqlValues.DecOrZero(r, 4), SqlValues.DecOrZero(r, 5));
    }

    /// <summary>Every fill of the run with the snapshot it filled against, in fill order.</summary>
    public List<FillFact> Fills(RunRow run) => [.. StreamFills(run)];

    /// <summary>
    /// The run's fills one at a time, in the order the engine applied them (fill time, buys first, then order):
    /// bounded memory for runs of any length.
    /// </summary>
    public IEnumerable<FillFact> StreamFills(RunRow run)
    {
        // Read through the raw reader (docs/design.md#performance-notes): the post-run gates stream every fill of the run.
        using var q = Query("""
            SELECT o.seq, m.market_id, o.side, COALESCE(o.live_us, o.sent_us), f.fill_us, f.fill_price, f.shares, f.fee, f.f_bid, f.f_ask, f.f_mid,
                   f.fill_id, o.qty, f.rebate_usd
            FROM fills f
            JOIN orders o ON o.run_key = f.run_key AND o.seq = f.seq
            JOIN run_markets m ON m.run_key = o.run_key AND m.idx = o.market_idx
            WHERE f.run_key = $k ORDER BY f.fill_us, o.side, f.seq, f.fill_id
            """).Bind(1, run.RunKey);
        string? market = null;
        while (q.Step())
        {
            var row = new FillFact(
                run.RunId + "-" + q.Int64(0).ToString(System.Globalization.CultureInfo.InvariantCulture),
                q.Text(1, ref market),
                (Side)q.Int32(2),
                SqlValues.FromMicros(q.Int64(3)),
                SqlValues.FromMicros(q.Int64(4)),
                q.DecOrZero(5),
                q.DecOrZero(6),
                q.DecOrZero(7),
                q.DecOrNull(8),
                q.DecOrNull(9),
                q.DecOrNull(10),
                q.Int64(11),
                q.DecOrZero(12),
                q.DecOrZero(13));
            q.EndRow();
            yield return row;
        }
    }

    public List<LotFact> Lots(string runId) => [.. StreamLots(runId)];

    /// <summary>The run's lot rows one at a time, by id.</summary>
    public IEnumerable<LotFact> StreamLots(string runId)
    {
        using var q = Query("""
            SELECT id, market, shares, price, status, sell_price, proceeds, realized_pnl, current_price
            FROM trades WHERE run_id = $id ORDER BY id
            """).Bind(1, runId);
        string? market = null;
        string? status = null;
        while (q.Step())
        {
            var row = new LotFact(q.Int64(0), q.Text(1, ref market), q.DecOrZero(2), q.DecOrZero(3),
                q.Text(4, ref status) == "closed", q.DecOrNull(5), q.DecOrNull(6), q.DecOrNull(7), q.DecOrNull(8));
            q.EndRow();
            yield return row;
        }
    }

    public IEnumerable<OrderFillRow> OrdersWithFills(long runKey)
    {
        // INDEXED BY: without statistics the planner may walk every fill of the run per order (quadratic).
        using var cmd = store.Command();
        cmd.CommandText = """
            SELECT o.seq, o.market_idx, o.side, o.limit_price, o.sent_us, o.s_bid, o.s_ask, o.s_mid, o.s_dbid, o.s_dask, o.closed_us,
                   f.fill_id, f.fill_us, f.fill_price, f.f_bid, f.f_ask, f.f_mid, f.f_src, f.price_src, f.fee, f.rebate_usd, f.is_maker
            FROM orders o LEFT JOIN fills f INDEXED BY fills_by_order ON f.run_key = o.run_key AND f.seq = o.seq
            WHERE o.run_key = $k ORDER BY o.seq, f.fill_id
            """;
        cmd.Parameters.AddWithValue("$k", runKey);
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            yield return new OrderFillRow(
                r.GetInt64(0), r.GetInt32(1), (Side)r.GetInt32(2), (decimal)r.GetDouble(3), r.GetInt64(4),
                Real(r, 5), Real(r, 6), Real(r, 7), Real(r, 8), Real(r, 9), SqlValues.Long(r, 10),
                SqlValues.Long(r, 11), SqlValues.Long(r, 12), SqlValues.Dec(r, 13), Real(r, 14), Real(r, 15), Real(r, 16),
                r.IsDBNull(17) ? null : r.GetInt32(17), SqlValues.Str(r, 18), SqlValues.Dec(r, 19), SqlValues.Dec(r, 20),
                r.IsDBNull(21) ? null : r.GetInt64(21) != 0);
        }
    }

    public IReadOnlyList<TickRow> Ticks(long runKey)
    {
        using var cmd = store.Command();
        cmd.CommandText = "SELECT ts_us, cash, open_value, open_cost FROM ticks WHERE run_key = $k ORDER BY tick";
        cmd.Parameters.AddWithValue("$k", runKey);
        return ReadAll(cmd, r => new TickRow(r.GetInt64(0), (decimal)r.GetDouble(1), (decimal)r.GetDouble(2), (decimal)r.GetDouble(3)));
    }

    public IEnumerable<LotRow> LotRows(string runId)
    {
        using var cmd = store.Command();
        cmd.CommandText = """
            SELECT market, timestamp, closed_at, status, shares, price, realized_pnl, current_price
            FROM trades WHERE run_id = $id ORDER BY id
            """;
        cmd.Parameters.AddWithValue("$id", runId);
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            yield return new LotRow(r.GetString(0), r.GetString(1), SqlValues.Str(r, 2), r.GetString(3) == "closed",
                (decimal)r.GetDouble(4), (decimal)r.GetDouble(5), SqlValues.Dec(r, 6), SqlValues.Dec(r, 7));
        }
    }

    public IEnumerable<MarkSample> StreamMarks(long runKey)
    {
        using var q = Query("SELECT ts_us, market_idx, mark FROM marks WHERE run_key = $k ORDER BY ts_us, market_idx").Bind(1, runKey);
        while (q.Step())
        {
            var row = new MarkSample(q.Int32(1), SqlValues.FromMicros(q.Int64(0)), q.Dec(2));
            q.EndRow();
            yield return row;
        }
    }

    public IEnumerable<RewardSample> RewardSamples(long runKey)
    {
        using var q = Query("""
            SELECT market_idx, ts_us, our_q_min, total_q_min, share, reward_usd, book_fully_visible
            FROM reward_samples WHERE run_key = $k ORDER BY ts_us, market_idx
            """).Bind(1, runKey);
        while (q.Step())
        {
            var row = new RewardSample(q.Int32(0), SqlValues.FromMicros(q.Int64(1)), q.DecOrZero(2), q.DecOrZero(3), q.DecOrZero(4),
                q.DecOrZero(5), q.Int64(6) != 0);
            q.EndRow();
            yield return row;
        }
    }

    public IReadOnlyList<RewardRow> Rewards(string runId)
    {
        using var cmd = store.Command();
        cmd.CommandText = "SELECT reward_usd, reward_source FROM market_making_rewards WHERE run_id = $id";
        cmd.Parameters.AddWithValue("$id", runId);
        return ReadAll(cmd, r => new RewardRow((decimal)r.GetDouble(0), r.GetString(1)));
    }

    public IEnumerable<OrderRow> StreamOrders(long runKey)
    {
        using var q = Query("""
            SELECT seq, market_idx, side, status, tier, qty, limit_price, sent_us, live_us, closed_us, filled_qty, fill_count, evals, reason
            FROM orders WHERE run_key = $k ORDER BY seq
            """).Bind(1, runKey);
        string? reason = null;
        while (q.Step())
        {
            var row = new OrderRow(
                q.Int64(0), q.Int32(1), (Side)q.Int32(2), (OrderStatus)q.Int32(3), q.Int32(4), q.Dec(5), q.Dec(6),
                SqlValues.FromMicros(q.Int64(7)), SqlValues.FromMicros(q.Int64(8)), q.IsNull(9) ? null : SqlValues.FromMicros(q.Int64(9)),
                q.Dec(10), q.Int64(11), q.Int64(12), q.TextOrNull(13, ref reason));
            q.EndRow();
            yield return row;
        }
    }

    public IEnumerable<FillRow> StreamFillRows(long runKey)
    {
        // Same order as StreamFills: the order the engine applied the fills.
        using var q = Query("""
            SELECT f.fill_id, f.seq, o.market_idx, o.side, f.fill_us, f.fill_price, f.shares, f.fee, f.is_maker, f.price_src,
                   f.f_bid, f.f_ask, f.f_mid, f.lot_id, f.rebate_usd
            FROM fills f
            JOIN orders o ON o.run_key = f.run_key AND o.seq = f.seq
            WHERE f.run_key = $k ORDER BY f.fill_us, o.side, f.seq, f.fill_id
            """).Bind(1, runKey);
        string? source = null;
        while (q.Step())
        {
            // A fill migrated from v1/v2 has rebate 0 (those schemas kept none; docs/data-dictionary.md#fills).
            var row = new FillRow(
                q.Int64(0), q.Int64(1), q.Int32(2), (Side)q.Int32(3), SqlValues.FromMicros(q.Int64(4)), q.Dec(5), q.Dec(6), q.Dec(7),
                q.DecOrZero(14), q.Int64(8) != 0, q.Text(9, ref source), q.DecOrNull(10), q.DecOrNull(11), q.DecOrNull(12), q.Int64OrNull(13));
            q.EndRow();
            yield return row;
        }
    }

    public IEnumerable<EquitySample> StreamTicks(long runKey)
    {
        using var q = Query("SELECT tick, ts_us, cash, open_value, open_cost, committed FROM ticks WHERE run_key = $k ORDER BY tick").Bind(1, runKey);
        while (q.Step())
        {
            var row = new EquitySample(q.Int64(0), SqlValues.FromMicros(q.Int64(1)), q.Dec(2), q.Dec(3), q.Dec(4), q.Dec(5));
            q.EndRow();
            yield return row;
        }
    }

    public IEnumerable<LotExportRow> StreamLotExport(string runId)
    {
        using var q = Query("""
            SELECT id, market, status, timestamp, closed_at, shares, price, size, sell_price, proceeds, realized_pnl, current_price,
                   entry_fee_usd, exit_fee_usd, entry_price_source, exit_price_source
            FROM trades WHERE run_id = $id ORDER BY id
            """).Bind(1, runId);
        string? market = null, status = null, entrySource = null, exitSource = null;
        while (q.Step())
        {
            var row = new LotExportRow(
                q.Int64(0), q.Text(1, ref market), q.Text(2, ref status) == "closed", IsoInstant(q.Text(3)),
                q.IsNull(4) ? null : IsoInstant(q.Text(4)), q.Dec(5), q.Dec(6), q.Dec(7), q.DecOrNull(8), q.DecOrNull(9), q.DecOrNull(10),
                q.DecOrNull(11), q.Dec(12), q.Dec(13), q.TextOrNull(14, ref entrySource), q.TextOrNull(15, ref exitSource));
            q.EndRow();
            yield return row;
        }
    }

    /// <summary>A raw-statement read on this store's connection, inside its open snapshot if there is one.</summary>
    private RawQuery Query(string sql) => new(store.Connection, sql);

    /// <summary>An ISO-8601 UTC time as the ledger writes it (<c>trades.timestamp</c>, <c>closed_at</c>).</summary>
    private static DateTimeOffset IsoInstant(string text) =>
        DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal);

    /// <summary>Every row of <paramref name="cmd"/>, each made by <paramref name="row"/>.</summary>
    private static List<T> ReadAll<T>(SqliteCommand cmd, Func<SqliteDataReader, T> row)
    {
        using var r = cmd.ExecuteReader();
        var list = new List<T>();
        while (r.Read())
        {
            list.Add(row(r));
        }

        return list;
    }

    public IEnumerable<object?[]> FillsExport(string runId, IReadOnlyList<string> columns)
    {
        foreach (var c in columns)
        {
            if (c.Length == 0 || !c.All(ch => ch is '_' or (>= 'a' and <= 'z') or (>= '0' and <= '9')))
            {
                throw new ArgumentException($"not a column name: {c}", nameof(columns));
            }
        }

        using var cmd = store.Command();
        // Truthful = a real (clob) book with a complete snapshot and a fill-model price; the narrow fills
        // table decides "complete snapshot", because the view falls back to the send snapshot.
        cmd.CommandText = $"""
            SELECT {string.Join(", ", columns)},
                   CASE WHEN book_source = 'clob' AND fill_price_source IN ('limit', 'ltp', 'midpoint')
                         AND order_id NOT IN (
                           SELECT $id || '-' || f.seq FROM fills f JOIN runs r ON r.run_key = f.run_key
                           WHERE r.run_id = $id AND (f.f_bid IS NULL OR f.f_ask IS NULL OR f.f_mid IS NULL OR f.f_mid <= 0))
                        THEN 1 ELSE 0 END
            FROM execution_records
            WHERE run_id = $id AND fill_count >= 1
            ORDER BY fill_ts, side, order_id
            """;
        cmd.Parameters.AddWithValue("$id", runId);
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            var row = new object?[r.FieldCount];
            for (var c = 0; c < r.FieldCount; c++)
            {
                row[c] = r.IsDBNull(c) ? null : r.GetValue(c);
            }

            yield return row;
        }
    }

    public IReadOnlyList<IReadOnlyList<KeyValuePair<string, object?>>> ExecutionRecordRows(string orderId) =>
        RawRows("SELECT * FROM execution_records WHERE order_id = $id", ("$id", orderId));

    public IReadOnlyList<IReadOnlyList<KeyValuePair<string, object?>>> LotRowsRaw(string runId, long lotId) =>
        RawRows("SELECT * FROM trades WHERE run_id = $run AND id = $id", ("$run", runId), ("$id", lotId));

    private List<IReadOnlyList<KeyValuePair<string, object?>>> RawRows(string sql, params (string Name, object Value)[] args)
    {
        using var cmd = store.Command();
        cmd.CommandText = sql;
        foreach (var (name, value) in args)
        {
            cmd.Parameters.AddWithValue(name, value);
        }

        using var r = cmd.ExecuteReader();
        var rows = new List<IReadOnlyList<KeyValuePair<string, object?>>>();
        while (r.Read())
        {
            var row = new List<KeyValuePair<string, object?>>(r.FieldCount);
            for (var c = 0; c < r.FieldCount; c++)
            {
                row.Add(KeyValuePair.Create(r.GetName(c), r.IsDBNull(c) ? null : r.GetValue(c)));
            }

            rows.Add(row);
        }

        return rows;
    }

    private static double? Real(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDouble(i);

    /// <summary>A runs row; a column of the wrong type (NULL or text where the ledger writes a number) names the run.</summary>
    private static RunRow ReadRun(SqliteDataReader r)
    {
        try
        {
            return ReadRunColumns(r);
        }
        catch (InvalidCastException)
        {
            throw new LedgerException($"run {(r.IsDBNull(0) ? "?" : r.GetValue(0))}: a runs column holds a value of the wrong type (the row is damaged or was edited)");
        }
    }

    private static RunRow ReadRunColumns(SqliteDataReader r) => new(
        r.GetString(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6),
        SqlValues.Str(r, 7), r.GetInt64(8), r.GetInt64(9), r.GetString(10), SqlValues.DecOrZero(r, 11), r.GetInt64(12),
        SqlValues.Str(r, 13), SqlValues.Str(r, 14), SqlValues.Str(r, 15), r.GetString(16));
}
