using System.Globalization;
using CsvHelper;

namespace PolyMM.Reports.Dashboard;

/// <summary>
/// Reads the fill markers out of a fills CSV (docs/data-dictionary.md#fills-csv), by header name so that added or reordered
/// columns do not break the dashboard (the trailing <c>truthful</c> column is ignored: a chart marks every fill).
/// Only the four columns a chart needs are required; a <c>run_id</c> column, when there is one, must name the
/// report's run on every row.
/// </summary>
internal static class FillsCsvReader
{
    private static readonly string[] RequiredColumns = ["market_id", "side", "fill_ts", "fill_price"];

    public static Dictionary<string, List<FillMarker>> Read(string path, string? expectedRunId = null, string? reportPath = null)
    {
        var byMarket = new Dictionary<string, List<FillMarker>>(StringComparer.Ordinal);
        try
        {
            // The fills CSV format (docs/data-dictionary.md#fills-csv) fixes the separator; detection could mis-guess on a one-row file.
            using var csv = CsvReader.FromFile(path, CsvReaderOptions.Default with { Separator = ',' });
            csv.ReadHeader();
            var header = csv.Headers;
            var missing = RequiredColumns.Where(c => !header.Contains(c, StringComparer.Ordinal)).ToList();
            if (missing.Count > 0)
            {
                throw new DashboardInputException($"{path}: fills CSV lacks column(s) {string.Join(", ", missing)}");
            }

            var hasRunId = header.Contains("run_id", StringComparer.Ordinal);
            var hasShares = header.Contains("filled_shares", StringComparer.Ordinal);
            while (csv.Read())
            {
                var line = csv.RowNumber;
                if (hasRunId && expectedRunId is not null && csv.GetString("run_id") is var rowRun && rowRun != expectedRunId)
                {
                    throw new DashboardInputException(
                        $"{path}: row {line} is of run {rowRun}, but the report {reportPath} is of run {expectedRunId}; analyze the run again so its CSV matches");
                }

                var marketId = Analysis.FillsCsv.Restore(csv.GetString("market_id") ?? "");
                var side = DashboardRunLoader.ParseSide(csv.GetString("side"));
                var tsText = csv.GetString("fill_ts");
                var priceText = csv.GetString("fill_price");
                if (side is null)
                {
                    throw new DashboardInputException($"{path}: row {line} side is not BUY or SELL");
                }

                if (!DashboardRunLoader.TryParseTime(tsText, out var ts))
                {
                    throw new DashboardInputException($"{path}: row {line} fill_ts is not ISO-8601 ({tsText})");
                }

                if (!decimal.TryParse(priceText, NumberStyles.Float, CultureInfo.InvariantCulture, out var price))
                {
                    throw new DashboardInputException($"{path}: row {line} fill_price is not a number ({priceText})");
                }

                decimal? shares = null;
                if (hasShares && csv.GetString("filled_shares") is { Length: > 0 } sharesText)
                {
                    shares = decimal.TryParse(sharesText, NumberStyles.Float, CultureInfo.InvariantCulture, out var sh)
                        ? sh
                        : throw new DashboardInputException($"{path}: row {line} filled_shares is not a number ({sharesText})");
                }

                if (!byMarket.TryGetValue(marketId, out var list))
                {
                    byMarket[marketId] = list = [];
                }

                list.Add(new FillMarker(ts, side.Value, price, shares));
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CsvFormatException)
        {
            throw new DashboardInputException($"{path}: cannot read fills CSV ({DashboardRunLoader.OneLine(ex.Message)})", ex);
        }

        // Fill order is the CSV's; a chart and an inventory replay want time order (stable for equal times).
        foreach (var key in byMarket.Keys.ToList())
        {
            byMarket[key] = [.. byMarket[key].OrderBy(f => f.Time)];
        }

        return byMarket;
    }
}
