using System.CommandLine;
using System.Text.RegularExpressions;
using PolyMM.Cli.Tests.Support;

namespace PolyMM.Cli.Tests;

/// <summary>Help and typos (issue 12, item 6): help without asking, defaults once, an example each, near-miss flags named.</summary>
public sealed partial class HelpTests
{
    public static TheoryData<string> CommandPaths()
    {
        var data = new TheoryData<string>();
        var root = Program.Root(new CliContext(TextWriter.Null, TextWriter.Null, TimeProvider.System));
        foreach (var path in Walk(root, ""))
        {
            data.Add(path);
        }

        return data;
    }

    private static IEnumerable<string> Walk(Command command, string path)
    {
        yield return path;
        foreach (var sub in command.Subcommands)
        {
            foreach (var p in Walk(sub, (path + " " + sub.Name).Trim()))
            {
                yield return p;
            }
        }
    }

    private static MmResult HelpOf(string path) => Mm.Run([.. path.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"]);

    [Fact]
    public void Mm_NoArguments_PrintsTheHelpAndExitsZero()
    {
        var result = Mm.Run();

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage:", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Commands:", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("experiment", result.Stdout, StringComparison.Ordinal);
        Assert.Empty(result.Stderr);
    }

    [Fact]
    public void Mm_CommandGroupAlone_PrintsItsHelp()
    {
        var result = Mm.Run("fixture");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("synth", result.Stdout, StringComparison.Ordinal);
        Assert.Empty(result.Stderr);
    }

    [Theory]
    [MemberData(nameof(CommandPaths))]
    public void Help_EveryCommand_ShowsEachDefaultOnce(string path)
    {
        var result = HelpOf(path);

        Assert.Equal(0, result.ExitCode);
        foreach (var line in result.StdoutLines)
        {
            Assert.True(DefaultMarks().Count(line) <= 1, $"default shown twice: {line}");
            Assert.False(BracketThenDefault().IsMatch(line), $"default repeated in the description: {line}");
        }
    }

    [Theory]
    [MemberData(nameof(CommandPaths))]
    public void Help_EveryCommand_EndsWithAnExampleOfThatCommand(string path)
    {
        var result = HelpOf(path);

        var lines = result.StdoutLines;
        var at = Array.IndexOf(lines, "Example:");
        Assert.True(at >= 0, $"no example in mm {path} --help");
        Assert.StartsWith($"mm {path}".Trim(), lines[at + 1], StringComparison.Ordinal);
    }

    [Fact]
    public void Help_RequiredOptionMissing_StillShowsHelp()
    {
        var result = Mm.Run("analyze", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--run-tag", result.Stdout, StringComparison.Ordinal);
        Assert.Empty(result.Stderr);
    }

    [Fact]
    public void Run_FlagOneLetterShort_SuggestsTheNearestFlag()
    {
        var result = Mm.Run("run", "--k-tick", "0");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: unknown option --k-tick; did you mean --k-ticks?", result.Stderr.Trim());
    }

    [Fact]
    public void Check_FlagWithTypo_SuggestsTheNearestFlagOfThatCommand()
    {
        var result = Mm.Run("check", "--report-jsn", "r.json");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: unknown option --report-jsn; did you mean --report-json?", result.Stderr.Trim());
    }

    [Fact]
    public void Mm_CommandWithTypo_SuggestsTheNearestCommand()
    {
        var result = Mm.Run("analyse", "--run-tag", "X");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: unknown command 'analyse'; did you mean analyze?", result.Stderr.Trim());
    }

    [Fact]
    public void Run_FlagFarFromEveryKnownOne_NamesItWithoutAGuess()
    {
        var result = Mm.Run("run", "--no-such-flag");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: unknown option --no-such-flag (see mm run --help)", result.Stderr.Trim());
    }

    [Fact]
    public void Run_EnumValuesInAnyCase_AreAcceptedAndStoredLowerCase()
    {
        using var dir = new TempDir();
        var db = dir.File("t.db");

        var result = Mm.Run("run", "--db", db, "--reports-dir", dir.File("reports"), "--data-mode", "Offline", "--fill-model", "PROBABILISTIC",
            "--prob-fill-price", "Limit", "--strict-fill-price", "LTP");

        Assert.Equal(0, result.ExitCode);
        var stored = (string)Db.Scalar(db, "SELECT params FROM runs")!;
        Assert.Contains("\"probabilistic\"", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("PROBABILISTIC", stored, StringComparison.Ordinal);
    }

    [Fact]
    public void Experiment_BaselineFillModelInCapitals_IsAccepted()
    {
        using var dir = new TempDir();

        var result = Mm.Run("experiment", "--db", dir.File("t.db"), "--reports-dir", dir.File("reports"), "--baseline-fill-model", "Strict");

        Assert.DoesNotContain("must be strict or probabilistic", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Experiment", result.LastLine, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\[default:")]
    private static partial Regex DefaultMarks();

    [GeneratedRegex(@"\[[^\]]+\]\s*\[default:")]
    private static partial Regex BracketThenDefault();
}
