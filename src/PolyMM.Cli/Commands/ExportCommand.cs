using System.CommandLine;
using System.Globalization;
using PolyMM.Cli.Running;
using PolyMM.Ledger.Sqlite;
using PolyMM.Reports.Export;

namespace PolyMM.Cli.Commands;

/// <summary>
/// <c>mm export</c>: one run's tidy tables (equity, orders, fills, lots, inventory, rewards), one Parquet or CSV file
/// each, into a directory (docs/data-dictionary.md#export).
/// </summary>
internal static class ExportCommand
{
    public static Command Create(CliContext cli)
    {
        var db = new Option<string>("--db") { Description = "SQLite ledger file", DefaultValueFactory = _ => "trades.db" };
        var runId = new Option<string>("--run-id") { Description = "the run to export", Required = true };
        var format = new Option<string>("--format") { Description = "file format: parquet or csv", DefaultValueFactory = _ => "parquet" };
        format.AcceptOnlyFromAmong("parquet", "csv");
        var output = new Option<string>("--out") { Description = "directory for equity, orders, fills, lots, inventory and rewards files", Required = true };
        var force = new Option<bool>("--force") { Description = "write into a directory that is not empty (the six table files are replaced)" };
        var command = new Command("export", "Export one run's tables (equity, orders, fills, lots, inventory, rewards) as Parquet or CSV files")
        {
            runId, format, output, force, db,
        };
        command.SetAction(r => Run(cli, r.GetValue(db)!, r.GetValue(runId)!, r.GetValue(format)!, r.GetValue(output)!, r.GetValue(force)));
        return command;
    }

    private static int Run(CliContext cli, string db, string runId, string formatText, string dir, bool force)
    {
        RunTags.CheckRunId("--run-id", runId);
        new OutputPaths().InputDb("--db", db).Dir("--out", dir).Check();
        if (!force && Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any())
        {
            throw new SettingsException($"--out: {dir} is not empty; pass --force to replace its table files");
        }

        var format = formatText == "csv" ? ExportFormat.Csv : ExportFormat.Parquet;
        using var store = LedgerStore.Open(db, readOnly: true);
        var reader = new LedgerReader(store);
        // An unknown run is refused before the directory is created: nothing is written.
        _ = reader.Run(runId) ?? throw new LedgerException($"run '{runId}' not found in {db}");
        Directory.CreateDirectory(dir);
        var summary = RunExporter.Export(reader, runId, format, dir);
        foreach (var f in summary.Files)
        {
            cli.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Wrote {f.Path} ({f.Rows} rows)"));
        }

        if (summary.RefusedFills > 0)
        {
            cli.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Warning: {summary.RefusedFills} stored fill(s) were refused by the FIFO replay (the ledger is damaged); their position, cash and realized columns show the state before them"));
        }

        return ExitCodes.Ok;
    }
}
