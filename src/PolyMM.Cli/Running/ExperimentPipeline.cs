using System.Globalization;

namespace PolyMM.Cli.Running;

/// <summary>
/// Runs the experiment's seven steps in order through the ordinary commands, logging each command, its run
/// id and its PASS/FAIL line with UTC timestamps to <c>&lt;reports&gt;/run_log.txt</c>. Exit 0 only when both
/// acceptance checks pass; 1 when a check fails; a failed run's own code otherwise.
/// The experiment names each run itself and hands each step its run's id (<c>run --run-id</c>,
/// <c>analyze --run-id</c>, <c>check --expect-run-id</c>); every file it writes is removed before the first
/// step, so nothing on disk afterwards (report, CSV, dashboard) can be left from an earlier experiment.
/// </summary>
internal sealed class ExperimentPipeline(CliContext cli, RunSettings settings, decimal truthfulRateMin, decimal baselineFeeTolerance, ProgressOutput progress,
    List<string>? sensitivityArgs = null)
{
    private readonly int _steps = sensitivityArgs is null ? 7 : 8;
    private string _logPath = string.Empty;
    private int _step;

    public int Run(string baselineTag, List<string> baselineArgs, List<string> realArgs)
    {
        var reports = settings.ReportsDir;
        Directory.CreateDirectory(reports);
        var logPath = Path.Combine(reports, "run_log.txt");
        _logPath = logPath;
        File.WriteAllText(logPath, string.Empty);
        var dashboard = Path.Combine(reports, "mm_dashboard.html");
        var sensitivity = SensitivityJson(settings.RunTag);
        foreach (var owned in new[] { baselineTag, settings.RunTag }.SelectMany(Outputs).Append(dashboard)
            .Concat(sensitivityArgs is null ? [] : [sensitivity, Path.ChangeExtension(sensitivity, ".md"), Path.ChangeExtension(sensitivity, ".csv")]))
        {
            File.Delete(owned);
        }

        Log($"experiment started: db={settings.Db} reports={reports} mode={settings.DataMode}");
        // Each id is made just before its run, as mm run would (the time in an id is the run's T0).
        var baselineId = RunIds.New(cli.Clock.GetUtcNow());
        var baseline = RunAndCheck("Baseline run", baselineTag, baselineId, baselineArgs, baseline: true);
        if (baseline.Code is not (ExitCodes.Ok or ExitCodes.Failed))
        {
            return Finish(baseline.Code, logPath, null);
        }

        var realId = RunIds.New(cli.Clock.GetUtcNow());
        while (realId == baselineId)
        {
            realId = RunIds.New(cli.Clock.GetUtcNow());
        }

        var real = RunAndCheck("Market-making run", settings.RunTag, realId, realArgs, baseline: false);
        if (real.Code is not (ExitCodes.Ok or ExitCodes.Failed))
        {
            return Finish(real.Code, logPath, null);
        }

        // The fill-model sensitivity of the real run's settings, on the same data (docs/design.md#fill-sensitivity).
        var sensitive = sensitivityArgs is null ? ExitCodes.Ok : Step("Fill-model sensitivity", ["sensitivity", .. sensitivityArgs, "--output-json", sensitivity]);
        // The dashboard draws the sensitivity band when that step wrote its report.
        string[] band = sensitivityArgs is not null && sensitive == ExitCodes.Ok ? ["--sensitivity", sensitivity] : [];
        var drawn = Step("Dashboard", [
            "dashboard", "--reports", ReportJson(baselineTag), ReportJson(settings.RunTag), "--output", dashboard, "--fills-dir", reports, .. band,
        ]);
        var checks = baseline.Code == ExitCodes.Ok && real.Code == ExitCodes.Ok;
        var failed = new[] { (baselineTag, baseline.Code), (settings.RunTag, real.Code) }.Where(r => r.Code != ExitCodes.Ok).Select(r => r.Item1).ToList();
        Log(checks ? "experiment PASS: both acceptance checks passed" : $"experiment FAIL: acceptance check failed for {string.Join(" and ", failed)}");
        return Finish(checks && drawn == ExitCodes.Ok && sensitive == ExitCodes.Ok ? ExitCodes.Ok : ExitCodes.Failed, logPath, drawn == ExitCodes.Ok ? dashboard : null, failed);
    }

    private (int Code, string? RunId) RunAndCheck(string title, string tag, string runId, List<string> runArgs, bool baseline)
    {
        var run = Step(title + $" ({tag})", ["run", .. runArgs, "--run-id", runId]);
        if (run != ExitCodes.Ok)
        {
            return (run, null);
        }

        var analyzed = Step($"Analyze {tag}", [
            "analyze", "--db", settings.Db, "--run-tag", tag, "--run-id", runId,
            "--output-json", ReportJson(tag), "--output-md", ReportMd(tag),
            "--export-csv", FillsCsv(tag),
        ]);
        if (analyzed != ExitCodes.Ok)
        {
            return (analyzed, runId);
        }

        List<string> check = [
            "check", "--report-json", ReportJson(tag), "--fills-csv", FillsCsv(tag), "--expect-run-id", runId,
            "--truthful-rate-min", Inv(truthfulRateMin),
            "--max-exposure-usd", Inv(settings.MaxExposureUsd), "--max-per-market-exposure-usd", Inv(settings.MaxPerMarketExposureUsd),
        ];
        if (baseline)
        {
            check.AddRange(["--baseline", "--baseline-fee-tolerance-usd", Inv(baselineFeeTolerance)]);
        }

        return (Step($"Check {tag}", check), runId);
    }

    private int Step(string title, List<string> args)
    {
        _step++;
        cli.Out.WriteLine($"[{_step}/{_steps}] {title}");
        Log("$ mm " + string.Join(' ', args.Select(Quote)));
        // Each step's own progress (run, analyze) is shown live, marked with the step number.
        var (code, stdout, stderr) = InProcessCommand.Run(cli, args, cli.Out, cli.Err, progress with { Prefix = $"[{_step}/{_steps}] " });
        foreach (var line in (stdout + stderr).Split('\n'))
        {
            if (line.StartsWith("Run complete:", StringComparison.Ordinal) || line.StartsWith("PASS", StringComparison.Ordinal)
                || line.StartsWith("FAIL", StringComparison.Ordinal) || line.StartsWith("WARNING", StringComparison.Ordinal)
                || line.StartsWith("error:", StringComparison.Ordinal) || line.StartsWith("Debug bundle:", StringComparison.Ordinal)
                || line.StartsWith("Dashboard written:", StringComparison.Ordinal))
            {
                Log(line);
            }
        }

        Log($"exit={code}");
        return code;
    }

    private int Finish(int code, string logPath, string? dashboard, List<string>? failedChecks = null)
    {
        if (dashboard is not null)
        {
            cli.Out.WriteLine($"Dashboard: {dashboard}");
        }

        cli.Out.WriteLine($"Run log: {logPath}");
        if (failedChecks is { Count: > 0 })
        {
            cli.Out.WriteLine($"Experiment FAILED: acceptance check failed for {string.Join(" and ", failedChecks)}");
        }
        else if (code == ExitCodes.Ok)
        {
            cli.Out.WriteLine("Experiment PASSED: both acceptance checks passed");
        }
        else
        {
            cli.Out.WriteLine($"Experiment stopped: a step exited with code {code}");
        }

        return code;
    }

    // Appended line by line so the log is current even while a long online step runs.
    private void Log(string line) =>
        File.AppendAllText(_logPath, $"{cli.Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)} {line}\n");

    private string ReportJson(string tag) => Path.Combine(settings.ReportsDir, $"market_making_{tag}.json");

    private string SensitivityJson(string tag) => Path.Combine(settings.ReportsDir, $"sensitivity_{tag}.json");

    private string ReportMd(string tag) => Path.Combine(settings.ReportsDir, $"market_making_{tag}.md");

    private string FillsCsv(string tag) => Path.Combine(settings.ReportsDir, $"market_making_{tag}_fills.csv");

    private IEnumerable<string> Outputs(string tag) => [ReportJson(tag), ReportMd(tag), FillsCsv(tag)];

    private static string Inv(decimal d) => d.ToString(CultureInfo.InvariantCulture);

    private static string Quote(string s) => s.Contains(' ', StringComparison.Ordinal) ? $"'{s}'" : s;
}
