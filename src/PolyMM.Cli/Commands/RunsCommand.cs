using System.CommandLine;
using System.Globalization;
using PolyMM.Cli.Running;
using PolyMM.Ledger.Sqlite;
using PolyMM.Reports.Export;
using PolyMM.Reports.Trust;
using Spectre.Console;

namespace PolyMM.Cli.Commands;

/// <summary>
/// <c>mm runs</c>: the runs of a ledger, one line each; <c>mm runs finalize RUN_ID</c> closes a run that was
/// killed (its committed ledger is kept, open lots valued at their last marks, post-run gates run, status
/// <c>interrupted</c>).
/// </summary>
internal static class RunsCommand
{
    public static Command Create(CliContext cli)
    {
        var db = new Option<string>("--db") { Description = "SQLite ledger file", DefaultValueFactory = _ => "trades.db" };
        var format = new Option<string>("--format") { Description = "table, json (an object per run with its params) or csv (params as params.<key> columns)", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json", "csv");
        var command = new Command("runs", "List the runs of a ledger (id, tag, status, mode, markets, fills, net P&L, times, parameters)") { db, format };
        command.SetAction(r => List(cli, r.GetValue(db)!, r.GetValue(format)!));

        var runId = new Argument<string>("RUN_ID") { Description = "the run to close" };
        var reportsDir = new Option<string>("--reports-dir") { Description = "where a debug bundle goes", DefaultValueFactory = _ => "reports" };
        var finalize = new Command("finalize", "Close a killed or crashed run: keep what it committed, run the post-run gates, mark it interrupted")
        {
            runId, db, reportsDir,
        };
        finalize.SetAction(r => Finalize(cli, r.GetValue(db)!, r.GetValue(runId)!, r.GetValue(reportsDir)!));
        command.Subcommands.Add(finalize);
        return command;
    }

    private static int List(CliContext cli, string db, string format)
    {
        new OutputPaths().InputDb("--db", db).Check();
        using var store = LedgerStore.Open(db, readOnly: true);
        var reader = new LedgerReader(store);
        List<RunListing> runs;
        using (reader.ReadSnapshot())
        {
            runs = [.. reader.Runs().Select(run =>
            {
                var p = reader.Portfolio(run.RunId);
                return new RunListing(run, reader.Markets(run.RunKey).Count, p.TotalValue - p.Bankroll);
            })];
        }

        if (format != "table")
        {
            using var stdout = new MemoryStream();
            if (format == "json")
            {
                RunsListing.WriteJson(runs, stdout);
            }
            else
            {
                RunsListing.WriteCsv(runs, stdout);
            }

            cli.Out.Write(System.Text.Encoding.UTF8.GetString(stdout.ToArray()));
            return ExitCodes.Ok;
        }

        var table = new Table().Border(TableBorder.Simple);
        foreach (var h in new[] { "run_id", "tag", "status", "mode", "markets", "fills", "net_pnl_usd", "started", "ended", "fill_model", "latency_ms", "fee_bps", "seed" })
        {
            table.AddColumn(h);
        }

        foreach (var l in runs)
        {
            var run = l.Run;
            table.AddRow(
                Markup.Escape(run.RunId), Markup.Escape(run.RunTag), run.Status, run.DataMode,
                l.Markets.ToString(CultureInfo.InvariantCulture),
                run.Fills.ToString(CultureInfo.InvariantCulture),
                l.NetPnlUsd.ToString("0.00####", CultureInfo.InvariantCulture),
                run.StartedAt, run.EndedAt ?? "-",
                Markup.Escape(RunsListing.Param(run.ParamsJson, "fill_model")), RunsListing.Param(run.ParamsJson, "latency_ms"),
                RunsListing.Param(run.ParamsJson, "fee_bps"), RunsListing.Param(run.ParamsJson, "seed"));
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(cli.Out), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 260;
        console.Write(table);
        cli.Out.WriteLine($"{runs.Count} run(s) in {db}");
        return ExitCodes.Ok;
    }

    private static int Finalize(CliContext cli, string db, string runId, string reportsDir)
    {
        RunTags.CheckRunId("RUN_ID", runId);
        new OutputPaths().InputDb("--db", db).Dir("--reports-dir", reportsDir).Check();
        using var store = LedgerStore.Open(db);
        RunFinalizer.Finalize(store, runId, cli.Clock.GetUtcNow());
        var run = new LedgerReader(store).Run(runId)!;
        var caps = RunParams.Caps(run.ParamsJson);
        var gate = TrustGateRunner.Run(new LedgerReader(store), runId, TrustGateRunner.PostRun, caps.Total, caps.PerMarket, reportsDir, cli.Clock.GetUtcNow());
        if (!gate.Passed)
        {
            foreach (var line in gate.FailureLines())
            {
                cli.Out.WriteLine(line);
            }

            return ExitCodes.TrustGate;
        }

        cli.Out.WriteLine($"Finalized: run_id={runId} status=interrupted fills={run.Fills}; post_run trust gate PASS");
        return ExitCodes.Ok;
    }
}
