using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PolyMM.Cli.Running;
using PolyMM.Core.Economics;
using PolyMM.Core.Instruments;
using PolyMM.Core.Market;
using PolyMM.Core.Quoting;
using PolyMM.Data.Polymarket;
using Spectre.Console;

namespace PolyMM.Cli.Commands;

/// <summary>
/// <c>mm rewards score</c> (docs/design.md#rewards): "is my order scoring?" — the liquidity-reward Q-score of given
/// quotes against a CLOB <c>/book</c> body of the YES token, their share of the book's score and, with a daily rate,
/// the estimated reward. The other makers are the book's displayed levels scored as one maker, so the share is an
/// estimate and says so.
/// </summary>
internal static class RewardsCommand
{
    private const int ScoreDecimals = 6;

    public static Command Create(CliContext cli)
    {
        var book = new Option<string>("--book") { Description = "a CLOB /book JSON body of the market's YES token", Required = true };
        var quotes = new Option<string>("--quotes") { Description = "JSON list of {\"token\":\"YES\"|\"NO\",\"side\":\"BUY\"|\"SELL\",\"price\",\"size\"}", Required = true };
        var maxSpread = new Option<decimal>("--max-spread-cents") { Description = "the market's reward max spread v, in cents (rewardsMaxSpread)", Required = true };
        var minSize = new Option<decimal>("--min-size") { Description = "the market's reward minimum order size, shares (rewardsMinSize)", Required = true };
        var dailyRate = new Option<decimal?>("--daily-rate") { Description = "the market's reward pool, USD per day (rewardsDailyRate); adds the USD estimate" };
        var scaling = new Option<decimal>("--scaling-factor") { Description = "the single-sided factor c", DefaultValueFactory = _ => RewardTerms.DefaultScalingFactor };
        var inBook = new Option<bool>("--quotes-in-book") { Description = "the book already shows these quotes (a live book): take them out to leave the other makers" };
        var json = new Option<bool>("--json") { Description = "print one JSON object instead of tables" };
        var score = new Command("score", "The liquidity-reward score of given quotes against a book, their share and estimated daily reward")
        {
            book, quotes, maxSpread, minSize, dailyRate, scaling, inBook, json,
        };
        score.SetAction(r =>
        {
            var daily = r.GetValue(dailyRate);
            var terms = new RewardTerms(r.GetValue(maxSpread) / 100m, r.GetValue(minSize), daily ?? 0m, r.GetValue(scaling));
            if (RewardScoring.Problem(terms) is { } problem)
            {
                throw new SettingsException(problem);
            }

            var levels = ReadBook(r.GetValue(book)!);
            var ours = ReadQuotes(r.GetValue(quotes)!);
            var estimate = RewardScoring.Estimate(levels.Bids, levels.Asks, ours, terms, r.GetValue(inBook));
            var details = estimate.Midpoint is { } mid ? ours.Select(o => RewardScoring.ScoreOrder(o, mid, terms)).ToArray() : [];
            if (r.GetValue(json))
            {
                WriteJson(cli.Out, estimate, details, terms, daily);
            }
            else
            {
                WriteText(cli.Out, estimate, details, terms, daily);
            }

            return ExitCodes.Ok;
        });
        return new Command("rewards", "Liquidity-reward tools") { score };
    }

    private static (PriceLevel[] Bids, PriceLevel[] Asks) ReadBook(string path)
    {
        var parsed = PolymarketParser.ParseBook(ReadFile("--book", path));
        if (!parsed.IsSuccess)
        {
            throw new SettingsException($"--book: {path}: {parsed.Error.Message}");
        }

        return ([.. parsed.Value.Bids.Select(l => new PriceLevel(l.Price, l.Size))], [.. parsed.Value.Asks.Select(l => new PriceLevel(l.Price, l.Size))]);
    }

    private static RewardOrder[] ReadQuotes(string path)
    {
        var text = ReadFile("--quotes", path);
        try
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new SettingsException($"--quotes: {path}: expected a JSON list of quotes, got {doc.RootElement.ValueKind}");
            }

