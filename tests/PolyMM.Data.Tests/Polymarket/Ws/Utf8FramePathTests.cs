using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using PolyMM.Core.Instruments;
using PolyMM.Core.Market;
using PolyMM.Core.Random;
using PolyMM.Data.Fixtures.Synth;
using PolyMM.Data.Polymarket.Ws;

namespace PolyMM.Data.Tests.Polymarket.Ws;

/// <summary>
/// The byte path of a replay against the text path it replaced: decimals read from the bytes, envelope lines read from
/// the writer's layout, lines split as StreamReader splits them, and frames parsed as bytes — each the same values,
/// events and counters as the text way.
/// </summary>
public sealed class Utf8FramePathTests
{
    private static readonly DateTimeOffset Recv = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static int[] Bits(decimal d) => decimal.GetBits(d);

    [Theory]
    [InlineData("0.47")]
    [InlineData("0.470")]
    [InlineData("007.5")]
    [InlineData("00")]
    [InlineData("0.000")]
    [InlineData("1e2")]
    [InlineData("1E-2")]
    [InlineData("2.5e+3")]
    [InlineData("-0.5")]
    [InlineData("-0")]
    [InlineData("+1")]
    [InlineData(".5")]
    [InlineData("5.")]
    [InlineData("99999999999999999999")]
    [InlineData("1000000000000000000000.5")]
    [InlineData("0.1234567890123456789012345678901")]
    public void Utf8Decimal_EdgeShapes_SameValueAndScaleAsDecimalParse(string text)
    {
        Assert.True(PriceChangeFastPath.Utf8Decimal(Encoding.UTF8.GetBytes(text), out var fast));

        // Scale is kept: 0.470 stays three places (bits 470, 0, 0, scale 3 << 16); exponents go through Utf8Parser.
        Assert.Equal(Bits(decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture)), Bits(fast));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("0.4x")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1e400")]
    public void Utf8Decimal_NotWhollyANumber_False(string text) =>
        Assert.False(PriceChangeFastPath.Utf8Decimal(Encoding.UTF8.GetBytes(text), out _));

    [Fact]
    public void Utf8Decimal_RandomValues_SameBitsAsDecimalParseAndUtf8Parser()
    {
        var random = new SeededRandom(11);
        var shapes = new int[3];
        for (var i = 0; i < 50_000; i++)
        {
            var text = RandomNumber(random, out var shape);
            shapes[shape]++;
            var bytes = Encoding.UTF8.GetBytes(text);

            Assert.True(PriceChangeFastPath.Utf8Decimal(bytes, out var fast), text);
            Assert.Equal(Bits(decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture)), Bits(fast));
            Assert.True(Utf8Parser.TryParse(bytes, out decimal reference, out var used) && used == bytes.Length, text);
            Assert.Equal(Bits(reference), Bits(fast));
        }

