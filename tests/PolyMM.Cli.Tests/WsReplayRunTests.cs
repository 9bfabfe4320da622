using System.Globalization;
using System.IO.Compression;
using System.Text;
using PolyMM.Cli.Tests.Support;
using PolyMM.Data.Polymarket.Ws;

namespace PolyMM.Cli.Tests;

/// <summary><c>mm run --fixture-dir DIR</c> on a market-channel recording (docs/design.md#websocket-recording).</summary>
public sealed class WsReplayRunTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Market(string id, string yes, string no) =>
        $$"""{"condition_id":"{{id}}","title":"Market {{id}}","yes_token_id":"{{yes}}","no_token_id":"{{no}}","tick_size":"0.01","min_order_size":"5","rewards":null,"fees":null,"gamma":{} }""";

    private static string Envelope(DateTimeOffset t, string frame, bool rest = false)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        new WsEnvelope(WsEnvelope.ToMicros(t), rest ? 0 : 1, frame, rest ? WsEnvelope.RestBookKind : null).WriteLine(buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan).TrimEnd('\n');
    }

    private static string Ms(DateTimeOffset t) => t.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Two markets (tokens 11/12 and 21/22) with a 0.49 / 0.51 YES book, then per second one print: a SELL at 0.47
    /// (through a 0.48 bid) and a BUY at 0.53 (through a 0.52 or skewed 0.51 ask), alternating, for market 1 only;
    /// one line that is not an envelope in the middle.
    /// </summary>
    private string WriteRecording(int prints = 10)
    {
        var dir = _dir.File("rec");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "markets.json"),
            "{\"format\":\"polymm-ws-1\",\"markets\":[" + Market("0xm1", "11", "12") + "," + Market("0xm2", "21", "22") + "]}");
        var lines = new List<string>();
        var books = string.Join(",", new[] { ("0xm1", "11"), ("0xm2", "21") }.Select(b =>
            $$"""{"market":"{{b.Item1}}","asset_id":"{{b.Item2}}","bids":[{"price":"0.49","size":"500"}],"asks":[{"price":"0.51","size":"500"}],"timestamp":"{{Ms(T0)}}"}"""));
        lines.Add(Envelope(T0, "[" + books + "]", rest: true));
        for (var i = 1; i <= prints; i++)
        {
            var t = T0.AddSeconds(i);
            var (price, side) = i % 2 == 1 ? ("0.47", "SELL") : ("0.53", "BUY");
            lines.Add(Envelope(t, $$"""{"event_type":"last_trade_price","market":"0xm1","asset_id":"11","price":"{{price}}","size":"1000","side":"{{side}}","timestamp":"{{Ms(t)}}","transaction_hash":"0x{{i:x4}}"}"""));
            if (i == 3)
            {
                lines.Add("not an envelope");
            }
        }

        using var gz = new GZipStream(File.Create(Path.Combine(dir, "ws-20260301T12.jsonl.gz")), CompressionLevel.Fastest);
        gz.Write(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));
        return dir;
    }

    [Fact]
    public void RunFixtureDir_MarketChannelRecording_TradesOnItsPrintsAndReportsDamage()
    {
        var rec = WriteRecording();
        var db = _dir.File("t.db");

        var result = Mm.Run("run", "--fixture-dir", rec, "--db", db, "--markets", "2", "--reports-dir", _dir.File("r"));

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Contains("markets=2 (0xm1, 0xm2)", result.Stdout, StringComparison.Ordinal);
        // 1 REST frame + 10 prints read; the bad line is named with its file and line (line 5: after the 3rd print).
        Assert.Contains("Recording replay: frames=11 ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("not_an_envelope=1", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("recording problem: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("ws-20260301T12.jsonl.gz:5", result.Stderr, StringComparison.Ordinal);
        // Only market 1 printed: its bid filled on a 0.47 SELL print, market 2 never filled.
        Assert.True((long)Db.Scalar(db, "SELECT COUNT(*) FROM trades WHERE market = '0xm1'")! > 0, result.Stdout);
        Assert.Equal(0L, Db.Scalar(db, "SELECT COUNT(*) FROM trades WHERE market = '0xm2'"));
    }

    [Fact]
    public void RunFixtureDir_RecordingWithWhitelist_RunsOnlyTheListedMarket()
    {
        var rec = WriteRecording();
        var wl = _dir.File("wl.json");
        File.WriteAllText(wl, "[\"0xm2\"]");

        var result = Mm.Run("run", "--fixture-dir", rec, "--db", _dir.File("t.db"), "--whitelist", wl, "--reports-dir", _dir.File("r"));

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Contains("markets=1 (0xm2)", result.Stdout, StringComparison.Ordinal);
        // Market 1's prints name tokens outside the run: counted, not traded on.
        Assert.Contains("unknown_asset=", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void RunFixtureDir_RecordingTwice_OneTickPerFrameSameRows()
    {
        var rec = WriteRecording();
        string[] common = ["run", "--fixture-dir", rec, "--run-id", "mm-20260301T120000-00aa11", "--markets", "1", "--reports-dir", _dir.File("r")];

        var a = Mm.Run([.. common, "--db", _dir.File("a.db")]);
        var b = Mm.Run([.. common, "--db", _dir.File("b.db")]);

        Assert.True(a.ExitCode == 0 && b.ExitCode == 0, a.Stderr + b.Stderr);
        // One tick per frame that yields events: the REST frame and the 10 prints.
        Assert.Contains(" ticks=11 ", a.Stdout, StringComparison.Ordinal);
        Assert.Equal(Db.Rows(_dir.File("a.db"), "SELECT * FROM execution_records ORDER BY order_id"), Db.Rows(_dir.File("b.db"), "SELECT * FROM execution_records ORDER BY order_id"));
    }

    [Fact]
    public void RunFixtureDir_RecordingWithoutMarketsJson_OneLineError()
    {
        var rec = WriteRecording();
        File.Delete(Path.Combine(rec, "markets.json"));

        var result = Mm.Run("run", "--fixture-dir", rec, "--db", _dir.File("t.db"));

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: {rec}: no markets.json (not a recording directory)", result.Stderr.Trim());
    }
}
