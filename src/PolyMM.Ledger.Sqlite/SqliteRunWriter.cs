using System.Text.Json;
using Microsoft.Data.Sqlite;
using PolyMM.Core.Economics;
using PolyMM.Core.Engine;
using PolyMM.Core.Ledger;
using PolyMM.Core.Market;
using PolyMM.Core.Orders;

namespace PolyMM.Ledger.Sqlite;

/// <summary>
/// Persists one run's engine events in large transactions through prepared statements (docs/design.md#storage). An
/// order row is written when the order is accepted and rewritten (same seq) on every change; each fill is its own row.
/// A checkpoint (called between ticks) writes the portfolio row, run counters and the writer's heartbeat in the same
/// transaction as the rows they account for, so a crash leaves the database consistent at the last committed tick.
/// </summary>
public sealed class SqliteRunWriter : ILedgerSink, IDisposable
{
    private readonly SqliteConnection _conn;
    private readonly long _runKey;
    private readonly string _runId;
    private readonly string _runTag;
    private readonly IReadOnlyList<MarketInfo> _markets;
    private readonly byte[] _runIdUtf8;
    private readonly byte[] _runTagUtf8;
    private readonly byte[][] _marketIdsUtf8;
    private readonly RawStatement _order;
    private readonly RawStatement _fill;
    private readonly RawStatement _lot;
    private readonly RawStatement _mark;
    private readonly RawStatement _tick;
    private readonly RawStatement _fillSample;
    private readonly RawStatement _reward;
    private readonly RewardTotal[] _rewardTotals;
    private long _fillSamples;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> OpenWriters = new(StringComparer.Ordinal);
    private readonly string _openKey;
    private SqliteTransaction? _tx;
    private bool _disposed;
    private DateTimeOffset? _lastCommit;
    private DateTimeOffset? _lastEvent;

    public SqliteRunWriter(LedgerStore store, long runKey, string runId, string runTag, IReadOnlyList<MarketInfo> markets)
    {
        _conn = store.Connection;
        _runKey = runKey;
        _runId = runId;
        _runTag = runTag;
        _markets = markets;
        _runIdUtf8 = RawStatement.Utf8(runId);
        _runTagUtf8 = RawStatement.Utf8(runTag);
        _marketIdsUtf8 = [.. markets.Select(m => RawStatement.Utf8(m.Id))];
        _openKey = OpenKey(store.Path, runId);
        OpenWriters.AddOrUpdate(_openKey, 1, (_, n) => n + 1);
        _tx = _conn.BeginTransaction();
        _order = new RawStatement(_conn, """
            INSERT OR REPLACE INTO orders (run_key, seq, market_idx, side, qty, limit_price, sent_us, s_bid, s_ask, s_mid, s_dbid,
                                s_dask, s_ltp, s_src, tier, status, closed_us, reason, evals, live_us, filled_qty, fill_count)
            VALUES ($0, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)
            """);
        _fill = new RawStatement(_conn, """
            INSERT INTO fills (run_key, fill_id, seq, fill_us, f_bid, f_ask, f_mid, f_dbid, f_dask, f_ltp, f_src, fill_price, shares,
                               fee, price_src, lot_id, d_ref, d_dist, d_praw, d_p, d_roll, is_maker, reason, rebate_usd)
            VALUES ($0, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)
            """);
        _lot = new RawStatement(_conn, """
            INSERT OR REPLACE INTO trades (id, run_id, run_tag, timestamp, market, side, size, price, shares, status, current_price,
                current_value, sell_price, closed_at, proceeds, realized_pnl, unrealized_pnl, fees_usd, entry_price_source,
                current_price_source, exit_price_source, fill_price_source, outcome, entry_fee_usd, exit_fee_usd)
            VALUES ($0, $1, $2, $3, $4, 'BUY', $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, 'mid', $18, $19, 'YES', $20, $21)
            """);
        _mark = new RawStatement(_conn, """
            INSERT OR REPLACE INTO marks (run_key, market_idx, ts_us, mark) VALUES ($0, $1, $2, $3)
            """);
        _tick = new RawStatement(_conn, """
            INSERT INTO ticks (run_key, tick, ts_us, cash, open_value, open_cost, committed) VALUES ($0, $1, $2, $3, $4, $5, $6)
            """);
        _fillSample = new RawStatement(_conn, """
            INSERT INTO fill_samples (run_key, n, tick, ts_us, cash, open_value, open_cost, committed) VALUES ($0, $1, $2, $3, $4, $5, $6, $7)
            """);
        _reward = new RawStatement(_conn, """
            INSERT OR REPLACE INTO reward_samples (run_key, ts_us, market_idx, our_q_min, total_q_min, share, reward_usd, book_fully_visible)
            VALUES ($0, $1, $2, $3, $4, $5, $6, $7)
            """);
        _rewardTotals = new RewardTotal[markets.Count];
    }

