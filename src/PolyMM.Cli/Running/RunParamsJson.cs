using System.Text.Json;
using PolyMM.Core.Market;

namespace PolyMM.Cli.Running;

/// <summary>Every parameter of a run as the JSON stored in <c>runs.params</c>: enough to repeat it from the database.</summary>
internal static class RunParamsJson
{
    /// <summary>
    /// Whether a run's data are top-of-book rows (a polling fixture or polled online books), so a queue is estimated from
    /// L1; a market-channel recording, PMXT hours and the live channel are L2 (docs/design.md#queue-model).
    /// </summary>
    public static bool QueueFromTopOfBook(RunSettings s) => s.DataMode == "online"
        ? s.Feed != "ws"
        : !ChannelRun.IsChannelData(s, Paths.Resolve(s.FixtureDir));

    public static string Write(RunSettings s, string runId, string fixtureDir, IReadOnlyList<MarketInfo> markets, string toolVersion,
        string feeMode = Core.Economics.FillFees.FlatMode, Core.Execution.LatencyDistribution? drawn = null)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("run_id", runId);
            w.WriteString("run_tag", s.RunTag);
            w.WriteString("data_mode", s.DataMode);
            w.WriteString("tool_version", toolVersion);
            w.WriteNumber("bankroll", s.Bankroll);
            w.WriteNumber("markets", s.Markets);
            w.WriteStartArray("market_ids");
            foreach (var m in markets)
            {
                w.WriteStringValue(m.Id);
            }

            w.WriteEndArray();
            w.WriteString("whitelist", s.Whitelist);
            w.WriteNumber("quote_size_usd", s.QuoteSizeUsd);
            w.WriteNumber("k_ticks", s.KTicks);
            w.WriteNumber("tick_size", s.TickSize);
            w.WriteNumber("skew_ticks", s.SkewTicks);
            w.WriteNumber("max_spread_pct", s.MaxSpreadPct);
            w.WriteNumber("max_exposure_usd", s.MaxExposureUsd);
            w.WriteNumber("max_per_market_exposure_usd", s.MaxPerMarketExposureUsd);
            w.WriteNumber("max_hold_time_sec", s.MaxHoldTimeSec);
            w.WriteNumber("fee_bps", s.FeeBps);
            // schedule: fills of markets with a fee schedule pay the venue's fees (docs/design.md#fees); flat_bps: fee_bps everywhere.
            w.WriteString("fee_mode", feeMode);
            w.WriteNumber("poll_interval_sec", s.PollIntervalSec);
            if (s.MaxRuntimeMin is { } rt)
            {
                w.WriteNumber("max_runtime_min", rt);
            }
            else
            {
                w.WriteNull("max_runtime_min");
            }

            w.WriteNumber("max_fills", s.MaxFills);
            if (s.MaxFrames > 0)
            {
                // Stated only when set (online market-channel runs), so other runs' stored params stay as they were.
                w.WriteNumber("max_frames", s.MaxFrames);
            }

            if (s.MaxPolls > 0)
            {
                // Likewise only when set (online polled runs).
                w.WriteNumber("max_polls", s.MaxPolls);
            }

            w.WriteNumber("latency_ms", s.LatencyMs);
            w.WriteNumber("cancel_latency_ms", s.CancelLatencyMs ?? s.LatencyMs);
            if (drawn is not null)
            {
                // Stated only when drawn, so other runs' stored params stay as they were (docs/design.md#order-lifecycle).
                WriteDrawn(w, drawn);
            }

            w.WriteString("fill_model", s.FillModel);
            if (s.FillModel == Core.Fills.QueueFillModel.ModelName)
            {
                // Stated only for the queue model, so the other models' stored params stay as they were.
                w.WriteString("queue_function", s.QueueFunction);
                // Fixture and polled online rows are top of book: the queue is estimated from L1 (docs/design.md#queue-model).
                w.WriteString("queue_estimate", QueueFromTopOfBook(s) ? "l1" : "l2");
            }
            w.WriteNumber("seed", s.Seed);
            w.WriteNumber("fill_alpha", s.FillAlpha);
            w.WriteNumber("fill_pmax", s.FillPMax);
            w.WriteNumber("fill_base_liquidity", s.FillBaseLiquidity);
            w.WriteString("strict_fill_price", s.StrictFillPrice);
            w.WriteString("prob_fill_price", s.ProbFillPrice);
            w.WriteBoolean("round_to_tick", s.RoundToTick);
            w.WriteBoolean("allow_synthetic_books", s.AllowSyntheticBooks);
            w.WriteString("fixture_dir", fixtureDir);
            w.WriteString("fixture_profile", s.FixtureProfile);
            w.WriteString("gamma_url", s.GammaUrl);
            w.WriteString("clob_url", s.ClobUrl);
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The recorded latency distribution's description: where it came from, its size and quantiles, in ms.</summary>
    public static void WriteDrawn(Utf8JsonWriter w, Core.Execution.LatencyDistribution drawn)
    {
        w.WriteString("latency", "recorded");
        w.WriteNumber("latency_samples", drawn.Count);
        w.WriteNumber("latency_samples_seen", drawn.Seen);
        w.WriteNumber("latency_p50_ms", (decimal)drawn.Quantile(0.5).TotalMilliseconds);
        w.WriteNumber("latency_p95_ms", (decimal)drawn.Quantile(0.95).TotalMilliseconds);
        w.WriteNumber("latency_max_ms", (decimal)drawn.Max.TotalMilliseconds);
    }
}
