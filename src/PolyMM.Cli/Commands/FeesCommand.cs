using System.CommandLine;
using PolyMM.Cli.Running;
using PolyMM.Core.Economics;
using PolyMM.Core.Instruments;

namespace PolyMM.Cli.Commands;

/// <summary>
/// <c>mm fees quote</c> (docs/design.md#fees): the venue-schedule fees of one fill — what a taker pays
/// (shares × rate × (p(1 − p))^exponent floored to 5 decimals) and what the maker of the same fill pays (0) and accrues
/// as a rebate (rebate rate × that fee).
/// </summary>
internal static class FeesCommand
{
    public static Command Create(CliContext cli)
    {
        var price = new Option<decimal>("--price") { Description = "fill price, in (0, 1)", Required = true };
        var shares = new Option<decimal>("--shares") { Description = "shares filled", Required = true };
        var rate = new Option<decimal>("--rate") { Description = "the market's fee rate (feeSchedule.rate, e.g. 0.05)", Required = true };
        var exponent = new Option<decimal>("--exponent") { Description = "the market's fee exponent (feeSchedule.exponent)", DefaultValueFactory = _ => 1m };
        var rebate = new Option<decimal>("--rebate-rate") { Description = "the makers' rebate share of fees (feeSchedule.rebateRate, e.g. 0.25)", DefaultValueFactory = _ => 0m };
        var json = new Option<bool>("--json") { Description = "print one JSON object instead of text" };
        var quote = new Command("quote", "The taker fee and the maker's rebate of one fill under a venue fee schedule")
        {
            price, shares, rate, exponent, rebate, json,
        };
        quote.SetAction(r =>
        {
            var schedule = new FeeSchedule(r.GetValue(rate), r.GetValue(exponent), r.GetValue(rebate));
            var q = VenueFees.Quote(schedule, r.GetValue(shares), r.GetValue(price));
            if (q.NoEstimateReason is { } reason)
            {
                throw new SettingsException(reason);
            }

            if (r.GetValue(json))
            {
                EconomicsOutput.WriteJson(cli.Out, w =>
                {
                    EconomicsOutput.Number(w, "price", r.GetValue(price), 28);
                    EconomicsOutput.Number(w, "shares", r.GetValue(shares), 28);
                    EconomicsOutput.Number(w, "rate", schedule.Rate, 28);
                    EconomicsOutput.Number(w, "exponent", schedule.Exponent, 28);
                    EconomicsOutput.Number(w, "rebate_rate", schedule.RebateRate, 28);
                    EconomicsOutput.Number(w, "fee_equivalent_usd", q.FeeEquivalent, 12);
                    EconomicsOutput.Number(w, "taker_fee_usd", q.TakerFee, VenueFees.FeeDecimals);
                    EconomicsOutput.Number(w, "maker_fee_usd", q.MakerFee, VenueFees.FeeDecimals);
                    EconomicsOutput.Number(w, "maker_rebate_usd", q.MakerRebate, VenueFees.RebateDecimals);
                });
                return ExitCodes.Ok;
            }

            cli.Out.WriteLine($"taker fee:    {q.TakerFee!.Value:0.00000} USD  ({EconomicsOutput.Text(r.GetValue(shares), 28)} shares at {EconomicsOutput.Text(r.GetValue(price), 28)}, rate {EconomicsOutput.Text(schedule.Rate, 28)}, exponent {EconomicsOutput.Text(schedule.Exponent, 28)}; floored to 5 decimals)");
            cli.Out.WriteLine($"maker fee:    {q.MakerFee!.Value:0.00000} USD");
            cli.Out.WriteLine($"maker rebate: {q.MakerRebate!.Value:0.000000} USD  (rebate rate {EconomicsOutput.Text(schedule.RebateRate, 28)} × the taker fee)");
            return ExitCodes.Ok;
        });
        return new Command("fees", "Venue fee schedule tools") { quote };
    }
}
