using System.CommandLine;
using PolyMM.Reports.Acceptance;

namespace PolyMM.Cli.Commands;

/// <summary><c>mm check</c>: the acceptance check (docs/design.md#acceptance-check); one PASS/FAIL line, exit 0/1.</summary>
internal static class CheckCommand
{
    public static Command Create(CliContext cli)
    {
        var report = new Option<string>("--report-json") { Description = "report JSON written by mm analyze", Required = true };
        var fills = new Option<string?>("--fills-csv") { Description = "fills CSV to replay with FIFO lots (exposure caps, no negative inventory) [default: none; the caps are checked against the report's maxima]" };
        var rateMin = new Option<double>("--truthful-rate-min") { Description = "minimum truthful fills / fills, a fraction", DefaultValueFactory = _ => 0.99 };
        var maxExposure = new Option<decimal?>("--max-exposure-usd") { Description = "total exposure cap for the replay [default: the run's max_exposure_usd]" };
        var maxPerMarket = new Option<decimal>("--max-per-market-exposure-usd") { Description = "per-market exposure cap for the replay", Required = true };
        var baseline = new Option<bool>("--baseline") { Description = "the run is a baseline (k=0): |net P&L + fees| must be within the tolerance" };
        var tolerance = new Option<decimal>("--baseline-fee-tolerance-usd") { Description = "baseline tolerance, USD", DefaultValueFactory = _ => 5.0m };
        var allowIncomplete = new Option<bool>("--allow-incomplete") { Description = "accept a report of a run that is not complete (failed, interrupted, running)" };
        var expectRunId = new Option<string?>("--expect-run-id") { Description = "FAIL unless the report is of this run id" };
        var warnAfter = new Option<double>("--warn-zero-fills-after-min") { Description = "warn about 0 fills after this runtime, minutes", DefaultValueFactory = _ => 10d };
        var command = new Command("check", "Acceptance check of an analyzed run: prints PASS or FAIL")
        {
            report, fills, rateMin, maxExposure, maxPerMarket, baseline, tolerance, warnAfter, allowIncomplete, expectRunId,
        };
        command.SetAction(r =>
        {
            var result = AcceptanceChecker.Check(new AcceptanceOptions(
                r.GetValue(report)!,
                r.GetValue(maxPerMarket),
                r.GetValue(fills),
                r.GetValue(rateMin),
                r.GetValue(maxExposure),
                r.GetValue(baseline),
                r.GetValue(tolerance),
                r.GetValue(warnAfter),
                r.GetValue(allowIncomplete),
                r.GetValue(expectRunId)));
            cli.Out.WriteLine(result.Line);
            if (result.Warning is { } w)
            {
                cli.Out.WriteLine(w);
            }

            return result.Passed ? 0 : 1;
        });
        return command;
    }
}
