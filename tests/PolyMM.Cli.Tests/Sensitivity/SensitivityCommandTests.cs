using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using PolyMM.Cli.Running;
using PolyMM.Cli.Tests.Support;
using PolyMM.Data.Polymarket.Ws;

namespace PolyMM.Cli.Tests.Sensitivity;

/// <summary><c>mm sensitivity</c> (docs/design.md#fill-sensitivity).</summary>
public sealed class SensitivityCommandTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>
    /// One market, book 0.49 / 0.51 (mid 0.50) for six rows, then 0.44 / 0.46 (mid 0.45); with k = 2 and no skew our bid is
    /// 0.48 and our ask 0.52. Prints: 0.48, 0.52, 0.48, 0.52 exactly at our limits (only touch fills them), then 0.47
    /// through the bid and 0.45 through the re-placed bid as the market falls.
    /// </summary>
    private string FlipFixture()
    {
        var dir = _dir.File("flip");
        Directory.CreateDirectory(Path.Combine(dir, "snapshots"));
        File.WriteAllText(Path.Combine(dir, "markets.json"), """[{"conditionId":"flip-1","question":"Flip","outcomes":"[\"Yes\",\"No\"]"}]""");
        (decimal Bid, decimal Ask, decimal Ltp)[] rows =
            [(0.49m, 0.51m, 0.50m), (0.49m, 0.51m, 0.48m), (0.49m, 0.51m, 0.52m), (0.49m, 0.51m, 0.48m), (0.49m, 0.51m, 0.52m), (0.49m, 0.51m, 0.47m), (0.44m, 0.46m, 0.45m), (0.44m, 0.46m, 0.45m)];
        var lines = rows.Select((r, i) => string.Create(CultureInfo.InvariantCulture,
            $"{{\"timestamp\":\"2026-02-06T02:00:{i * 2:00}Z\",\"best_bid\":{r.Bid},\"best_ask\":{r.Ask},\"mid_price\":{(r.Bid + r.Ask) / 2},\"depth_bid_1\":1000,\"depth_ask_1\":1000,\"last_trade_price\":{r.Ltp}}}"));
        File.WriteAllLines(Path.Combine(dir, "snapshots", "flip-1.jsonl"), lines);
        return dir;
    }

    private string Whitelist(params string[] ids)
    {
        var path = _dir.File("wl-" + string.Join('-', ids) + ".json");
        File.WriteAllText(path, "[" + string.Join(',', ids.Select(i => $"\"{i}\"")) + "]");
        return path;
    }

    private static string Envelope(DateTimeOffset t, string frame, bool rest = false)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        new WsEnvelope(WsEnvelope.ToMicros(t), rest ? 0 : 1, frame, rest ? WsEnvelope.RestBookKind : null).WriteLine(buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan).TrimEnd('\n');
    }

    private static string Ms(DateTimeOffset t) => t.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// A market-channel recording of one market (YES 11, NO 12): a 0.49 / 0.51 YES book with 300 shares at 0.48, then a
    /// cycle of level changes at 0.48 and prints at, and through, our levels, some of them as the mirrored NO print.
    /// </summary>
    private string Recording(int lagMs = 0, int frames = 40)
    {
        var dir = _dir.File("rec" + lagMs.ToString(CultureInfo.InvariantCulture) + "-" + frames.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "markets.json"),
            """{"format":"polymm-ws-1","markets":[{"condition_id":"0xm1","title":"Market 1","yes_token_id":"11","no_token_id":"12","tick_size":"0.01","min_order_size":"5","rewards":null,"fees":null,"gamma":{} }]}""");
        var lines = new List<string>
        {
            Envelope(T0, $$"""[{"market":"0xm1","asset_id":"11","bids":[{"price":"0.49","size":"500"},{"price":"0.48","size":"300"}],"asks":[{"price":"0.51","size":"500"},{"price":"0.52","size":"300"}],"timestamp":"{{Ms(T0)}}"}]""", rest: true),
        };
        for (var i = 1; i <= frames; i++)
        {
            var t = T0.AddSeconds(i);
            var frame = (i % 5) switch
            {
                0 => $$"""{"event_type":"last_trade_price","market":"0xm1","asset_id":"11","price":"0.48","size":"{{100 + (i * 7)}}","side":"SELL","timestamp":"{{Ms(t)}}"}""",
                1 => $$"""{"event_type":"price_change","market":"0xm1","timestamp":"{{Ms(t)}}","price_changes":[{"asset_id":"11","price":"0.48","side":"BUY","size":"{{150 + (i * 3)}}","hash":"h{{i}}","best_bid":"0.49","best_ask":"0.51"},{"asset_id":"12","price":"0.52","side":"SELL","size":"{{150 + (i * 3)}}","hash":"h{{i}}","best_bid":"0.49","best_ask":"0.51"}]}""",
                2 => $$"""{"event_type":"last_trade_price","market":"0xm1","asset_id":"12","price":"0.52","size":"{{50 + i}}","side":"BUY","timestamp":"{{Ms(t)}}"}""",
                3 => $$"""{"event_type":"last_trade_price","market":"0xm1","asset_id":"11","price":"0.52","size":"{{200 + i}}","side":"BUY","timestamp":"{{Ms(t)}}"}""",
                _ => $$"""{"event_type":"last_trade_price","market":"0xm1","asset_id":"11","price":"{{(i % 3 == 0 ? "0.47" : "0.53")}}","size":"20","side":"{{(i % 3 == 0 ? "SELL" : "BUY")}}","timestamp":"{{Ms(t)}}"}""",
            };
            // Received lagMs × (i mod 4) after the venue's timestamp: delays 0, lag, 2 lag, 3 lag.
            lines.Add(Envelope(t.AddMilliseconds(lagMs * (i % 4)), frame));
        }

        using var gz = new GZipStream(File.Create(Path.Combine(dir, "ws-20260301T12.jsonl.gz")), CompressionLevel.Fastest);
        gz.Write(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));
        return dir;
    }

    private static JsonElement Model(JsonDocument doc, string name) =>
        doc.RootElement.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("model").GetString() == name);

    private static decimal TotalValue(MmResult run) =>
        decimal.Parse(Regex.Match(run.Stdout, @"total_value=([-0-9.]+)").Groups[1].Value, CultureInfo.InvariantCulture);

    private static long Fills(MmResult run) =>
        long.Parse(Regex.Match(run.Stdout, @"Run complete: .* fills=(\d+)").Groups[1].Value, CultureInfo.InvariantCulture);

    [Fact]
    public void Sensitivity_SignFlipFixture_TouchProfitsTradeThroughLosesAndTheFlagSaysSo()
    {
        var json = _dir.File("s.json");

        var result = Mm.Run("sensitivity", "--fixture-dir", FlipFixture(), "--whitelist", Whitelist("flip-1"), "--markets", "1", "--skew-ticks", "0",
            "--output-json", json);

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var tradeThrough = Model(doc, "trade-through");
        // Trade-through fills the 0.48 bid only on the prints through it: 0.47 at 02:00:10, and 0.45 at 02:00:12 (the bid
        // re-placed at 02:00:10 is live by then). Each buys floor(10 / 0.48, 0.01) = 20.83 shares = 9.9984 USD, fee
        // round(9.9984 × 2 / 10000, 6) = 0.002000. Held 41.66 at 0.48 marked at 0.45: 41.66 × (0.45 − 0.48) = −1.2498;
        // net = −1.2498 − 2 × 0.002 = −1.2538.
        Assert.Equal(2, tradeThrough.GetProperty("fills").GetInt64());
        Assert.Equal(41.66m, tradeThrough.GetProperty("filled_shares").GetDecimal());
        Assert.Equal(-1.2538m, tradeThrough.GetProperty("net_pnl_usd").GetDecimal());
        // Touch also takes the four prints exactly at its limits: two round trips of 20.83 × (0.52 − 0.48) = 0.8332 each.
        Assert.True(Model(doc, "touch").GetProperty("net_pnl_usd").GetDecimal() > 0m, File.ReadAllText(json));
        Assert.True(doc.RootElement.GetProperty("sign_depends_on_model").GetBoolean());
        Assert.Equal(Model(doc, "touch").GetProperty("net_pnl_usd").GetDecimal(), doc.RootElement.GetProperty("band").GetProperty("max_net_pnl_usd").GetDecimal());
        Assert.StartsWith("profitable only under optimistic fill models", doc.RootElement.GetProperty("flag").GetString(), StringComparison.Ordinal);
        Assert.Contains("WARNING: profitable only under optimistic fill models: profitable under touch; losing under trade-through", result.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(_dir.File("s.md")) && File.Exists(_dir.File("s.csv")));
        Assert.Contains("profitable only under optimistic fill models", File.ReadAllText(_dir.File("s.md")), StringComparison.Ordinal);
        Assert.Equal(7, File.ReadAllLines(_dir.File("s.csv")).Length);
    }

    [Fact]
    public void Sensitivity_Recording_EachModelEqualsItsOwnRunAndTheBandSpansThem()
    {
        var rec = Recording();
        var json = _dir.File("rec.json");
        var runId = "mm-20260301T120000-00aa11";

        var result = Mm.Run("sensitivity", "--fixture-dir", rec, "--markets", "1", "--run-id", runId, "--output-json", json);

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal("l2", doc.RootElement.GetProperty("data").GetString());
        var nets = new List<decimal>();
        foreach (var (model, flags) in new[]
        {
            ("touch", new[] { "--fill-model", "touch" }), ("trade-through", ["--fill-model", "trade-through"]), ("probabilistic", ["--fill-model", "probabilistic"]),
            ("queue:risk-averse", ["--fill-model", "queue"]), ("queue:power:2", ["--fill-model", "queue", "--queue-function", "power:2"]),
            ("queue:log", ["--fill-model", "queue", "--queue-function", "log"]),
        })
        {
            // The fan-out engine of each model sees exactly what a run of that model alone sees.
            var alone = Mm.Run(["run", "--fixture-dir", rec, "--markets", "1", "--run-id", runId, "--db", _dir.File(model.Replace(':', '_') + ".db"), "--reports-dir", _dir.File("r"), .. flags]);
            Assert.True(alone.ExitCode == 0, alone.Stdout + alone.Stderr);
            var row = Model(doc, model);
            Assert.Equal(Fills(alone), row.GetProperty("fills").GetInt64());
            Assert.Equal(TotalValue(alone) - 10_000m, row.GetProperty("net_without_rewards_usd").GetDecimal());
            nets.Add(row.GetProperty("net_pnl_usd").GetDecimal());
        }

        var band = doc.RootElement.GetProperty("band");
        Assert.Equal(nets.Min(), band.GetProperty("min_net_pnl_usd").GetDecimal());
        Assert.Equal(nets.Max(), band.GetProperty("max_net_pnl_usd").GetDecimal());
        // The models disagree on this stream: touch fills on every print at its limits, trade-through only on those through them.
        Assert.True(Model(doc, "touch").GetProperty("fills").GetInt64() > Model(doc, "trade-through").GetProperty("fills").GetInt64(), File.ReadAllText(json));
        Assert.True(Model(doc, "touch").GetProperty("filled_shares").GetDecimal() >= Model(doc, "queue:log").GetProperty("filled_shares").GetDecimal());
    }

    [Fact]
    public void Sensitivity_PollingFixtureWithFillLimit_EachModelEqualsItsOwnRun()
    {
        var fixture = FixtureWriter.RandomWalk(_dir.File("walk"), markets: 2, snapshots: 300, seed: 5);
        var runId = "mm-20260206T020000-00bb22";
        string[] common = ["--fixture-dir", fixture, "--whitelist", Whitelist("mkt-00", "mkt-01"), "--run-id", runId, "--max-fills", "7", "--k-ticks", "1", "--tick-size", "0.001"];

        var result = Mm.Run(["sensitivity", .. common, "--models", "touch,trade-through,queue:power:3", "--output-json", _dir.File("walk.json")]);

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        using var doc = JsonDocument.Parse(File.ReadAllText(_dir.File("walk.json")));
        Assert.Equal(3, doc.RootElement.GetProperty("models").GetArrayLength());
        foreach (var (model, flags) in new[] { ("touch", new[] { "--fill-model", "touch" }), ("trade-through", ["--fill-model", "trade-through"]), ("queue:power:3", ["--fill-model", "queue", "--queue-function", "power:3"]) })
        {
            var alone = Mm.Run(["run", .. common, "--db", _dir.File(model.Replace(':', '_') + ".db"), "--reports-dir", _dir.File("r"), .. flags]);
            Assert.True(alone.ExitCode == 0, alone.Stdout + alone.Stderr);
            Assert.Equal(Fills(alone), Model(doc, model).GetProperty("fills").GetInt64());
            Assert.Equal(TotalValue(alone) - 10_000m, Model(doc, model).GetProperty("net_without_rewards_usd").GetDecimal());
        }

        // The fill limit stopped touch (7 fills) while the stricter models went on.
        Assert.Equal("max_fills", Model(doc, "touch").GetProperty("stop_reason").GetString());
    }

    [Theory]
    [InlineData(false, 0)]
    [InlineData(false, 9)]
    [InlineData(true, 0)]
    public void Sensitivity_ThreadedAndOneThread_EveryModelsSummaryAndReportsIdentical(bool recording, long maxFills)
    {
        // The six default models over a 3-market random walk (or the L2 recording), once on one thread and then on two and
        // three threads with small batches (many batch boundaries and ring wrap-arounds): same outcome per model, field by
        // field, and the same JSON, Markdown and CSV (docs/design.md#parallel-fan-out).
        var settings = new RunSettings
        {
            FixtureDir = recording ? Recording(frames: 400) : FixtureWriter.RandomWalk(_dir.File("walk3"), markets: 3, snapshots: 400, seed: 9),
            Whitelist = recording ? null : Whitelist("mkt-00", "mkt-01", "mkt-02"),
            Markets = recording ? 1 : 3,
            RunId = "mm-20260206T020000-00cc33",
            MaxFills = maxFills,
            KTicks = 1,
            TickSize = recording ? 0.01m : 0.001m,
        };
        var specs = FillModelSpec.ParseList(FillModelSpec.DefaultList);

        var one = SensitivityRun.Run(settings, specs, T0, CancellationToken.None, new Core.Engine.FanOutOptions { Threads = 1 });
        foreach (var fanOut in new[] { new Core.Engine.FanOutOptions { Threads = 2, BatchEvents = 5, Batches = 2 }, new Core.Engine.FanOutOptions { Threads = 3, BatchEvents = 64 } })
        {
            var threaded = SensitivityRun.Run(settings, specs, T0, CancellationToken.None, fanOut);

            Assert.Equal(one.Models.Count, threaded.Models.Count);
            for (var i = 0; i < one.Models.Count; i++)
            {
                Assert.Equal(one.Models[i] with { MarkoutPerShare = [] }, threaded.Models[i] with { MarkoutPerShare = [] });
                Assert.Equal(one.Models[i].MarkoutPerShare, threaded.Models[i].MarkoutPerShare);
            }

            Assert.Equal(SensitivityReport.Json(one), SensitivityReport.Json(threaded));
            Assert.Equal(SensitivityReport.Markdown(one), SensitivityReport.Markdown(threaded));
            Assert.Equal(SensitivityReport.Csv(one), SensitivityReport.Csv(threaded));
        }

        Assert.All(one.Models.Take(3), m => Assert.True(m.Fills > 0, m.Model));
        if (maxFills > 0)
        {
            Assert.Contains(one.Models, m => m.StopReason == "max_fills");
        }
    }

    [Fact]
    public void Sensitivity_MalformedRowMidFixture_OneLineErrorNamingFileAndLineOnEveryThreadCount()
    {
        // Row 251 of the second market breaks while six engines run on the worker threads: one `error:` line naming it,
        // exit 2, and the one-thread run fails with the same message.
        var fixture = FixtureWriter.RandomWalk(_dir.File("broken"), markets: 2, snapshots: 400, seed: 4);
        var file = Path.Combine(fixture, "snapshots", "mkt-01.jsonl");
        var lines = File.ReadAllLines(file);
        lines[250] = "{\"best_bid\":0.49,\"best_ask\":";
        File.WriteAllLines(file, lines);
        var settings = new RunSettings { FixtureDir = fixture, Whitelist = Whitelist("mkt-00", "mkt-01"), Markets = 2, RunId = "mm-20260206T020000-00dd44" };

        var result = Mm.Run("sensitivity", "--fixture-dir", fixture, "--whitelist", settings.Whitelist, "--markets", "2", "--output-json", _dir.File("broken.json"));
        var one = Assert.Throws<PolyMM.Data.Fixtures.FixtureFormatException>(() =>
            SensitivityRun.Run(settings, FillModelSpec.ParseList(FillModelSpec.DefaultList), T0, CancellationToken.None, new Core.Engine.FanOutOptions { Threads = 1 }));

        var threaded = Assert.Throws<PolyMM.Data.Fixtures.FixtureFormatException>(() =>
            SensitivityRun.Run(settings, FillModelSpec.ParseList(FillModelSpec.DefaultList), T0, CancellationToken.None, new Core.Engine.FanOutOptions { Threads = 2, BatchEvents = 16, Batches = 2 }));

        Assert.Equal(one.Message, threaded.Message);
        Assert.Equal(2, result.ExitCode);
        var stderr = result.Stderr.TrimEnd('\n').Split('\n');
        Assert.Single(stderr);
        Assert.Equal("error: " + one.Message, stderr[0]);
        Assert.Contains("mkt-01.jsonl:251:", stderr[0], StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.File("broken.json")));
    }

    [Theory]
    [InlineData("touch,strict-ish", "error: --models: unknown fill model 'strict-ish'; valid: touch, trade-through, probabilistic, queue:risk-averse, queue:power:N or queue:log")]
    [InlineData("queue:power:x", "error: --models: unknown queue function 'power:x' in 'queue:power:x'; valid: risk-averse, power:N (N > 0) or log")]
    [InlineData("touch,touch", "error: --models: 'touch' is listed twice")]
    public void Sensitivity_BadModelList_OneLineErrorNamingTheValidOnes(string models, string expected)
    {
        var result = Mm.Run("sensitivity", "--models", models, "--output-json", _dir.File("x.json"));

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(expected, result.Stderr.Trim());
        Assert.False(File.Exists(_dir.File("x.json")));
    }

    [Fact]
    public void Sensitivity_QueueOnFixtureWithoutDepth_OneLineErrorNamingTheMissingFields()
    {
        var fixture = SampleFixture.CopyTo(_dir.File("nodepth"));
        foreach (var path in Directory.GetFiles(Path.Combine(fixture, "snapshots")))
        {
            File.WriteAllLines(path, File.ReadAllLines(path).Select(l => Regex.Replace(l, @",""depth_(bid|ask)_1"":[0-9.]+", string.Empty)));
        }

        var result = Mm.Run("sensitivity", "--fixture-dir", fixture, "--whitelist", Whitelist("sample-mkt-1", "sample-mkt-2"), "--output-json", _dir.File("x.json"));

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: --models queue:risk-averse,queue:power:2,queue:log needs displayed depth: the fixture's rows have no depth_bid_1 or depth_ask_1", result.Stderr.Trim());
    }

    [Fact]
    public void Sensitivity_DefaultOutput_WritesReportsSensitivityTagBesideEachOther()
    {
        var reports = _dir.File("reports");

        var result = Mm.Run("sensitivity", "--run-tag", "SENS", "--reports-dir", reports);

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        foreach (var ext in new[] { ".json", ".md", ".csv" })
        {
            Assert.True(File.Exists(Path.Combine(reports, "sensitivity_SENS" + ext)), ext);
        }

        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(reports, "sensitivity_SENS.json")));
        Assert.Equal(["touch", "trade-through", "probabilistic", "queue:risk-averse", "queue:power:2", "queue:log"],
            doc.RootElement.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("model").GetString()));
    }

    [Fact]
    public void Experiment_WithSensitivity_WritesTheReportOfTheRealRunsTagAndLogsTheStep()
    {
        var reports = _dir.File("reports");

        var result = Mm.Run("experiment", "--db", _dir.File("trades.db"), "--reports-dir", reports, "--sensitivity", "--quiet");

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Contains("[7/8] Fill-model sensitivity", result.Stdout, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(reports, "sensitivity_MARKET_MAKING_TEST.json")));
        Assert.Equal(6, doc.RootElement.GetProperty("models").GetArrayLength());
        Assert.Equal("2", doc.RootElement.GetProperty("params").GetProperty("k_ticks").GetString());
        Assert.Contains("$ mm sensitivity ", File.ReadAllText(Path.Combine(reports, "run_log.txt")), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_QueueOnRecording_StoresTheL2EstimateAndSaysNothingAboutL1()
    {
        var db = _dir.File("q.db");

        var result = Mm.Run("run", "--fixture-dir", Recording(), "--markets", "1", "--db", db, "--reports-dir", _dir.File("r"), "--fill-model", "queue");

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        using var doc = JsonDocument.Parse(Db.Scalar(db, "SELECT params FROM runs")!.ToString()!);
        Assert.Equal("l2", doc.RootElement.GetProperty("queue_estimate").GetString());
        Assert.DoesNotContain("estimated from L1", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_LatencyFromRecording_StatesTheDistributionInParamsAndSensitivityAgreesPerModel()
    {
        // One delay per event: frame i (1..40) is received i mod 4 × 150 ms late; the 8 price_change frames (i mod 5 = 1)
        // carry two events (YES and NO entries), so 0, 150, 300, 450 ms appear 12 times each, plus the REST book's event
        // at 0: 49 samples, 13 zeros. Nearest rank: p50 = rank ceil(0.5 × 49) = 25 → 150 ms, p95 = rank 47 → 450 ms.
        var rec = Recording(lagMs: 150);
        var db = _dir.File("lat.db");
        var runId = "mm-20260301T120000-00cc33";

        var run = Mm.Run("run", "--fixture-dir", rec, "--markets", "1", "--db", db, "--run-id", runId, "--reports-dir", _dir.File("r"), "--fill-model", "touch", "--latency-from-recording");
        var sens = Mm.Run("sensitivity", "--fixture-dir", rec, "--markets", "1", "--run-id", runId, "--models", "touch", "--output-json", _dir.File("lat.json"), "--latency-from-recording");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.True(sens.ExitCode == 0, sens.Stdout + sens.Stderr);
        using var p = JsonDocument.Parse(Db.Scalar(db, "SELECT params FROM runs")!.ToString()!);
        Assert.Equal("recorded", p.RootElement.GetProperty("latency").GetString());
        Assert.Equal(49, p.RootElement.GetProperty("latency_samples").GetInt32());
        Assert.Equal(150m, p.RootElement.GetProperty("latency_p50_ms").GetDecimal());
        Assert.Equal(450m, p.RootElement.GetProperty("latency_p95_ms").GetDecimal());
        using var doc = JsonDocument.Parse(File.ReadAllText(_dir.File("lat.json")));
        Assert.Equal("recorded", doc.RootElement.GetProperty("params").GetProperty("latency").GetString());
        Assert.Equal(Fills(run), Model(doc, "touch").GetProperty("fills").GetInt64());
        Assert.Equal(TotalValue(run) - 10_000m, Model(doc, "touch").GetProperty("net_without_rewards_usd").GetDecimal());
        // Orders went live 0, 150, 300 or 450 ms after they were sent, not the constant 100 ms (those cancelled while still
        // entering keep the provisional time and are left out by looking at accepted ones: filled or with a fill count).
        var lags = Db.Rows(db, "SELECT DISTINCT (live_us - sent_us) / 1000 FROM orders WHERE fill_count > 0");
        Assert.NotEmpty(lags);
        Assert.All(lags, l => Assert.Contains(l, new[] { "0", "150", "300", "450" }));
        Assert.DoesNotContain("100", lags);
    }

    [Fact]
    public void Run_LatencyFromRecordingOnAPollingFixture_OneLineError()
    {
        var result = Mm.Run("run", "--db", _dir.File("x.db"), "--latency-from-recording");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: --latency-from-recording needs a market-channel recording as --fixture-dir (offline; its frames carry receive and source times)", result.Stderr.Trim());
    }

    [Fact]
    public void Calibrate_L2Recording_FitsTheGridPointClosestToTheQueueModelsFillRate()
    {
        var csv = _dir.File("fit.csv");

        var result = Mm.Run("calibrate", "--fixture-dir", Recording(frames: 600), "--queue-function", "power:2", "--output-csv", csv);

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        var rows = File.ReadAllLines(csv).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(60, rows.Count);
        var queueRate = double.Parse(Regex.Match(result.Stdout, @"Queue model \(queue:power:2\): orders=\d+ filled=\d+ rate=([0-9.]+)").Groups[1].Value, CultureInfo.InvariantCulture);
        // Each row's error is |its rate − the queue model's rate|, computed from the unrounded queue rate, which is printed to
        // 6 decimals: the two differ by at most 0.0000005, so they are compared within 0.000001 (rounding both to 5 places
        // fails whenever they straddle a rounding boundary, e.g. 0.00190498 and 0.00190537).
        Assert.All(rows, r => Assert.Equal(Math.Abs(double.Parse(r[5], CultureInfo.InvariantCulture) - queueRate), double.Parse(r[6], CultureInfo.InvariantCulture), 0.000001));
        var best = rows.MinBy(r => double.Parse(r[6], CultureInfo.InvariantCulture))!;
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"Best fit: alpha={best[0]} base_liquidity={best[1]} p_max={best[2]} "), result.Stdout, StringComparison.Ordinal);
        // The grid is not flat on this data: p_max and base_liquidity change how many orders the probabilistic model fills.
        Assert.True(rows.Select(r => r[5]).Distinct().Count() > 1, File.ReadAllText(csv));
    }
}
