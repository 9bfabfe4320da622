using System.CommandLine;
using System.Text.Json;

namespace PolyMM.Cli.Running;

/// <summary>The flags of <c>mm run</c> (and of the commands that run experiments), bound to <see cref="RunSettings"/>.</summary>
internal sealed class RunOptions
{
    public RunOptions()
    {
        All =
        [
            new SettingOption<string>("--data-mode", "offline (recorded fixture) or online (live Polymarket) [offline]", (s, v) => s with { DataMode = v }),
            new SettingOption<string>("--db", "SQLite ledger file [trades.db]", (s, v) => s with { Db = v }),
            new SettingOption<string>("--run-tag", "label grouping runs, e.g. BASELINE [MARKET_MAKING_TEST]", (s, v) => s with { RunTag = v }),
            new SettingOption<string>("--run-id", "reuse a run id mm-yyyyMMddTHHmmss-xxxxxx (replays are then identical) [new]", (s, v) => s with { RunId = v }),
            new SettingOption<decimal>("--bankroll", "starting cash, USD [10000]", (s, v) => s with { Bankroll = v }),
            new SettingOption<int>("--markets", "number of markets to quote [5]", (s, v) => s with { Markets = v }),
            new SettingOption<string>("--whitelist", "JSON array of condition ids replacing automatic selection", (s, v) => s with { Whitelist = v }),
            new SettingOption<decimal>("--quote-size-usd", "USD per quote [10]", (s, v) => s with { QuoteSizeUsd = v }),
            new SettingOption<int>("--k-ticks", "quote distance from mid in ticks; 0 = mid ± tick/2 [2]", (s, v) => s with { KTicks = v }),
            new SettingOption<decimal>("--tick-size", "price tick [0.01]", (s, v) => s with { TickSize = v }),
            new SettingOption<decimal>("--skew-ticks", "ticks both quotes move down while holding inventory [1]", (s, v) => s with { SkewTicks = v }),
            new SettingOption<decimal>("--max-spread-pct", "pause a market whose spread/mid exceeds this fraction [0.05]", (s, v) => s with { MaxSpreadPct = v }),
            new SettingOption<decimal>("--max-exposure-usd", "cap on total committed exposure, USD [5000]", (s, v) => s with { MaxExposureUsd = v }),
            new SettingOption<decimal>("--max-per-market-exposure-usd", "cap on one market's committed exposure, USD [500]", (s, v) => s with { MaxPerMarketExposureUsd = v }),
            new SettingOption<decimal>("--max-hold-time-sec", "inventory older than this is reduce-only [14400]", (s, v) => s with { MaxHoldTimeSec = v }),
            new SettingOption<decimal>("--fee-bps", "fee charged on every fill, basis points of notional [2]", (s, v) => s with { FeeBps = v }),
            new SettingOption<decimal>("--poll-interval-sec", "seconds between ticks (online pacing; offline implicit timestamps) [2]", (s, v) => s with { PollIntervalSec = v }),
            new SettingOption<decimal?>("--max-runtime-min", "stop after this much event time, minutes (fractions allowed)", (s, v) => s with { MaxRuntimeMin = v }),
            new SettingOption<long>("--max-fills", "stop after this many fills; 0 = no limit [0]", (s, v) => s with { MaxFills = v }),
            new SettingOption<string>("--fill-model", "trade-through (a print strictly through the limit after the order is live), touch (optimistic: any print reaching the limit; alias strict) or probabilistic [trade-through]", (s, v) => s with { FillModel = v }),
            new SettingOption<long>("--seed", "seed of the probabilistic fill model [42]", (s, v) => s with { Seed = v }),
            new SettingOption<double>("--fill-alpha", "probabilistic: decay per tick of distance [1.5]", (s, v) => s with { FillAlpha = v }),
            new SettingOption<double>("--fill-pmax", "probabilistic: maximum fill probability per evaluation [0.20]", (s, v) => s with { FillPMax = v }),
            new SettingOption<double>("--fill-base-liquidity", "probabilistic: probability at zero distance before the cap [0.10]", (s, v) => s with { FillBaseLiquidity = v }),
            new SettingOption<string>("--strict-fill-price", "touch: fill at the order's limit, or at the ltp (prototype) [limit]", (s, v) => s with { StrictFillPrice = v }),
            new SettingOption<string>("--prob-fill-price", "probabilistic: fill at the limit, or the prototype's midpoint [limit]", (s, v) => s with { ProbFillPrice = v }),
            new SettingOption<bool>("--round-to-tick", "floor bids and ceil asks to the tick grid (the default; kept for old commands)", (s, v) => s with { RoundToTick = v }),
            new SettingOption<bool>("--no-round-to-tick", "keep raw off-grid quote prices, as the prototype did", (s, v) => s with { RoundToTick = !v }),
            new SettingOption<bool>("--allow-synthetic-books", "quote markets whose book is synthesised (book_source not clob); their fills are not truthful", (s, v) => s with { AllowSyntheticBooks = v }),
            new SettingOption<string>("--fixture-dir", "offline fixture directory [fixtures/market_making/sample]", (s, v) => s with { FixtureDir = v }),
            new SettingOption<string>("--fixture-profile", "subdirectory of the fixture; default = the directory itself [default]", (s, v) => s with { FixtureProfile = v }),
            new SettingOption<int>("--log-every", "print one line of snapshot and quote state every N ticks; 0 = off [0]", (s, v) => s with { LogEvery = v }),
            new SettingOption<string>("--reports-dir", "where reports and debug bundles go [reports]", (s, v) => s with { ReportsDir = v }),
            new SettingOption<string>("--gamma-url", "Gamma API base URL [$MM_GAMMA_URL or https://gamma-api.polymarket.com]", (s, v) => s with { GammaUrl = v }),
            new SettingOption<string>("--clob-url", "CLOB API base URL [$MM_CLOB_URL or https://clob.polymarket.com]", (s, v) => s with { ClobUrl = v }),
        ];
    }

    public Option<string> Config { get; } = new("--config") { Description = "JSON file of defaults [config/market_making.json]" };

    public IReadOnlyList<ISettingOption> All { get; }

    public void AddTo(Command command, params string[] except)
    {
        command.Options.Add(Config);
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
        }

        return settings.Validate() is { } problem ? throw new SettingsException(problem) : settings;
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
