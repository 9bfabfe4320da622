using System.Text;
using PolyMM.Core.Market;
using PolyMM.Core.Quoting;
using PolyMM.Data.Fixtures;

namespace PolyMM.Data.Tests.Fixtures;

public sealed class SnapshotFileReaderTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 2, 6, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string File(string content) => _dir.Write("snapshots/m.jsonl", content);

    private static List<Snapshot> ReadAll(string path)
    {
        using var reader = new SnapshotFileReader(path, T0, Interval);
        var list = new List<Snapshot>();
        while (reader.TryRead(out var s))
        {
            list.Add(s);
        }

        return list;
    }

    private FixtureFormatException Fails(string content)
    {
        var path = File(content);
        return Assert.Throws<FixtureFormatException>(() => ReadAll(path));
    }

    [Fact]
    public void TryRead_SpecSampleLine_ReadsEveryFieldExactly()
    {
        var path = File("""{"timestamp":"2026-02-06T02:09:28Z","best_bid":0.4975,"best_ask":0.5025,"mid_price":0.5,"depth_bid_1":1200,"depth_ask_1":1300,"last_trade_price":0.494}""" + "\n");

        var s = Assert.Single(ReadAll(path));

        Assert.Equal(new Snapshot(new DateTimeOffset(2026, 2, 6, 2, 9, 28, TimeSpan.Zero), 0.4975m, 0.5025m, 0.5m, 1200m, 1300m, 0.494m, BookSource.Clob), s);
    }

    [Fact]
    public void TryRead_EscapedAndNearMissKeys_EscapedOnesReadNearMissesIgnored()
    {
        // "best\u005fbid" is best_bid escaped; "best_bidx" and "mid_pricE" (same lengths as keys) are unknown keys.
        var path = File("""{"best\u005fbid":0.41,"best_ask":0.43,"mid_price":0.42,"best_bidx":0.1,"mid_pricE":0.9,"book\u005fsource":"gamma_fallback"}""" + "\n");

        var s = Assert.Single(ReadAll(path));

        Assert.Equal((0.41m, 0.43m, 0.42m, BookSource.GammaFallback), (s.BestBid!.Value, s.BestAsk!.Value, s.MidPrice!.Value, s.BookSource));
    }

    [Fact]
    public void TryRead_LastTradeFields_AreParsed()
    {
        var path = File("""{"best_bid":0.49,"last_trade_price":0.47,"last_trade_ts":"2026-02-06T02:09:27.5Z","last_trade_size":12.5,"last_trade_side":"sell"}""" + "\n"
            + """{"best_bid":0.49,"last_trade_price":0.47,"last_trade_ts":null,"last_trade_side":null}""" + "\n");

        var rows = ReadAll(path);

        Assert.Equal((new DateTimeOffset(2026, 2, 6, 2, 9, 27, 500, TimeSpan.Zero), 12.5m, Side.Sell),
            (rows[0].LastTradeTs!.Value, rows[0].LastTradeSize!.Value, rows[0].LastTradeSide!.Value));
        Assert.Equal((null, null, null), (rows[1].LastTradeTs, rows[1].LastTradeSize, rows[1].LastTradeSide));
    }

    [Fact]
    public void TryRead_NoTimestamps_EventTimeIsT0PlusRowTimesInterval()
    {
        var path = File("{\"best_bid\":0.1}\n{\"best_bid\":0.2}\n{\"best_bid\":0.3}\n");

        var ts = ReadAll(path).Select(s => s.Ts);

        // Rows 0, 1, 2 at T0 + 0 s, 2 s, 4 s.
        Assert.Equal([T0, T0.AddSeconds(2), T0.AddSeconds(4)], ts);
    }

    [Fact]
    public void TryRead_BlankLinesAndCrlf_BlankLinesDoNotCountAsRows()
    {
        var path = File("\r\n{\"best_bid\":0.1}\r\n\r\n   \t\r\n{\"best_bid\":0.2}\r\n\n{\"best_bid\":0.3}\r\n");

        var all = ReadAll(path);

        Assert.Equal([0.1m, 0.2m, 0.3m], all.Select(s => s.BestBid!.Value));

        // Only the 3 non-blank lines count: T0, T0 + 2 s, T0 + 4 s.
        Assert.Equal([T0, T0.AddSeconds(2), T0.AddSeconds(4)], all.Select(s => s.Ts));
    }

    [Fact]
    public void TryRead_MixedTimestamps_RowsWithoutOneStillCountTheirIndex()
    {
        var path = File("{\"best_bid\":0.1}\n{\"timestamp\":\"2030-01-01T00:00:00Z\"}\n{\"best_bid\":0.3}\n");

        var ts = ReadAll(path).Select(s => s.Ts).ToList();

        // The third row is row index 2: T0 + 2 × 2 s.
        Assert.Equal([T0, new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), T0.AddSeconds(4)], ts);
    }

    [Fact]
    public void TryRead_TimestampWithOffsetOrEpochMillis_IsConvertedToUtc()
    {
        var path = File("{\"timestamp\":\"2026-02-06T04:09:28+02:00\"}\n{\"timestamp\":1770343768000}\n");

        var ts = ReadAll(path).Select(s => s.Ts).ToList();

        Assert.Equal(new DateTimeOffset(2026, 2, 6, 2, 9, 28, TimeSpan.Zero), ts[0]);
        Assert.Equal(TimeSpan.Zero, ts[0].Offset);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1770343768000), ts[1]);
    }

    [Fact]
    public void TryRead_UnknownKeysWithNestedValues_AreSkipped()
    {
        var path = File("""{"extra":{"a":[1,{"b":"best_bid"}],"c":null},"best_bid":0.4,"list":[[1],[2,{"best_ask":9}]],"flag":true,"best_ask":0.6}""");

        var s = Assert.Single(ReadAll(path));

        Assert.Equal(0.4m, s.BestBid);
        Assert.Equal(0.6m, s.BestAsk);
    }

    [Fact]
    public void TryRead_NumbersAsStrings_ParseExactly()
    {
        var path = File("""{"best_bid":"0.4975","best_ask":"5.025e-1","mid_price":"0.5","depth_bid_1":"1200","depth_ask_1":"","last_trade_price":"0.494"}""");

        var s = Assert.Single(ReadAll(path));

        Assert.Equal(new Snapshot(T0, 0.4975m, 0.5025m, 0.5m, 1200m, null, 0.494m), s);
    }

    [Fact]
    public void TryRead_NullFields_AreAbsent()
    {
        var path = File("""{"timestamp":"2026-02-06T00:00:10Z","best_bid":null,"best_ask":null,"mid_price":null,"depth_bid_1":null,"depth_ask_1":null,"last_trade_price":null,"book_source":null}""");

        var s = Assert.Single(ReadAll(path));

        Assert.Equal(new Snapshot(T0.AddSeconds(10), null, null, null, null, null, null, BookSource.Clob), s);
    }

    [Fact]
    public void TryRead_FinalLineWithoutNewline_IsRead()
    {
        var path = File("{\"best_bid\":0.1}\n{\"best_bid\":0.2}");

        Assert.Equal([0.1m, 0.2m], ReadAll(path).Select(s => s.BestBid!.Value));
    }

    [Fact]
    public void TryRead_EmptyFile_HasNoRows()
    {
        var path = File(string.Empty);

        Assert.Empty(ReadAll(path));
    }

    [Fact]
    public void TryRead_MalformedLineFollowedByNewline_ErrorNamesFileAndThatLine()
    {
        // A cut-off last row WITHOUT a newline is a killed recorder's tail and is dropped
        // (SnapshotFileReaderTruncationTests); with a newline after it, it is a malformed row.
        var path = File("{\"best_bid\":0.1}\n\n{\"best_bid\":0.2}\n{\"best_bid\":0.3,\"best_a\n");
        using var reader = new SnapshotFileReader(path, T0, Interval);

        Assert.True(reader.TryRead(out _));
        Assert.True(reader.TryRead(out _));
        var e = Assert.Throws<FixtureFormatException>(() => reader.TryRead(out _));

        // Line 2 is blank, so the bad row is line 4.
        Assert.StartsWith($"{path}:4: not valid JSON", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [InlineData("""{"best_bid":true}""", "best_bid: expected a number, got True")]
    [InlineData("""{"best_ask":{"v":1}}""", "best_ask: expected a number, got StartObject")]
    [InlineData("""{"mid_price":[0.5]}""", "mid_price: expected a number, got StartArray")]
    [InlineData("""{"depth_bid_1":"NaN"}""", "depth_bid_1: 'NaN' is not a number")]
    [InlineData("""{"depth_ask_1":"Infinity"}""", "depth_ask_1: 'Infinity' is not a number")]
    [InlineData("""{"last_trade_price":"-Infinity"}""", "last_trade_price: '-Infinity' is not a number")]
    [InlineData("""{"best_bid":"0,5"}""", "best_bid: '0,5' is not a number")]
    [InlineData("""{"best_bid":1e400}""", "best_bid: number out of range")]
    [InlineData("""{"best_bid":"1e400"}""", "best_bid: '1e400' is not a number")]
    [InlineData("""{"timestamp":"yesterday"}""", "timestamp: 'yesterday' is not an ISO-8601 time")]
    [InlineData("""{"timestamp":true}""", "timestamp: expected an ISO-8601 string, got True")]
    [InlineData("""{"timestamp":1.5}""", "timestamp: expected an ISO-8601 string, got Number")]
    [InlineData("""{"timestamp":99999999999999999}""", "timestamp: epoch milliseconds out of range")]
    [InlineData("""[1,2]""", "expected a JSON object")]
    [InlineData("""42""", "expected a JSON object")]
    [InlineData("""{"book_source":1}""", "book_source: expected a string, got Number")]
    [InlineData("""{"book_source":{"best_bid":0.9}}""", "book_source: expected a string, got StartObject")]
    [InlineData("{\"best_bid\":\"0.5\\ud800\"}", "best_bid: string is not valid UTF-8 text")]
    [InlineData("{\"timestamp\":\"\\udc00\"}", "timestamp: string is not valid UTF-8 text")]
    [InlineData("""{"last_trade_ts":"yesterday"}""", "last_trade_ts: 'yesterday' is not an ISO-8601 time")]
    [InlineData("""{"last_trade_side":"HOLD"}""", "last_trade_side: 'HOLD' is not BUY or SELL")]
    [InlineData("""{"last_trade_side":1}""", "last_trade_side: expected a string, got Number")]
    [InlineData("""{"last_trade_size":"lots"}""", "last_trade_size: 'lots' is not a number")]
    public void TryRead_WrongValue_ErrorNamesFileLineAndKey(string line, string problem)
    {
        // The bad row is on line 2, after a good one.
        var e = Fails("{\"best_bid\":0.1}\n" + line + "\n");

        Assert.Equal($"{Path.Combine(_dir.Path, "snapshots", "m.jsonl")}:2: {problem}", e.Message);
    }

    [Theory]
    [InlineData("{\"best_bid\":0.1")]
    [InlineData("{best_bid:0.1}")]
    [InlineData("{\"best_bid\":01}")]
    [InlineData("{\"best_bid\":0.1,}")]
    [InlineData("not json")]
    [InlineData("{\"best_bid\":0.1} {\"best_bid\":0.2}")]
    public void TryRead_MalformedJson_IsAOneLineErrorNamingTheLine(string line)
    {
        var e = Fails(line + "\n");

        Assert.StartsWith($"{Path.Combine(_dir.Path, "snapshots", "m.jsonl")}:1: not valid JSON (", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void TryRead_BadLiteralFollowedByInvalidBytes_IsAOneLineErrorNotACrash()
    {
        // The JSON error echoes the bad literal with each invalid byte as U+FFFD: 60 characters but
        // 180 UTF-8 bytes of it, so the message must be cut by characters.
        var path = _dir.WriteBytes("snapshots/bad.jsonl", [(byte)'t', .. Enumerable.Repeat((byte)0xFF, 60), (byte)'\n']);

        var e = Assert.Throws<FixtureFormatException>(() => ReadAll(path));

        Assert.StartsWith($"{path}:1: not valid JSON (", e.Message);
    }

    [Theory]
    [InlineData("\"clob\"", BookSource.Clob)]
    [InlineData("\"gamma_fallback\"", BookSource.GammaFallback)]
    [InlineData("\"ltp_fallback\"", BookSource.LtpFallback)]
    [InlineData("\"\"", BookSource.Clob)]
    [InlineData("null", BookSource.Clob)]
    public void TryRead_BookSource_IsParsed(string json, BookSource expected)
    {
        var path = File("{\"best_bid\":0.5,\"book_source\":" + json + "}\n");

        Assert.Equal(expected, Assert.Single(ReadAll(path)).BookSource);
    }

    [Theory]
    [InlineData("\"CLOB\"", "'CLOB'")]
    [InlineData("\"synthetic\"", "'synthetic'")]
    public void TryRead_UnknownBookSource_ErrorListsTheValidOnes(string json, string shown)
    {
        var e = Fails("{\"book_source\":" + json + "}\n");

        Assert.EndsWith($":1: book_source: {shown} is not one of clob, gamma_fallback, ltp_fallback", e.Message);
    }

    [Fact]
    public void TryRead_NegativeAndAboveOnePrices_ParseAndAreLeftToValidation()
    {
        var path = File("""{"best_bid":-0.1,"best_ask":1.5,"mid_price":0.7,"last_trade_price":"2"}""");

        var s = Assert.Single(ReadAll(path));

        Assert.Equal((-0.1m, 1.5m, 0.7m, 2m), (s.BestBid, s.BestAsk, s.MidPrice, s.LastTradePrice));
        Assert.NotNull(SnapshotValidator.Validate(s));
    }

    [Fact]
    public void TryRead_LineJustUnderOneMiB_IsRead()
    {
        // A long unknown string value: the line is 1 MiB − 1 bytes before its newline.
        const string head = "{\"best_bid\":0.5,\"pad\":\"";
        const string tail = "\"}";
        var pad = new string('x', SnapshotFileReader.MaxLineBytes - 1 - head.Length - tail.Length);
        var path = File(head + pad + tail + "\n{\"best_bid\":0.6}\n");

        Assert.Equal([0.5m, 0.6m], ReadAll(path).Select(s => s.BestBid!.Value));
    }

    [Fact]
    public void TryRead_LineOverOneMiB_ErrorNamesThatLine()
    {
        var pad = new string('x', SnapshotFileReader.MaxLineBytes + 10);
        var e = Fails("{\"best_bid\":0.5}\n\n{\"pad\":\"" + pad + "\"}\n");

        Assert.Equal($"{Path.Combine(_dir.Path, "snapshots", "m.jsonl")}:3: line longer than 1 MiB; not a snapshot", e.Message);
    }

    [Fact]
    public void TryRead_HundredMegabyteLine_FailsFastWithoutBufferingIt()
    {
        // Arrange: one 100 MB line with no newline, written in 1 MiB chunks.
        var path = Path.Combine(_dir.Path, "huge.jsonl");
        using (var f = new FileStream(path, FileMode.Create, FileAccess.Write))
        {
            var chunk = Encoding.ASCII.GetBytes(new string('7', 1 << 20));
            f.Write("{\"best_bid\":0."u8);
            for (var i = 0; i < 100; i++)
            {
                f.Write(chunk);
            }
        }

        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        // Act
        using var reader = new SnapshotFileReader(path, T0, Interval);
        var e = Assert.Throws<FixtureFormatException>(() => reader.TryRead(out _));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        // Assert: refused at the 1 MiB cap, having read a few MiB at most (the buffer doubles 64 KiB → 1 MiB:
        // about 2 MiB allocated in all), not 100 MB.
        Assert.Contains(":1: line longer than 1 MiB", e.Message);
        Assert.True(allocated < 8L << 20, $"allocated {allocated} bytes");
    }

    [Fact]
    public void TryRead_InvalidUtf8InAStringValue_ErrorNamesKeyAndLine()
    {
        // 0xFF can never appear in UTF-8.
        var path = _dir.WriteBytes("snapshots/bad.jsonl", [.. "{\"best_bid\":0.5}\n{\"book_source\":\"clob"u8, 0xFF, .. "\"}\n"u8]);

        var e = Assert.Throws<FixtureFormatException>(() => ReadAll(path));

        Assert.Equal($"{path}:2: book_source: string is not valid UTF-8 text", e.Message);
    }

    [Fact]
    public void TryRead_InvalidUtf8InAnUnknownKey_IsSkippedLikeAnyUnknownValue()
    {
        var path = _dir.WriteBytes("snapshots/bad.jsonl", [.. "{\"note\":\""u8, 0xC3, 0x28, .. "\",\"best_bid\":0.5}\n"u8]);

        Assert.Equal(0.5m, Assert.Single(ReadAll(path)).BestBid);
    }

    [Fact]
    public void TryRead_Utf8BomAtStart_IsSkipped()
    {
        var path = _dir.WriteBytes("snapshots/bom.jsonl", [0xEF, 0xBB, 0xBF, .. "{\"best_bid\":0.5}\n"u8]);

        var rows = ReadAll(path);

        Assert.Equal(0.5m, Assert.Single(rows).BestBid);
    }

    [Fact]
    public void Constructor_MissingFile_ErrorNamesFile()
    {
        var path = Path.Combine(_dir.Path, "snapshots", "absent.jsonl");

        var e = Assert.Throws<FixtureFormatException>(() => new SnapshotFileReader(path, T0, Interval));

        Assert.Equal($"{path}: snapshot file not found", e.Message);
    }

    [Fact]
    public void Line_AfterEachRead_IsThePhysicalLineNumber()
    {
        var path = File("\n{\"best_bid\":0.1}\n\n\n{\"best_bid\":0.2}\n");
        using var reader = new SnapshotFileReader(path, T0, Interval);

        reader.TryRead(out _);
        var first = reader.Line;
        reader.TryRead(out _);

        Assert.Equal((2L, 5L), (first, reader.Line));
    }
}
