using System.Text.Json;
using Microsoft.Data.Sqlite;
using PolyMM.Core.Engine;
using PolyMM.Core.Ledger;
using PolyMM.Core.Market;

namespace PolyMM.Ledger.Sqlite;

/// <summary>
/// Persists one run's engine events in large transactions through prepared statements. A checkpoint
/// (called between ticks) writes the portfolio row and run counters in the same transaction as the rows
/// they account for, so a crash leaves the database consistent at the last committed tick.
/// </summary>
public sealed class SqliteRunWriter : IRunSink, IDisposable
{
    private readonly SqliteConnection _conn;
    private readonly long _runKey;
    private readonly string _runId;
    private readonly string _runTag;
    private readonly IReadOnlyList<MarketInfo> _markets;
    private readonly SqliteCommand _order;
    private readonly SqliteCommand _fill;
    private readonly SqliteCommand _lot;
    private readonly SqliteCommand _tick;
    private readonly SqliteParameter[] _op;
    private readonly SqliteParameter[] _fp;
    private readonly SqliteParameter[] _lp;
    private readonly SqliteParameter[] _tp;
    private SqliteTransaction _tx;
    private DateTimeOffset? _lastCommit;

    public SqliteRunWriter(LedgerStore store, long runKey, string runId, string runTag, IReadOnlyList<MarketInfo> markets)
    {
        _conn = store.Connection;
        _runKey = runKey;
        _runId = runId;
        _runTag = runTag;
        _markets = markets;
        _tx = _conn.BeginTransaction();
        (_order, _op) = Prepare("""
            INSERT INTO orders (run_key, seq, market_idx, side, qty, limit_price, sent_us, s_bid, s_ask, s_mid, s_dbid, s_dask, s_ltp,
                                s_src, tier, status, closed_us, reason, evals)
            VALUES ($0, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
            """, 19);
        (_fill, _fp) = Prepare("""
            INSERT INTO fills (run_key, seq, fill_us, f_bid, f_ask, f_mid, f_dbid, f_dask, f_ltp, f_src, fill_price, shares, fee,
                               price_src, lot_id, d_ref, d_dist, d_praw, d_p, d_roll)
            VALUES ($0, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
            """, 20);
        (_lot, _lp) = Prepare("""
            INSERT OR REPLACE INTO trades (id, run_id, run_tag, timestamp, market, side, size, price, shares, status, current_price,
                current_value, sell_price, closed_at, proceeds, realized_pnl, unrealized_pnl, fees_usd, entry_price_source,
                current_price_source, exit_price_source, fill_price_source, outcome)
            VALUES ($0, $1, $2, $3, $4, 'BUY', $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, 'mid', $18, $19, 'YES')
            """, 20);
        (_tick, _tp) = Prepare("""
            INSERT INTO ticks (run_key, tick, ts_us, cash, open_value, open_cost, committed) VALUES ($0, $1, $2, $3, $4, $5, $6)
            """, 7);
    }

    /// <summary>Rows written since the last commit.</summary>
    public int Pending { get; private set; }

    public void OnOrder(in OrderRecord order)
    {
        var o = order;
        var p = _op;
        var s = o.SentSnapshot;
        p[0].Value = _runKey;
        p[1].Value = o.Seq;
        p[2].Value = o.MarketIndex;
        p[3].Value = (int)o.Side;
        p[4].Value = (double)o.Shares;
        p[5].Value = (double)o.Price;
        p[6].Value = SqlValues.Micros(s.Ts);
        SetSnapshot(p, 7, s);
        p[13].Value = (int)s.BookSource;
        p[14].Value = (int)o.Tier;
        p[15].Value = (int)o.Status;
        p[16].Value = SqlValues.Micros(o.ClosedAt);
        p[17].Value = SqlValues.Text(o.CancelReason);
        p[18].Value = o.Evaluations;
        _order.ExecuteNonQuery();
        Pending++;

        if (o.Status != OrderStatus.Filled || o.FillSnapshot is not { } f)
        {
            return;
        }

        var q = _fp;
        q[0].Value = _runKey;
        q[1].Value = o.Seq;
        q[2].Value = SqlValues.Micros(f.Ts);
        SetSnapshot(q, 3, f);
        q[9].Value = (int)f.BookSource;
        q[10].Value = SqlValues.Real(o.FillPrice);
        q[11].Value = (double)o.Shares;
        q[12].Value = SqlValues.Real(o.Fee);
        q[13].Value = o.FillPriceSource ?? string.Empty;
        q[14].Value = o.LotId is { } lot ? lot : DBNull.Value;
        q[15].Value = SqlValues.Real(o.Diagnostics.Ref);
        q[16].Value = SqlValues.Real(o.Diagnostics.DistTicks);
        q[17].Value = SqlValues.Real(o.Diagnostics.PRaw);
        q[18].Value = SqlValues.Real(o.Diagnostics.P);
        q[19].Value = SqlValues.Real(o.Diagnostics.Roll);
        _fill.ExecuteNonQuery();
        Pending++;
    }

