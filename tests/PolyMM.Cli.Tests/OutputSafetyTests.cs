using System.Globalization;
using PolyMM.Cli.Tests.Support;

namespace PolyMM.Cli.Tests;

/// <summary>
/// Issue 18 items 1, 2 and 4: tags and ids are validated before they become file names, no output replaces a
/// database, outputs are written atomically, and data cannot become a spreadsheet formula or Markdown HTML.
/// </summary>
public sealed class OutputSafetyTests
{
    private static void AssertOneLineExit2(MmResult result, params string[] fragments)
    {
        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("internal:", line, StringComparison.Ordinal);
        foreach (var f in fragments)
        {
            Assert.Contains(f, line, StringComparison.Ordinal);
        }
    }

    private static long Orders(string db) => Convert.ToInt64(Db.Scalar(db, "SELECT count(*) FROM orders"), CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("run", "--run-tag", "../../x")]
    [InlineData("run", "--run-tag", "a/b")]
    [InlineData("run", "--run-tag", ".hidden")]
    [InlineData("analyze", "--run-tag", "../../x")]
    [InlineData("experiment", "--run-tag", "../../x")]
    [InlineData("experiment", "--baseline-run-tag", "../x")]
    public void Command_TagWithPathCharacters_OneLineExit2BeforeAnyWork(string command, string flag, string tag)
    {
        using var dir = new TempDir();
        var db = dir.File("t.db");
        var reports = dir.File("reports");

        var result = Mm.Run(command, "--db", db, flag, tag, "--reports-dir", reports);

        AssertOneLineExit2(result, flag, tag);
        Assert.False(File.Exists(db));
        Assert.False(Directory.Exists(reports));
    }

    [Fact]
    public void Tag_SixtyFiveCharacters_Refused()
    {
        using var dir = new TempDir();

        var result = Mm.Run("run", "--db", dir.File("t.db"), "--run-tag", new string('A', 65), "--reports-dir", dir.File("reports"));

        AssertOneLineExit2(result, "--run-tag");
    }

    [Fact]
    public void AnalyzeAndFinalize_RunIdNotTheIdForm_OneLineExit2()
    {
        using var dir = new TempDir();
        var db = dir.File("t.db");
        Assert.Equal(0, Mm.Run("run", "--db", db, "--reports-dir", dir.File("reports")).ExitCode);

        AssertOneLineExit2(Mm.Run("analyze", "--db", db, "--run-tag", "MARKET_MAKING_TEST", "--run-id", "../../x", "--reports-dir", dir.File("reports")), "--run-id", "mm-yyyyMMddTHHmmss-xxxxxx");
        AssertOneLineExit2(Mm.Run("runs", "finalize", "../x", "--db", db, "--reports-dir", dir.File("reports")), "RUN_ID", "mm-yyyyMMddTHHmmss-xxxxxx");
    }

    [Theory]
    [InlineData("--output-json")]
    [InlineData("--output-md")]
    [InlineData("--export-csv")]
    public void Analyze_OutputIsTheDb_RefusedAndRowCountUnchanged(string flag)
    {
        using var dir = new TempDir();
        var db = dir.File("victim.db");
        Assert.Equal(0, Mm.Run("run", "--db", db, "--run-tag", "BASE2", "--reports-dir", dir.File("reports")).ExitCode);
        var orders = Orders(db);
        var bytes = File.ReadAllBytes(db);

        var result = Mm.Run("analyze", "--db", db, "--run-tag", "BASE2", "--reports-dir", dir.File("reports"), flag, db);

        AssertOneLineExit2(result, flag, "--db");
        Assert.Equal(orders, Orders(db));
        Assert.Equal(bytes, File.ReadAllBytes(db));
    }

    [Fact]
    public void Dashboard_OutputIsADatabase_RefusedAndRowCountUnchanged()
    {
        using var dir = new TempDir();
        var db = dir.File("victim.db");
        var reports = dir.File("reports");
        Assert.Equal(0, Mm.Run("run", "--db", db, "--run-tag", "BASE2", "--reports-dir", reports).ExitCode);
        Assert.Equal(0, Mm.Run("analyze", "--db", db, "--run-tag", "BASE2", "--reports-dir", reports).ExitCode);
        var orders = Orders(db);
        Assert.True(orders > 0);

        var result = Mm.Run("dashboard", "--reports", Path.Combine(reports, "market_making_BASE2.json"), "--fills-dir", reports, "--output", db);

        AssertOneLineExit2(result, "--output", "SQLite database");
        Assert.Equal(orders, Orders(db));
    }

