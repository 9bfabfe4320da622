using System.Globalization;
using PolyMM.Cli.Tests.Support;
using PolyMM.Core.Economics;
using PolyMM.Ledger.Sqlite;

namespace PolyMM.Cli.Tests.Export;

/// <summary>
/// <c>mm export</c> (docs/data-dictionary.md#export): the files are read back with DuckDB, a reader independent of the
/// writer, and compared with the ledger's own rows.
/// </summary>
public sealed class ExportCommandTests
{
    private const string RunId = "mm-20260101T000000-abcdef";

    private static readonly string[] TableFiles = ["equity", "fills", "inventory", "lots", "orders", "rewards"];

    /// <summary>The sample run (4 fills, docs in the test below) in <paramref name="dir"/>; returns the ledger path.</summary>
    private static string SampleRun(TempDir dir)
    {
        var db = dir.File("t.db");
        Assert.Equal(0, Mm.Run("run", "--db", db, "--run-id", RunId, "--reports-dir", dir.File("reports")).ExitCode);
        return db;
    }

    private static decimal DbDec(string db, string sql) => Convert.ToDecimal(Db.Scalar(db, sql), CultureInfo.InvariantCulture);

    private static long DbLong(string db, string sql) => Convert.ToInt64(Db.Scalar(db, sql), CultureInfo.InvariantCulture);

