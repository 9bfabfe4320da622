using System.CommandLine;
using System.Text.Json;
using PolyMM.Data.Polymarket;

namespace PolyMM.Cli.Running;

/// <summary>The flags of <c>mm run</c> (and of the commands that run experiments), bound to <see cref="RunSettings"/>.</summary>
internal sealed class RunOptions
{
    public RunOptions()
    {
        All =
        [
            new SettingOption<string>("--data-mode", "offline (recorded fixture) or online (live Polymarket) [default: offline]", (s, v) => s with { DataMode = Choice(v) }),
            new SettingOption<string>("--db", "SQLite ledger file [default: trades.db]", (s, v) => s with { Db = v }),
            new SettingOption<string>("--run-tag", "label grouping runs, e.g. BASELINE [default: MARKET_MAKING_TEST]", (s, v) => s with { RunTag = v }),
            new SettingOption<string>("--run-id", "reuse a run id mm-yyyyMMddTHHmmss-xxxxxx (replays are then identical) [default: new]", (s, v) => s with { RunId = v }, nullable: true),
            new SettingOption<decimal>("--bankroll", "starting cash, USD [default: 10000]", (s, v) => s with { Bankroll = v }),
            new SettingOption<int>("--markets", "number of markets to quote [default: 5]", (s, v) => s with { Markets = v }),
            new SettingOption<string>("--whitelist", "JSON array of condition ids replacing automatic selection", (s, v) => s with { Whitelist = v }, nullable: true),
            new SettingOption<decimal>("--quote-size-usd", "USD per quote [default: 10]", (s, v) => s with { QuoteSizeUsd = v }),
            new SettingOption<int>("--k-ticks", "quote distance from mid in ticks; 0 = mid ± tick/2 [default: 2]", (s, v) => s with { KTicks = v }),
            new SettingOption<decimal>("--tick-size", "price tick [default: 0.01]", (s, v) => s with { TickSize = v }),
            new SettingOption<decimal>("--skew-ticks", "ticks both quotes move down while holding inventory [default: 1]", (s, v) => s with { SkewTicks = v }),
            new SettingOption<decimal>("--max-spread-pct", "pause a market whose spread/mid exceeds this fraction [default: 0.05]", (s, v) => s with { MaxSpreadPct = v }),
            new SettingOption<decimal>("--max-exposure-usd", "cap on total committed exposure, USD [default: 5000]", (s, v) => s with { MaxExposureUsd = v }),
            new SettingOption<decimal>("--max-per-market-exposure-usd", "cap on one market's committed exposure, USD [default: 500]", (s, v) => s with { MaxPerMarketExposureUsd = v }),
            new SettingOption<decimal>("--max-hold-time-sec", "inventory older than this is reduce-only [default: 14400]", (s, v) => s with { MaxHoldTimeSec = v }),
            new SettingOption<decimal>("--fee-bps", "flat fee on every fill, basis points of notional, for markets without a fee schedule; given here it overrides every schedule (no rebates) [default: 2]", (s, v) => s with { FeeBps = v }),
            new SettingOption<decimal>("--poll-interval-sec", "seconds between ticks (online pacing; offline implicit timestamps) [default: 2]", (s, v) => s with { PollIntervalSec = v }),
            new SettingOption<decimal?>("--max-runtime-min", "stop after this much event time, minutes (fractions allowed)", (s, v) => s with { MaxRuntimeMin = v }),
            new SettingOption<long>("--max-fills", "stop after this many fills; 0 = no limit [default: 0]", (s, v) => s with { MaxFills = v }),
            new SettingOption<long>("--max-frames", "--data-mode online --feed ws: stop once the run has taken this many frames off the channel (as counted by the Market channel line), or at --max-runtime-min, whichever is first; 0 = no limit [default: 0]", (s, v) => s with { MaxFrames = v }),
            new SettingOption<long>("--max-polls", "--data-mode online --feed rest: stop once this many polls are done (as counted by the Tick fetch latency line), or at --max-runtime-min, whichever is first; 0 = no limit [default: 0]", (s, v) => s with { MaxPolls = v }),
            new SettingOption<decimal>("--latency-ms", "simulated venue: an order sent at t is live from t + this many ms [default: 100]", (s, v) => s with { LatencyMs = v }),
            new SettingOption<decimal?>("--cancel-latency-ms", "simulated venue: a cancel sent at t takes effect at t + this many ms; the order can fill until then [default: --latency-ms]", (s, v) => s with { CancelLatencyMs = v }),
            new SettingOption<bool>("--latency-from-recording", "market-channel recordings: draw each entry and cancel latency (seeded) from the recording's receive-minus-source delays instead of --latency-ms", (s, v) => s with { LatencyFromRecording = v }),
            new SettingOption<string>("--fill-model", "trade-through (a print strictly through the limit after the order is live), touch (optimistic: any print reaching the limit; alias strict), probabilistic or queue (queue position; L1 fixtures: estimated from depth_bid_1/depth_ask_1) [default: trade-through]", (s, v) => s with { FillModel = Choice(v) }),
            new SettingOption<string>("--queue-function", "queue: how a level decrease that trades do not explain moves the queue: risk-averse, power:N or log [default: risk-averse]", (s, v) => s with { QueueFunction = Choice(v) }),
            new SettingOption<long>("--seed", "seed of the probabilistic fill model [default: 42]", (s, v) => s with { Seed = v }),
            new SettingOption<double>("--fill-alpha", "probabilistic: decay per tick of distance [default: 1.5]", (s, v) => s with { FillAlpha = v }),
            new SettingOption<double>("--fill-pmax", "probabilistic: maximum fill probability per evaluation [default: 0.20]", (s, v) => s with { FillPMax = v }),
            new SettingOption<double>("--fill-base-liquidity", "probabilistic: probability at zero distance before the cap [default: 0.10]", (s, v) => s with { FillBaseLiquidity = v }),
            new SettingOption<string>("--strict-fill-price", "touch: fill at the order's limit, or at the ltp (prototype) [default: limit]", (s, v) => s with { StrictFillPrice = Choice(v) }),
            new SettingOption<string>("--prob-fill-price", "probabilistic: fill at the limit, or the prototype's midpoint [default: limit]", (s, v) => s with { ProbFillPrice = Choice(v) }),
            new SettingOption<bool>("--round-to-tick", "floor bids and ceil asks to the tick grid (the default; kept for old commands)", (s, v) => s with { RoundToTick = v }),
            new SettingOption<bool>("--no-round-to-tick", "keep raw off-grid quote prices, as the prototype did", (s, v) => s with { RoundToTick = !v }),
            new SettingOption<bool>("--allow-synthetic-books", "quote markets whose book is synthesised (book_source not clob); their fills are not truthful", (s, v) => s with { AllowSyntheticBooks = v }),
            new SettingOption<string>("--fixture-dir", "offline fixture directory [default: fixtures/market_making/sample]", (s, v) => s with { FixtureDir = v }),
            new SettingOption<string>("--fixture-profile", "subdirectory of the fixture; default = the directory itself [default: default]", (s, v) => s with { FixtureProfile = v }),
            new SettingOption<string>("--fixture-format", "auto (a polling fixture or a market-channel recording, detected) or pmxt (PMXT hourly Parquet files in --fixture-dir) [default: auto]", (s, v) => s with { FixtureFormat = Choice(v) }),
            new SettingOption<string>("--feed", "online data: rest (poll /books) or ws (the market channel) [default: rest]", (s, v) => s with { Feed = Choice(v) }),
            new SettingOption<string>("--record", "--feed ws: record the raw stream the run traded on into this new directory", (s, v) => s with { Record = v }, nullable: true),
            new SettingOption<string>("--ws-url", $"market-channel URL for --feed ws [default: $MM_WS_URL or {PolyMM.Data.Polymarket.Ws.MarketChannelOptions.DefaultUrl}]", (s, v) => s with { WsUrl = v }, nullable: true),
            new SettingOption<decimal>("--ws-inactivity-sec", "--feed ws: reconnect and resync when no data came for this long [default: 60]", (s, v) => s with { WsInactivitySec = v }),
            new SettingOption<int>("--log-every", "print one line of snapshot and quote state every N ticks; 0 = off [default: 0]", (s, v) => s with { LogEvery = v }),
            new SettingOption<string>("--reports-dir", "where reports and debug bundles go [default: reports]", (s, v) => s with { ReportsDir = v }),
            new SettingOption<string>("--gamma-url", "Gamma API base URL [default: $MM_GAMMA_URL or https://gamma-api.polymarket.com]", (s, v) => s with { GammaUrl = v }, nullable: true),
            new SettingOption<string>("--clob-url", "CLOB API base URL [default: $MM_CLOB_URL or https://clob.polymarket.com]", (s, v) => s with { ClobUrl = v }, nullable: true),
            new SettingOption<decimal?>("--max-response-mb", OnlineLimitOptions.Describe.MaxResponseMb, (s, v) => s with { Limits = s.Limits with { MaxResponseMb = v } }),
            new SettingOption<decimal>("--startup-timeout-sec", OnlineLimitOptions.Describe.WithDefault(OnlineLimitOptions.Describe.StartupTimeoutSec, OnlineLimits.DefaultStartupTimeoutSec), (s, v) => s with { Limits = s.Limits with { StartupTimeoutSec = v } }),
            new SettingOption<decimal>("--max-retry-after-sec", OnlineLimitOptions.Describe.WithDefault(OnlineLimitOptions.Describe.MaxRetryAfterSec, OnlineLimits.DefaultMaxRetryAfterSec), (s, v) => s with { Limits = s.Limits with { MaxRetryAfterSec = v } }),
            new SettingOption<int>("--scan-limit", OnlineLimitOptions.Describe.WithDefault(OnlineLimitOptions.Describe.ScanLimit, OnlineMarkets.DefaultMaxScan), (s, v) => s with { Limits = s.Limits with { ScanLimit = v } }),
        ];
    }

