namespace PolyMM.Reports.Export;

/// <summary>
/// Writes one table row by row: the cells of a row in column order, one typed call each, then <see cref="EndRow"/>;
/// <see cref="Complete"/> after the last row. A call of the wrong type for its column is a bug and throws.
/// </summary>
public interface ITableWriter : IDisposable
{
    long Rows { get; }

    void Text(string? value);

    void Int64(long? value);

    void Decimal(decimal? value);

    void Timestamp(DateTimeOffset? value);

    void Bool(bool? value);

    void EndRow();

    void Complete();
}

/// <summary>The cell cursor both writers share: which column comes next, checked against the call's type.</summary>
internal struct CellCursor(ExportTable table)
{
    private readonly ColumnKind[] _kinds = [.. table.Columns.Select(c => c.Kind)];
    private readonly bool[] _nullable = [.. table.Columns.Select(c => c.Nullable)];

    public int Column { get; private set; }

    /// <summary>The next column's index, after checking it has <paramref name="kind"/> and may hold a null if <paramref name="isNull"/>.</summary>
    public int Next(ColumnKind kind, bool isNull)
    {
        var i = Column;
        if ((uint)i >= (uint)_kinds.Length || _kinds[i] != kind || (isNull && !_nullable[i]))
        {
            Refuse(i, kind, isNull);
        }

        Column = i + 1;
        return i;
    }

    private readonly void Refuse(int i, ColumnKind kind, bool isNull)
    {
        if (i >= table.Columns.Count)
        {
            throw new InvalidOperationException($"{table.Name}: more cells than the {table.Columns.Count} columns");
        }

        var c = table.Columns[i];
        throw new InvalidOperationException($"{table.Name}.{c.Name}: a {(isNull ? "null " : "")}{kind} cell in a {(c.Nullable ? "nullable " : "")}{c.Kind} column");
    }

    public void EndRow()
    {
        if (Column != _kinds.Length)
        {
            throw new InvalidOperationException($"{table.Name}: a row of {Column} cells, expected {_kinds.Length}");
        }

        Column = 0;
    }
}