    public void OnLot(in LotRecord lot)
    {
        var p = _lp;
        p[0].Value = lot.Id;
        p[1].Value = _runId;
        p[2].Value = _runTag;
        p[3].Value = SqlValues.Iso(lot.OpenedAt);
        p[4].Value = _markets[lot.MarketIndex].Id;
        p[5].Value = (double)lot.CostBasis;
        p[6].Value = (double)lot.EntryPrice;
        p[7].Value = (double)lot.Shares;
        p[8].Value = lot.Closed ? "closed" : "open";
        p[9].Value = SqlValues.Real(lot.CurrentPrice);
        p[10].Value = lot.Closed ? DBNull.Value : SqlValues.Real(lot.Shares * lot.CurrentPrice);
        p[11].Value = SqlValues.Real(lot.ExitPrice);
        p[12].Value = SqlValues.Iso(lot.ClosedAt);
        p[13].Value = SqlValues.Real(lot.Proceeds);
        p[14].Value = SqlValues.Real(lot.RealizedPnl);
        p[15].Value = lot.Closed || lot.CurrentPrice is null ? DBNull.Value : SqlValues.Real(lot.Shares * (lot.CurrentPrice - lot.EntryPrice));
        p[16].Value = (double)lot.EntryFee;
        p[17].Value = SqlValues.Text(lot.EntryPriceSource);
        p[18].Value = SqlValues.Text(lot.ExitPriceSource);
        p[19].Value = SqlValues.Text(lot.Closed ? lot.ExitPriceSource : lot.EntryPriceSource);
        _lot.ExecuteNonQuery();
        Pending++;
    }

    public void OnTick(in TickSample sample)
    {
        var t = sample;
        var p = _tp;
        p[0].Value = _runKey;
        p[1].Value = t.Tick;
        p[2].Value = SqlValues.Micros(t.Ts);
        p[3].Value = (double)t.Cash;
        p[4].Value = (double)t.OpenValue;
        p[5].Value = (double)t.OpenCost;
        p[6].Value = (double)t.Committed;
        _tick.ExecuteNonQuery();
        Pending++;
    }

    /// <summary>
    /// Commits at most this long after the previous commit (wall time), so a crash loses at most about a
    /// second of a run and another process writing the same file is not locked out for a whole run.
    /// </summary>
    public static readonly TimeSpan MaxCommitAge = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Writes the portfolio row and run counters and commits, when <paramref name="force"/>, when at least
    /// <paramref name="minPending"/> rows wait, or when the last commit is older than <see cref="MaxCommitAge"/>.
    /// Call between ticks only.
    /// </summary>
    public bool Checkpoint(Portfolio portfolio, EngineStats stats, DateTimeOffset wallNow, bool force = false, int minPending = 50_000)
    {
        _lastCommit ??= wallNow;
        if (!force && Pending < minPending && wallNow - _lastCommit < MaxCommitAge)
        {
            return false;
        }

        WriteState(portfolio, stats, wallNow, null);
        Commit();
        _lastCommit = wallNow;
        return true;
    }

    /// <summary>Writes the final state and status of the run and commits.</summary>
    public void Complete(Portfolio portfolio, EngineStats stats, string status, DateTimeOffset endedAt, ReplayResult result)
    {
        WriteState(portfolio, stats, endedAt, (status, result));
        Commit();
    }

    public void Dispose()
    {
        _order.Dispose();
        _fill.Dispose();
        _lot.Dispose();
        _tick.Dispose();
        _tx.Dispose();
    }

