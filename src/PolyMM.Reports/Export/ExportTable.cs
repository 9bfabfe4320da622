namespace PolyMM.Reports.Export;

/// <summary>The value type of an exported column (docs/data-dictionary.md#export).</summary>
public enum ColumnKind
{
    /// <summary>UTF-8 text.</summary>
    Text,

    /// <summary>64-bit integer.</summary>
    Int64,

    /// <summary>Exact decimal, 6 decimals: Parquet DECIMAL(18,6); CSV plain digits.</summary>
    Decimal,

    /// <summary>UTC instant, microseconds: Parquet TIMESTAMP(MICROS, adjusted to UTC); CSV ISO-8601 with Z.</summary>
    Timestamp,

    /// <summary>true / false.</summary>
    Bool,
}

/// <summary>One column of an exported table: its name, type, whether it may be empty, its unit and meaning.</summary>
public sealed record ExportColumn(string Name, ColumnKind Kind, bool Nullable, string Unit, string Meaning);

/// <summary>One exported table (one file): its name (the file's stem) and its columns in order.</summary>
public sealed record ExportTable(string Name, IReadOnlyList<ExportColumn> Columns);

/// <summary>What one exported file held.</summary>
public sealed record ExportedFile(string Table, string Path, long Rows);

/// <summary>The file formats of <c>mm export</c>.</summary>
public enum ExportFormat
{
    Parquet,
    Csv,
}
