using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Parquet;
using Parquet.Schema;
using PolyMM.Core.Instruments;
using PolyMM.Core.Market;

namespace PolyMM.Data.Polymarket.Ws;

/// <summary>
/// Replays hourly files of the public PMXT order-book archive (docs/design.md#pmxt-archive) as an
/// <see cref="IMarketDataFeed"/>: one Parquet file per UTC hour holding raw market-channel events, one row each, sorted
/// by market and token rather than by time. Each file's row groups are streamed one at a time; only rows of the
/// run's tokens are kept, ordered by receive time (stable), turned back into the market-channel message they were
/// and parsed by the same <see cref="MarketChannelParser"/> as a live stream. Memory holds one row group plus the
/// selected markets' rows of one hour.
/// </summary>
public sealed class PmxtArchiveReader : IMarketDataFeed
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly IReadOnlyList<string> _files;
    private readonly WsTokenMap _tokens;
    private readonly Queue<MarketEvent> _ready = new();
    private readonly List<MarketEvent> _scratch = new(16);
    private int _nextFile;

    /// <param name="files">Hourly Parquet files; read in file-name (= hour) order.</param>
    /// <param name="instruments">The run's markets: rows of other tokens are skipped.</param>
    public PmxtArchiveReader(IReadOnlyList<string> files, IReadOnlyList<InstrumentSpec> instruments)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(instruments);
        _files = [.. files.Order(StringComparer.Ordinal)];
        InstrumentCount = instruments.Count;
        _tokens = new WsTokenMap(instruments);
        Parser = new MarketChannelParser(_tokens);
    }

    public int InstrumentCount { get; }

    public MarketChannelParser Parser { get; }

    /// <summary>Rows of the selected tokens read so far.</summary>
    public long Rows { get; private set; }

    public IReadOnlyDictionary<string, long> Skipped => Parser.Skipped;

    public bool TryRead(out MarketEvent e)
    {
        while (_ready.Count == 0 && _nextFile < _files.Count)
        {
            LoadFile(_files[_nextFile++]);
        }

        return _ready.TryDequeue(out e);
    }

    public ValueTask<bool> WaitAsync(CancellationToken cancellation) => ValueTask.FromResult(false);

    private void LoadFile(string path) => LoadFileAsync(path).GetAwaiter().GetResult();

    private async Task LoadFileAsync(string path)
    {
        var rows = new List<(long RecvUs, int Order, string Frame)>();
        await using (var reader = await ParquetReader.CreateAsync(path).ConfigureAwait(false))
        {
            var fields = reader.Schema.GetDataFields().ToDictionary(f => f.Name, StringComparer.Ordinal);
            if (!fields.TryGetValue("asset_id", out var assetField) || !fields.TryGetValue("event_type", out _))
            {
                Parser.Count("pmxt_bad_schema");
                return;
            }

            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                var n = checked((int)group.RowCount);
                var assets = await Text(group, assetField, n).ConfigureAwait(false);
                var keep = new bool[n];
                var any = false;
                for (var i = 0; i < n; i++)
                {
                    keep[i] = assets[i] is { } a && _tokens.TryGet(a, out _, out _);
                    any |= keep[i];
                }

                if (!any)
                {
                    continue;
                }

                var columns = new Dictionary<string, string?[]>(StringComparer.Ordinal) { ["asset_id"] = assets };
                foreach (var (name, field) in fields)
                {
                    if (name != "asset_id")
                    {
                        columns[name] = await Text(group, field, n).ConfigureAwait(false);
                    }
                }

                for (var i = 0; i < n; i++)
                {
                    if (keep[i])
                    {
                        var recv = Micros(Col(columns, "timestamp_received", i)) ?? Micros(Col(columns, "timestamp", i)) ?? 0;
                        rows.Add((recv, rows.Count, Frame(columns, i)));
                    }
                }
            }
        }

        rows.Sort((a, b) => a.RecvUs != b.RecvUs ? a.RecvUs.CompareTo(b.RecvUs) : a.Order.CompareTo(b.Order));
        foreach (var (recvUs, _, frame) in rows)
        {
            Rows++;
            _scratch.Clear();
            Parser.ParseFrame(frame, DateTimeOffset.UnixEpoch.AddTicks(recvUs * 10), _scratch);
            foreach (var ev in _scratch)
            {
                _ready.Enqueue(ev);
            }
        }
    }

    private static string? Col(Dictionary<string, string?[]> columns, string name, int i) =>
        columns.TryGetValue(name, out var c) ? c[i] : null;

    /// <summary>The market-channel message a row stores, in the shape the live channel sends (docs/design.md#websocket-market-channel).</summary>
    private static string Frame(Dictionary<string, string?[]> c, int i)
    {
        var type = Col(c, "event_type", i) ?? "";
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("event_type", type);
            Str(w, "market", Col(c, "market", i));
            Str(w, "timestamp", Col(c, "timestamp", i));
            switch (type)
            {
                case "book":
                    Str(w, "asset_id", Col(c, "asset_id", i));
                    Raw(w, "bids", Col(c, "bids", i));
                    Raw(w, "asks", Col(c, "asks", i));
                    break;
                case "price_change":
                    w.WriteStartArray("price_changes");
                    w.WriteStartObject();
                    foreach (var name in (string[])["asset_id", "price", "size", "side", "best_bid", "best_ask"])
                    {
                        Str(w, name, Col(c, name, i));
                    }

                    w.WriteEndObject();
                    w.WriteEndArray();
                    break;
                default:
                    foreach (var name in (string[])["asset_id", "price", "size", "side", "fee_rate_bps", "transaction_hash", "old_tick_size", "new_tick_size", "best_bid", "best_ask"])
                    {
                        Str(w, name, Col(c, name, i));
                    }

                    break;
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Str(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    /// <summary>A JSON column (book levels) inlined when it parses, else left out (the book is then empty on that side).</summary>
    private static void Raw(Utf8JsonWriter w, string name, string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return;
        }

        try
        {
            using var doc = JsonDocument.Parse(json);
            w.WritePropertyName(name);
            doc.RootElement.WriteTo(w);
        }
        catch (JsonException)
        {
            // counted by the parser as a book without that side
        }
    }

    /// <summary>Epoch microseconds from a time column rendered as text: an ISO time, or epoch ms (or µs when larger).</summary>
    private static long? Micros(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
        {
            return v >= 100_000_000_000_000 ? v : v * 1000;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? WsEnvelope.ToMicros(t) : null;
    }

    /// <summary>Any column as invariant text (numbers exact, times as ISO-8601 UTC), whatever physical type the file chose.</summary>
    private static async Task<string?[]> Text(ParquetRowGroupReader group, DataField field, int n)
    {
        var type = Nullable.GetUnderlyingType(field.ClrType) ?? field.ClrType;
        if (type == typeof(string) || type == typeof(ReadOnlyMemory<char>))
        {
            var values = new string?[n];
            await group.ReadAsync(field, values.AsMemory(), null).ConfigureAwait(false);
            return values;
        }

        if (type == typeof(long))
        {
            return await Read<long>(group, field, n, v => v.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
        }

        if (type == typeof(int))
        {
            return await Read<int>(group, field, n, v => v.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
        }

        if (type == typeof(ushort))
        {
            return await Read<ushort>(group, field, n, v => v.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
        }

        if (type == typeof(decimal))
        {
            return await Read<decimal>(group, field, n, v => v.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
        }

        if (type == typeof(double))
        {
            return await Read<double>(group, field, n, v => ((decimal)v).ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
        }

        if (type == typeof(DateTime))
        {
            return await Read<DateTime>(group, field, n, v => DateTime.SpecifyKind(v, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture)).ConfigureAwait(false);
        }

        return new string?[n];
    }

    private static async Task<string?[]> Read<T>(ParquetRowGroupReader group, DataField field, int n, Func<T, string> format)
        where T : struct
    {
        var text = new string?[n];
        if (field.IsNullable)
        {
            var values = new T?[n];
            await group.ReadAsync(field, values.AsMemory(), null).ConfigureAwait(false);
            for (var i = 0; i < n; i++)
            {
                text[i] = values[i] is { } v ? format(v) : null;
            }
        }
        else
        {
            var values = new T[n];
            await group.ReadAsync(field, values.AsMemory(), null).ConfigureAwait(false);
            for (var i = 0; i < n; i++)
            {
                text[i] = format(values[i]);
            }
        }

        return text;
    }
}
