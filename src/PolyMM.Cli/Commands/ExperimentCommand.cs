using System.CommandLine;
using System.Globalization;
using PolyMM.Cli.Running;

namespace PolyMM.Cli.Commands;

/// <summary>
/// <c>mm experiment</c>: the experiment (docs/design.md#experiment) as one command — baseline run (k=0, the default trade-through fill model) →
/// analyze → check --baseline → real run → analyze → check → dashboard — with a run log. Each step is the
/// ordinary <c>mm</c> command run in-process, so the log shows commands a person can repeat by hand. The
/// experiment names both runs itself, so <c>--run-id</c> is refused.
/// </summary>
internal static class ExperimentCommand
{
    public static Command Create(CliContext cli)
    {
        var run = new RunOptions();
        var baselineTag = new Option<string>("--baseline-run-tag") { Description = "tag of the baseline run", DefaultValueFactory = _ => "BASELINE" };
        var baselineK = new Option<int>("--baseline-k-ticks") { Description = "k of the baseline run", DefaultValueFactory = _ => 0 };
        var baselineModel = new Option<string>("--baseline-fill-model") { Description = "fill model of the baseline run", DefaultValueFactory = _ => Core.Fills.TradeThroughFillModel.ModelName };
        var baselineRuntime = new Option<decimal?>("--baseline-max-runtime-min") { Description = "runtime of the baseline run, minutes [default: same as --max-runtime-min]" };
        var truthful = new Option<decimal>("--truthful-rate-min") { Description = "acceptance: minimum truthful fill rate, a fraction", DefaultValueFactory = _ => 0.99m };
        var feeTolerance = new Option<decimal>("--baseline-fee-tolerance-usd") { Description = "acceptance: baseline |net P&L + fees| tolerance", DefaultValueFactory = _ => 5.0m };
        var sensitivity = new Option<bool>("--sensitivity") { Description = "also run mm sensitivity on the real run's data and settings: reports/sensitivity_<run-tag>.json" };
        var command = new Command("experiment", "Baseline and market-making runs, their analyses and acceptance checks, and the dashboard, in one command");
        run.AddTo(command);
        foreach (var o in new Option[] { baselineTag, baselineK, baselineModel, baselineRuntime, truthful, feeTolerance, sensitivity })
        {
            command.Options.Add(o);
        }

        command.SetAction(result =>
        {
            var settings = run.Bind(result);
            if (settings.RunId is not null)
            {
                // Two runs cannot share one id, and a derived second id would be a run the user never named.
                throw new SettingsException("mm experiment makes two runs and names each itself; drop --run-id (mm run --run-id replays one run)");
            }

            RunTags.Check("--baseline-run-tag", result.GetValue(baselineTag));
            if (result.GetValue(baselineTag) == settings.RunTag)
            {
                // One tag would give both runs the same report files, and the dashboard one run twice.
                throw new SettingsException($"--baseline-run-tag and --run-tag are both '{settings.RunTag}'; the two runs need different tags");
            }

            var forwarded = ForwardedRunArgs(result, run, "--run-tag", "--k-ticks", "--fill-model", "--max-runtime-min");
            var baselineArgs = new List<string>(forwarded)
            {
                "--run-tag", result.GetValue(baselineTag)!,
                "--k-ticks", result.GetValue(baselineK).ToString(CultureInfo.InvariantCulture),
                "--fill-model", result.GetValue(baselineModel)!,
            };
            AddRuntime(baselineArgs, result.GetValue(baselineRuntime) ?? settings.MaxRuntimeMin);
            var realArgs = new List<string>(forwarded)
            {
                "--run-tag", settings.RunTag,
                "--k-ticks", settings.KTicks.ToString(CultureInfo.InvariantCulture),
                "--fill-model", settings.FillModel,
            };
            AddRuntime(realArgs, settings.MaxRuntimeMin);

            List<string>? sensitivityArgs = null;
            if (result.GetValue(sensitivity))
            {
                // mm sensitivity takes the run's flags except those it has no use for (it writes no ledger and sets the models itself).
                sensitivityArgs = ForwardedRunArgs(result, run, "--run-tag", "--k-ticks", "--fill-model", "--max-runtime-min", "--db", "--queue-function", "--record");
                sensitivityArgs.AddRange(["--run-tag", settings.RunTag, "--k-ticks", settings.KTicks.ToString(CultureInfo.InvariantCulture)]);
                AddRuntime(sensitivityArgs, settings.MaxRuntimeMin);
            }

            var pipeline = new ExperimentPipeline(cli, settings, result.GetValue(truthful), result.GetValue(feeTolerance), cli.Progress.Unless(result.GetValue(run.Quiet)), sensitivityArgs);
            return pipeline.Run(result.GetValue(baselineTag)!, baselineArgs, realArgs);
        });
        return command;
    }

    /// <summary>The run flags the user gave, as tokens to pass on, except those the experiment sets per run.</summary>
    private static List<string> ForwardedRunArgs(ParseResult result, RunOptions run, params string[] except)
    {
        var args = new List<string>();
        if (result.GetResult(run.Config) is { Implicit: false } config)
        {
            args.Add(run.Config.Name);
            args.AddRange(config.Tokens.Select(t => t.Value));
        }

        foreach (var o in run.All)
        {
            if (except.Contains(o.Option.Name) || result.GetResult(o.Option) is not { Implicit: false } given)
            {
                continue;
            }

            args.Add(o.Option.Name);
            args.AddRange(given.Tokens.Select(t => t.Value));
        }

        return args;
    }

    private static void AddRuntime(List<string> args, decimal? minutes)
    {
        if (minutes is { } m)
        {
            args.Add("--max-runtime-min");
            args.Add(m.ToString(CultureInfo.InvariantCulture));
        }
    }
}