        // Every shape drawn often: plain prices, sizes with leading and trailing zeros, exponents.
        Assert.All(shapes, n => Assert.True(n > 10_000, string.Join(",", shapes)));
    }

    private static string RandomNumber(SeededRandom random, out int shape)
    {
        shape = (int)(random.NextUInt64() % 3);
        var whole = (random.NextUInt64() % 1_000_000).ToString(CultureInfo.InvariantCulture);
        var places = (int)(random.NextUInt64() % 8);
        var fraction = (random.NextUInt64() % 100_000_000).ToString("D8", CultureInfo.InvariantCulture)[..places];
        return shape switch
        {
            // 0.47, 0.4700 (scale kept)
            0 => "0" + (places > 0 ? "." + fraction : ""),
            // 000123.4500: leading zeros dropped from the value, trailing ones kept in the scale
            1 => new string('0', (int)(random.NextUInt64() % 3)) + whole + (places > 0 ? "." + fraction : ""),
            // 123.45e-3: the general reader
            _ => whole + "." + fraction + "0e" + (random.NextUInt64() % 2 == 0 ? "-" : "") + (random.NextUInt64() % 5).ToString(CultureInfo.InvariantCulture),
        };
    }

    private static string LineOf(WsEnvelope e)
    {
        var buffer = new ArrayBufferWriter<byte>();
        e.WriteLine(buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan).TrimEnd('\n');
    }

    public static TheoryData<string, string?> Frames() => new()
    {
        { "{\"event_type\":\"price_change\",\"market\":\"0xm\"}", null },
        { "[{\"a\":\"b\"}]", WsEnvelope.RestBookKind },
        { "PONG", null },
        { "{\"odd\" : \"\\u00e9\\n\\t\\\\\",\"q\":\"\\\"x\\\"\"}", null },
        { "é ü \u2028 \u00a0 text", "other_kind" },
        { "ctl \u0001 \u001f end", null },
        { "", null },
        { "😀 surrogate pair", null },
    };

    [Theory]
    [MemberData(nameof(Frames))]
    public void TryParseUtf8_WrittenLine_SameEnvelopeAsTryParse(string frame, string? kind)
    {
        var line = LineOf(new WsEnvelope(1_764_586_799_000_123, 7, frame, kind));
        var buffer = new byte[1];

        var fast = WsEnvelope.TryParseUtf8(Encoding.UTF8.GetBytes(line), ref buffer, out var us, out var conn, out var k, out var length);
        Assert.True(WsEnvelope.TryParse(line, out var text));

        // The writer escapes a pair like 😀 as \uD83D\uDE00: such a line is left to the general reader.
        if (frame.Contains("😀", StringComparison.Ordinal))
        {
            Assert.False(fast);
            return;
        }

        Assert.True(fast, line);
        Assert.Equal((text.RecvTsUs, text.Conn, text.Kind, text.Frame), (us, conn, k, Encoding.UTF8.GetString(buffer, 0, length)));
    }

    [Theory]
    [InlineData("{\"recv_ts_us\":1,\"conn\":1,\"frame\":\"x\"} ")]
    [InlineData("{\"recv_ts_us\": 1,\"conn\":1,\"frame\":\"x\"}")]
    [InlineData("{\"recv_ts_us\":01,\"conn\":1,\"frame\":\"x\"}")]
    [InlineData("{\"recv_ts_us\":1.5,\"conn\":1,\"frame\":\"x\"}")]
    [InlineData("{\"recv_ts_us\":1,\"frame\":\"x\"}")]
    [InlineData("{\"recv_ts_us\":1,\"conn\":1,\"frame\":\"x\",\"extra\":1}")]
    [InlineData("{\"recv_ts_us\":1,\"conn\":1,\"frame\":\"a\\qb\"}")]
    [InlineData("{\"recv_ts_us\":1,\"conn\":1,\"frame\":\"x")]
    [InlineData("{\"recv_ts_us\":99999999999999999999,\"conn\":1,\"frame\":\"x\"}")]
    public void TryParseUtf8_AnyOtherLayout_LeftToTryParse(string line)
    {
        var buffer = new byte[4];

        Assert.False(WsEnvelope.TryParseUtf8(Encoding.UTF8.GetBytes(line), ref buffer, out _, out _, out _, out _));
    }

    [Fact]
    public void TryParseUtf8_InvalidUtf8_LeftToTryParse()
    {
        var line = Encoding.UTF8.GetBytes("{\"recv_ts_us\":1,\"conn\":1,\"frame\":\"ab\"}");
        line[^3] = 0xC3;
        var buffer = new byte[4];

        Assert.False(WsEnvelope.TryParseUtf8(line, ref buffer, out _, out _, out _, out _));
    }

    [Theory]
    [InlineData("a\nb\n", "a|b")]
    [InlineData("a\r\nb\r\n", "a|b")]
    [InlineData("a\rb\r", "a|b")]
    [InlineData("a\n\nb", "a||b")]
    [InlineData("\uFEFFa\nb", "a|b")]
    [InlineData("a\r\r\nb", "a||b")]
    [InlineData("", "")]
    public void LineReader_Terminators_SplitAsStreamReaderSplits(string text, string expected)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var reader = new LineReader(new MemoryStream(bytes));
        var lines = new List<string>();
        while (reader.TryReadLine(out var line))
        {
            lines.Add(Encoding.UTF8.GetString(line.Span));
        }

        var reference = new List<string>();
        using var sr = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: false);
        while (sr.ReadLine() is { } l)
        {
            reference.Add(l);
        }

        Assert.Equal(reference, lines);
        Assert.Equal(expected, string.Join("|", lines));
    }

    [Fact]
    public void LineReader_LinesLongerThanItsBuffer_Whole()
    {
        var text = new string('x', 300_000) + "\n" + new string('y', 70_000) + "\r\n" + "z";
        var reader = new LineReader(new MemoryStream(Encoding.UTF8.GetBytes(text)));

        var lengths = new List<int>();
        while (reader.TryReadLine(out var line))
        {
            lengths.Add(line.Length);
        }

        Assert.Equal([300_000, 70_000, 1], lengths);
        Assert.Equal('z', reader.Last);
    }

    private static (List<string> Events, string Books, string Skipped) Run(IEnumerable<WsEnvelope> envelopes, int markets)
    {
        var parser = new MarketChannelParser(new WsTokenMap(Enumerable.Range(0, markets).Select(i =>
            new InstrumentSpec(i, SynthWsRecording.ConditionId(i), SynthWsRecording.YesToken(i), SynthWsRecording.NoToken(i), 0.01m, 5m))));
        var events = new List<MarketEvent>();
        foreach (var e in envelopes)
        {
            parser.ParseFrame(in e, events);
        }

        var books = string.Join(";", parser.Books.OrderBy(b => b.Key, StringComparer.Ordinal).Select(b =>
            $"{b.Key}:{b.Value.Market}:{b.Value.Book.BestBid}:{b.Value.Book.BestAsk}:{b.Value.Events}:{b.Value.BboMismatches}:{b.Value.Resyncs}:{b.Value.Crossed}:{b.Value.OutOfSync}:{b.Value.Snapshots}"));
        var skipped = string.Join(";", parser.Skipped.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key}={k.Value}"));
        return ([.. events.Select(Show)], books, skipped);
    }

    private static string Show(MarketEvent e) => string.Join("|",
        e.Kind, e.Instrument, e.Token, e.TsEvent.ToUnixTimeMilliseconds(), e.TsRecv.ToUnixTimeMilliseconds(), e.Sequence, e.Side,
        e.Price.ToString(CultureInfo.InvariantCulture), e.Size.ToString(CultureInfo.InvariantCulture),
        e.TxHash, e.TickSize, e.Book is { } b ? string.Join(",", b.Bids.Concat(b.Asks)) : "");

    private static WsEnvelope Bytes(WsEnvelope e) => new(e.RecvTsUs, e.Conn, Encoding.UTF8.GetBytes(e.Frame), e.Kind);

    [Fact]
    public void ParseFrame_SyntheticStreamAsBytes_SameEventsBooksAndCountersAsText()
    {
        var frames = new SynthWsRecording(3, 5).Frames(5_000).ToList();

        var text = Run(frames, 3);
        var bytes = Run(frames.Select(Bytes), 3);

        Assert.True(text.Events.Count > 10_000);
        Assert.Equal(text.Events, bytes.Events);
        Assert.Equal(text.Books, bytes.Books);
        Assert.Equal(text.Skipped, bytes.Skipped);
    }

    public static TheoryData<string> OddFrames() => new()
    {
        "PONG",
        "  \n{\"event_type\":\"price_change\",\"market\":\"0xm\",\"price_changes\":[{\"asset_id\":\"1000001\",\"price\":\"0.5\",\"side\":\"BUY\",\"size\":\"5\"}]}\t ",
        "\u00a0{\"event_type\":\"price_change\",\"price_changes\":[{\"asset_id\":\"1000001\",\"price\":\"0.5\",\"side\":\"BUY\",\"size\":\"5\"}]}",
        "{\"event_type\":\"price_change\",\"price_changes\":[{\"asset_id\":\"1000001\",\"price\":\"0.5\",\"side\":\"BUY\",\"size\":\"5\",\"note\":\"é\"}]}",
        "{\"event_type\":\"price_change\",\"price_changes\":[{\"asset_id\":\"1000001\",\"price\":\"0.5\",\"side\":\"BUY\",\"size\":\"5\"}]}\u00a0",
        "{\"event_type\":\"price_change\",\"price_changes\":[{\"asset_id\":\"1000001\",\"price\":\"0.5\",\"side\":\"BUY\",\"size\":\"5\"},]}",
        "{\"event_type\":\"price_change\",\"price_changes\":[{\"asset_id\":\"1000001\",\"price\":5e-1,\"side\":\"BUY\",\"size\":05}]}",
        "{\"event_type\":\"price_change\",\"price_changes\":[{\"asset_id\":\"1000001\",\"price\":\"0.5\",\"price\":\"0.6\",\"side\":\"BUY\",\"size\":\"5\"}]}",
        "{\"event_type\":\"price_change\",\"price_changes\":[{\"asset_id\":\"1000001\",\"price\":\"0.5\",\"side\":\"BUY\",\"size\":\"5\",\"x\":[1]}]}",
        "{\"event_type\":\"price_change\" , \"price_changes\" : [ { \"asset_id\" : \"1000001\" , \"price\" : 0.5 , \"side\" : \"SELL\" , \"size\" : \"5\" , \"ok\" : true } ] }",
        "[{\"event_type\":\"last_trade_price\",\"asset_id\":\"1000001\",\"market\":\"0xm\",\"price\":\"0.5\",\"side\":\"BUY\",\"size\":\"5\",\"timestamp\":\"1767225600000\"}]",
        "{oops",
    };

    [Theory]
    [MemberData(nameof(OddFrames))]
    public void ParseFrame_OddFrameAsBytes_SameAsText(string frame)
    {
        var envelope = new WsEnvelope(1, 1, frame);

        var text = Run([envelope], 1);
        var bytes = Run([Bytes(envelope)], 1);

        Assert.Equal(text.Events, bytes.Events);
        Assert.Equal((text.Books, text.Skipped), (bytes.Books, bytes.Skipped));
    }

    [Fact]
    public void ParseFrame_InvalidUtf8Bytes_SameAsTheirText()
    {
        var raw = Encoding.UTF8.GetBytes("{\"event_type\":\"price_change\",\"price_changes\":[{\"asset_id\":\"1000001\",\"price\":\"0.5\",\"side\":\"BUY\",\"size\":\"5\",\"n\":\"ab\"}]}");
        raw[^5] = 0xFF;

        var text = Run([new WsEnvelope(1, 1, Encoding.UTF8.GetString(raw))], 1);
        var bytes = Run([new WsEnvelope(1, 1, raw)], 1);

        Assert.Equal(text.Events, bytes.Events);
        Assert.Equal((text.Books, text.Skipped), (bytes.Books, bytes.Skipped));
    }

    [Fact]
    public void ReadBorrowed_WrittenRecording_SameEnvelopesAsRead()
    {
        using var dir = new TempDir();
        var synth = new SynthWsRecording(2, 9);
        synth.Write(dir.Path, 3_000, 0, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Recv));
        var files = new WsRecordingFiles(dir.Path);

        var text = files.Read().Select(e => (e.RecvTsUs, e.Conn, e.Kind, e.Frame, e.IsUtf8)).ToList();
        var borrowed = files.ReadBorrowed().Select(e => (e.RecvTsUs, e.Conn, e.Kind, e.Frame, e.IsUtf8)).ToList();

        Assert.Equal(3_000, text.Count);
        Assert.Equal(synth.Frames(3_000).Select(e => e.Frame), text.Select(e => e.Frame));
        Assert.All(text, e => Assert.False(e.IsUtf8));
        Assert.All(borrowed, e => Assert.True(e.IsUtf8));
        Assert.Equal(text.Select(e => (e.RecvTsUs, e.Conn, e.Kind, e.Frame)), borrowed.Select(e => (e.RecvTsUs, e.Conn, e.Kind, e.Frame)));
    }

    [Fact]
    public void ReadBorrowed_CrLfAndBomLines_SameEnvelopesAsTheTextReader()
    {
        using var dir = new TempDir();
        var lines = "\uFEFF" + LineOf(new WsEnvelope(1, 1, "PONG")) + "\r\n" + LineOf(new WsEnvelope(2, 2, "{\"a\":1}", WsEnvelope.RestBookKind)) + "\r"
            + "junk\n" + LineOf(new WsEnvelope(3, 3, "x\\y\"z")) + "\n";
        using (var f = File.Create(Path.Combine(dir.Path, "ws-20261201T10.jsonl.gz")))
        using (var gz = new GZipStream(f, CompressionLevel.Fastest))
        {
            gz.Write(Encoding.UTF8.GetBytes(lines));
        }

        var files = new WsRecordingFiles(dir.Path);
        var got = files.ReadBorrowed().Select(e => (e.RecvTsUs, e.Conn, e.Kind, e.Frame)).ToList();

        Assert.Equal([(1L, 1, (string?)null, "PONG"), (2L, 2, WsEnvelope.RestBookKind, "{\"a\":1}"), (3L, 3, null, "x\\y\"z")], got);
        Assert.Equal("ws-20261201T10.jsonl.gz:3: not_an_envelope", Assert.Single(files.Problems));
    }
}