    /// <summary>Rows written since the last commit.</summary>
    public int Pending { get; private set; }

    /// <summary>Inserts the order, or replaces its earlier row (same seq) with its new state.</summary>
    public void OnOrder(in OrderUpdate order)
    {
        var p = _order;
        var s = order.SentSnapshot;
        p.Int(0, _runKey);
        p.Int(1, order.Seq);
        p.Int(2, order.MarketIndex);
        p.Int(3, (int)order.Side);
        p.Real(4, order.Shares);
        p.Real(5, order.Price);
        p.Int(6, SqlValues.Micros(order.SentAt));
        BindSnapshot(p, 7, s);
        p.Int(13, (int)s.BookSource);
        p.Int(14, (int)order.Tier);
        p.Int(15, (int)order.Status);
        p.Int(16, order.ClosedAt is { } closed ? SqlValues.Micros(closed) : null);
        p.Text(17, order.Reason);
        p.Int(18, order.Evaluations);
        p.Int(19, SqlValues.Micros(order.LiveAt));
        p.Real(20, order.FilledShares);
        p.Int(21, order.FillCount);
        p.Execute();
        Pending++;
    }

    /// <summary>Inserts one fill; a repeated fill id is a constraint error, never a silent overwrite.</summary>
    public void OnFill(in FillRecord fill)
    {
        var q = _fill;
        var f = fill.Book;
        var d = fill.Diagnostics;
        q.Int(0, _runKey);
        q.Int(1, fill.FillId);
        q.Int(2, fill.OrderSeq);
        q.Int(3, SqlValues.Micros(fill.Ts));
        BindSnapshot(q, 4, f);
        q.Int(10, (int)f.BookSource);
        q.Real(11, fill.Price);
        q.Real(12, fill.Shares);
        q.Real(13, fill.Fee);
        q.Text(14, fill.PriceSource);
        q.Int(15, fill.LotId);
        q.Real(16, d.Ref);
        q.Real(17, d.DistTicks);
        q.Real(18, d.PRaw);
        q.Real(19, d.P);
        q.Real(20, d.Roll);
        q.Int(21, fill.IsMaker ? 1 : 0);
        q.Text(22, string.IsNullOrEmpty(fill.Reason) ? null : fill.Reason);
        q.Real(23, fill.Rebate);
        q.Execute();
        Pending++;
    }

    public void OnLot(in LotRecord lot)
    {
        var p = _lot;
        p.Int(0, lot.Id);
        p.Text(1, _runIdUtf8);
        p.Text(2, _runTagUtf8);
        p.Text(3, SqlValues.Iso(lot.OpenedAt));
        p.Text(4, _marketIdsUtf8[lot.MarketIndex]);
        p.Real(5, lot.CostBasis);
        p.Real(6, lot.EntryPrice);
        p.Real(7, lot.Shares);
        p.Text(8, lot.Closed ? "closed" : "open");
        p.Real(9, lot.CurrentPrice);
        p.Real(10, lot.Closed ? null : lot.Shares * lot.CurrentPrice);
        p.Real(11, lot.ExitPrice);
        p.Text(12, lot.ClosedAt is { } closedAt ? SqlValues.Iso(closedAt) : null);
        p.Real(13, lot.Proceeds);
        p.Real(14, lot.RealizedPnl);
        p.Real(15, lot.Closed || lot.CurrentPrice is null ? null : lot.Shares * (lot.CurrentPrice - lot.EntryPrice));
        p.Real(16, lot.EntryFee + lot.ExitFee);
        p.Text(17, lot.EntryPriceSource);
        p.Text(18, lot.ExitPriceSource);
        p.Text(19, lot.Closed ? lot.ExitPriceSource : lot.EntryPriceSource);
        p.Real(20, lot.EntryFee);
        p.Real(21, lot.ExitFee);
        p.Execute();
        Pending++;
    }

    /// <summary>A market's mark; a second sample at the same event time replaces the first.</summary>
    public void OnMark(in MarkSample mark)
    {
        var p = _mark;
        p.Int(0, _runKey);
        p.Int(1, mark.MarketIndex);
        p.Int(2, SqlValues.Micros(mark.Ts));
        p.Real(3, mark.Mark);
        p.Execute();
        Pending++;
    }