    /// <summary>Counters of a run as the JSON kept in <c>runs.stats</c>.</summary>
    public static string StatsJson(EngineStats stats)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("snapshots", stats.Snapshots);
            w.WriteNumber("fill_evaluations", stats.FillEvaluations);
            w.WriteNumber("max_committed_usd", stats.MaxCommitted);
            WriteCounts(w, "pause_reasons", stats.PauseReasons);
            WriteCounts(w, "invalid_snapshots", stats.InvalidSnapshots);
            WriteCounts(w, "fetch_errors", stats.FetchErrors);
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteCounts(Utf8JsonWriter w, string name, SortedDictionary<string, long> counts)
    {
        w.WriteStartObject(name);
        foreach (var (k, v) in counts)
        {
            w.WriteNumber(k, v);
        }

        w.WriteEndObject();
    }

    private static void SetSnapshot(SqliteParameter[] p, int at, in Snapshot s)
    {
        p[at].Value = SqlValues.Real(s.BestBid);
        p[at + 1].Value = SqlValues.Real(s.BestAsk);
        p[at + 2].Value = SqlValues.Real(s.MidPrice);
        p[at + 3].Value = SqlValues.Real(s.DepthBid1);
        p[at + 4].Value = SqlValues.Real(s.DepthAsk1);
        p[at + 5].Value = SqlValues.Real(s.LastTradePrice);
    }

    private void WriteState(Portfolio portfolio, EngineStats stats, DateTimeOffset wallNow, (string Status, ReplayResult Result)? end)
    {
        using var cmd = _conn.CreateCommand();
        cmd.Transaction = _tx;
        cmd.CommandText = """
            UPDATE portfolio SET cash = $cash, total_value = $total, realized = $realized, unrealized = $unrealized,
                   fees = $fees, updated_at = $now WHERE run_id = $id;
            UPDATE runs SET fills = $fills, orders = $orders, snapshots = $snapshots, stats = $stats WHERE run_id = $id;
            """;
        cmd.Parameters.AddWithValue("$cash", (double)portfolio.Cash);
        cmd.Parameters.AddWithValue("$total", (double)portfolio.TotalValue);
        cmd.Parameters.AddWithValue("$realized", (double)portfolio.Realized);
        cmd.Parameters.AddWithValue("$unrealized", (double)portfolio.Unrealized);
        cmd.Parameters.AddWithValue("$fees", (double)portfolio.Fees);
        cmd.Parameters.AddWithValue("$now", SqlValues.Iso(wallNow));
        cmd.Parameters.AddWithValue("$id", _runId);
        cmd.Parameters.AddWithValue("$fills", stats.Fills);
        cmd.Parameters.AddWithValue("$orders", stats.Orders);
        cmd.Parameters.AddWithValue("$snapshots", stats.Snapshots);
        cmd.Parameters.AddWithValue("$stats", StatsJson(stats));
        cmd.ExecuteNonQuery();
        if (end is { } e)
        {
            using var fin = _conn.CreateCommand();
            fin.Transaction = _tx;
            fin.CommandText = """
                UPDATE runs SET status = $status, ended_at = $ended, event_start = $es, event_end = $ee, stop_reason = $reason
                WHERE run_id = $id
                """;
            fin.Parameters.AddWithValue("$status", e.Status);
            fin.Parameters.AddWithValue("$ended", SqlValues.Iso(wallNow));
            fin.Parameters.AddWithValue("$es", SqlValues.Iso(e.Result.Start));
            fin.Parameters.AddWithValue("$ee", SqlValues.Iso(e.Result.End));
            fin.Parameters.AddWithValue("$reason", StopReasonName(e.Result.Reason));
            fin.Parameters.AddWithValue("$id", _runId);
            fin.ExecuteNonQuery();
        }
    }

    public static string StopReasonName(StopReason reason) => reason switch
    {
        StopReason.MaxRuntime => "max_runtime",
        StopReason.MaxFills => "max_fills",
        StopReason.Cancelled => "cancelled",
        _ => "data_exhausted",
    };

    private void Commit()
    {
        _tx.Commit();
        _tx.Dispose();
        _tx = _conn.BeginTransaction();
        _order.Transaction = _tx;
        _fill.Transaction = _tx;
        _lot.Transaction = _tx;
        _tick.Transaction = _tx;
        Pending = 0;
    }

    private (SqliteCommand Command, SqliteParameter[] Parameters) Prepare(string sql, int count)
    {
        var cmd = _conn.CreateCommand();
        cmd.Transaction = _tx;
        cmd.CommandText = sql;
        var ps = new SqliteParameter[count];
        for (var i = 0; i < count; i++)
        {
            ps[i] = SqlValues.Add(cmd, "$" + i);
        }

        cmd.Prepare();
        return (cmd, ps);
    }
}
