using PolyMM.Cli.Tests.Support;

namespace PolyMM.Cli.Tests;

public sealed class RunCommandTests
{
    private const string RunId = "mm-20260206T020928-c0693f";

    // Every column of both user-facing tables, in a stable order, for byte-level comparison.
    private const string TradesSql = "SELECT * FROM trades WHERE run_id = $id ORDER BY id";
    private const string ExecSql = "SELECT * FROM execution_records WHERE run_id = $id ORDER BY order_id";

    [Fact]
    public void Run_SampleFixture_PrintsRunCompleteLineLast()
    {
        using var dir = new TempDir();

        var result = Mm.Run("run", "--db", dir.File("t.db"), "--run-tag", "T1");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^Run complete: run_id=mm-\d{8}T\d{6}-[0-9a-f]{6} run_tag=T1 fills=4$", result.LastLine);
        Assert.Equal("complete", Db.Scalar(dir.File("t.db"), "SELECT status FROM runs"));
    }

    [Fact]
    public void Run_SampleFixtureStrict_LedgerMatchesHandArithmetic()
    {
        using var dir = new TempDir();
        var db = dir.File("t.db");

        var result = Mm.Run("run", "--db", db, "--run-id", RunId);

        // Per market (mid 0.5, k=2, tick 0.01): bid 0.48 for floor(10/0.48, 0.01) = 20.83 shares fills on the
        // 4th snapshot (LTP 0.47 ≤ 0.48); then, holding shares, the ask is 0.5 + 0.02 − 0.01 = 0.51 for
        // min(floor(10/0.51), 20.83) = 19.60 shares, filled by LTP 0.53 on the 5th.
        // realized = 19.60 × (0.51 − 0.48) = 0.588 per market → 1.176
        // fees: the sample's markets state a fee schedule (rate 0.05, rebate 0.25) and both fills are passive (maker): fee 0
        //       (docs/design.md#fees); their rebates are outside cash (see Run_SampleFixtureWithFeeBps_... for the flat rule).
        // cash = 10000 − 2 × 9.9984 + 2 × 9.996 = 9999.9952
        // open: 1.23 shares per market at mid 0.5, cost 0.48 → unrealized 2 × 1.23 × 0.02 = 0.0492
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["10000|9999.9952|10001.2252|1.176|0.0492|0"],
            Db.Rows(db, "SELECT bankroll, cash, total_value, realized, unrealized, fees FROM portfolio"));
        Assert.Equal(
            // lots 1 and 2 keep their ids for the 20.83 − 19.60 = 1.23 shares left (cost 1.23 × 0.48 = 0.5904);
            // the closed 19.60 shares (cost 9.408, proceeds 9.996, realized 0.588) are split off as lots 3 and 4
            ["1|sample-mkt-1|0.5904|0.48|1.23|open||", "2|sample-mkt-2|0.5904|0.48|1.23|open||",
             "3|sample-mkt-1|9.408|0.48|19.6|closed|9.996|0.588", "4|sample-mkt-2|9.408|0.48|19.6|closed|9.996|0.588"],
            Db.Rows(db, "SELECT id, market, round(size, 6), price, shares, status, round(proceeds, 6), round(realized_pnl, 6) FROM trades ORDER BY id"));
        // Rebates per market: buy 0.25 × floor5(20.83 × 0.05 × 0.48 × 0.52 = 0.2599584) = 0.25 × 0.25995 = 0.0649875 → 0.064987;
        // sell 0.25 × floor5(19.60 × 0.05 × 0.51 × 0.49 = 0.244902) = 0.25 × 0.24490 = 0.061225.
        Assert.Equal(["0|0.064987", "0|0.064987", "0|0.061225", "0|0.061225"], Db.Rows(db, "SELECT fee, rebate_usd FROM fills ORDER BY fill_id"));
        Assert.Contains("\"fee_mode\":\"schedule\"", (string)Db.Scalar(db, "SELECT params FROM runs")!, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_SampleFixtureWithFeeBps_FlatFeeOverridesTheScheduleWithoutRebates()
    {
        using var dir = new TempDir();
        var db = dir.File("t.db");

        var result = Mm.Run("run", "--db", db, "--run-id", RunId, "--fee-bps", "2");

        // The explicit flat rule: buy 9.9984 × 2 bp = 0.00199968 → 0.002; sell 9.996 × 2 bp = 0.0019992 → 0.001999;
        // 0.003999 per market → 0.007998; cash = 10000 − 2 × 9.9984 + 2 × 9.996 − 0.007998 = 9999.987202. No rebates.
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["9999.987202|0.007998"], Db.Rows(db, "SELECT cash, fees FROM portfolio"));
        Assert.Equal(["0"], Db.Rows(db, "SELECT SUM(rebate_usd) FROM fills"));
        Assert.Contains("\"fee_mode\":\"flat_bps\"", (string)Db.Scalar(db, "SELECT params FROM runs")!, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_BadRewardTerms_OneLineWarningAndNoEstimate()
    {
        using var dir = new TempDir();
        var fixture = SampleFixture.CopyTo(dir.File("fx"));
        File.WriteAllText(Path.Combine(fixture, "markets.json"), """
            [{"conditionId":"sample-mkt-1","title":"One","outcomes":["YES","NO"],"rewardsMaxSpread":3.5,"rewardsMinSize":20,"clobRewards":[{"rewardsDailyRate":-5}]},
             {"conditionId":"sample-mkt-2","title":"Two","outcomes":["YES","NO"],"rewardsMaxSpread":3.5}]
            """);
        var db = dir.File("t.db");

        var result = Mm.Run("run", "--db", db, "--run-id", RunId, "--fixture-dir", fixture);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("warning: market sample-mkt-1: reward terms unusable (reward daily rate must be >= 0 (got -5)); no reward estimate for it", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("warning: market sample-mkt-2: reward terms unusable (", result.Stderr, StringComparison.Ordinal);
        // No market has usable terms: the run keeps the single unknown row, never an estimated zero.
        Assert.Equal(["*|0|unknown"], Db.Rows(db, "SELECT market_id, reward_usd, reward_source FROM market_making_rewards"));
        Assert.Equal(["0"], Db.Rows(db, "SELECT COUNT(*) FROM reward_samples"));
    }

    [Fact]
    public void Run_SameRunIdTwice_ProducesIdenticalRows()
    {
        using var dir = new TempDir();
        var fixture = FixtureWriter.RandomWalk(dir.File("fx"), markets: 3, snapshots: 400, seed: 5);
        string[] common = ["run", "--run-id", RunId, "--fixture-dir", fixture, "--fill-model", "probabilistic", "--seed", "9", "--markets", "3"];

        var a = Mm.Run([.. common, "--db", dir.File("a.db")]);
        var b = Mm.Run([.. common, "--db", dir.File("b.db")]);

        Assert.Equal(0, a.ExitCode);
        Assert.Equal(0, b.ExitCode);
        var tradesA = Db.Rows(dir.File("a.db"), TradesSql, ("$id", RunId));
        var execA = Db.Rows(dir.File("a.db"), ExecSql, ("$id", RunId));
        Assert.NotEmpty(tradesA);
        Assert.Equal(tradesA, Db.Rows(dir.File("b.db"), TradesSql, ("$id", RunId)));
        Assert.Equal(execA, Db.Rows(dir.File("b.db"), ExecSql, ("$id", RunId)));
    }

    [Fact]
    public void Run_TwoRunsInOneDatabase_DoNotTouchEachOther()
    {
        using var dir = new TempDir();
        var fixture = FixtureWriter.RandomWalk(dir.File("fx"), markets: 2, snapshots: 300, seed: 11);
        const string first = "mm-20260206T020928-aaaaaa";
        const string second = "mm-20260206T020928-bbbbbb";
        string[] runA = ["run", "--run-id", first, "--fixture-dir", fixture, "--markets", "2", "--fill-model", "probabilistic", "--seed", "1"];
        string[] runB = ["run", "--run-id", second, "--fixture-dir", fixture, "--markets", "2", "--k-ticks", "0", "--fill-model", "probabilistic", "--seed", "2", "--bankroll", "777"];

        // The same first run alone in its own file is the reference for "untouched".
        Assert.Equal(0, Mm.Run([.. runA, "--db", dir.File("alone.db")]).ExitCode);
        Assert.Equal(0, Mm.Run([.. runA, "--db", dir.File("shared.db")]).ExitCode);
        Assert.Equal(0, Mm.Run([.. runB, "--db", dir.File("shared.db")]).ExitCode);

        var shared = dir.File("shared.db");
        Assert.Equal(Db.Rows(dir.File("alone.db"), TradesSql, ("$id", first)), Db.Rows(shared, TradesSql, ("$id", first)));
        Assert.Equal(Db.Rows(dir.File("alone.db"), ExecSql, ("$id", first)), Db.Rows(shared, ExecSql, ("$id", first)));
        Assert.Equal(
            Db.Rows(dir.File("alone.db"), "SELECT bankroll, cash, total_value, realized, fees FROM portfolio WHERE run_id = $id", ("$id", first)),
            Db.Rows(shared, "SELECT bankroll, cash, total_value, realized, fees FROM portfolio WHERE run_id = $id", ("$id", first)));
        Assert.Equal("777", Db.Rows(shared, "SELECT bankroll FROM portfolio WHERE run_id = $id", ("$id", second)).Single());
        Assert.NotEmpty(Db.Rows(shared, ExecSql, ("$id", first)));
        Assert.NotEmpty(Db.Rows(shared, ExecSql, ("$id", second)));
    }

    [Fact]
    public void Run_RandomFixture_FillsAreAfterSendAndCapsHold()
    {
        using var dir = new TempDir();
        var fixture = FixtureWriter.RandomWalk(dir.File("fx"), markets: 4, snapshots: 1500, seed: 3);
        var db = dir.File("t.db");

        var result = Mm.Run("run", "--db", db, "--fixture-dir", fixture, "--markets", "4", "--fill-model", "probabilistic",
            "--fill-pmax", "0.5", "--fill-base-liquidity", "0.5", "--max-per-market-exposure-usd", "60", "--max-exposure-usd", "150");

        Assert.Equal(0, result.ExitCode);
        Assert.True((long)Db.Scalar(db, "SELECT COUNT(*) FROM execution_records WHERE fill_count = 1")! > 50);
        Assert.Equal(0L, Db.Scalar(db, "SELECT COUNT(*) FROM execution_records WHERE fill_count = 1 AND fill_ts <= order_sent_ts"));
        Assert.True((double)Db.Scalar(db, "SELECT MAX(committed) FROM ticks")! <= 150.0);
        Assert.True((double)Db.Scalar(db, "SELECT MAX(open_cost) FROM ticks")! <= 150.0);
        Assert.Equal(0L, Db.Scalar(db, "SELECT COUNT(*) FROM trades WHERE shares < 0"));
        // cash + open value = total value, exactly as stored
        Assert.Equal(1L, Db.Scalar(db, """
            SELECT COUNT(*) FROM portfolio p WHERE abs(p.cash + (SELECT COALESCE(SUM(shares * current_price), 0) FROM trades
            WHERE status = 'open') - p.total_value) < 1e-9
            """));
    }
}
