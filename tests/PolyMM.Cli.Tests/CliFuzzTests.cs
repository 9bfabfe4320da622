using FsCheck;
using FsCheck.Fluent;
using PolyMM.Cli.Tests.Support;

namespace PolyMM.Cli.Tests;

/// <summary>
/// Generated flag and config values driven through <c>mm run</c> in-process: whatever a user types ends in exit 0, 2
/// or 3, one stderr line when non-zero, never <c>internal:</c>, and never a <c>running</c> row
/// (docs/design.md#supported-ranges, docs/design.md#exit-codes).
/// </summary>
public sealed class CliFuzzTests
{
    /// <summary>A few hundred in the suite; a nightly run can raise it with MM_FUZZ_CASES.</summary>
    private static int Cases => int.TryParse(Environment.GetEnvironmentVariable("MM_FUZZ_CASES"), out var n) && n > 0 ? n : 300;

    private static readonly string[] Numbers =
    [
        "0", "-1", "1", "0.5", "2", "10", "0.0001", "0.00015", "0.0000000001", "1e27", "1000000000000000000000000000", "100000000",
        "100000001", "123456789012", "79228162514264337593543950335", "-79228162514264337593543950335", "1.5", "abc", "", " ", "NaN",
        "2147483648", "9223372036854775808", "0x10", "1,5",
    ];

    private static readonly string[] Flags =
    [
        "--bankroll", "--quote-size-usd", "--tick-size", "--k-ticks", "--skew-ticks", "--max-spread-pct", "--max-exposure-usd",
        "--max-per-market-exposure-usd", "--max-hold-time-sec", "--fee-bps", "--poll-interval-sec", "--max-runtime-min", "--max-fills",
        "--markets", "--seed", "--fill-alpha", "--fill-pmax", "--fill-base-liquidity", "--log-every", "--run-id", "--run-tag",
        "--fill-model", "--data-mode", "--strict-fill-price", "--prob-fill-price",
    ];

    private static readonly string[] ConfigValues = ["null", "true", "\"x\"", "[]", "{}", "1e400", "-5", "0", "1e27", "100000001", "\"1e27\"", "0.00001"];

    private static readonly string[] RunIds = ["mm-99991231T235959-ffffff", "mm-00010101T000000-000000", "mm-20260101T000000-abcdef", "mm-x", "mm-20261332T000000-abcdef"];

    private sealed record Case(string[] Flags, string? Config);

    private static readonly Gen<Case> Generated =
        from n in Gen.Choose(1, 3)
        from pairs in Gen.ArrayOf(
            from flag in Gen.Elements(Flags)
            from value in flag == "--run-id" ? Gen.Elements(RunIds) : Gen.Elements(Numbers)
            select new[] { flag, value }, n)
        from withConfig in Gen.Elements(false, true)
        from key in Gen.Elements(Flags)
        from value in Gen.Elements(ConfigValues)
        select new Case([.. pairs.SelectMany(p => p)], withConfig ? $"{{\"{key.TrimStart('-').Replace('-', '_')}\": {value}}}" : null);

    [Fact]
    public void Run_GeneratedFlagsAndConfig_ExitZeroTwoOrThreeOneLineNeverInternalNoRunningRow()
    {
        using var dir = new TempDir();
        var fixture = FixtureWriter.RandomWalk(dir.File("fx"), 2, 20, seed: 5);
        var count = 0;
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(Cases).WithQuietOnSuccess(true), Prop.ForAll(Arb.From(Generated), c =>
        {
            var db = dir.File($"t{count}.db");
            List<string> args = ["run", "--db", db, "--fixture-dir", fixture, "--reports-dir", dir.File("reports"), "--quiet", .. c.Flags];
            if (c.Config is { } json)
            {
                args.AddRange(["--config", dir.Write($"c{count}.json", json)]);
            }

            count++;
            var result = Mm.Run([.. args]);

            var shown = $"mm {string.Join(' ', args)} → {result.ExitCode}: {result.Stderr}";
            Assert.True(result.ExitCode is 0 or 2 or 3, shown);
            Assert.DoesNotContain("internal:", result.Stderr, StringComparison.Ordinal);
            if (result.ExitCode != 0)
            {
                Assert.True(result.ExitCode == 3 || result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == 1, shown);
            }

            if (File.Exists(db))
            {
                Assert.True((long)Db.Scalar(db, "SELECT COUNT(*) FROM runs WHERE status = 'running'")! == 0, shown);
            }
        }));

        Assert.Equal(Cases, count);
    }
}
