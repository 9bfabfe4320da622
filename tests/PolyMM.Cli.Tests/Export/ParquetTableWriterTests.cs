using System.Globalization;
using PolyMM.Reports.Export;

namespace PolyMM.Cli.Tests.Export;

/// <summary>The Parquet writer of <c>mm export</c> over many row groups, read back by DuckDB (docs/data-dictionary.md#export).</summary>
public sealed class ParquetTableWriterTests
{
    private static readonly ExportTable Table = new("t",
    [
        new("id", ColumnKind.Int64, false, "—", "row number"),
        new("usd", ColumnKind.Decimal, true, "USD", "amount, null on every 7th row"),
        new("ts", ColumnKind.Timestamp, false, "UTC", "time"),
        new("name", ColumnKind.Text, true, "—", "text, null on every 5th row"),
        new("flag", ColumnKind.Bool, false, "—", "even row"),
    ]);

    [Fact]
    public void Write_ManyRowGroupsWithNulls_DuckDbReadsEveryRowAndValue()
    {
        using var dir = new TempDir();
        var path = dir.File("t.parquet");
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        const int rows = 10_007; // 10 full groups of 1,000 and a partial one of 7
        using (var stream = File.Create(path))
        using (var w = new ParquetTableWriter(Table, stream, rowGroupRows: 1_000))
        {
            for (var i = 0; i < rows; i++)
            {
                w.Int64(i);
                w.Decimal(i % 7 == 0 ? null : i * 0.000001m);
                w.Timestamp(t0.AddTicks(i * 10L));
                w.Text(i % 5 == 0 ? null : "m" + i.ToString(CultureInfo.InvariantCulture));
                w.Bool(i % 2 == 0);
                w.EndRow();
            }

            w.Complete();
        }

        var p = $"read_parquet('{path}')";
        Assert.Equal(10_007L, Convert.ToInt64(Duck.Scalar($"SELECT COUNT(*) FROM {p}"), CultureInfo.InvariantCulture));
        Assert.Equal(11L, Convert.ToInt64(Duck.Scalar($"SELECT COUNT(*) FROM parquet_metadata('{path}') WHERE column_id = 0"), CultureInfo.InvariantCulture));
        // Σ i for i in 0..10006 is 10006 × 10007 / 2 = 50,065,021; the multiples of 7 (0, 7, …, 10003: 1,430 of them)
        // sum to 7 × 1429 × 1430 / 2 = 7,152,145; so Σ usd = (50,065,021 − 7,152,145) × 0.000001 = 42.912876 exactly.
        Assert.Equal(42.912876m, Convert.ToDecimal(Duck.Scalar($"SELECT SUM(usd) FROM {p}"), CultureInfo.InvariantCulture));
        Assert.Equal(1_430L, Convert.ToInt64(Duck.Scalar($"SELECT COUNT(*) FROM {p} WHERE usd IS NULL"), CultureInfo.InvariantCulture));
        Assert.Equal(2_002L, Convert.ToInt64(Duck.Scalar($"SELECT COUNT(*) FROM {p} WHERE name IS NULL"), CultureInfo.InvariantCulture));
        Assert.Equal(5_004L, Convert.ToInt64(Duck.Scalar($"SELECT COUNT(*) FROM {p} WHERE flag"), CultureInfo.InvariantCulture));
        // Row 10006 is 10006 µs after T0 (2026-01-01T00:00:00Z = 1,767,225,600 s): microseconds survive.
        Assert.Equal(1_767_225_600_010_006L, Convert.ToInt64(Duck.Scalar($"SELECT epoch_us(ts) FROM {p} WHERE id = 10006"), CultureInfo.InvariantCulture));
        Assert.Equal("m10006", Duck.Scalar($"SELECT name FROM {p} WHERE id = 10006"));
    }

    [Fact]
    public void Write_NoRows_FileStillHasTheSchema()
    {
        using var dir = new TempDir();
        var path = dir.File("empty.parquet");
        using (var stream = File.Create(path))
        using (var w = new ParquetTableWriter(Table, stream))
        {
            w.Complete();
        }

        Assert.Equal(0L, Convert.ToInt64(Duck.Scalar($"SELECT COUNT(*) FROM read_parquet('{path}')"), CultureInfo.InvariantCulture));
        Assert.Equal("DECIMAL(18,6)", Duck.Scalar($"SELECT column_type FROM (DESCRIBE SELECT * FROM read_parquet('{path}')) WHERE column_name = 'usd'"));
    }

    [Fact]
    public void Write_NullInARequiredColumn_Throws()
    {
        using var dir = new TempDir();
        using var stream = File.Create(dir.File("bad.parquet"));
        using var w = new ParquetTableWriter(Table, stream);

        Assert.Throws<InvalidOperationException>(() => w.Int64(null));
    }
}
