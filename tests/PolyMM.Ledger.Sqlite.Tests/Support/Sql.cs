using Microsoft.Data.Sqlite;

namespace PolyMM.Ledger.Sqlite.Tests.Support;

/// <summary>Ad-hoc SQL for assertions on tables the reader does not expose (ticks, execution_records).</summary>
internal static class Sql
{
    public static object? Scalar(SqliteConnection conn, string sql, params (string Name, object Value)[] args)
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in args)
        {
            cmd.Parameters.AddWithValue(name, value);
        }

        return cmd.ExecuteScalar();
    }

    public static long Count(SqliteConnection conn, string sql, params (string Name, object Value)[] args) =>
        (long)Scalar(conn, sql, args)!;

    /// <summary>Every row as column name → value (DBNull as null).</summary>
    public static List<Dictionary<string, object?>> Rows(SqliteConnection conn, string sql, params (string Name, object Value)[] args)
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in args)
        {
            cmd.Parameters.AddWithValue(name, value);
        }

        using var r = cmd.ExecuteReader();
        var rows = new List<Dictionary<string, object?>>();
        while (r.Read())
        {
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < r.FieldCount; i++)
            {
                row[r.GetName(i)] = r.IsDBNull(i) ? null : r.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>A REAL column value as the ledger reads it back: double → decimal.</summary>
    public static decimal? Dec(object? value) => value is null ? null : (decimal)Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
}