    /// <summary>Enum-valued settings (modes, models, price rules) are case-insensitive: <c>Strict</c> is <c>strict</c>.</summary>
    private static string Choice(string value) => value.Trim().ToLowerInvariant();

    public Option<string> Config { get; } = new("--config") { Description = "JSON file of defaults [default: config/market_making.json]" };

    /// <summary><c>--quiet</c>: not a run setting (not stored in the run's params), so it has no config key.</summary>
    public Option<bool> Quiet { get; } = ProgressOutput.QuietOption();

    public IReadOnlyList<ISettingOption> All { get; }

    public void AddTo(Command command, params string[] except)
    {
        command.Options.Add(Config);
        command.Options.Add(Quiet);
        foreach (var o in All)
        {
            if (!except.Contains(o.Option.Name))
            {
                command.Options.Add(o.Option);
            }
        }
    }

    /// <summary>Built-in defaults, then the config file, then the flags given; validated.</summary>
    public RunSettings Bind(ParseResult result)
    {
        var settings = new RunSettings();
        var explicitConfig = result.GetValue(Config);
        var configPath = explicitConfig ?? Paths.FindConfig("config/market_making.json");
        if (configPath is not null)
        {
            settings = ApplyConfig(settings, configPath, explicitConfig is not null);
        }

        foreach (var o in All)
        {
            settings = o.FromCommandLine(result, settings);
            if (o.ConfigKey == "fee_bps" && result.GetResult(o.Option) is { Implicit: false })
            {
                settings = settings with { FeeBpsGiven = true };
            }
        }

        if (settings.Validate() is { } problem)
        {
            throw new SettingsException(problem);
        }

        // Where the run writes is checked before any work: the ledger, the reports directory, and neither may be an input.
        new OutputPaths()
            .Input("--config", explicitConfig)
            .Input("--whitelist", settings.Whitelist)
            .OutputDb("--db", settings.Db)
            .Dir("--reports-dir", settings.ReportsDir)
            .Dir("--record", settings.Record)
            .Check();
        return settings;
    }

    private RunSettings ApplyConfig(RunSettings settings, string path, bool required)
    {
        if (!File.Exists(path))
        {
            return required ? throw new SettingsException($"--config: file not found: {path}") : settings;
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw new SettingsException($"{path}:{(e.LineNumber ?? 0) + 1}: not valid JSON");
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new SettingsException($"{path}: expected a JSON object of settings");
            }

            var byKey = All.ToDictionary(o => o.ConfigKey, StringComparer.Ordinal);
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (!byKey.TryGetValue(p.Name, out var option))
                {
                    throw new SettingsException($"{path}: unknown setting '{p.Name}'");
                }

                settings = option.FromConfig(p.Value, settings, path);
            }
        }

        return settings;
    }
}
