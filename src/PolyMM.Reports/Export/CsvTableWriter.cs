using System.Globalization;
using CsvHelper;

namespace PolyMM.Reports.Export;

/// <summary>
/// A table as one CSV file (docs/data-dictionary.md#export): RFC 4180 (CsvHelper), a header row of the column names,
/// invariant culture, decimals as plain digits, times ISO-8601 UTC with microseconds, booleans <c>true</c>/<c>false</c>,
/// an empty cell for null. Rows are streamed.
/// </summary>
public sealed class CsvTableWriter : ITableWriter
{
    private readonly CsvWriter _csv;
    private CellCursor _cursor;

    public CsvTableWriter(ExportTable table, Stream output)
    {
        ArgumentNullException.ThrowIfNull(table);
        _cursor = new CellCursor(table);
        _csv = CsvWriter.Create(output, CsvWriterOptions.Default with { Separator = ',' }, true);
        _csv.WriteHeader([.. table.Columns.Select(c => c.Name)]);
    }

    public long Rows { get; private set; }

    public void Text(string? value) => Cell(ColumnKind.Text, value);

    public void Int64(long? value) => Cell(ColumnKind.Int64, value?.ToString(CultureInfo.InvariantCulture));

    public void Decimal(decimal? value) => Cell(ColumnKind.Decimal, value is { } v ? ExportValues.DecimalText(v) : null);

    public void Timestamp(DateTimeOffset? value) => Cell(ColumnKind.Timestamp, value is { } v ? ExportValues.TimestampText(v) : null);

    public void Bool(bool? value) => Cell(ColumnKind.Bool, value is { } v ? (v ? "true" : "false") : null);

    private void Cell(ColumnKind kind, string? text)
    {
        _cursor.Next(kind, text is null);
        _csv.WriteField(text);
    }

    public void EndRow()
    {
        _cursor.EndRow();
        _csv.EndRecord();
        Rows++;
    }

    public void Complete() => _csv.Flush();

    public void Dispose() => _csv.Dispose();
}
