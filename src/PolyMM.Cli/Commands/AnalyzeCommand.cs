using System.CommandLine;
using System.Globalization;
using PolyMM.Cli.Running;
using PolyMM.Core.Ledger;
using PolyMM.Ledger.Sqlite;
using PolyMM.Reports.Analysis;
using PolyMM.Reports.Output;

namespace PolyMM.Cli.Commands;

/// <summary><c>mm analyze</c>: the report JSON, Markdown and fills CSV of one run (docs/design.md#analysis).</summary>
internal static class AnalyzeCommand
{
    public static Command Create(CliContext cli)
    {
        var db = new Option<string>("--db") { Description = "SQLite ledger file", DefaultValueFactory = _ => "trades.db" };
        var tag = new Option<string>("--run-tag") { Description = "run tag to analyze, e.g. MARKET_MAKING_TEST", Required = true };
        var runId = new Option<string?>("--run-id") { Description = "run to analyze [default: the latest complete run with --run-tag]" };
        var json = new Option<string?>("--output-json") { Description = "report JSON [default: <reports-dir>/market_making_<TAG>.json]" };
        var md = new Option<string?>("--output-md") { Description = "report Markdown [default: <reports-dir>/market_making_<TAG>.md]" };
        var csv = new Option<string?>("--export-csv") { Description = "fills CSV, every fill with a truthful column [default: <reports-dir>/market_making_<TAG>_fills.csv]" };
        var quiet = ProgressOutput.QuietOption();
        var reportsDir = new Option<string>("--reports-dir") { Description = "directory of the default outputs", DefaultValueFactory = _ => "reports" };
        var command = new Command("analyze", "Analyze one run of the ledger: report JSON, Markdown and fills CSV")
        {
            db, tag, runId, json, md, csv, reportsDir, quiet,
        };
        command.SetAction(r =>
        {
            // The tag and id become file names: checked before anything is opened (docs/design.md#run-tags-and-ids).
            var runTag = RunTags.Check("--run-tag", r.GetValue(tag));
            RunTags.CheckRunId("--run-id", r.GetValue(runId));
            var dir = r.GetValue(reportsDir)!;
            var ledger = r.GetValue(db)!;
            var jsonPath = r.GetValue(json) ?? Path.Combine(dir, $"market_making_{runTag}.json");
            var mdPath = r.GetValue(md) ?? Path.Combine(dir, $"market_making_{runTag}.md");
            var csvPath = r.GetValue(csv) ?? Path.Combine(dir, $"market_making_{runTag}_fills.csv");
            var paths = new OutputPaths().InputDb("--db", ledger);
            if (r.GetValue(json) is null || r.GetValue(md) is null || r.GetValue(csv) is null)
            {
                paths.Dir("--reports-dir", dir);
            }

            paths.File("--output-json", jsonPath, createParent: r.GetValue(json) is null)
                .File("--output-md", mdPath, createParent: r.GetValue(md) is null)
                .File("--export-csv", csvPath, createParent: r.GetValue(csv) is null)
                .Check();
            return Run(cli, cli.Progress.Unless(r.GetValue(quiet)), ledger, runTag, r.GetValue(runId), jsonPath, mdPath, csvPath);
        });
        return command;
    }

    private static int Run(CliContext cli, ProgressOutput progress, string db, string runTag, string? runId, string jsonPath, string mdPath, string csvPath)
    {
        using var store = LedgerStore.Open(db, readOnly: true);
        // The report and the fills CSV read one snapshot: a live run is shown as of its last commit (docs/design.md#consistent-reads).
        using var snapshot = store.ReadSnapshot();
        var id = ResolveRun(store, db, runTag, runId);
        using var shown = ProgressReporter.Start(progress, cli.Clock, $"analyze {id}", 3, "steps");
        shown.Update(0, "step=report");
        var report = new RunAnalyzer(new LedgerReader(store)).Analyze(id);
        shown.Update(1, "step=json+markdown");
        // Each output is written beside its target and renamed into place (docs/design.md#atomic-outputs).
        OutputPaths.CreateParent(jsonPath);
        AtomicFile.Write(jsonPath, stream => ReportJsonWriter.Write(report, stream));
        OutputPaths.CreateParent(mdPath);
        AtomicFile.WriteText(mdPath, writer => ReportMarkdownWriter.Write(report, writer));

        OutputPaths.CreateParent(csvPath);
        shown.Update(2, "step=fills_csv");
        var (rows, truthful) = FillsCsv.Export(new LedgerReader(store), id, csvPath);
        shown.Dispose();
        cli.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Analysis: run_id={id} run_tag={runTag} status={report.Status} orders={report.Orders} fills={report.Fills} truthful_rate={(report.Truth.TruthfulRate is { } t ? t.ToString("0.####", CultureInfo.InvariantCulture) : "n/a")} reconciliation={report.Truth.ReconciliationStatus} net_pnl_usd={ReportFormat.Normalize(report.Pnl.NetPnlUsd)}"));
        foreach (var w in report.Warnings)
        {
            cli.Out.WriteLine($"Warning: {w}");
        }

        cli.Out.WriteLine($"Wrote {jsonPath}");
        cli.Out.WriteLine($"Wrote {mdPath}");
        cli.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Wrote {csvPath} ({rows} fills, {truthful} truthful)"));
        return 0;
    }

    private static string ResolveRun(LedgerStore store, string db, string runTag, string? runId)
    {
        if (runId is null)
        {
            // Only a complete run is analysed by default: a failed or killed run is looked at on purpose (--run-id).
            return store.LatestRunId(runTag, RunStatus.Complete) ?? throw new LedgerException(
                store.LatestRunId(runTag) is { } latest
                    ? $"no complete run with tag '{runTag}' in {db} (the latest, {latest}, is {new LedgerReader(store).Run(latest)!.Status}); pass --run-id to analyze it"
                    : $"no run with tag '{runTag}' in {db}");
        }

        var run = new LedgerReader(store).Run(runId) ?? throw new LedgerException($"run '{runId}' not found in {db}");
        return run.RunTag == runTag ? runId : throw new LedgerException($"run '{runId}' has tag '{run.RunTag}', not '{runTag}'");
    }
}
