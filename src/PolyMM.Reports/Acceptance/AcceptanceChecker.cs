using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using PolyMM.Core.Quoting;
using PolyMM.Core.Trust;
using PolyMM.Reports.Analysis;

namespace PolyMM.Reports.Acceptance;

/// <summary>
/// The acceptance check (docs/design.md#acceptance-check), in its order: the report exists and is well-formed → it is of the
/// expected run → the run is <c>complete</c> → reconciliation passed → truthful rate (a fraction over fills) →
/// baseline fee tolerance → the exposure caps against the report's own maxima (required without a CSV) →
/// replay of the fills CSV (every fill, any book) with FIFO lots through Core's <see cref="InventoryReplay"/>
/// (the same arithmetic as the engine and the trust gate): no negative inventory, then cost-basis exposure
/// within the caps at every fill. A cap is never left unchecked, and every problem with the inputs is a FAIL
/// line naming it, never an exception.
/// </summary>
public static class AcceptanceChecker
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

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
            // Decoded strictly first: a damaged report that is not UTF-8 fails here, once, rather than in whichever
            // string the check happens to read.
            doc = JsonDocument.Parse(StrictUtf8.GetString(File.ReadAllBytes(o.ReportJson)));
        }
        catch (DecoderFallbackException)
        {
            return AcceptanceResult.Fail($"report {o.ReportJson} is not valid UTF-8");
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

        var runId = Text(root, "run_id");
        if (o.ExpectRunId is { } expected && runId != expected)
        {
            return AcceptanceResult.Fail(runId is null
                ? $"{src}: run_id is missing, expected run {expected}"
                : $"{src} is of run {runId}, not the expected run {expected}");
        }

        if (Text(root, "status") is not { } status)
        {
            return AcceptanceResult.Fail($"{src}: status is missing or not a string (a report from an older mm analyze; analyze the run again)");
        }

        if (status != "complete" && !o.AllowIncomplete)
        {
            return AcceptanceResult.Fail($"run status is {status} (stop_reason {Text(root, "stop_reason") ?? "null"}), not complete; pass --allow-incomplete to check it anyway");
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

        var maxTotal = o.MaxExposureUsd ?? Number(root, "params.max_exposure_usd") ?? decimal.MaxValue;
        if (ReportMaxima(src, root, maxTotal, o.MaxPerMarketExposureUsd, required: o.FillsCsv is null) is { } over)
        {
            return over;
        }

        if (o.FillsCsv is { } csvPath && Replay(csvPath, root, maxTotal, o.MaxPerMarketExposureUsd) is { } failure)
        {
            return failure;
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

    /// <summary>
    /// The caps against the maxima the analyzer replayed from every fill. Without a CSV they are the only exposure
    /// evidence, so a report without them is a FAIL rather than a cap silently unused.
    /// </summary>
    private static AcceptanceResult? ReportMaxima(string src, JsonElement root, decimal maxTotal, decimal maxPerMarket, bool required)
    {
        const string ByMarket = "inventory.max_inventory_held_by_market";
        const string Total = "inventory.max_total_exposure_usd";
        var byMarket = At(root, ByMarket);
        var total = Number(root, Total);
        if (byMarket is not { ValueKind: JsonValueKind.Object } || total is null)
        {
            return required
                ? AcceptanceResult.Fail($"{src}: {(byMarket is not { ValueKind: JsonValueKind.Object } ? ByMarket : Total)} is missing, so the exposure caps cannot be checked without --fills-csv")
                : null;
        }

        foreach (var m in byMarket.Value.EnumerateObject())
        {
            if (m.Value.ValueKind != JsonValueKind.Number || !m.Value.TryGetDecimal(out var held))
            {
                return AcceptanceResult.Fail($"{src}: {ByMarket}.{m.Name} is not a number");
            }

            if (held > maxPerMarket)
            {
                return AcceptanceResult.Fail(Inv($"per_market_exposure_exceeded: the report's {ByMarket}.{m.Name} is {held} > cap {maxPerMarket}"));
            }
        }

        return total > maxTotal
            ? AcceptanceResult.Fail(Inv($"total_exposure_exceeded: the report's {Total} is {total} > cap {maxTotal}"))
            : null;
    }

    private static AcceptanceResult? Replay(string path, JsonElement report, decimal maxTotal, decimal maxPerMarket)
    {
        if (!File.Exists(path))
        {
            return AcceptanceResult.Fail($"fills CSV not found: {path}");
        }

        var rows = new List<CsvFill>();
        var hasTruthful = false;
        long truthfulRows = 0;
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
            hasTruthful = csv.Headers.Contains(FillsCsv.TruthfulColumn, StringComparer.Ordinal);
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

                var truthfulText = hasTruthful ? csv.GetString(FillsCsv.TruthfulColumn) : "1";
                if (truthfulText is not ("0" or "1"))
                {
                    return AcceptanceResult.Fail($"{row}: {FillsCsv.TruthfulColumn} '{truthfulText}' is not 0 or 1");
                }

                truthfulRows += truthfulText == "1" ? 1 : 0;
                rows.Add(new CsvFill(FillsCsv.Restore(csv.GetString("order_id") ?? ""), FillsCsv.Restore(csv.GetString("market_id") ?? ""), side.Value, ts, price, shares));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CsvFormatException or FormatException)
        {
            return AcceptanceResult.Fail($"cannot read fills CSV {path} ({e.Message})");
        }

        // A CSV without the truthful column is the older truthful-only export: every row counts as truthful.
        if (Number(report, "truth.truthful_fills") is { } truthful && truthful != truthfulRows)
        {
            return AcceptanceResult.Fail(Inv($"fills CSV {path} has {truthfulRows} {(hasTruthful ? "truthful " : "")}fills but the report's truth.truthful_fills is {truthful}"));
        }

        // The replay needs every fill: a fill missing from the CSV (say a buy on a synthetic book) would make a
        // later sell look like negative inventory and hide its exposure from the caps.
        if (Number(report, "fills") is { } all && all != rows.Count)
        {
            return AcceptanceResult.Fail(hasTruthful
                ? Inv($"fills CSV {path} has {rows.Count} fills but the report's fills is {all}")
                : Inv($"fills CSV {path} has no {FillsCsv.TruthfulColumn} column and only {rows.Count} of the run's {all} fills; the exposure replay needs every fill (export it again with mm analyze)"));
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
