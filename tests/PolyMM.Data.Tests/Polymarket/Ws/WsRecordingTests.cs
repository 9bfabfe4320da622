using System.IO.Compression;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using PolyMM.Core.Market;
using PolyMM.Data.Fixtures;
using PolyMM.Data.Polymarket;
using PolyMM.Data.Polymarket.Ws;

namespace PolyMM.Data.Tests.Polymarket.Ws;

public sealed class WsRecordingTests
{
    private const string Yes = "71321045679252212594626385532706912750332728571942532289631379312455583992563";
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 10, 59, 59, TimeSpan.Zero);

    private const string GammaJson =
        "{\"conditionId\":\"0xabc\",\"orderPriceMinTickSize\":0.001,\"orderMinSize\":5,\"rewardsMinSize\":100,\"rewardsMaxSpread\":3.5,"
        + "\"clobRewards\":[{\"rewardsDailyRate\":10}],\"feeSchedule\":{\"rate\":0.04,\"exponent\":1,\"takerOnly\":true,\"rebateRate\":0.25}}";

    // The terms as the parser reads them (GammaMarket.Economics); the writer takes them from there, not from the raw text.
    internal static GammaMarket Market(string yes = Yes, string no = "222") => new(
        "0xabc", "1", "0xabc", "Will it?", "will-it", ["Yes", "No"], [0.5m, 0.5m], [yes, no], false, GammaJson, OrderMinSize: 5m)
    {
        Economics = MarketEconomics.FromGamma(GammaJson),
    };

    private static string Book(long ms, string bid) =>
        $"{{\"event_type\":\"book\",\"asset_id\":\"{Yes}\",\"market\":\"0xabc\",\"timestamp\":\"{ms}\",\"bids\":[{{\"price\":\"{bid}\",\"size\":\"10\"}}],\"asks\":[{{\"price\":\"0.9\",\"size\":\"10\"}}]}}";

    private static List<MarketEvent> Drain(WsRecordingReader feed)
    {
        var list = new List<MarketEvent>();
        while (feed.TryRead(out var e))
        {
            list.Add(e);
        }

        return list;
    }

    [Fact]
    public void MarketsFile_WriteThenRead_KeepsTokensTickMinSizeRewardsAndFees()
    {
        using var dir = new TempDir();

        WsMarketsFile.Write(dir.Path, [Market()]);
        var spec = Assert.Single(WsMarketsFile.Read(dir.Path));

        Assert.Equal(("0xabc", Yes, "222"), (spec.ConditionId, spec.YesTokenId, spec.NoTokenId));
        Assert.Equal(0.001m, spec.TickSize);
        Assert.Equal(5m, spec.MinOrderSize);
        // 3.5 cents of max spread = 0.035 in price units.
        Assert.Equal(new Core.Instruments.RewardTerms(0.035m, 100m, 10m), spec.Rewards);
        Assert.Equal(new Core.Instruments.FeeSchedule(0.04m, 1m, 0.25m), spec.Fees);
    }

    [Theory]
    [InlineData("\"rewardsMaxSpread\":3.5,\"rewardsMinSize\":100,\"clobRewards\":[{\"rewardsDailyRate\":10}],\"feeSchedule\":{\"rate\":0.04,\"exponent\":1,\"rebateRate\":0.25}")]
    [InlineData("\"rewardsMaxSpread\":\"3.50\",\"rewardsMinSize\":\"100\",\"clobRewards\":[{\"rewardsDailyRate\":\"7\"},{\"rewardsDailyRate\":3}]")]
    [InlineData("\"feesEnabled\":false")]
    [InlineData("\"rewardsMaxSpread\":3.5,\"rewardsMinSize\":-1,\"clobRewards\":[{\"rewardsDailyRate\":10}],\"feeSchedule\":{\"rate\":-1,\"exponent\":1,\"rebateRate\":0}")]
    [InlineData("\"rewardsMaxSpread\":3.5,\"feeSchedule\":{\"rate\":0.04}")]
    [InlineData("\"question\":\"none stated\"")]
    public void MarketsFile_Entries_TermsEqualTheParsedMarketsSoPolledAndRecordedRunsAgree(string fields)
    {
        // One Gamma object, parsed as discovery parses it (polled runs use Economics directly), then written to and read
        // back from markets.json (channel runs and replays): the same reward terms and fee schedule, odd ones dropped by both.
        var json = "{\"id\":\"1\",\"conditionId\":\"0xabc\",\"outcomes\":[\"Yes\",\"No\"],\"clobTokenIds\":[\"11\",\"22\"]," + fields + "}";
        var market = PolymarketParser.ParseGammaMarket(json).Value!;

        var spec = Assert.Single(WsMarketsFile.Entries([market])).Instrument;

        Assert.Equal(market.Economics.Rewards, spec.Rewards);
        Assert.Equal(market.Economics.Fees, spec.Fees);
        Assert.Equal(MarketEconomics.FromGamma(json), market.Economics);
    }

    [Fact]
    public void MarketsFile_Write_StatesTheSpreadInCentsAsGammaDid()
    {
        using var dir = new TempDir();

        WsMarketsFile.Write(dir.Path, [Market()]);

        // 0.035 in price units × 100 = 3.500 in decimal arithmetic; the file says 3.5 like the Gamma object.
        var text = File.ReadAllText(Path.Combine(dir.Path, WsMarketsFile.FileName));
        Assert.Contains("\"max_spread_cents\": \"3.5\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Recorder_FramesAcrossAnHour_OneFilePerHourAndReplayedInOrder()
    {
        using var dir = new TempDir();
        WsMarketsFile.Write(dir.Path, [Market()]);
        var time = new FakeTimeProvider(T0);
        using (var rec = new WsRecorder(dir.Path, time))
        {
            rec.Append(T0, 1, Book(1764586799000, "0.4"));
            rec.Append(T0.AddSeconds(2), 1, Book(1764586801000, "0.41"));
            rec.Append(T0.AddSeconds(3), 0, "[" + Book(1764586802000, "0.42") + "]", WsEnvelope.RestBookKind);
        }

        Assert.Equal(["ws-20261201T10.jsonl.gz", "ws-20261201T11.jsonl.gz"], Directory.GetFiles(dir.Path, "ws-*").Select(Path.GetFileName).Order());
        using var reader = new WsRecordingReader(dir.Path);
        var events = Drain(reader);
        Assert.Equal([0.4m, 0.41m, 0.42m], events.Select(e => e.Book!.Bids[0].Price));
        Assert.Equal(T0, events[0].TsRecv);
        Assert.Equal(3, reader.Envelopes);
    }

    [Fact]
    public void Recorder_EnvelopeLine_KeepsTheFrameVerbatim()
    {
        using var dir = new TempDir();
        const string Frame = "{\"event_type\":\"x\", \"odd\" : \"\\u00e9\\n\"}";
        using (var rec = new WsRecorder(dir.Path, new FakeTimeProvider(T0)))
        {
            rec.Append(T0, 3, Frame);
        }

        using var gz = new GZipStream(File.OpenRead(Directory.GetFiles(dir.Path)[0]), CompressionMode.Decompress);
        var line = new StreamReader(gz).ReadLine()!;
        Assert.True(WsEnvelope.TryParse(line, out var env));
        Assert.Equal(Frame, env.Frame);
        Assert.Equal(3, env.Conn);
        Assert.Equal(WsEnvelope.ToMicros(T0), env.RecvTsUs);
        Assert.StartsWith("{\"recv_ts_us\":", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Reader_TruncatedLastMember_CountsItWithTheFileAndKeepsEveryEarlierLine()
    {
        using var dir = new TempDir();
        WsMarketsFile.Write(dir.Path, [Market()]);
        using (var rec = new WsRecorder(dir.Path, new FakeTimeProvider(T0)))
        {
            rec.Append(T0, 1, Book(1764586799000, "0.4"));
            rec.Flush();
            rec.Append(T0, 1, Book(1764586799001, "0.41"));
        }

        // A recorder killed while writing its third member: only half of the member reached the disk.
        var file = Directory.GetFiles(dir.Path, "ws-*")[0];
        var member = GzipMember(new WsEnvelope(WsEnvelope.ToMicros(T0), 1, Book(1764586799002, "0.42")));
        using (var f = new FileStream(file, FileMode.Append))
        {
            f.Write(member, 0, member.Length / 2);
        }

        using var reader = new WsRecordingReader(dir.Path);
        var events = Drain(reader);

        Assert.Equal([0.4m, 0.41m], events.Select(e => e.Book!.Bids[0].Price));
        Assert.Equal(1, reader.Skipped["truncated_gzip"]);
        Assert.Equal("ws-20261201T10.jsonl.gz:3: truncated_gzip", Assert.Single(reader.Problems));
    }

    [Fact]
    public void Reader_LineNotAnEnvelopeAndFrameNotJson_CountedAndTheReplayGoesOn()
    {
        using var dir = new TempDir();
        WsMarketsFile.Write(dir.Path, [Market()]);
        var text = Line(new WsEnvelope(1, 1, Book(1764586799000, "0.4"))) + "not json at all\n"
            + Line(new WsEnvelope(2, 1, "{oops")) + Line(new WsEnvelope(3, 1, "PONG")) + Line(new WsEnvelope(4, 1, Book(1764586799001, "0.45")));
        File.WriteAllBytes(Path.Combine(dir.Path, "ws-20261201T10.jsonl.gz"), Gzip(Encoding.UTF8.GetBytes(text)));

        using var reader = new WsRecordingReader(dir.Path);
        var events = Drain(reader);

        Assert.Equal(2, events.Count);
        Assert.Equal(1, reader.Skipped["not_an_envelope"]);
        Assert.Equal(1, reader.Skipped["bad_json"]);
        Assert.Equal(1, reader.Skipped["control_text"]);
        Assert.Equal("ws-20261201T10.jsonl.gz:2: not_an_envelope", Assert.Single(reader.Problems));
    }

    [Fact]
    public void Reader_DirectoryWithoutMarketsJson_OneLineErrorNamingIt()
    {
        using var dir = new TempDir();

        var e = Assert.Throws<FixtureFormatException>(() => new WsRecordingReader(dir.Path));

        Assert.Contains(dir.Path, e.Message, StringComparison.Ordinal);
        Assert.Contains("no markets.json", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Reader_EventTimesOutOfArrivalOrder_ReleasedInEventTimeOrder()
    {
        using var dir = new TempDir();
        WsMarketsFile.Write(dir.Path, [Market()]);
        using (var rec = new WsRecorder(dir.Path, new FakeTimeProvider(T0)))
        {
            // Received in this order; the second frame's venue time is 2 s earlier than the first's.
            rec.Append(T0, 1, Book(1764586805000, "0.40"));
            rec.Append(T0, 2, Book(1764586803000, "0.30"));
            rec.Append(T0, 1, Book(1764586830000, "0.50"));
        }

        using var reader = new WsRecordingReader(dir.Path, TimeSpan.FromSeconds(10));
        var events = Drain(reader);

        Assert.Equal([0.30m, 0.40m, 0.50m], events.Select(e => e.Book!.Bids[0].Price));
        Assert.Equal([1L, 0L, 2L], events.Select(e => e.Sequence));
    }

    [Fact]
    public void Detect_EachLayout_NamesIt()
    {
        using var ws = new TempDir();
        using var snaps = new TempDir();
        using var empty = new TempDir();
        WsMarketsFile.Write(ws.Path, [Market()]);
        Directory.CreateDirectory(Path.Combine(snaps.Path, "snapshots"));

        Assert.Equal(RecordingKind.MarketChannel, RecordingFormat.Detect(ws.Path));
        Assert.Equal(RecordingKind.Snapshots, RecordingFormat.Detect(snaps.Path));
        Assert.Equal(RecordingKind.Unknown, RecordingFormat.Detect(empty.Path));
    }

    private static string Line(WsEnvelope e)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        e.WriteLine(buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static byte[] GzipMember(WsEnvelope e) => Gzip(Encoding.UTF8.GetBytes(Line(e)));

    private static byte[] Gzip(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
        {
            gz.Write(data);
        }

        return ms.ToArray();
    }

    [Fact]
    public void TryRead_LongRecording_ReadsOnlyAsFarAsTheReorderWindow()
    {
        using var dir = new TempDir();
        WsMarketsFile.Write(dir.Path, [Market()]);
        using (var rec = new WsRecorder(dir.Path, new FakeTimeProvider(T0)))
        {
            for (var i = 0; i < 20_000; i++)
            {
                // One book a second of venue time.
                rec.Append(T0, 1, Book(1764586799000 + (1000L * i), "0.4"));
            }
        }

        using var reader = new WsRecordingReader(dir.Path, TimeSpan.FromSeconds(10));
        Assert.True(reader.TryRead(out _));

        // The first event (t) is released once the stream reaches t + 10 s: the 11th envelope, not the 20,000th.
        Assert.Equal(11, reader.Envelopes);
    }
}
