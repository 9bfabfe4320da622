using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace PolyMM.Cli.Tests.Support;

/// <summary>Reads a ledger file the way a user's SQL would.</summary>
internal static class Db
{
    /// <summary>Every row of <paramref name="sql"/> as one text line, columns separated by '|'.</summary>
    public static List<string> Rows(string dbPath, string sql, params (string Name, object Value)[] args)
    {
        using var conn = new SqliteConnection($"Data Source={dbPath};Mode=ReadOnly;Pooling=False");
        conn.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in args)
        {
            cmd.Parameters.AddWithValue(name, value);
        }

        using var r = cmd.ExecuteReader();
        var rows = new List<string>();
        while (r.Read())
        {
            var sb = new StringBuilder();
            for (var i = 0; i < r.FieldCount; i++)
            {
                sb.Append(i == 0 ? string.Empty : "|").Append(Convert.ToString(r.GetValue(i), CultureInfo.InvariantCulture));
            }

            rows.Add(sb.ToString());
        }

        return rows;
    }

    /// <summary>Runs <paramref name="sql"/> read-write: for arranging damaged or edited files.</summary>
    public static void Exec(string dbPath, string sql)
    {
        using var conn = new SqliteConnection($"Data Source={dbPath};Pooling=False");
        conn.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    public static object? Scalar(string dbPath, string sql, params (string Name, object Value)[] args)
    {
        using var conn = new SqliteConnection($"Data Source={dbPath};Mode=ReadOnly;Pooling=False");
        conn.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in args)
        {
            cmd.Parameters.AddWithValue(name, value);
        }

        return cmd.ExecuteScalar();
    }
}
