using System.Globalization;
using PolyMM.Core.Ledger;
using PolyMM.Core.Trust;

namespace PolyMM.Ledger.Sqlite;

/// <summary>
/// Closes a run that did not end cleanly (killed, crashed) (docs/design.md#finalize): what it committed is kept; its
/// orders still open (0) or partially filled (3) are cancelled with reason <c>run_interrupted</c> at the run's last
/// event time; open lots are valued at their last stored mark, the portfolio row is made consistent with them in
/// decimal, and the run is marked <c>interrupted</c>. A run whose writer is still alive is refused.
/// Everything is read and written in one write transaction, so it sees one state of the run.
/// </summary>
public static class RunFinalizer
{
    public const string InterruptedReason = "run_interrupted";

    public static void Finalize(LedgerStore store, string runId, DateTimeOffset wallNow)
    {
        var reader = new LedgerReader(store);
        // Asked before taking the write lock: a live writer holds it between its commits, and waiting for it would
        // only end in "database is locked".
        if (reader.Run(runId) is { Status: RunStatus.Running } && WriterLiveness.Describe(store, runId, wallNow) is { } alive)
        {
            throw new LedgerException($"run {runId} is still being written ({alive}); stop it first (SIGINT/SIGTERM) or wait for it to end");
        }

        using var snapshot = store.WriteSnapshot();
        var run = reader.Run(runId) ?? throw new LedgerException($"run {runId} not found in {store.Path}");
        if (run.Status == RunStatus.Complete)
        {
            throw new LedgerException($"run {runId} is complete; only unfinished runs can be finalized");
        }

        var portfolio = reader.Portfolio(runId);
        var open = reader.Lots(runId).Where(l => !l.Closed).ToList();
        var openValue = open.Sum(l => l.Shares * Mark(l));
        var unrealized = open.Sum(l => l.Shares * (Mark(l) - l.EntryPrice));

        using (var orders = store.Command())
        {
            orders.CommandText = """
                UPDATE orders SET status = 2, reason = $reason,
                       closed_us = (SELECT MAX(t) FROM (
                           SELECT MAX(ts_us) AS t FROM ticks WHERE run_key = $k
                           UNION ALL SELECT MAX(fill_us) FROM fills WHERE run_key = $k
                           UNION ALL SELECT MAX(ts_us) FROM marks WHERE run_key = $k
                           UNION ALL SELECT MAX(live_us) FROM orders WHERE run_key = $k))
                WHERE run_key = $k AND status IN (0, 3)
                """;
            orders.Parameters.AddWithValue("$reason", InterruptedReason);
            orders.Parameters.AddWithValue("$k", run.RunKey);
            orders.ExecuteNonQuery();
        }

        using (var lots = store.Command())
        {
            lots.CommandText = """
                UPDATE trades SET current_price = $mark, current_value = $value, unrealized_pnl = $unrealized
                WHERE run_id = $id AND id = $lot
                """;
            var pMark = SqlValues.Add(lots, "$mark");
            var pValue = SqlValues.Add(lots, "$value");
            var pUnrealized = SqlValues.Add(lots, "$unrealized");
            var pLot = SqlValues.Add(lots, "$lot");
            lots.Parameters.AddWithValue("$id", runId);
            foreach (var l in open)
            {
                pMark.Value = (double)Mark(l);
                pValue.Value = (double)(l.Shares * Mark(l));
                pUnrealized.Value = (double)(l.Shares * (Mark(l) - l.EntryPrice));
                pLot.Value = l.Id;
                lots.ExecuteNonQuery();
            }
        }

        using (var cmd = store.Command())
        {
            cmd.CommandText = """
                UPDATE portfolio SET total_value = $total, unrealized = $unrealized, updated_at = $now WHERE run_id = $id;
                UPDATE runs SET status = 'interrupted', ended_at = $now, stop_reason = COALESCE(stop_reason, 'finalized') WHERE run_id = $id;
                """;
            cmd.Parameters.AddWithValue("$total", (double)(portfolio.Cash + openValue));
            cmd.Parameters.AddWithValue("$unrealized", (double)unrealized);
            cmd.Parameters.AddWithValue("$now", SqlValues.Iso(wallNow));
            cmd.Parameters.AddWithValue("$id", runId);
            cmd.ExecuteNonQuery();
        }

        snapshot.Commit();
    }

    private static decimal Mark(LotFact lot) => lot.CurrentPrice ?? lot.EntryPrice;
}

/// <summary>
/// Whether a <c>running</c> run's writer is alive (docs/design.md#finalize). The run row records the writer's host,
/// process id and heartbeat (wall time of its last checkpoint, from the writer's clock). On the same host the process
/// is asked: a writer in this process is alive while its <see cref="SqliteRunWriter"/> is open; another process is
/// alive while its id exists. From another host only the heartbeat can say: younger than
/// <see cref="RemoteHeartbeatTimeout"/> is alive.
/// </summary>
public static class WriterLiveness
{
    public static readonly TimeSpan RemoteHeartbeatTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Why the writer counts as alive, or null when it does not.</summary>
    public static string? Describe(LedgerStore store, string runId, DateTimeOffset wallNow)
    {
        using var cmd = store.Command();
        cmd.CommandText = "SELECT writer_pid, writer_host, heartbeat_at FROM runs WHERE run_id = $id";
        cmd.Parameters.AddWithValue("$id", runId);
        using var r = cmd.ExecuteReader();
        if (!r.Read() || r.IsDBNull(0))
        {
            return null;
        }

        var pid = r.GetInt64(0);
        var host = SqlValues.Str(r, 1);
        var beat = SqlValues.Str(r, 2);
        if (string.Equals(host, Environment.MachineName, StringComparison.Ordinal))
        {
            if (pid == Environment.ProcessId)
            {
                return SqliteRunWriter.IsOpen(store.Path, runId) ? "its writer is open in this process" : null;
            }

            return ProcessAlive(pid) ? $"writer process {pid} on this host is alive" : null;
        }

        return beat is not null
            && DateTimeOffset.TryParse(beat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            && wallNow - at < RemoteHeartbeatTimeout
            ? $"writer on {host} committed at {beat}, less than {RemoteHeartbeatTimeout.TotalSeconds:0} s ago"
            : null;
    }

    private static bool ProcessAlive(long pid)
    {
        if (pid <= 0 || pid > int.MaxValue)
        {
            return false;
        }

        try
        {
            using var p = System.Diagnostics.Process.GetProcessById((int)pid);
            return !p.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
