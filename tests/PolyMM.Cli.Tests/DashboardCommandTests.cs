using PolyMM.Cli.Tests.Support;

namespace PolyMM.Cli.Tests;

public sealed class DashboardCommandTests
{
    private const string RunIdA = "mm-20260206T020928-aaaaaa";
    private const string RunIdB = "mm-20260206T020928-bbbbbb";

    [Fact]
    public void Dashboard_FillsCsvOfAnotherRun_OneLineErrorExit2()
    {
        using var dir = new TempDir();
        var db = dir.File("t.db");
        var reports = dir.File("reports");
        Assert.Equal(0, Mm.Run("run", "--db", db, "--run-tag", "T", "--run-id", RunIdA, "--reports-dir", dir.Path).ExitCode);
        Assert.Equal(0, Mm.Run("run", "--db", db, "--run-tag", "T", "--run-id", RunIdB, "--reports-dir", dir.Path).ExitCode);
        // The report of run B beside the CSV of run A, under the file names the dashboard looks for.
        Assert.Equal(0, Mm.Run("analyze", "--db", db, "--run-tag", "T", "--run-id", RunIdA, "--reports-dir", reports).ExitCode);
        Assert.Equal(0, Mm.Run("analyze", "--db", db, "--run-tag", "T", "--run-id", RunIdB, "--reports-dir", reports,
            "--export-csv", dir.File("b_fills.csv")).ExitCode);
        var json = Path.Combine(reports, "market_making_T.json");

        var result = Mm.Run("dashboard", "--reports", json, "--fills-dir", reports, "--output", dir.File("d.html"));

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"error: {Path.Combine(reports, "market_making_T_fills.csv")}: row 1 is of run {RunIdA}, but the report {json} is of run {RunIdB}; analyze the run again so its CSV matches", line.Trim());
        Assert.False(File.Exists(dir.File("d.html")));
    }

    [Fact]
    public void Dashboard_FillsCsvOfTheSameRun_Writes()
    {
        using var dir = new TempDir();
        var db = dir.File("t.db");
        var reports = dir.File("reports");
        Assert.Equal(0, Mm.Run("run", "--db", db, "--run-tag", "T", "--run-id", RunIdA, "--reports-dir", dir.Path).ExitCode);
        Assert.Equal(0, Mm.Run("analyze", "--db", db, "--run-tag", "T", "--reports-dir", reports).ExitCode);

        var result = Mm.Run("dashboard", "--reports", Path.Combine(reports, "market_making_T.json"), "--fills-dir", reports, "--output", dir.File("d.html"));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("fills market_making_T_fills.csv", File.ReadAllText(dir.File("d.html")), StringComparison.Ordinal);
    }

    [Fact]
    public void Dashboard_SensitivityFileMissing_OneLineErrorExit2()
    {
        using var dir = new TempDir();
        var db = dir.File("t.db");
        var reports = dir.File("reports");
        Assert.Equal(0, Mm.Run("run", "--db", db, "--run-tag", "T", "--run-id", RunIdA, "--reports-dir", dir.Path).ExitCode);
        Assert.Equal(0, Mm.Run("analyze", "--db", db, "--run-tag", "T", "--reports-dir", reports).ExitCode);
        var missing = dir.File("nope.json");

        var result = Mm.Run("dashboard", "--reports", Path.Combine(reports, "market_making_T.json"), "--fills-dir", reports,
            "--sensitivity", missing, "--output", dir.File("d.html"));

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: {missing}: cannot read sensitivity file", line.Trim(), StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("d.html")));
    }

    [Fact]
    public void Dashboard_WithSensitivity_DrawsModelBarsAndSignWarning()
    {
        using var dir = new TempDir();
        var db = dir.File("t.db");
        var reports = dir.File("reports");
        Assert.Equal(0, Mm.Run("run", "--db", db, "--run-tag", "T", "--run-id", RunIdA, "--reports-dir", dir.Path).ExitCode);
        Assert.Equal(0, Mm.Run("analyze", "--db", db, "--run-tag", "T", "--reports-dir", reports).ExitCode);
        var sens = dir.File("sens.json");
        File.WriteAllText(sens, """{"models": [{"model": "a", "net_pnl_usd": 1.5}, {"model": "b", "net_pnl_usd": -0.5}], "band": {"min_net_pnl_usd": -0.5, "max_net_pnl_usd": 1.5}, "sign_depends_on_model": true}""");

        var result = Mm.Run("dashboard", "--reports", Path.Combine(reports, "market_making_T.json"), "--fills-dir", reports,
            "--sensitivity", sens, "--output", dir.File("d.html"));

        Assert.Equal(0, result.ExitCode);
        var html = File.ReadAllText(dir.File("d.html"));
        Assert.Contains("data-model=\"a\" data-value=\"1.5\"", html, StringComparison.Ordinal);
        Assert.Contains("data-model=\"b\" data-value=\"-0.5\"", html, StringComparison.Ordinal);
        Assert.Contains("data-sign-warning=\"1\"", html, StringComparison.Ordinal);
    }
}
