using System.CommandLine;
using System.Globalization;
using PolyMM.Cli.Running;
using PolyMM.Reports.Output;

namespace PolyMM.Cli.Commands;

/// <summary>
/// <c>mm sensitivity</c> (docs/design.md#fill-sensitivity): the same data, strategy and risk settings as <c>mm run</c>
/// under several fill models in one pass, and how far net P&amp;L moves with the model. Writes JSON, Markdown and CSV; no
/// ledger rows.
/// </summary>
internal static class SensitivityCommand
{
    public static Command Create(CliContext cli)
    {
        var run = new RunOptions();
        var models = new Option<string>("--models") { Description = $"comma list of fill models: {FillModelSpec.ValidNames}", DefaultValueFactory = _ => FillModelSpec.DefaultList };
        var output = new Option<string>("--output-json") { Description = "report JSON; the .md and .csv are written beside it [default: <reports-dir>/sensitivity_<run-tag>.json]" };
        var command = new Command("sensitivity", "Net P&L of one strategy under several fill models, one pass over the data (offline)");
        // The models replace --fill-model/--queue-function; nothing is recorded or stored in a ledger.
        run.AddTo(command, "--fill-model", "--queue-function", "--record", "--db");
        command.Options.Add(models);
        command.Options.Add(output);
        command.SetAction(result =>
        {
            var settings = run.Bind(result);
            if (settings.DataMode != "offline")
            {
                throw new SettingsException("mm sensitivity runs offline only: drop --data-mode online (record a session with mm record, then pass it as --fixture-dir)");
            }

            var specs = FillModelSpec.ParseList(result.GetValue(models)!);
            var json = result.GetValue(output) ?? Path.Combine(settings.ReportsDir, $"sensitivity_{settings.RunTag}.json");
            if (!json.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                throw new SettingsException($"--output-json must end in .json (the .md and .csv go beside it; got '{json}')");
            }

            var md = Path.ChangeExtension(json, ".md");
            var csv = Path.ChangeExtension(json, ".csv");
            var createParent = result.GetValue(output) is null;
            new OutputPaths().File("--output-json", json, createParent).File("--output-json (.md)", md, createParent).File("--output-json (.csv)", csv, createParent).Check();
            using var signals = new StopSignals();
            var started = cli.Clock.GetTimestamp();
            var r = SensitivityRun.Run(settings, specs, cli.Clock.GetUtcNow(), signals.Token);
            AtomicFile.WriteAllText(json, SensitivityReport.Json(r));
            AtomicFile.WriteAllText(md, SensitivityReport.Markdown(r));
            AtomicFile.WriteAllText(csv, SensitivityReport.Csv(r));
            cli.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"model",-20} {"fills",8} {"shares",12} {"fill_rate",9} {"net_pnl_usd",12} {"net_wo_rewards",14} {"max_dd",8}"));
            foreach (var m in r.Models)
            {
                cli.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{m.Model,-20} {m.Fills,8} {m.FilledShares,12:0.##} {m.FillRate,9:0.0000} {m.NetPnlUsd,12:0.0000} {m.NetWithoutRewardsUsd,14:0.0000} {m.MaxDrawdownPct,8:0.0000}"));
            }

            cli.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Band: net_pnl_usd from {r.MinNetPnlUsd:0.0000} to {r.MaxNetPnlUsd:0.0000} over {r.Models.Count} models; sign_depends_on_model={(r.SignDependsOnModel ? "true" : "false")} ({cli.Clock.GetElapsedTime(started).TotalSeconds:0.00} s, one pass)"));
            if (SensitivityReport.Flag(r) is { } flag)
            {
                cli.Out.WriteLine("WARNING: " + flag);
            }

            cli.Out.WriteLine($"Sensitivity report: {json} (.md, .csv beside it)");
            return signals.Token.IsCancellationRequested ? signals.ExitCode : ExitCodes.Ok;
        });
        return command;
    }
}
