using Parquet;
using Parquet.Schema;

namespace PolyMM.Reports.Export;

/// <summary>
/// A table as one Parquet file (docs/data-dictionary.md#export), typed columns, written in row groups of
/// <see cref="RowGroupRows"/> rows: memory holds one row group whatever the table's length. Decimals are
/// DECIMAL(18,6) (exact for every ledger amount, which has at most 6 decimals), times TIMESTAMP(MICROS) adjusted to UTC.
/// </summary>
public sealed class ParquetTableWriter : ITableWriter
{
    /// <summary>Rows per row group by default.</summary>
    public const int RowGroupRows = 32_768;

    private readonly ExportTable _table;
    private readonly int _rowGroupRows;
    private readonly DataField[] _fields;
    private readonly Array[] _buffers;
    private readonly ParquetWriter _writer;
    private CellCursor _cursor;
    private int _buffered;
    private bool _completed;

    public ParquetTableWriter(ExportTable table, Stream output)
        : this(table, output, RowGroupRows)
    {
    }

    /// <summary>As the main constructor, with row groups of <paramref name="rowGroupRows"/> rows (tests use small ones).</summary>
    public ParquetTableWriter(ExportTable table, Stream output, int rowGroupRows)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rowGroupRows);
        _table = table;
        _rowGroupRows = rowGroupRows;
        _cursor = new CellCursor(table);
        _fields = [.. table.Columns.Select(Field)];
        _buffers = [.. table.Columns.Select(c => Buffer(c, rowGroupRows))];
        _writer = ParquetWriter.CreateAsync(new ParquetSchema(_fields), output, new ParquetOptions { CompressionMethod = CompressionMethod.Snappy })
            .GetAwaiter().GetResult();
    }

    public long Rows { get; private set; }

    private static DataField Field(ExportColumn c) => c.Kind switch
    {
        ColumnKind.Text => new DataField<string>(c.Name, c.Nullable),
        ColumnKind.Int64 => new DataField<long>(c.Name, c.Nullable),
        ColumnKind.Decimal => new DecimalDataField(c.Name, 18, ExportValues.DecimalScale, forceByteArrayEncoding: false, isNullable: c.Nullable),
        ColumnKind.Timestamp => new DateTimeDataField(c.Name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: c.Nullable),
        ColumnKind.Bool => new DataField<bool>(c.Name, c.Nullable),
        _ => throw new ArgumentOutOfRangeException(nameof(c), c.Kind, null),
    };

    /// <summary>A column's buffer: a plain array for a required column (handed to Parquet.Net as is), nullable otherwise.</summary>
    private static Array Buffer(ExportColumn c, int rows) => (c.Kind, c.Nullable) switch
    {
        (ColumnKind.Text, _) => new string?[rows],
        (ColumnKind.Int64, false) => new long[rows],
        (ColumnKind.Int64, true) => new long?[rows],
        (ColumnKind.Decimal, false) => new decimal[rows],
        (ColumnKind.Decimal, true) => new decimal?[rows],
        (ColumnKind.Timestamp, false) => new DateTime[rows],
        (ColumnKind.Timestamp, true) => new DateTime?[rows],
        (ColumnKind.Bool, false) => new bool[rows],
        (ColumnKind.Bool, true) => new bool?[rows],
        _ => throw new ArgumentOutOfRangeException(nameof(c), c.Kind, null),
    };

    public void Text(string? value) => ((string?[])_buffers[_cursor.Next(ColumnKind.Text, value is null)])[_buffered] = value;

    public void Int64(long? value)
    {
        var buffer = _buffers[_cursor.Next(ColumnKind.Int64, value is null)];
        if (buffer is long[] plain)
        {
            plain[_buffered] = value!.Value;
        }
        else
        {
            ((long?[])buffer)[_buffered] = value;
        }
    }

    public void Decimal(decimal? value)
    {
        var buffer = _buffers[_cursor.Next(ColumnKind.Decimal, value is null)];
        if (buffer is decimal[] plain)
        {
            plain[_buffered] = ExportValues.Scaled(value!.Value);
        }
        else
        {
            ((decimal?[])buffer)[_buffered] = value is { } v ? ExportValues.Scaled(v) : null;
        }
    }

    public void Timestamp(DateTimeOffset? value)
    {
        var buffer = _buffers[_cursor.Next(ColumnKind.Timestamp, value is null)];
        if (buffer is DateTime[] plain)
        {
            plain[_buffered] = value!.Value.UtcDateTime;
        }
        else
        {
            ((DateTime?[])buffer)[_buffered] = value?.UtcDateTime;
        }
    }

    public void Bool(bool? value)
    {
        var buffer = _buffers[_cursor.Next(ColumnKind.Bool, value is null)];
        if (buffer is bool[] plain)
        {
            plain[_buffered] = value!.Value;
        }
        else
        {
            ((bool?[])buffer)[_buffered] = value;
        }
    }

    public void EndRow()
    {
        _cursor.EndRow();
        Rows++;
        if (++_buffered == _rowGroupRows)
        {
            Flush();
        }
    }

    /// <summary>Writes the last row group and the file footer.</summary>
    public void Complete()
    {
        if (_completed)
        {
            return;
        }

        // A table without rows still gets one (empty) row group, so every reader sees the schema.
        if (_buffered > 0 || Rows == 0)
        {
            Flush();
        }

        _completed = true;
        _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    private void Flush()
    {
        using (var group = _writer.CreateRowGroup())
        {
            for (var c = 0; c < _fields.Length; c++)
            {
                WriteColumn(group, c).GetAwaiter().GetResult();
            }

            group.CompleteValidate();
        }

        _buffered = 0;
    }

    private Task WriteColumn(ParquetRowGroupWriter group, int c)
    {
        var column = _table.Columns[c];
        var field = _fields[c];
        var n = _buffered;
        return _buffers[c] switch
        {
            string?[] s => group.WriteAsync(field, new ArraySegment<string>(s!, 0, n)),
            long[] l => group.WriteAsync<long>(field, new ReadOnlyMemory<long>(l, 0, n)),
            long?[] l => group.WriteAsync<long>(field, new ReadOnlyMemory<long?>(l, 0, n)),
            decimal[] d => group.WriteAsync<decimal>(field, new ReadOnlyMemory<decimal>(d, 0, n)),
            decimal?[] d => group.WriteAsync<decimal>(field, new ReadOnlyMemory<decimal?>(d, 0, n)),
            DateTime[] t => group.WriteAsync<DateTime>(field, new ReadOnlyMemory<DateTime>(t, 0, n)),
            DateTime?[] t => group.WriteAsync<DateTime>(field, new ReadOnlyMemory<DateTime?>(t, 0, n)),
            bool[] b => group.WriteAsync<bool>(field, new ReadOnlyMemory<bool>(b, 0, n)),
            bool?[] b => group.WriteAsync<bool>(field, new ReadOnlyMemory<bool?>(b, 0, n)),
            _ => throw new InvalidOperationException(column.Name),
        };
    }

    public void Dispose()
    {
        if (!_completed)
        {
            _completed = true;
            _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
