using PolyMM.Core.Trust;

namespace PolyMM.Ledger.Sqlite;

/// <summary>
/// Closes a run that did not end cleanly (killed, crashed): what it committed is kept as it is; open lots
/// are valued at their last stored mark, the portfolio row is made consistent with them in decimal, and the
/// run is marked <c>interrupted</c>. Resting orders are never stored before they end, so a killed run has
/// none left to cancel.
/// </summary>
public static class RunFinalizer
{
    public static void Finalize(LedgerStore store, string runId, DateTimeOffset wallNow)
    {
        var reader = new LedgerReader(store);
        var run = reader.Run(runId) ?? throw new LedgerException($"run {runId} not found in {store.Path}");
        if (run.Status == RunStatus.Complete)
        {
            throw new LedgerException($"run {runId} is complete; only unfinished runs can be finalized");
        }

        var portfolio = reader.Portfolio(runId);
        var open = reader.Lots(runId).Where(l => !l.Closed).ToList();
        var openValue = open.Sum(l => l.Shares * Mark(l));
        var unrealized = open.Sum(l => l.Shares * (Mark(l) - l.EntryPrice));

        using var tx = store.Connection.BeginTransaction();
        using (var lots = store.Connection.CreateCommand())
        {
            lots.Transaction = tx;
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

        using (var cmd = store.Connection.CreateCommand())
        {
            cmd.Transaction = tx;
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

        tx.Commit();
    }

    private static decimal Mark(LotFact lot) => lot.CurrentPrice ?? lot.EntryPrice;
}
