using System.Globalization;
using System.Text.Json;
using CsvHelper;
using PolyMM.Core.Ledger;

namespace PolyMM.Reports.Export;

/// <summary>One run as <c>mm runs</c> lists it: the <c>runs</c> row, its market count and net P&amp;L (total value − bankroll).</summary>
public sealed record RunListing(RunRow Run, int Markets, decimal NetPnlUsd);

/// <summary>
/// <c>mm runs --format json|csv</c> (docs/data-dictionary.md#runs-listing): every run with its stored parameters
/// (<c>runs.params</c>). JSON: an array of objects, each with a <c>params</c> object exactly as stored. CSV: the run
/// columns, then one <c>params.&lt;key&gt;</c> column per parameter key of any listed run, in the order first seen (an
/// array or object value as its JSON text; a run without the key leaves the cell empty).
/// </summary>
public static class RunsListing
{
    /// <summary>The run columns, in order, of both formats.</summary>
    public static IReadOnlyList<string> RunColumns { get; } =
    [
        "run_id", "run_tag", "status", "data_mode", "markets", "orders", "fills", "net_pnl_usd", "bankroll", "started_at",
        "ended_at", "event_start", "event_end", "stop_reason", "tool_version",
    ];

    private static string?[] RunValues(RunListing l)
    {
        var r = l.Run;
        return
        [
            r.RunId, r.RunTag, r.Status, r.DataMode, l.Markets.ToString(CultureInfo.InvariantCulture),
            r.Orders.ToString(CultureInfo.InvariantCulture), r.Fills.ToString(CultureInfo.InvariantCulture),
            ExportValues.DecimalText(l.NetPnlUsd), ExportValues.DecimalText(r.Bankroll), r.StartedAt, r.EndedAt, r.EventStart, r.EventEnd,
            r.StopReason, r.ToolVersion,
        ];
    }

    public static void WriteJson(IReadOnlyList<RunListing> runs, Stream output)
    {
        ArgumentNullException.ThrowIfNull(runs);
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        w.WriteStartArray();
        foreach (var l in runs)
        {
            w.WriteStartObject();
            var values = RunValues(l);
            for (var i = 0; i < RunColumns.Count; i++)
            {
                var name = RunColumns[i];
                switch (name)
                {
                    case "markets":
                        w.WriteNumber(name, l.Markets);
                        break;
                    case "orders":
                        w.WriteNumber(name, l.Run.Orders);
                        break;
                    case "fills":
                        w.WriteNumber(name, l.Run.Fills);
                        break;
                    case "net_pnl_usd":
                        w.WriteNumber(name, ExportValues.Scaled(l.NetPnlUsd) / 1.000000000000000000000000000000000m);
                        break;
                    case "bankroll":
                        w.WriteNumber(name, l.Run.Bankroll / 1.000000000000000000000000000000000m);
                        break;
                    default:
                        if (values[i] is { } s)
                        {
                            w.WriteString(name, s);
                        }
                        else
                        {
                            w.WriteNull(name);
                        }

                        break;
                }
            }

            w.WritePropertyName("params");
            using (var doc = JsonDocument.Parse(l.Run.ParamsJson))
            {
                doc.RootElement.WriteTo(w);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.Flush();
        output.Write("\n"u8);
    }

    public static void WriteCsv(IReadOnlyList<RunListing> runs, Stream output)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var parsed = runs.Select(l => Params(l.Run.ParamsJson)).ToList();
        var keys = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in parsed)
        {
            foreach (var k in p.Keys.Where(seen.Add))
            {
                keys.Add(k);
            }
        }

        using var csv = CsvWriter.Create(output, CsvWriterOptions.Default with { Separator = ',' }, true);
        csv.WriteHeader([.. RunColumns, .. keys.Select(k => "params." + k)]);
        for (var i = 0; i < runs.Count; i++)
        {
            foreach (var v in RunValues(runs[i]))
            {
                csv.WriteField(v);
            }

            foreach (var k in keys)
            {
                csv.WriteField(parsed[i].GetValueOrDefault(k));
            }

            csv.EndRecord();
        }

        csv.Flush();
    }

    /// <summary>The top-level parameters as CSV text: strings as is, numbers and booleans as written, null empty, arrays and objects as JSON.</summary>
    private static Dictionary<string, string?> Params(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            result[p.Name] = p.Value.ValueKind switch
            {
                JsonValueKind.String => p.Value.GetString(),
                JsonValueKind.Null => null,
                _ => p.Value.GetRawText(),
            };
        }

        return result;
    }

    /// <summary>A parameter's value as text for the table, or <c>-</c>.</summary>
    public static string Param(string paramsJson, string key)
    {
        using var doc = JsonDocument.Parse(paramsJson);
        return doc.RootElement.TryGetProperty(key, out var v) && v.ValueKind is not JsonValueKind.Null
            ? (v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText())
            : "-";
    }

}
