using System.Text;

namespace PolyMM.Reports.Export;

/// <summary>
/// A table as one CSV file (docs/data-dictionary.md#export): RFC 4180 as CsvHelper writes it (UTF-8 without a BOM,
/// comma, CRLF after every record, a field quoted with its quotes doubled only when it holds a comma, a quote, CR or
/// LF), a header row of the column names, invariant culture, decimals as plain digits, times ISO-8601 UTC with
/// microseconds, booleans <c>true</c>/<c>false</c>, an empty cell for null. Every cell is formatted as UTF-8 straight
/// into one buffer (<see cref="ExportValues"/>' byte formatters), which goes to the stream when full: no string per cell
/// (docs/design.md#performance-notes). Rows are streamed.
/// </summary>
public sealed class CsvTableWriter : ITableWriter
{
    private const int BufferBytes = 1 << 16;

    /// <summary>Room a formatted non-text cell may need: a separator, a decimal (≤ 31 characters) or a timestamp (27).</summary>
    private const int CellRoom = 48;

    private static readonly System.Buffers.SearchValues<char> NeedsQuotes = System.Buffers.SearchValues.Create(",\"\r\n");

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private readonly Stream _output;
    private readonly byte[] _buffer = new byte[BufferBytes];
    private int _used;
    private CellCursor _cursor;

    public CsvTableWriter(ExportTable table, Stream output)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
        _cursor = new CellCursor(table);
        for (var c = 0; c < table.Columns.Count; c++)
        {
            if (c > 0)
            {
                Room(1)[0] = (byte)',';
                _used++;
            }

            WriteText(table.Columns[c].Name);
        }

        NewLine();
    }

    public long Rows { get; private set; }

    public void Text(string? value)
    {
        Separator(_cursor.Next(ColumnKind.Text, value is null));
        if (value is not null)
        {
            WriteText(value);
        }
    }

    public void Int64(long? value)
    {
        Separator(_cursor.Next(ColumnKind.Int64, value is null));
        if (value is { } v)
        {
            v.TryFormat(Room(CellRoom), out var n, default, System.Globalization.CultureInfo.InvariantCulture);
            _used += n;
        }
    }

    public void Decimal(decimal? value)
    {
        Separator(_cursor.Next(ColumnKind.Decimal, value is null));
        if (value is { } v)
        {
            var n = ExportValues.FormatDecimal(v, Room(CellRoom));
            _used += n;
        }
    }

    public void Timestamp(DateTimeOffset? value)
    {
        Separator(_cursor.Next(ColumnKind.Timestamp, value is null));
        if (value is { } v)
        {
            var n = ExportValues.FormatTimestamp(v, Room(CellRoom));
            _used += n;
        }
    }

    public void Bool(bool? value)
    {
        Separator(_cursor.Next(ColumnKind.Bool, value is null));
        if (value is { } v)
        {
            var text = v ? "true"u8 : "false"u8;
            text.CopyTo(Room(text.Length));
            _used += text.Length;
        }
    }

    public void EndRow()
    {
        _cursor.EndRow();
        NewLine();
        Rows++;
    }

    public void Complete()
    {
        Drain();
        _output.Flush();
    }

    public void Dispose()
    {
    }

    private void Separator(int column)
    {
        if (column > 0)
        {
            Room(1)[0] = (byte)',';
            _used++;
        }
    }

    private void NewLine()
    {
        "\r\n"u8.CopyTo(Room(2));
        _used += 2;
    }

    /// <summary>Text as UTF-8 (invalid UTF-16 as U+FFFD), quoted with inner quotes doubled when it needs quotes.</summary>
    private void WriteText(string value)
    {
        var text = value.AsSpan().IndexOfAny(NeedsQuotes) < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        var most = Utf8.GetMaxByteCount(text.Length);
        if (most <= BufferBytes)
        {
            var written = Utf8.GetBytes(text, Room(most));
            _used += written;
            return;
        }

        var n = Utf8.GetByteCount(text);
        if (n > BufferBytes)
        {
            // A cell longer than the buffer goes to the stream on its own.
            Drain();
            _output.Write(Utf8.GetBytes(text));
            return;
        }

        var count = Utf8.GetBytes(text, Room(n));
        _used += count;
    }

    /// <summary>The free part of the buffer, at least <paramref name="bytes"/> (≤ the buffer's size) long, draining it first if needed.</summary>
    private Span<byte> Room(int bytes)
    {
        if (_used + bytes > _buffer.Length)
        {
            Drain();
        }

        return _buffer.AsSpan(_used);
    }

    private void Drain()
    {
        _output.Write(_buffer, 0, _used);
        _used = 0;
    }
}
