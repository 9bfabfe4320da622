using System.Globalization;
using System.Text.Json;
using CsvHelper;
using PolyMM.Core.Quoting;
using PolyMM.Core.Trust;

namespace PolyMM.Reports.Acceptance;

/// <summary>
/// The acceptance check (docs/design.md#acceptance-check), in its order: the report exists and is well-formed → reconciliation
/// passed → truthful rate (a fraction over fills) → baseline fee tolerance → replay of the fills CSV with
/// FIFO lots through Core's <see cref="InventoryReplay"/> (the same arithmetic as the engine and the trust
/// gate): no negative inventory, then cost-basis exposure within the caps at every fill. Every problem with
/// the inputs is a FAIL line naming it, never an exception.
/// </summary>
public static class AcceptanceChecker
{
    private static readonly string[] CsvColumns = ["order_id", "market_id", "side", "fill_ts", "fill_price", "filled_shares"];

    public static AcceptanceResult Check(AcceptanceOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        if (!File.Exists(o.ReportJson))
        {
            return AcceptanceResult.Fail($"report not found: {o.ReportJson}");
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllBytes(o.ReportJson));
        }
        catch (JsonException e)
        {
            return AcceptanceResult.Fail($"report {o.ReportJson} is not valid JSON ({e.Message})");
        }
        catch (IOException e)
        {
            return AcceptanceResult.Fail($"cannot read report {o.ReportJson} ({e.Message})");
        }

