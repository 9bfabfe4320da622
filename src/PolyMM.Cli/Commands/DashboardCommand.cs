using System.CommandLine;
using PolyMM.Cli.Running;
using PolyMM.Reports.Dashboard;
using PolyMM.Reports.Output;

namespace PolyMM.Cli.Commands;

/// <summary><c>mm dashboard</c>: one self-contained HTML page comparing runs from their report JSONs.</summary>
internal static class DashboardCommand
{
    public static Command Create(CliContext cli)
    {
        var reports = new Option<string[]>("--reports") { Description = "report JSONs (from mm analyze); the first is the baseline for deltas", Required = true, AllowMultipleArgumentsPerToken = true };
        var output = new Option<string>("--output") { Description = "HTML file to write", DefaultValueFactory = _ => "reports/mm_dashboard.html" };
        var fillsDir = new Option<string?>("--fills-dir") { Description = "directory holding market_making_<TAG>_fills.csv", DefaultValueFactory = _ => "reports" };
        var sensitivity = new Option<string?>("--sensitivity") { Description = "fill-model sensitivity JSON (from mm sensitivity) to draw as bars with its band" };
        var command = new Command("dashboard", "Write an HTML dashboard comparing runs (opens with no network)") { reports, output, fillsDir, sensitivity };
        command.SetAction(result =>
        {
            var path = result.GetValue(output)!;
            var paths = new OutputPaths();
            foreach (var report in result.GetValue(reports)!)
            {
                paths.Input("--reports", report);
            }

            if (result.GetValue(sensitivity) is { } sens)
            {
                paths.Input("--sensitivity", sens);
            }

            paths.File("--output", path, createParent: result.GetResult(output) is not { Implicit: false }).Check();
            string html;
            try
            {
                html = DashboardBuilder.Build(result.GetValue(reports)!, result.GetValue(fillsDir), result.GetValue(sensitivity));
            }
            catch (DashboardInputException e)
            {
                throw new SettingsException(e.Message);
            }

            OutputPaths.CreateParent(path);
            AtomicFile.WriteAllText(path, html);
            cli.Out.WriteLine($"Dashboard written: {path}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
