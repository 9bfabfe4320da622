using Microsoft.Data.Sqlite;
using PolyMM.Ledger.Sqlite.Tests.Support;

namespace PolyMM.Ledger.Sqlite.Tests;

/// <summary>
/// The writer's raw binds (<see cref="RawStatement"/>) store what <c>SqliteParameter</c> stores: the same storage class and
/// value for every kind of cell, an empty text as '' (not NULL), long and non-ASCII text whole.
/// </summary>
public sealed class RawStatementTests : IDisposable
{
    private readonly TempLedger _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public void Execute_EveryKindOfCell_SameRowsAsSqliteParameters()
    {
        using var conn = _db.Raw();
        Exec(conn, "CREATE TABLE t (k INTEGER, i, r, s, b); CREATE TABLE u (k INTEGER, i, r, s, b);");
        var longText = string.Concat(Enumerable.Repeat("é€x", 400)); // 2,400 UTF-8 bytes: past the statement's own buffer
        object?[][] rows =
        [
            [1L, 9223372036854775807L, 0.1, "synth-mkt-0001", "run"],
            [2L, null, null, null, null],
            [3L, -9223372036854775808L, -123.456789, string.Empty, string.Empty],
            [4L, 0L, double.NaN, longText, "é€ \"quoted\", comma"],
        ];

        using (var raw = new RawStatement(conn, "INSERT INTO t VALUES ($0, $1, $2, $3, $4)"))
        {
            foreach (var row in rows)
            {
                raw.Int(0, (long)row[0]!);
                raw.Int(1, (long?)row[1]);
                raw.Real(2, row[2] is double d ? d : double.NaN);
                raw.Text(3, (string?)row[3]);
                if (row[4] is string bytes)
                {
                    raw.Text(4, RawStatement.Utf8(bytes));
                }
                else
                {
                    raw.Text(4, (string?)null);
                }

                raw.Execute();
            }
        }

        using (var cmd = conn.CreateCommand())
        {
            cmd.CommandText = "INSERT INTO u VALUES ($k, $i, $r, $s, $b)";
            foreach (var row in rows)
            {
                cmd.Parameters.Clear();
                cmd.Parameters.AddWithValue("$k", row[0]);
                cmd.Parameters.AddWithValue("$i", row[1] ?? DBNull.Value);
                cmd.Parameters.AddWithValue("$r", row[2] is double d && double.IsFinite(d) ? d : DBNull.Value);
                cmd.Parameters.AddWithValue("$s", row[3] ?? DBNull.Value);
                cmd.Parameters.AddWithValue("$b", row[4] ?? DBNull.Value);
                cmd.ExecuteNonQuery();
            }
        }

        Assert.Equal(Dump(conn, "u"), Dump(conn, "t"));
        Assert.Equal("text:|text:", Dump(conn, "t")[2].Split(';')[3] + "|" + Dump(conn, "t")[2].Split(';')[4]);
    }

    [Fact]
    public void Execute_ConstraintViolation_ThrowsAndTheStatementStillWorks()
    {
        using var conn = _db.Raw();
        Exec(conn, "CREATE TABLE p (k INTEGER PRIMARY KEY, s TEXT NOT NULL)");
        using var raw = new RawStatement(conn, "INSERT INTO p VALUES ($0, $1)");
        raw.Int(0, 1);
        raw.Text(1, "a");
        raw.Execute();

        raw.Int(0, 1);
        raw.Text(1, "b");
        Assert.Throws<SqliteException>(raw.Execute);

        // The connection is usable from an ordinary command afterwards, and the statement again.
        raw.Int(0, 2);
        raw.Text(1, "c");
        raw.Execute();
        Assert.Equal(new[] { "integer:1;text:a", "integer:2;text:c" }, Dump(conn, "p"));
    }

    private static List<string> Dump(SqliteConnection conn, string table)
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = table == "p"
            ? "SELECT typeof(k) || ':' || k || ';' || typeof(s) || ':' || s FROM p ORDER BY k"
            : $"SELECT typeof(k) || ':' || COALESCE(k, '') || ';' || typeof(i) || ':' || COALESCE(i, '') || ';' || typeof(r) || ':' || COALESCE(r, '') || ';' || typeof(s) || ':' || COALESCE(s, '') || ';' || typeof(b) || ':' || COALESCE(b, '') FROM {table} ORDER BY k";
        using var r = cmd.ExecuteReader();
        var list = new List<string>();
        while (r.Read())
        {
            list.Add(r.GetString(0));
        }

        return list;
    }

    private static void Exec(SqliteConnection conn, string sql)
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