        using (doc)
        {
            return Check(o, doc.RootElement);
        }
    }

    private static AcceptanceResult Check(AcceptanceOptions o, JsonElement root)
    {
        var src = $"report {o.ReportJson}";
        if (root.ValueKind != JsonValueKind.Object)
        {
            return AcceptanceResult.Fail($"{src} is not a JSON object");
        }

        if (Text(root, "truth.reconciliation_status") is not { } recon)
        {
            return AcceptanceResult.Fail($"{src}: truth.reconciliation_status is missing or not a string");
        }

        if (Number(root, "fills") is not { } fills || fills < 0 || fills != decimal.Truncate(fills))
        {
            return AcceptanceResult.Fail($"{src}: fills is missing or not a non-negative integer");
        }

        var rate = Number(root, "truth.truthful_rate");
        if (fills > 0 && rate is not { } || rate is < 0m or > 1m)
        {
            return AcceptanceResult.Fail($"{src}: truth.truthful_rate is missing or not a fraction in [0,1] (fills={fills})");
        }

        if (Number(root, "pnl.net_pnl_usd") is not { } net || Number(root, "pnl.fees_usd") is not { } fees)
        {
            return AcceptanceResult.Fail($"{src}: pnl.net_pnl_usd or pnl.fees_usd is missing or not a number");
        }

        if (recon != "pass")
        {
            return AcceptanceResult.Fail($"reconciliation_status is '{recon}', expected 'pass'");
        }

        if (fills > 0 && (double)rate!.Value < o.TruthfulRateMin)
        {
            return AcceptanceResult.Fail(Inv($"truthful_rate {rate} < minimum {o.TruthfulRateMin} ({Number(root, "truth.truthful_fills")} of {fills} fills truthful)"));
        }

        if (o.Baseline && Math.Abs(net + fees) > o.BaselineFeeToleranceUsd)
        {
            return AcceptanceResult.Fail(Inv($"baseline |net_pnl_usd + fees_usd| = |{net} + {fees}| = {Math.Abs(net + fees)} > tolerance {o.BaselineFeeToleranceUsd}"));
        }

        if (o.FillsCsv is { } csvPath)
        {
            var maxTotal = o.MaxExposureUsd ?? Number(root, "params.max_exposure_usd") ?? decimal.MaxValue;
            if (Replay(csvPath, root, maxTotal, o.MaxPerMarketExposureUsd) is { } failure)
            {
                return failure;
            }
        }

        if (fills == 0)
        {
            var minutes = (double)(Number(root, "runtime_sec") ?? 0m) / 60d;
            return new AcceptanceResult(true, "PASS: acceptance checks succeeded (0 fills)",
                minutes > o.WarnZeroFillsAfterMin
                    ? Inv($"WARNING: 0 fills after {minutes:0.#} min runtime — consider using --fill-model probabilistic")
                    : null);
        }

        return new AcceptanceResult(true, "PASS: acceptance checks succeeded");
    }

    private static AcceptanceResult? Replay(string path, JsonElement report, decimal maxTotal, decimal maxPerMarket)
    {
        if (!File.Exists(path))
        {
            return AcceptanceResult.Fail($"fills CSV not found: {path}");
        }

        var rows = new List<CsvFill>();
        try
        {
            using var csv = CsvReader.FromFile(path, CsvReaderOptions.Default with { Separator = ',' });
            csv.ReadHeader();
            var missing = CsvColumns.Where(c => !csv.Headers.Contains(c, StringComparer.Ordinal)).ToList();
            if (missing.Count > 0)
            {
                return AcceptanceResult.Fail($"fills CSV {path} lacks column(s) {string.Join(", ", missing)}");
            }

            var runId = Text(report, "run_id");
            var hasRunId = csv.Headers.Contains("run_id", StringComparer.Ordinal);
            while (csv.Read())
            {
                var row = $"fills CSV {path} row {csv.RowNumber}";
                if (hasRunId && runId is not null && csv.GetString("run_id") != runId)
                {
                    return AcceptanceResult.Fail($"{row}: run_id '{csv.GetString("run_id")}' is not the report's run {runId}");
                }

                var sideText = csv.GetString("side");
                Side? side = sideText switch { "BUY" => Side.Buy, "SELL" => Side.Sell, _ => null };
                if (side is null)
                {
                    return AcceptanceResult.Fail($"{row}: side '{sideText}' is not BUY or SELL");
                }

                if (!DateTimeOffset.TryParse(csv.GetString("fill_ts"), CultureInfo.InvariantCulture,
                        DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var ts))
                {
                    return AcceptanceResult.Fail($"{row}: fill_ts '{csv.GetString("fill_ts")}' is not an ISO-8601 time");
                }

                if (!TryDecimal(csv.GetString("fill_price"), out var price) || price is < 0m or > 1m)
                {
                    return AcceptanceResult.Fail($"{row}: fill_price '{csv.GetString("fill_price")}' is not a price in [0,1]");
                }

                if (!TryDecimal(csv.GetString("filled_shares"), out var shares) || shares <= 0m)
                {
                    return AcceptanceResult.Fail($"{row}: filled_shares '{csv.GetString("filled_shares")}' is not a positive number");
                }

                rows.Add(new CsvFill(csv.GetString("order_id") ?? "", csv.GetString("market_id") ?? "", side.Value, ts, price, shares));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CsvFormatException or FormatException)
        {
            return AcceptanceResult.Fail($"cannot read fills CSV {path} ({e.Message})");
        }

        if (Number(report, "truth.truthful_fills") is { } truthful && truthful != rows.Count)
        {
            return AcceptanceResult.Fail(Inv($"fills CSV {path} has {rows.Count} fills but the report's truth.truthful_fills is {truthful}"));
        }

        var replay = new InventoryReplay(maxTotal, maxPerMarket);
        GateIssue? negative = null, exposure = null;
        foreach (var f in InventoryReplay.InEngineOrder(rows, f => f.At, f => f.Side, f => f.OrderId))
        {
            if (replay.Apply(f.OrderId, f.Market, f.Side, f.Shares, f.Price) is { } issue)
            {
                if (issue.Code == "negative_inventory")
                {
                    negative ??= issue;
                }
                else
                {
                    exposure ??= issue;
                }
            }
        }

        return (negative ?? exposure) is { } first ? AcceptanceResult.Fail($"{first.Code}: {first.Message}") : null;
    }

    private static bool TryDecimal(string? text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    private static JsonElement? At(JsonElement root, string dotted)
    {
        var cur = root;
        foreach (var step in dotted.Split('.'))
        {
            if (cur.ValueKind != JsonValueKind.Object || !cur.TryGetProperty(step, out cur))
            {
                return null;
            }
        }

        return cur;
    }

    private static decimal? Number(JsonElement root, string dotted) =>
        At(root, dotted) is { ValueKind: JsonValueKind.Number } v && v.TryGetDecimal(out var d) ? d : null;

    private static string? Text(JsonElement root, string dotted) =>
        At(root, dotted) is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private readonly record struct CsvFill(string OrderId, string Market, Side Side, DateTimeOffset At, decimal Price, decimal Shares);
}
