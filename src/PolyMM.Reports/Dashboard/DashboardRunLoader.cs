using System.Globalization;
using System.Text.Json;

namespace PolyMM.Reports.Dashboard;

/// <summary>
/// Reads one analyzer report JSON (docs/data-dictionary.md#report-json plus <c>market_titles</c> and <c>market_series</c>) and,
/// when it exists, the run's fills CSV (docs/data-dictionary.md#fills-csv) into a <see cref="DashboardRun"/>.
/// Absent or null sections are tolerated (the dashboard says "no data"); values of the wrong type
/// are rejected with a <see cref="DashboardInputException"/> naming the file and the key.
/// </summary>
public static class DashboardRunLoader
{
    /// <summary>Load a run; <paramref name="fillsDir"/> null means "do not look for a fills CSV".</summary>
    /// <exception cref="DashboardInputException">The report is missing or malformed, or the CSV is malformed.</exception>
    public static DashboardRun LoadRun(string reportJsonPath, string? fillsDir)
    {
        ArgumentException.ThrowIfNullOrEmpty(reportJsonPath);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(reportJsonPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DashboardInputException($"{reportJsonPath}: cannot read report ({OneLine(ex.Message)})", ex);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException ex)
        {
            throw new DashboardInputException($"{reportJsonPath}: not valid JSON ({OneLine(ex.Message)})", ex);
        }

        using (document)
        {
            var run = FromJson(document.RootElement, reportJsonPath);
            // The run the CSV must be of: the report's run_id as written (a test report may use a number).
            var reportRunId = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("run_id", out var id)
                ? id.ValueKind switch { JsonValueKind.String => id.GetString(), JsonValueKind.Number => id.GetRawText(), _ => null }
                : null;
            return fillsDir is null ? run : AttachCsvFills(run, reportJsonPath, reportRunId, fillsDir);
        }
    }

    /// <summary>Where the analyzer's <c>--export-csv</c> puts a run's fills (docs/data-dictionary.md#fills-csv).</summary>
    public static string FillsCsvPath(string fillsDir, string runTag) =>
        Path.Combine(fillsDir, $"market_making_{runTag}_fills.csv");

    /// <summary>Build a run from an already parsed report; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="DashboardInputException">A value has the wrong type.</exception>
    public static DashboardRun FromJson(JsonElement root, string source)
    {
        var r = new ReportReader(source);
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw r.Error("", "the report is not a JSON object");
        }

        var runId = r.IdText(root, "run_id") ?? Path.GetFileNameWithoutExtension(source);
        var runTag = r.IdText(root, "run_tag") ?? "";

        var kpis = new DashboardKpis(
            NetPnlUsd: r.Number(root, "pnl.net_pnl_usd"),
            NetWithoutRewardsUsd: r.Number(root, "pnl.net_without_rewards_usd"),
            FeesUsd: r.Number(root, "pnl.fees_usd"),
            RewardsUsd: r.Number(root, "pnl.rewards_usd"),
            MaxDrawdownPct: r.Number(root, "inventory.max_drawdown_pct"),
            StuckInventoryCount: r.Number(root, "inventory.stuck_inventory_count"),
            PassiveFillRate: r.Number(root, "execution.passive_fill_rate"),
            QuoteSlippageP90: r.Number(root, "execution.quote_slippage_pct.p90"),
            // Top-level fills is the run's fill count; truth.fills is the same count seen by the trust gate.
            Fills: r.Number(root, "fills") ?? r.Number(root, "truth.fills"),
            TruthfulRate: r.Number(root, "truth.truthful_rate"));