    [Fact]
    public void Analyze_OverAnExistingReport_LeavesNoTemporaryFile()
    {
        using var dir = new TempDir();
        var db = dir.File("t.db");
        var reports = dir.File("reports");
        Assert.Equal(0, Mm.Run("run", "--db", db, "--run-tag", "T", "--reports-dir", reports).ExitCode);
        Assert.Equal(0, Mm.Run("analyze", "--db", db, "--run-tag", "T", "--reports-dir", reports).ExitCode);

        Assert.Equal(0, Mm.Run("analyze", "--db", db, "--run-tag", "T", "--reports-dir", reports).ExitCode);

        Assert.Equal(["market_making_T.json", "market_making_T.md", "market_making_T_fills.csv"],
            Directory.GetFiles(reports).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Analyze_OutputCannotBeWritten_OneLineExit2NamingThePath()
    {
        using var dir = new TempDir();
        var db = dir.File("t.db");
        Assert.Equal(0, Mm.Run("run", "--db", db, "--run-tag", "T", "--reports-dir", dir.File("reports")).ExitCode);
        // A 230-character name is a valid file, but its temporary sibling (name + ".<pid>.<guid>.tmp") is past the
        // 255-byte file-name limit: the write fails with an IOException, as a full disk would.
        var json = dir.File(new string('r', 225) + ".json");

        var result = Mm.Run("analyze", "--db", db, "--run-tag", "T", "--reports-dir", dir.File("reports"), "--output-json", json);

        AssertOneLineExit2(result, "cannot write", json);
        Assert.False(File.Exists(json));
    }

    [Fact]
    public void Analyze_FormulaAndHtmlInMarketIds_CsvCellsQuotedMarkdownEscapedNumbersKept()
    {
        using var dir = new TempDir();
        var fx = dir.File("fx");
        Directory.CreateDirectory(Path.Combine(fx, "snapshots"));
        var sample = Path.Combine(SampleFixture.Dir, "snapshots");
        const string formula = "=HYPERLINK(1)";
        const string html = "<i>x|y&z";
        File.Copy(Path.Combine(sample, "sample-mkt-1.jsonl"), Path.Combine(fx, "snapshots", formula + ".jsonl"));
        File.Copy(Path.Combine(sample, "sample-mkt-2.jsonl"), Path.Combine(fx, "snapshots", html + ".jsonl"));
        File.WriteAllText(Path.Combine(fx, "markets.json"),
            "[{\"conditionId\":\"=HYPERLINK(1)\",\"slug\":\"@SUM(1)\",\"title\":\"One\",\"outcomes\":[\"YES\",\"NO\"]},\n"
            + "{\"conditionId\":\"<i>x|y&z\",\"title\":\"Two\",\"outcomes\":[\"YES\",\"NO\"]}]\n");
        var db = dir.File("t.db");
        var reports = dir.File("reports");
        Assert.Equal(0, Mm.Run("run", "--db", db, "--fixture-dir", fx, "--run-tag", "INJ", "--reports-dir", reports).ExitCode);

        Assert.Equal(0, Mm.Run("analyze", "--db", db, "--run-tag", "INJ", "--reports-dir", reports).ExitCode);

        var csv = File.ReadAllLines(Path.Combine(reports, "market_making_INJ_fills.csv"));
        var header = csv[0].Split(',');
        var rows = csv.Skip(1).Select(l => l.Split(',')).Where(c => c[Array.IndexOf(header, "market_id")] == "'=HYPERLINK(1)").ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, c => Assert.Equal("'@SUM(1)", c[Array.IndexOf(header, "market_slug")]));
        // Numeric columns are never quoted: every cell of fill_price and quote_slippage_pct parses as a number
        // (a negative slippage stays "-0.0…", not "'-0.0…").
        foreach (var column in new[] { "fill_price", "quote_slippage_pct", "filled_shares" })
        {
            Assert.All(rows, c => Assert.True(decimal.TryParse(c[Array.IndexOf(header, column)], NumberStyles.Float, CultureInfo.InvariantCulture, out _), column));
        }

        var md = File.ReadAllText(Path.Combine(reports, "market_making_INJ.md"));
        Assert.DoesNotContain("<i>", md, StringComparison.Ordinal);
        Assert.Contains("| &lt;i&gt;x\\|y&amp;z |", md, StringComparison.Ordinal);
        // The acceptance check reads the quoted cells back (FillsCsv.Restore): the CSV still agrees with the report.
        var check = Mm.Run("check", "--report-json", Path.Combine(reports, "market_making_INJ.json"), "--fills-csv", Path.Combine(reports, "market_making_INJ_fills.csv"), "--max-per-market-exposure-usd", "500");
        Assert.Equal(0, check.ExitCode);
    }
}
