using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace PolyMM.Cli;

/// <summary>
/// Help and usage errors: one example per command at the end of its help, and an unknown flag or command answered
/// with the nearest known one (<c>--k-tick</c> → <c>did you mean --k-ticks?</c>).
/// </summary>
internal static class Help
{
    /// <summary>One example per command, by its path below <c>mm</c> (empty for <c>mm</c> itself).</summary>
    internal static readonly IReadOnlyDictionary<string, string> Examples = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [""] = "mm experiment",
        ["run"] = "mm run --k-ticks 0 --run-tag BASELINE",
        ["experiment"] = "mm experiment --max-runtime-min 10 --reports-dir reports",
        ["analyze"] = "mm analyze --run-tag BASELINE --reports-dir reports",
        ["check"] = "mm check --report-json reports/market_making_BASELINE.json --fills-csv reports/market_making_BASELINE_fills.csv --max-per-market-exposure-usd 500 --baseline",
        ["dashboard"] = "mm dashboard --reports reports/market_making_BASELINE.json reports/market_making_MARKET_MAKING_TEST.json",
        ["smoke"] = "mm smoke --work-dir /tmp/mm-smoke",
        ["runs"] = "mm runs --db trades.db --format csv",
        ["export"] = "mm export --run-id mm-20260206T020928-c0693f --format parquet --out exports/c0693f --db trades.db",
        ["runs finalize"] = "mm runs finalize mm-20260206T020928-c0693f --db trades.db",
        ["sensitivity"] = "mm sensitivity --fixture-dir recording-ws --models touch,trade-through,queue:power:2",
        ["calibrate"] = "mm calibrate --k-ticks 1 --output-csv /tmp/calibration.csv",
        ["fixture"] = "mm fixture synth --out /tmp/fx --markets 20 --snapshots 100000 --tight",
        ["fixture synth"] = "mm fixture synth --out /tmp/fx --markets 20 --snapshots 100000 --tight",
        ["fixture synth-ws"] = "mm fixture synth-ws --out /tmp/ws --markets 10 --frames 1000000",
        ["record"] = "mm record --out recording-1 --markets 5 --minutes 30",
        ["connectivity"] = "mm connectivity",
        ["venue"] = "mm venue --fixture-dir fixtures/market_making/sample --port 8080",
        ["rewards"] = "mm rewards score --book book.json --quotes quotes.json --max-spread-cents 3 --min-size 50 --daily-rate 100",
        ["rewards score"] = "mm rewards score --book book.json --quotes quotes.json --max-spread-cents 3 --min-size 50 --daily-rate 100",
        ["fees"] = "mm fees quote --price 0.5 --shares 100 --rate 0.07 --rebate-rate 0.2",
        ["fees quote"] = "mm fees quote --price 0.5 --shares 100 --rate 0.07 --rebate-rate 0.2",
        ["book"] = "mm book show --fixture-dir recording-ws --json",
        ["book show"] = "mm book show --fixture-dir recording-ws --asset 71321045679252212594626385532706912750332728571942532289631379312455583992563 --at 2026-12-01T10:30:00Z",
    };

    /// <summary>Adds the example section to every command's help.</summary>
    public static void Configure(RootCommand root)
    {
        var help = root.Options.OfType<HelpOption>().Single();
        if (help.Action is { } action)
        {
            help.Action = new WithExample(action);
        }
    }

    /// <summary>The command's path below the root, e.g. <c>fixture synth</c>.</summary>
    public static string PathOf(Command command)
    {
        var names = new List<string>();
        for (Symbol? c = command; c is Command { } cmd && c is not RootCommand; c = cmd.Parents.FirstOrDefault())
        {
            names.Insert(0, cmd.Name);
        }

        return string.Join(' ', names);
    }

    /// <summary>
    /// The usage-error line for an unknown token: the nearest option or subcommand when one is close enough, else the
    /// token alone. Null when <paramref name="parsed"/> has no unmatched token.
    /// </summary>
    public static string? UnknownToken(ParseResult parsed)
    {
        if (parsed.UnmatchedTokens.Count == 0)
        {
            return null;
        }

        var command = parsed.CommandResult.Command;
        var token = parsed.UnmatchedTokens[0];
        var path = PathOf(command);
        var see = $"see mm {path}{(path.Length > 0 ? " " : "")}--help";
        if (token.StartsWith('-'))
        {
            var name = token.Split('=', 2)[0];
            var options = OptionsOf(command).SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith("--", StringComparison.Ordinal));
            return Nearest(name, options) is { } best
                ? $"error: unknown option {name}; did you mean {best}?"
                : $"error: unknown option {name} ({see})";
        }

        if (command.Subcommands.Count > 0)
        {
            return Nearest(token, command.Subcommands.Select(c => c.Name)) is { } best
                ? $"error: unknown command '{token}'; did you mean {best}?"
                : $"error: unknown command '{token}' ({see})";
        }

        return $"error: unexpected argument '{token}' ({see})";
    }

    private static IEnumerable<Option> OptionsOf(Command command)
    {
        foreach (var o in command.Options)
        {
            yield return o;
        }

        for (var parent = command.Parents.OfType<Command>().FirstOrDefault(); parent is not null; parent = parent.Parents.OfType<Command>().FirstOrDefault())
        {
            foreach (var o in parent.Options.Where(o => o.Recursive))
            {
                yield return o;
            }
        }
    }

    /// <summary>The candidate at the smallest edit distance, if that distance is small for the word's length.</summary>
    internal static string? Nearest(string word, IEnumerable<string> candidates)
    {
        var limit = Math.Max(1, Math.Min(3, word.TrimStart('-').Length / 3));
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var c in candidates.Distinct(StringComparer.Ordinal))
        {
            var d = Distance(word, c);
            if (d < bestDistance)
            {
                (best, bestDistance) = (c, d);
            }
        }

        return bestDistance <= limit ? best : null;
    }

    /// <summary>Levenshtein distance (insert, delete, substitute each cost 1), case-insensitive.</summary>
    internal static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    /// <summary>The library's help, then the command's example.</summary>
    private sealed class WithExample(CommandLineAction help) : SynchronousCommandLineAction
    {
        // Like the library's help: `mm analyze --help` shows help even though --run-tag is missing.
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            var code = help is SynchronousCommandLineAction sync ? sync.Invoke(parseResult) : 0;
            if (Examples.TryGetValue(PathOf(parseResult.CommandResult.Command), out var example))
            {
                var output = parseResult.InvocationConfiguration.Output;
                output.WriteLine("Example:");
                output.WriteLine($"  {example}");
                output.WriteLine();
            }

            return code;
        }
    }
}
