using System.CommandLine;
using PolyMM.Cli.Running;

namespace PolyMM.Cli.Commands;

/// <summary>
/// <c>mm smoke</c>: run → analyze → check on the bundled sample fixture in a scratch directory, through
/// the same command code as a user typing them (<see cref="Program.Run"/> in-process). Exit 0 only when
/// every step succeeds and the check passes.
/// </summary>
internal static class SmokeCommand
{
    private const string Tag = "SMOKE";

    public static Command Create(CliContext cli)
    {
        var workDir = new Option<string?>("--work-dir") { Description = "where to put the ledger and reports [default: a new temporary directory, removed on success]" };
        var command = new Command("smoke", "Smoke test: run, analyze and check on the bundled sample fixture") { workDir };
        command.SetAction(r => Run(cli, r.GetValue(workDir)));
        return command;
    }

    private static int Run(CliContext cli, string? workDir)
    {
        new OutputPaths().Dir("--work-dir", workDir).Check();
        var temporary = workDir is null;
        var dir = workDir ?? Directory.CreateTempSubdirectory("polymm-smoke-").FullName;
        Directory.CreateDirectory(dir);
        var db = Path.Combine(dir, "smoke.db");
        var reports = Path.Combine(dir, "reports");
        var json = Path.Combine(reports, $"market_making_{Tag}.json");
        var csv = Path.Combine(reports, $"market_making_{Tag}_fills.csv");
        cli.Out.WriteLine($"Smoke: work dir {dir}");
        string[][] steps =
        [
            ["run", "--db", db, "--run-tag", Tag, "--reports-dir", reports],
            ["analyze", "--db", db, "--run-tag", Tag, "--reports-dir", reports],
            ["check", "--report-json", json, "--fills-csv", csv, "--max-per-market-exposure-usd", "500"],
        ];
        for (var i = 0; i < steps.Length; i++)
        {
            var (code, stdout, stderr) = InProcessCommand.Run(cli, steps[i], TextWriter.Null, TextWriter.Null);
            cli.Out.WriteLine($"[{i + 1}/{steps.Length}] mm {string.Join(' ', steps[i])}");
            foreach (var line in (stdout + stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                cli.Out.WriteLine($"      {line}");
            }

            if (code != 0)
            {
                cli.Out.WriteLine($"SMOKE FAIL: step {i + 1} ({steps[i][0]}) exited {code}; files kept in {dir}");
                return 1;
            }
        }

        cli.Out.WriteLine("SMOKE PASS");
        if (temporary)
        {
            Directory.Delete(dir, recursive: true);
        }

        return 0;
    }
}
