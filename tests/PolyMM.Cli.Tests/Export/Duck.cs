using System.Globalization;
using DuckDB.NET.Data;

namespace PolyMM.Cli.Tests.Export;

/// <summary>DuckDB in memory: the independent reader the export tests read Parquet and CSV back with.</summary>
internal static class Duck
{
    public static object? Scalar(string sql)
    {
        using var conn = new DuckDBConnection("Data Source=:memory:");
        conn.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }

    public static decimal Dec(string sql) => Convert.ToDecimal(Scalar(sql), CultureInfo.InvariantCulture);

    public static long Long(string sql) => Convert.ToInt64(Scalar(sql), CultureInfo.InvariantCulture);
}