        var titles = new Dictionary<string, string>(StringComparer.Ordinal);
        if (r.Child(root, "market_titles", JsonValueKind.Object) is { } titleObj)
        {
            foreach (var p in titleObj.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.String)
                {
                    titles[p.Name] = p.Value.GetString()!;
                }
                else if (p.Value.ValueKind != JsonValueKind.Null)
                {
                    throw r.Error($"market_titles.{p.Name}", "is not a string");
                }
            }
        }

        var markets = new List<MarketSeries>();
        if (r.Child(root, "market_series", JsonValueKind.Object) is { } seriesObj)
        {
            foreach (var p in seriesObj.EnumerateObject())
            {
                markets.Add(ReadMarketSeries(r, p.Name, p.Value));
            }
        }

        var warnings = new List<string>();
        if (r.Child(root, "warnings", JsonValueKind.Array) is { } warningArr)
        {
            foreach (var w in warningArr.EnumerateArray())
            {
                warnings.Add(w.ValueKind == JsonValueKind.String ? w.GetString()! : w.GetRawText());
            }
        }

        var run = new DashboardRun(
            runId,
            runTag,
            Path.GetFileName(source),
            FillsCsvName: null,
            kpis,
            r.Curve(root, "equity_curve"),
            r.Curve(root, "exposure_curve"),
            ReadTopMarkets(r, root),
            titles,
            markets,
            warnings);
        return run with
        {
            Params = ReadParams(r, root),
            Attribution = ReadAttribution(r, root),
            Markouts = ReadMarkouts(r, root),
        };
    }

    private static List<KeyValuePair<string, string>> ReadParams(ReportReader r, JsonElement root)
    {
        var rows = new List<KeyValuePair<string, string>>();
        if (r.Child(root, "params", JsonValueKind.Object) is { } obj)
        {
            foreach (var p in obj.EnumerateObject())
            {
                rows.Add(KeyValuePair.Create(p.Name, p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText()));
            }
        }

        return rows;
    }

    private static RunAttribution? ReadAttribution(ReportReader r, JsonElement root) =>
        r.Child(root, "attribution", JsonValueKind.Object) is { } obj
            ? new RunAttribution([.. RunAttribution.Keys.Select(k => r.Number(obj, k.Key, "attribution"))])
            : null;

    private static RunMarkouts? ReadMarkouts(ReportReader r, JsonElement root)
    {
        if (r.Child(root, "markouts", JsonValueKind.Object) is not { } obj)
        {
            return null;
        }

        var horizons = r.Child(obj, "horizons_sec", JsonValueKind.Array, "markouts");
        var means = r.Child(obj, "mean_per_share", JsonValueKind.Array, "markouts");
        if (horizons is null || means is null)
        {
            return null;
        }

        if (horizons.Value.GetArrayLength() != means.Value.GetArrayLength())
        {
            throw r.Error("markouts", "has horizons_sec and mean_per_share of different lengths");
        }

        var points = new List<(decimal, decimal?)>();
        for (var i = 0; i < horizons.Value.GetArrayLength(); i++)
        {
            var h = r.NumberValue(horizons.Value[i], $"markouts.horizons_sec[{i}]")
                ?? throw r.Error($"markouts.horizons_sec[{i}]", "is null");
            points.Add((h, r.NumberValue(means.Value[i], $"markouts.mean_per_share[{i}]")));
        }

        return new RunMarkouts(points);
    }

    private static List<TopMarket> ReadTopMarkets(ReportReader r, JsonElement root)
    {
        var rows = new List<TopMarket>();
        foreach (var (row, key, _) in r.Objects(root, "markets_top10"))
        {
            rows.Add(new TopMarket(
                r.IdText(row, "market", key) ?? "",
                r.Number(row, "net_pnl_usd", key),
                r.Number(row, "fills", key),
                r.Number(row, "fill_rate", key),
                r.Number(row, "avg_spread_pct", key),
                r.Number(row, "avg_depth", key),
                r.Number(row, "max_inventory_held", key),
                r.Number(row, "worst_tail_slippage", key)));
        }

        return rows;
    }

    private static MarketSeries ReadMarketSeries(ReportReader r, string marketId, JsonElement value)
    {
        var key = $"market_series.{marketId}";
        if (value.ValueKind == JsonValueKind.Null)
        {
            return new MarketSeries(marketId, [], [], [], []);
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw r.Error(key, "is not an object");
        }

        var fills = new List<FillMarker>();
        if (r.Child(value, "fills", JsonValueKind.Array, key) is { } fillArr)
        {
            var i = 0;
            foreach (var f in fillArr.EnumerateArray())
            {
                var fk = $"{key}.fills[{i++}]";
                if (f.ValueKind != JsonValueKind.Array || f.GetArrayLength() < 3)
                {
                    throw r.Error(fk, "is not [ts, side, price]");
                }

                var side = f[1].ValueKind == JsonValueKind.String ? ParseSide(f[1].GetString()) : null;
                var price = r.NumberValue(f[2], fk);
                if (side is null || price is null)
                {
                    throw r.Error(fk, "needs a side BUY/SELL and a price");
                }

                fills.Add(new FillMarker(r.Time(f[0], fk), side.Value, price.Value));
            }
        }

        return new MarketSeries(
            marketId,
            r.Curve(value, "mid", key),
            r.Curve(value, "bid", key),
            r.Curve(value, "ask", key),
            [.. fills.OrderBy(f => f.Time)]);
    }

    private static DashboardRun AttachCsvFills(DashboardRun run, string reportJsonPath, string? reportRunId, string fillsDir)
    {
        // The tag becomes part of a path: a tag that could leave fillsDir is a bad report, not a file to read.
        if (run.RunTag.Length == 0)
        {
            return run;
        }

        if (run.RunTag.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || run.RunTag.Contains('/', StringComparison.Ordinal)
            || run.RunTag.Contains('\\', StringComparison.Ordinal) || run.RunTag is "." or "..")
        {
            throw new DashboardInputException(
                $"{reportJsonPath}: run_tag \"{run.RunTag}\" cannot be used in a fills CSV file name");
        }

        var csvPath = FillsCsvPath(fillsDir, run.RunTag);
        if (!File.Exists(csvPath))
        {
            return run;
        }

        // A CSV left by another run of the tag must not be drawn as this run's fills.
        var csvFills = FillsCsvReader.Read(csvPath, reportRunId, reportJsonPath);

        // The report's market_series carries a downsampled set of fill markers without sizes; the CSV has every
        // fill with its shares, so for a market it mentions the CSV's fills replace the report's (never both,
        // so a fill is never drawn twice) and give the market's inventory over time.
        var markets = new List<MarketSeries>(run.Markets.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var m in run.Markets)
        {
            seen.Add(m.MarketId);
            markets.Add(csvFills.TryGetValue(m.MarketId, out var every) ? m with { Fills = every } : m);
        }

        foreach (var (marketId, fills) in csvFills)
        {
            if (seen.Add(marketId))
            {
                markets.Add(new MarketSeries(marketId, [], [], [], fills));
            }
        }

        return run with
        {
            Markets = markets,
            FillsCsvName = Path.GetFileName(csvPath),
            CsvFillCounts = csvFills.ToDictionary(kv => kv.Key, kv => kv.Value.Count, StringComparer.Ordinal),
        };
    }

    internal static FillSide? ParseSide(string? text) =>
        text?.Trim().ToUpperInvariant() switch
        {
            "BUY" => FillSide.Buy,
            "SELL" => FillSide.Sell,
            _ => null,
        };

    internal static string OneLine(string message) =>
        message.ReplaceLineEndings(" ").Trim();

    internal static bool TryParseTime(string? text, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(
            text,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out time);
}