    [Fact]
    public void Export_SampleRunParquet_DuckDbReadsTheLedgersRowCountsAndSums()
    {
        using var dir = new TempDir();
        var db = SampleRun(dir);
        var outDir = dir.File("out");

        var result = Mm.Run("export", "--run-id", RunId, "--out", outDir, "--db", db);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(TableFiles.Select(t => t + ".parquet"), Directory.GetFiles(outDir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        string P(string table) => $"read_parquet('{Path.Combine(outDir, table + ".parquet")}')";

        // Row counts: one per tick, order, fill (twice: fills and inventory), lot and reward sample of the ledger (the
        // sample's 10 s are one minute of event time: one sample per market).
        Assert.Equal(DbLong(db, "SELECT COUNT(*) FROM ticks"), Duck.Long($"SELECT COUNT(*) FROM {P("equity")}"));
        Assert.Equal(DbLong(db, "SELECT COUNT(*) FROM orders"), Duck.Long($"SELECT COUNT(*) FROM {P("orders")}"));
        Assert.Equal(4, Duck.Long($"SELECT COUNT(*) FROM {P("fills")}"));
        Assert.Equal(4, Duck.Long($"SELECT COUNT(*) FROM {P("inventory")}"));
        Assert.Equal(DbLong(db, "SELECT COUNT(*) FROM trades"), Duck.Long($"SELECT COUNT(*) FROM {P("lots")}"));
        Assert.Equal(2, Duck.Long($"SELECT COUNT(*) FROM {P("rewards")}"));
        Assert.Equal(DbLong(db, "SELECT COUNT(*) FROM reward_samples"), Duck.Long($"SELECT COUNT(*) FROM {P("rewards")}"));
        // Amounts are DECIMAL(18,6): each sample's reward to the micro-dollar (0.0000032364 → 0.000003, 0.0000017122 → 0.000002).
        Assert.Equal(DbDec(db, "SELECT SUM(ROUND(reward_usd, 6)) FROM reward_samples"), Duck.Dec($"SELECT SUM(reward_usd) FROM {P("rewards")}"));
        Assert.Equal(0.000005m, Duck.Dec($"SELECT SUM(reward_usd) FROM {P("rewards")}"));

        // Shares: two buys of 20.83 and two sells of 19.6 = 80.86. The sample's fee schedule (rate 0.05, rebate 0.25)
        // charges makers nothing and accrues 0.25 × the taker fee: buys floor₅(20.83 × 0.05 × 0.48 × 0.52) = 0.25995 →
        // 0.064987, sells floor₅(19.6 × 0.05 × 0.51 × 0.49) = 0.24490 → 0.061225; 2 × (0.064987 + 0.061225) = 0.252424.
        Assert.Equal(80.86m, Duck.Dec($"SELECT SUM(shares) FROM {P("fills")}"));
        Assert.Equal(DbDec(db, "SELECT SUM(shares) FROM fills"), Duck.Dec($"SELECT SUM(shares) FROM {P("fills")}"));
        Assert.Equal(0m, Duck.Dec($"SELECT SUM(fee_usd) FROM {P("fills")}"));
        Assert.Equal(0.252424m, Duck.Dec($"SELECT SUM(rebate_usd) FROM {P("fills")}"));
        Assert.Equal(DbDec(db, "SELECT SUM(rebate_usd) FROM fills"), Duck.Dec($"SELECT SUM(rebate_usd) FROM {P("fills")}"));
        Assert.Equal(DbDec(db, "SELECT fees FROM portfolio"), Duck.Dec($"SELECT SUM(fee_usd) FROM {P("fills")}"));
        Assert.Equal(DbDec(db, "SELECT SUM(entry_fee_usd + exit_fee_usd) FROM trades"), Duck.Dec($"SELECT SUM(entry_fee_usd + exit_fee_usd) FROM {P("lots")}"));
        Assert.Equal(DbDec(db, "SELECT SUM(shares) FROM trades"), Duck.Dec($"SELECT SUM(shares) FROM {P("lots")}"));

        // Cash: 10000 − 2 × 9.9984 + 2 × 9.996 − 0 fees = 9999.9952 (rebates are paid outside cash), after the last
        // fill and at the last tick.
        Assert.Equal(9999.9952m, Duck.Dec($"SELECT cash_usd FROM {P("fills")} ORDER BY ts DESC, fill_id DESC LIMIT 1"));
        Assert.Equal(DbDec(db, "SELECT cash FROM portfolio"), Duck.Dec($"SELECT cash_usd FROM {P("equity")} ORDER BY tick DESC LIMIT 1"));
        Assert.Equal(
            Duck.Dec($"SELECT 10000 - SUM(CASE side WHEN 'BUY' THEN notional_usd ELSE -notional_usd END) - SUM(fee_usd) FROM {P("fills")}"),
            Duck.Dec($"SELECT cash_usd FROM {P("fills")} ORDER BY ts DESC, fill_id DESC LIMIT 1"));

        // Realized: each sell closes 19.6 of a lot bought at 0.48 at 0.51 → 2 × 19.6 × 0.03 = 1.176, as the portfolio says.
        Assert.Equal(DbDec(db, "SELECT realized FROM portfolio"), Duck.Dec($"SELECT SUM(realized_pnl_usd) FROM {P("fills")}"));
        Assert.Equal(1.176m, Duck.Dec($"SELECT SUM(realized_pnl_usd) FROM {P("lots")}"));
        // Inventory: 20.83 − 19.6 = 1.23 left in each market.
        Assert.Equal(2.46m, Duck.Dec($"SELECT SUM(position_shares) FROM (SELECT LAST(position_shares ORDER BY ts, fill_id) AS position_shares FROM {P("inventory")} GROUP BY market_id)"));
    }

    [Fact]
    public void Export_Parquet_ColumnsAreTypedDecimalsAndUtcTimestamps()
    {
        using var dir = new TempDir();
        var db = SampleRun(dir);
        var outDir = dir.File("out");
        Assert.Equal(0, Mm.Run("export", "--run-id", RunId, "--out", outDir, "--db", db).ExitCode);
        var fills = Path.Combine(outDir, "fills.parquet");

        Assert.Equal("DECIMAL(18,6)", Duck.Scalar($"SELECT typeof(price) FROM read_parquet('{fills}') LIMIT 1"));
        Assert.Equal("TIMESTAMP WITH TIME ZONE", Duck.Scalar($"SELECT typeof(ts) FROM read_parquet('{fills}') LIMIT 1"));
        Assert.Equal("BIGINT", Duck.Scalar($"SELECT typeof(fill_id) FROM read_parquet('{fills}') LIMIT 1"));
        Assert.Equal("BOOLEAN", Duck.Scalar($"SELECT typeof(is_maker) FROM read_parquet('{fills}') LIMIT 1"));
        // The first fill is at 2026-01-01T00:00:08Z (the fixture's tick 4): the instant survives exactly, in microseconds.
        Assert.Equal(1767225608000000L, Duck.Long($"SELECT epoch_us(MIN(ts)) FROM read_parquet('{fills}')"));
        Assert.Equal("BUY|filled|A", Duck.Scalar($"SELECT side || '|' || status || '|' || tier FROM read_parquet('{Path.Combine(outDir, "orders.parquet")}') ORDER BY seq LIMIT 1"));
    }

    [Fact]
    public void Export_SampleRunCsv_ReadsBackTheSameCountsAndSums()
    {
        using var dir = new TempDir();
        var db = SampleRun(dir);
        var outDir = dir.File("csv");

        var result = Mm.Run("export", "--run-id", RunId, "--format", "csv", "--out", outDir, "--db", db);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(TableFiles.Select(t => t + ".csv"), Directory.GetFiles(outDir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var fills = File.ReadAllLines(Path.Combine(outDir, "fills.csv"));
        Assert.StartsWith("fill_id,order_id,market_id,side,ts,price,shares,notional_usd,fee_usd,rebate_usd,is_maker,", fills[0], StringComparison.Ordinal);
        Assert.Equal(5, fills.Length);
        // The first buy: 20.83 at 0.48 on 2026-01-01T00:00:08Z, a maker fill under the schedule: fee 0, rebate 0.064987.
        Assert.StartsWith($"1,{RunId}-1,sample-mkt-1,BUY,2026-01-01T00:00:08.000000Z,0.48,20.83,9.9984,0,0.064987,true,limit,", fills[1], StringComparison.Ordinal);
        string C(string table) => $"read_csv('{Path.Combine(outDir, table + ".csv")}', header = true)";
        Assert.Equal(80.86m, Duck.Dec($"SELECT SUM(CAST(shares AS DECIMAL(18,6))) FROM {C("fills")}"));
        Assert.Equal(0.252424m, Duck.Dec($"SELECT SUM(CAST(rebate_usd AS DECIMAL(18,6))) FROM {C("fills")}"));
        Assert.Equal(DbDec(db, "SELECT cash FROM portfolio"), Duck.Dec($"SELECT CAST(cash_usd AS DECIMAL(18,6)) FROM {C("equity")} ORDER BY tick DESC LIMIT 1"));
        Assert.Equal(DbLong(db, "SELECT COUNT(*) FROM orders"), Duck.Long($"SELECT COUNT(*) FROM {C("orders")}"));
        Assert.Equal(DbLong(db, "SELECT COUNT(*) FROM ticks"), Duck.Long($"SELECT COUNT(*) FROM {C("equity")}"));
    }

    [Fact]
    public void Export_NonEmptyOutWithoutForce_OneLineErrorExit2AndNothingWritten()
    {
        using var dir = new TempDir();
        var db = SampleRun(dir);
        var outDir = dir.File("out");
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(outDir, "keep.txt"), "mine");

        var refused = Mm.Run("export", "--run-id", RunId, "--out", outDir, "--db", db);

        Assert.Equal(2, refused.ExitCode);
        Assert.Equal($"error: --out: {outDir} is not empty; pass --force to replace its table files", refused.Stderr.TrimEnd());
        Assert.Equal(["keep.txt"], Directory.GetFiles(outDir).Select(Path.GetFileName));

        var forced = Mm.Run("export", "--run-id", RunId, "--out", outDir, "--db", db, "--force");

        Assert.Equal(0, forced.ExitCode);
        Assert.Equal(TableFiles.Select(t => t + ".parquet").Append("keep.txt").Order(StringComparer.Ordinal), Directory.GetFiles(outDir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(outDir, "keep.txt")));
    }

    [Fact]
    public void Export_UnknownRunId_OneLineErrorAndNoDirectoryCreated()
    {
        using var dir = new TempDir();
        var db = SampleRun(dir);
        var outDir = dir.File("out");

        var result = Mm.Run("export", "--run-id", "mm-20991231T000000-ffffff", "--out", outDir, "--db", db);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: run 'mm-20991231T000000-ffffff' not found in {db}", result.Stderr.TrimEnd());
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void Export_Help_NamesEveryFlagFormatAndTable()
    {
        var help = Mm.Run("export", "--help");

        Assert.Equal(0, help.ExitCode);
        foreach (var word in new[] { "--run-id", "--format", "--out", "--force", "--db", "parquet", "csv", "equity", "orders", "fills", "lots", "inventory", "rewards", "mm export --run-id" })
        {
            Assert.Contains(word, help.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Export_Markouts_EqualMarkoutsComputeOverEachMarketsWholeSeries()
    {
        // A synthetic run long enough that each market's mark window is trimmed many times during the export.
        using var dir = new TempDir();
        var fixture = dir.File("fx");
        Assert.Equal(0, Mm.Run("fixture", "synth", "--out", fixture, "--markets", "2", "--snapshots", "4000", "--seed", "7", "--tight").ExitCode);
        var db = dir.File("t.db");
        Assert.Equal(0, Mm.Run("run", "--markets", "2", "--fixture-dir", fixture, "--db", db, "--run-id", RunId, "--reports-dir", dir.File("reports")).ExitCode);
        var outDir = dir.File("out");
        Assert.Equal(0, Mm.Run("export", "--run-id", RunId, "--format", "csv", "--out", outDir, "--db", db).ExitCode);

        using var store = LedgerStore.Open(db, readOnly: true);
        var reader = new LedgerReader(store);
        var run = reader.RequireRun(RunId);
        var marks = reader.StreamMarks(run.RunKey).ToList();
        var end = DateTimeOffset.Parse(run.EventEnd!, CultureInfo.InvariantCulture);
        var expected = new Dictionary<long, FillMarkouts>();
        foreach (var market in Enumerable.Range(0, 2))
        {
            var series = marks.Where(m => m.MarketIndex == market).ToList();
            var fills = reader.StreamFillRows(run.RunKey).Where(f => f.MarketIndex == market).ToList();
            var computed = Markouts.Compute([.. fills.Select(f => new MarkoutFill(f.Ts, f.Side, f.Price, f.Shares))], series, Markouts.DefaultHorizons, end);
            for (var i = 0; i < fills.Count; i++)
            {
                expected[fills[i].FillId] = computed[i];
            }
        }

        Assert.True(marks.Count > 1000, $"only {marks.Count} marks: the windows would never be trimmed");
        var lines = File.ReadAllLines(Path.Combine(outDir, "fills.csv"));
        var header = lines[0].Split(',');
        int Col(string name) => Array.IndexOf(header, name);
        Assert.Equal(expected.Count, lines.Length - 1);
        var known = 0;
        foreach (var line in lines[1..])
        {
            var cells = line.Split(',');
            var m = expected[long.Parse(cells[Col("fill_id")], CultureInfo.InvariantCulture)];
            Assert.Equal(Text(m.MarkAtFill), cells[Col("mark_at_fill")]);
            Assert.Equal(Text(m.SpreadCapture), cells[Col("spread_capture")]);
            string[] horizons = ["markout_1s", "markout_10s", "markout_60s", "markout_300s"];
            for (var h = 0; h < horizons.Length; h++)
            {
                Assert.Equal(Text(m.PerShare[h]), cells[Col(horizons[h])]);
                known += m.PerShare[h] is null ? 0 : 1;
            }
        }

        Assert.True(known > 100, $"only {known} known markouts: the comparison would prove little");
    }

    private static string Text(decimal? v) =>
        v is { } d ? (Math.Round(d, 6, MidpointRounding.ToEven) / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture) : string.Empty;

    [Fact]
    public void Runs_FormatJson_OneObjectPerRunWithItsStoredParams()
    {
        using var dir = new TempDir();
        var db = SampleRun(dir);

        var result = Mm.Run("runs", "--db", db, "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var doc = System.Text.Json.JsonDocument.Parse(result.Stdout);
        var run = Assert.Single(doc.RootElement.EnumerateArray());
        Assert.Equal(RunId, run.GetProperty("run_id").GetString());
        Assert.Equal(4, run.GetProperty("fills").GetInt32());
        // Net P&L in the run's cash = realized 1.176 + unrealized 0.0492 − fees 0 (makers pay none under the schedule).
        Assert.Equal(1.2252m, run.GetProperty("net_pnl_usd").GetDecimal());
        var p = run.GetProperty("params");
        Assert.Equal("trade-through", p.GetProperty("fill_model").GetString());
        Assert.Equal(42, p.GetProperty("seed").GetInt32());
        Assert.True(p.TryGetProperty("latency_ms", out _));
        Assert.True(p.TryGetProperty("fee_bps", out _));
        Assert.True(p.TryGetProperty("max_exposure_usd", out _));
        Assert.True(p.TryGetProperty("fixture_dir", out _));
    }

    [Fact]
    public void Runs_FormatCsv_RunColumnsThenOneColumnPerParam()
    {
        using var dir = new TempDir();
        var db = SampleRun(dir);

        var result = Mm.Run("runs", "--db", db, "--format", "csv");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        var header = lines[0].Split(',');
        Assert.Equal("run_id", header[0]);
        foreach (var column in new[] { "params.fill_model", "params.latency_ms", "params.fee_bps", "params.seed", "params.max_exposure_usd", "params.fixture_dir" })
        {
            Assert.Contains(column, header);
        }

        Assert.StartsWith(RunId + ",", lines[1], StringComparison.Ordinal);
        Assert.Contains(",trade-through,", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Runs_DefaultFormat_IsTheTableWithParameterColumns()
    {
        using var dir = new TempDir();
        var db = SampleRun(dir);

        var table = Mm.Run("runs", "--db", db);

        Assert.Equal(0, table.ExitCode);
        Assert.Equal(table.Stdout, Mm.Run("runs", "--db", db, "--format", "table").Stdout);
        foreach (var word in new[] { "run_id", "net_pnl_usd", "fill_model", "latency_ms", "fee_bps", "seed", RunId, "trade-through", "1 run(s) in" })
        {
            Assert.Contains(word, table.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Runs_UnknownFormat_RefusedWithExit2()
    {
        var result = Mm.Run("runs", "--format", "xml");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error:", result.Stderr, StringComparison.Ordinal);
    }
}
