using System.Globalization;
using System.Text.Json;
using PolyMM.Core.Ledger;
using PolyMM.Core.Trust;

namespace PolyMM.Reports.Trust;

/// <summary>
/// Runs the trust gates (docs/design.md#trust-gates) over one run of the ledger and, on failure, writes
/// <c>reports/debug_bundle_&lt;tag&gt;_&lt;UTC&gt;/bundle.json</c> with the first 20 issues and the rows behind them.
/// </summary>
public static class TrustGateRunner
{
    public const string PreRun = "pre_run";
    public const string PostRun = "post_run";

    /// <summary>
    /// Checks one run. <paramref name="engineIssues"/> are order events the engine itself refused during the run (unknown
    /// order, a fill past the order's remainder, a repeated fill id): they fail the gate and head the bundle, beside
    /// whatever the stored rows show.
    /// </summary>
    public static GateOutcome Run(ILedgerReader reader, string runId, string stage, decimal maxExposureUsd, decimal maxPerMarketExposureUsd,
        string reportsDir, DateTimeOffset wallNow, IReadOnlyList<GateIssue>? engineIssues = null)
    {
        // One snapshot for the gates and the bundle (docs/design.md#consistent-reads).
        using var snapshot = reader.ReadSnapshot();
        var run = reader.RequireRun(runId);
        var issues = TrustGates.Check(
            reader.Portfolio(runId),
            reader.StreamFills(run),
            reader.StreamLots(runId),
            maxExposureUsd,
            maxPerMarketExposureUsd,
            checkMarks: stage == PostRun);
        if (engineIssues is { Count: > 0 })
        {
            issues.InsertRange(0, engineIssues);
        }

        if (issues.Count == 0)
        {
            return new GateOutcome(stage, issues, null);
        }

        var dir = Path.Combine(reportsDir, $"debug_bundle_{Safe(run.RunTag)}_{wallNow.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "bundle.json");
        WriteBundle(reader, run, stage, issues, path);
        return new GateOutcome(stage, issues, path);
    }

    private static void WriteBundle(ILedgerReader reader, RunRow run, string stage, List<GateIssue> issues, string path)
    {
        var first = issues.Take(20).ToList();
        // Written beside the target and renamed into place (docs/design.md#atomic-outputs).
        Output.AtomicFile.Write(path, stream =>
        {
            using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            WriteBundle(reader, run, stage, issues, first, w);
        });
    }

    private static void WriteBundle(ILedgerReader reader, RunRow run, string stage, List<GateIssue> issues, List<GateIssue> first, Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("stage", stage);
        w.WriteString("run_id", run.RunId);
        w.WriteString("run_tag", run.RunTag);
        w.WritePropertyName("params");
        using (var p = JsonDocument.Parse(run.ParamsJson))
        {
            p.RootElement.WriteTo(w);
        }

        w.WriteNumber("issue_count", issues.Count);
        w.WriteStartArray("issues");
        foreach (var i in first)
        {
            w.WriteStartObject();
            w.WriteString("code", i.Code);
            w.WriteString("message", i.Message);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        var orderIds = first.Select(i => i.OrderId).OfType<string>().Distinct().ToList();
        var lotIds = first.Select(i => i.LotId).OfType<long>().Distinct().ToList();
        w.WriteStartArray("execution_rows");
        foreach (var id in orderIds)
        {
            WriteRows(w, reader.ExecutionRecordRows(id));
        }

        w.WriteEndArray();
        w.WriteStartArray("trade_rows");
        foreach (var id in lotIds)
        {
            WriteRows(w, reader.LotRowsRaw(run.RunId, id));
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteRows(Utf8JsonWriter w, IReadOnlyList<IReadOnlyList<KeyValuePair<string, object?>>> rows)
    {
        foreach (var row in rows)
        {
            w.WriteStartObject();
            foreach (var (name, value) in row)
            {
                switch (value)
                {
                    case null:
                        w.WriteNull(name);
                        break;
                    case long l:
                        w.WriteNumber(name, l);
                        break;
                    case double d:
                        w.WriteNumber(name, d);
                        break;
                    case var v:
                        w.WriteString(name, Convert.ToString(v, CultureInfo.InvariantCulture));
                        break;
                }
            }

            w.WriteEndObject();
        }
    }

    private static string Safe(string tag) => new(tag.Select(c => char.IsLetterOrDigit(c) || c is '_' or '-' ? c : '_').ToArray());
}