    /// <summary>
    /// A market's liquidity-reward sample; its accrual is also summed per market for the run's
    /// <c>market_making_rewards</c> rows, written when the run completes (docs/design.md#rewards).
    /// </summary>
    public void OnReward(in RewardSample sample)
    {
        var p = _reward;
        p.Int(0, _runKey);
        p.Int(1, SqlValues.Micros(sample.Ts));
        p.Int(2, sample.MarketIndex);
        p.Real(3, sample.OurQMin);
        p.Real(4, sample.TotalQMin);
        p.Real(5, sample.Share);
        p.Real(6, sample.RewardUsd);
        p.Int(7, sample.BookFullyVisible ? 1 : 0);
        p.Execute();
        Pending++;
        ref var total = ref _rewardTotals[sample.MarketIndex];
        total.Usd += sample.RewardUsd;
        total.Samples++;
        total.Partial |= !sample.BookFullyVisible;
    }

    /// <summary>The reward source of a market whose samples all saw the whole book, and of one that saw only its top.</summary>
    public const string RewardSourceL2 = "estimated_q_score";

    public const string RewardSourceL1 = "estimated_q_score_l1";

    /// <summary>A tick-end sample goes to <c>ticks</c> (one per tick); an at-fill sample to <c>fill_samples</c> (docs/design.md#storage).</summary>
    public void OnTick(in TickSample sample)
    {
        _lastEvent = sample.Ts;
        var p = sample.AtFill ? _fillSample : _tick;
        var i = 0;
        p.Int(i++, _runKey);
        if (sample.AtFill)
        {
            p.Int(i++, ++_fillSamples);
        }

        p.Int(i++, sample.Tick);
        p.Int(i++, SqlValues.Micros(sample.Ts));
        p.Real(i++, sample.Cash);
        p.Real(i++, sample.OpenValue);
        p.Real(i++, sample.OpenCost);
        p.Real(i, sample.Committed);
        p.Execute();
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

        WriteState(RunState.Capture(portfolio, stats), wallNow, null);
        Commit();
        _lastCommit = wallNow;
        return true;
    }

    /// <summary>Writes state captured earlier (on the engine's thread) and commits: the queued writer's checkpoint.</summary>
    internal void Checkpoint(RunState state, DateTimeOffset wallNow)
    {
        WriteState(state, wallNow, null);
        Commit();
    }

    /// <summary>Writes the final state and status of the run and commits.</summary>
    /// <summary>
    /// Writes the final state and the run's end. <paramref name="result"/> null means the loop did not end on its
    /// own (bad input stopped it): the stop reason is then <c>data_error</c>.
    /// </summary>
    public void Complete(Portfolio portfolio, EngineStats stats, string status, DateTimeOffset endedAt, ReplayResult? result)
    {
        WriteState(RunState.Capture(portfolio, stats), endedAt, (status, result));
        Commit(reopen: false);
    }

    /// <summary>Whether a writer of <paramref name="runId"/> in <paramref name="path"/> is open in this process.</summary>
    public static bool IsOpen(string path, string runId) => OpenWriters.TryGetValue(OpenKey(path, runId), out var n) && n > 0;

