using System.CommandLine;
using PolyMM.Cli.Commands;
using PolyMM.Cli.Running;
using PolyMM.Data.Fixtures;
using PolyMM.Ledger.Sqlite;

namespace PolyMM.Cli;

/// <summary>
/// The composition root. Parses, dispatches, and turns every expected failure into one line on stderr
/// with a non-zero exit code; the only catch-all in the program is here.
/// </summary>
internal static class Program
{
    // Progress goes to stderr: a live bar on a terminal, a plain line every few seconds otherwise (--quiet: none).
    private static int Main(string[] args)
    {
        HardStop.Current = new HardStop(Console.Error, TimeProvider.System, HardStop.GraceFromEnvironment());
        return Run(args, Console.Out, Console.Error, TimeProvider.System, new ProgressOutput(Console.Error, IsTerminal: !Console.IsErrorRedirected));
    }

    /// <summary>Runs one command; <paramref name="progress"/> null (tests, embedding) shows no progress.</summary>
    internal static int Run(string[] args, TextWriter stdout, TextWriter stderr, TimeProvider clock, ProgressOutput? progress = null)
    {
        var cli = new CliContext(stdout, stderr, clock, progress);
        var root = Root(cli);
        var parsed = root.Parse(args);
        // `mm` alone, or a command group without its subcommand (`mm fixture`), prints that help and exits 0.
        if (parsed.CommandResult.Command is { Action: null, Subcommands.Count: > 0 } && parsed.UnmatchedTokens.Count == 0)
        {
            parsed = root.Parse([.. args, "--help"]);
        }

        if (parsed.Errors.Count > 0)
        {
            if (Help.UnknownToken(parsed) is { } unknown)
            {
                stderr.WriteLine(unknown);
                return ExitCodes.Usage;
            }

            // An unrecognised token is the most useful thing to name; otherwise the first error.
            var error = parsed.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) ?? parsed.Errors[0];
            var command = Help.PathOf(parsed.CommandResult.Command);
            stderr.WriteLine($"error: {error.Message} (see mm {command}{(command.Length > 0 ? " " : "")}--help)");
            return ExitCodes.Usage;
        }

        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is SettingsException or FixtureFormatException or LedgerException)
        {
            stderr.WriteLine($"error: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (IOException e)
        {
            // A report, CSV, dashboard or bundle that could not be written (disk full, permission): the
            // message names the path (OutputWriteException); the previous file is left whole.
            stderr.WriteLine($"error: {e.Message.ReplaceLineEndings(" ")}");
            return ExitCodes.Usage;
        }
        catch (Exception e) when (LedgerException.DescribeStorageFailure(e) is { } message)
        {
            stderr.WriteLine($"error: {message}");
            return ExitCodes.Usage;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("MM_DEBUG") is null)
        {
            stderr.WriteLine($"error: internal: {e.GetType().Name}: {e.Message} (set MM_DEBUG=1 for details)");
            return ExitCodes.Failed;
        }
    }

    /// <summary>Every command, with the help example section.</summary>
    internal static RootCommand Root(CliContext cli)
    {
        var root = new RootCommand("mm — PolyMM, market-making experiments on Polymarket prediction markets")
        {
            RunCommand.Create(cli),
            ExperimentCommand.Create(cli),
            AnalyzeCommand.Create(cli),
            CheckCommand.Create(cli),
            DashboardCommand.Create(cli),
            SmokeCommand.Create(cli),
            RunsCommand.Create(cli),
            ExportCommand.Create(cli),
            CalibrateCommand.Create(cli),
            SensitivityCommand.Create(cli),
            FixtureCommand.Create(cli),
            RecordCommand.Create(cli),
            ConnectivityCommand.Create(cli),
            VenueCommand.Create(cli),
            RewardsCommand.Create(cli),
            FeesCommand.Create(cli),
            BookCommand.Create(cli),
        };
        Help.Configure(root);
        return root;
    }
}