            var list = new List<RewardOrder>();
            foreach (var q in doc.RootElement.EnumerateArray())
            {
                list.Add(ReadQuote(path, list.Count + 1, q));
            }

            return [.. list];
        }
        catch (JsonException e)
        {
            throw new SettingsException($"--quotes: {path}: not valid JSON: {e.Message.ReplaceLineEndings(" ")}");
        }
    }

    private static RewardOrder ReadQuote(string path, int n, JsonElement q)
    {
        string Fail(string what) => throw new SettingsException($"--quotes: {path}: quote {n}: {what}");
        if (q.ValueKind != JsonValueKind.Object)
        {
            Fail($"expected an object, got {q.ValueKind}");
        }

        string Text(string name) => q.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : Fail($"\"{name}\" missing or not a string");
        decimal Number(string name)
        {
            if (!q.TryGetProperty(name, out var v))
            {
                Fail($"\"{name}\" missing");
            }

            if (v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var d))
            {
                return d;
            }

            return v.ValueKind == JsonValueKind.String && decimal.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var s)
                ? s
                : throw new SettingsException($"--quotes: {path}: quote {n}: \"{name}\" is not a number");
        }

        var token = Text("token").ToUpperInvariant() switch
        {
            "YES" => Outcome.Yes,
            "NO" => Outcome.No,
            var other => throw new SettingsException($"--quotes: {path}: quote {n}: token must be YES or NO (got {other})"),
        };
        var side = Text("side").ToUpperInvariant() switch
        {
            "BUY" => Side.Buy,
            "SELL" => Side.Sell,
            var other => throw new SettingsException($"--quotes: {path}: quote {n}: side must be BUY or SELL (got {other})"),
        };
        var price = Number("price");
        var size = Number("size");
        if (price is <= 0m or >= 1m)
        {
            Fail($"price must be in (0, 1) (got {price.ToString(CultureInfo.InvariantCulture)})");
        }

        if (size <= 0m)
        {
            Fail($"size must be > 0 (got {size.ToString(CultureInfo.InvariantCulture)})");
        }

        return new RewardOrder(token, side, price, size);
    }

    private static string ReadFile(string flag, string path)
    {
        if (Directory.Exists(path))
        {
            throw new SettingsException($"{flag}: {path} is a directory, not a JSON file");
        }

        if (!File.Exists(path))
        {
            throw new SettingsException($"{flag}: file not found: {path}");
        }

        return File.ReadAllText(path);
    }

    private static void WriteJson(TextWriter output, RewardEstimate e, OrderScore[] details, RewardTerms terms, decimal? daily)
    {
        var known = e.NoEstimateReason is null;
        EconomicsOutput.WriteJson(output, w =>
        {
            w.WriteString("reward_source", "estimated_q_score");
            w.WriteString("competition", "book_levels_as_one_maker");
            EconomicsOutput.Number(w, "midpoint", e.Midpoint, 28);
            EconomicsOutput.Number(w, "max_spread", terms.MaxSpread, 28);
            EconomicsOutput.Number(w, "min_size", terms.MinSize, 28);
            EconomicsOutput.Number(w, "scaling_factor", terms.ScalingFactor, 28);
            EconomicsOutput.Number(w, "q_one", known ? e.Ours.QOne : null, ScoreDecimals);
            EconomicsOutput.Number(w, "q_two", known ? e.Ours.QTwo : null, ScoreDecimals);
            EconomicsOutput.Number(w, "q_min", known ? e.Ours.QMin : null, ScoreDecimals);
            if (known)
            {
                w.WriteNumber("eligible_quotes", e.Ours.Eligible);
            }
            else
            {
                w.WriteNull("eligible_quotes");
            }

            EconomicsOutput.Number(w, "book_q_one", known ? e.Others.QOne : null, ScoreDecimals);
            EconomicsOutput.Number(w, "book_q_two", known ? e.Others.QTwo : null, ScoreDecimals);
            EconomicsOutput.Number(w, "book_q_min", known ? e.Others.QMin : null, ScoreDecimals);
            EconomicsOutput.Number(w, "share", e.Share, ScoreDecimals);
            EconomicsOutput.Number(w, "daily_rate_usd", daily, 28);
            EconomicsOutput.Number(w, "estimated_daily_reward_usd", daily is null ? null : e.DailyUsd, 6);
            EconomicsOutput.Number(w, "estimated_sample_reward_usd", daily is null ? null : e.SampleUsd, 6);
            w.WriteNumber("samples_per_day", RewardScoring.SamplesPerDay);
            if (e.NoEstimateReason is { } reason)
            {
                w.WriteString("no_estimate_reason", reason);
            }
            else
            {
                w.WriteNull("no_estimate_reason");
            }

            w.WriteStartArray("quotes");
            foreach (var d in details)
            {
                w.WriteStartObject();
                w.WriteString("token", d.Order.Token == Outcome.Yes ? "YES" : "NO");
                w.WriteString("side", d.Order.Side == Side.Buy ? "BUY" : "SELL");
                EconomicsOutput.Number(w, "price", d.Order.Price, 28);
                EconomicsOutput.Number(w, "size", d.Order.Size, 28);
                EconomicsOutput.Number(w, "spread", d.Spread, 28);
                w.WriteBoolean("eligible", d.Eligible);
                EconomicsOutput.Number(w, "score", d.Score, ScoreDecimals);
                w.WriteString("counts_in", d.Sum == 1 ? "q_one" : "q_two");
                if (d.Reason is { } why)
                {
                    w.WriteString("reason", why);
                }
                else
                {
                    w.WriteNull("reason");
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
    }

    private static void WriteText(TextWriter output, RewardEstimate e, OrderScore[] details, RewardTerms terms, decimal? daily)
    {
        static string N(decimal v, int decimals = ScoreDecimals) => EconomicsOutput.Text(v, decimals);
        if (e.NoEstimateReason is { } reason)
        {
            output.WriteLine($"No estimate: {reason}");
            return;
        }

        output.WriteLine($"Midpoint {N(e.Midpoint!.Value, 28)} (size-cutoff-adjusted at {N(terms.MinSize, 28)} shares); max spread {N(terms.MaxSpread * 100m, 28)}c; c = {N(terms.ScalingFactor, 28)}");
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 160;
        var quotes = new Table().Border(TableBorder.Simple);
        foreach (var h in new[] { "token", "side", "price", "size", "spread_c", "score", "counts_in", "note" })
        {
            quotes.AddColumn(h);
        }

        foreach (var d in details)
        {
            quotes.AddRow(d.Order.Token == Outcome.Yes ? "YES" : "NO", d.Order.Side == Side.Buy ? "BUY" : "SELL", N(d.Order.Price, 28), N(d.Order.Size, 28),
                N(d.Spread * 100m, 28), N(d.Score), d.Sum == 1 ? "q_one" : "q_two", Markup.Escape(d.Reason ?? "eligible"));
        }

        console.Write(quotes);
        var scores = new Table().Border(TableBorder.Simple);
        foreach (var h in new[] { "", "q_one", "q_two", "q_min", "eligible" })
        {
            scores.AddColumn(h);
        }

        scores.AddRow("ours", N(e.Ours.QOne), N(e.Ours.QTwo), N(e.Ours.QMin), e.Ours.Eligible.ToString(CultureInfo.InvariantCulture));
        scores.AddRow("book (as one maker)", N(e.Others.QOne), N(e.Others.QTwo), N(e.Others.QMin), e.Others.Eligible.ToString(CultureInfo.InvariantCulture));
        console.Write(scores);
        var share = e.Share is { } s ? $"{N(s * 100m, 4)} %" : "none (nothing scores)";
        var usd = daily is { } rate && e.DailyUsd is { } perDay
            ? $"; estimated reward {N(perDay, 6)} USD/day at {N(rate, 28)} USD/day ({N(e.SampleUsd!.Value, 6)} per one-minute sample)"
            : daily is null ? "; no --daily-rate, so no USD estimate" : "";
        output.WriteLine($"Share of the book's Q_min: {share}{usd}. Estimate: the book's levels are scored as one maker.");
    }
}