    private static string OpenKey(string path, string runId) => System.IO.Path.GetFullPath(path) + "\n" + runId;

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            OpenWriters.AddOrUpdate(_openKey, 0, (_, n) => n - 1);
        }

        _order.Dispose();
        _fill.Dispose();
        _lot.Dispose();
        _mark.Dispose();
        _tick.Dispose();
        _fillSample.Dispose();
        _reward.Dispose();
        _tx?.Dispose();
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

    private static void BindSnapshot(RawStatement p, int at, in Snapshot s)
    {
        p.Real(at, s.BestBid);
        p.Real(at + 1, s.BestAsk);
        p.Real(at + 2, s.MidPrice);
        p.Real(at + 3, s.DepthBid1);
        p.Real(at + 4, s.DepthAsk1);
        p.Real(at + 5, s.LastTradePrice);
    }

    private void WriteState(RunState state, DateTimeOffset wallNow, (string Status, ReplayResult? Result)? end)
    {
        using var cmd = _conn.CreateCommand();
        cmd.Transaction = _tx;
        cmd.CommandText = """
            UPDATE portfolio SET cash = $cash, total_value = $total, realized = $realized, unrealized = $unrealized,
                   fees = $fees, updated_at = COALESCE($event, updated_at) WHERE run_id = $id;
            UPDATE runs SET fills = $fills, orders = $orders, snapshots = $snapshots, stats = $stats, heartbeat_at = $beat
            WHERE run_id = $id;
            """;
        cmd.Parameters.AddWithValue("$cash", (double)state.Cash);
        cmd.Parameters.AddWithValue("$total", (double)state.TotalValue);
        cmd.Parameters.AddWithValue("$realized", (double)state.Realized);
        cmd.Parameters.AddWithValue("$unrealized", (double)state.Unrealized);
        cmd.Parameters.AddWithValue("$fees", (double)state.Fees);
        // Ledger times are event times (the last tick written), so a replay is identical to the byte.
        cmd.Parameters.AddWithValue("$event", SqlValues.Iso(_lastEvent));
        cmd.Parameters.AddWithValue("$id", _runId);
        cmd.Parameters.AddWithValue("$fills", state.Fills);
        cmd.Parameters.AddWithValue("$orders", state.Orders);
        cmd.Parameters.AddWithValue("$snapshots", state.Snapshots);
        cmd.Parameters.AddWithValue("$stats", state.StatsJson);
        // The writer's heartbeat (wall time from the injected clock): `mm runs finalize` leaves a run alone while its
        // writer is alive (docs/design.md#finalize).
        cmd.Parameters.AddWithValue("$beat", SqlValues.Iso(wallNow));
        cmd.ExecuteNonQuery();
        if (end is { } e)
        {
            using var fin = _conn.CreateCommand();
            fin.Transaction = _tx;
            fin.CommandText = """
                UPDATE runs SET status = $status, ended_at = $ended, event_start = $es, event_end = $ee, stop_reason = $reason
                WHERE run_id = $id;
                UPDATE market_making_rewards SET timestamp = COALESCE($ee, $es, timestamp) WHERE run_id = $id;
                """;
            fin.Parameters.AddWithValue("$status", e.Status);
            fin.Parameters.AddWithValue("$ended", SqlValues.Iso(wallNow));
            fin.Parameters.AddWithValue("$es", SqlValues.Iso(e.Result?.Start));
            fin.Parameters.AddWithValue("$ee", SqlValues.Iso(e.Result?.End));
            fin.Parameters.AddWithValue("$reason", e.Result is { } r ? StopReasonName(r.Reason) : DataErrorStopReason);
            fin.Parameters.AddWithValue("$id", _runId);
            fin.ExecuteNonQuery();
            WriteRewardRows();
        }
    }

    // One estimated row per market that was sampled, in place of the run's `unknown` placeholder; a run in which no market
    // had usable reward terms keeps the placeholder (docs/design.md#rewards).
    private void WriteRewardRows()
    {
        if (!_rewardTotals.Any(t => t.Samples > 0))
        {
            return;
        }

        using var cmd = _conn.CreateCommand();
        cmd.Transaction = _tx;
        cmd.CommandText = """
            DELETE FROM market_making_rewards WHERE run_id = $id AND market_id = '*' AND reward_source = 'unknown';
            """;
        cmd.Parameters.AddWithValue("$id", _runId);
        cmd.ExecuteNonQuery();
        using var ins = _conn.CreateCommand();
        ins.Transaction = _tx;
        ins.CommandText = """
            INSERT INTO market_making_rewards (run_id, run_tag, market_id, reward_usd, reward_source, timestamp)
            SELECT $id, $tag, $market, $usd, $source, COALESCE(event_end, event_start, started_at) FROM runs WHERE run_id = $id
            """;
        var market = ins.Parameters.Add("$market", SqliteType.Text);
        var usd = ins.Parameters.Add("$usd", SqliteType.Real);
        var source = ins.Parameters.Add("$source", SqliteType.Text);
        ins.Parameters.AddWithValue("$id", _runId);
        ins.Parameters.AddWithValue("$tag", _runTag);
        for (var i = 0; i < _rewardTotals.Length; i++)
        {
            if (_rewardTotals[i].Samples == 0)
            {
                continue;
            }

            market.Value = _markets[i].Id;
            usd.Value = (double)Math.Round(_rewardTotals[i].Usd, Money.Decimals, MidpointRounding.ToEven);
            source.Value = _rewardTotals[i].Partial ? RewardSourceL1 : RewardSourceL2;
            ins.ExecuteNonQuery();
        }
    }

    private struct RewardTotal
    {
        public decimal Usd;
        public long Samples;
        public bool Partial;
    }

    /// <summary>The stop reason of a run that bad input (a malformed fixture line, an I/O error) stopped.</summary>
    public const string DataErrorStopReason = "data_error";

    public static string StopReasonName(StopReason reason) => reason switch
    {
        StopReason.MaxRuntime => "max_runtime",
        StopReason.MaxFills => "max_fills",
        StopReason.Cancelled => "cancelled",
        StopReason.MaxFrames => "max_frames",
        StopReason.MaxPolls => "max_polls",
        _ => "data_exhausted",
    };

    // After the final commit no transaction is left open: the run's status is set on the same connection once
    // the post-run gate has passed, and an open transaction would swallow (and on dispose roll back) that write.
    private void Commit(bool reopen = true)
    {
        _tx!.Commit();
        _tx.Dispose();
        _tx = reopen ? _conn.BeginTransaction() : null;
        Pending = 0;
    }
}
