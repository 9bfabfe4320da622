using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using PolyMM.Core.Market;
using PolyMM.Data.Polymarket;

namespace PolyMM.Data.Recording;

/// <summary>
/// Writes an offline fixture (docs/design.md#fixture-format, docs/design.md#recording) while polling: markets.json with the raw Gamma objects, then one
/// snapshot line per market per poll appended to snapshots/&lt;id&gt;.jsonl. Each line goes to the file in a single
/// unbuffered write of the complete line and its newline, so a recorder killed at any instant leaves valid JSONL with
/// at most one partial last line (which the fixture reader drops).
/// </summary>
public sealed class FixtureRecorder : IDisposable
{
    private readonly Dictionary<string, FileStream> _files = new(StringComparer.Ordinal);
    private readonly ArrayBufferWriter<byte> _line = new(512);

    public FixtureRecorder(string directory, IReadOnlyList<GammaMarket> markets)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(markets);
        var unsafeId = markets.FirstOrDefault(m => !IsSafeFileName(m.Id));
        if (unsafeId is not null)
        {
            throw new ArgumentException($"market id '{unsafeId.Id}' cannot be used as a file name", nameof(markets));
        }

        Directory = directory;
        var marketsPath = Path.Combine(directory, "markets.json");
        if (File.Exists(marketsPath))
        {
            throw new IOException($"{marketsPath} already exists; record into a new directory");
        }

        var snapshots = Path.Combine(directory, "snapshots");
        System.IO.Directory.CreateDirectory(snapshots);
        var temp = marketsPath + ".tmp";
        File.WriteAllText(temp, "[\n" + string.Join(",\n", markets.Select(m => m.Raw)) + "\n]\n", new UTF8Encoding(false));
        File.Move(temp, marketsPath);
        foreach (var m in markets)
        {
            // bufferSize 0: every Write is one write(2) of the whole line, nothing lingers in a managed buffer.
            _files[m.Id] = new FileStream(Path.Combine(snapshots, m.Id + ".jsonl"), FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0);
        }
    }

    public string Directory { get; }

    public long Lines { get; private set; }

    /// <summary>
    /// Condition ids (0x-hex) and fixture ids are plain; anything that could escape the directory or confuse a file
    /// system (separators, dots at the start, control characters, very long names) is refused.
    /// </summary>
    public static bool IsSafeFileName(string id) =>
        !string.IsNullOrEmpty(id) && id.Length <= 200 && id[0] != '.'
        && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    public void Append(MarketTick tick)
    {
        ArgumentNullException.ThrowIfNull(tick);
        if (!_files.TryGetValue(tick.MarketId, out var file))
        {
            throw new ArgumentException($"market {tick.MarketId} is not being recorded", nameof(tick));
        }

        _line.ResetWrittenCount();
        WriteLine(_line, tick.Snapshot);
        file.Write(_line.WrittenSpan);
        file.Flush();
        Lines++;
    }

    /// <summary>One snapshot as a fixture line (docs/design.md#fixture-format), newline included.</summary>
    public static void WriteLine(IBufferWriter<byte> output, in Snapshot s)
    {
        ArgumentNullException.ThrowIfNull(output);
        using (var w = new Utf8JsonWriter(output))
        {
            w.WriteStartObject();
            w.WriteString("timestamp", s.Ts.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            Number(w, "best_bid", s.BestBid);
            Number(w, "best_ask", s.BestAsk);
            Number(w, "mid_price", s.MidPrice);
            Number(w, "depth_bid_1", s.DepthBid1);
            Number(w, "depth_ask_1", s.DepthAsk1);
            Number(w, "last_trade_price", s.LastTradePrice);
            w.WriteString("book_source", s.BookSource.ToName());
            w.WriteEndObject();
        }

        output.Write("\n"u8);
    }

    public void Dispose()
    {
        foreach (var f in _files.Values)
        {
            f.Dispose();
        }
    }

    private static void Number(Utf8JsonWriter w, string name, decimal? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
