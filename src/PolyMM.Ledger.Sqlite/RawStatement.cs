using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace PolyMM.Ledger.Sqlite;

/// <summary>
/// One prepared statement on the connection's native handle, bound by position with
/// <c>sqlite3_bind_int64/double/text</c>: no boxed parameter values and no per-execution lookup of
/// parameter names, which is where <c>SqliteCommand</c> spends most of a narrow insert (docs/design.md#performance-notes).
/// Values are stored exactly as <c>SqliteParameter</c> stores them (INTEGER, REAL, TEXT, NULL), so the
/// rows are identical. It runs inside whatever transaction the connection has open.
/// </summary>
internal sealed class RawStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _stmt;

    public RawStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
        var rc = raw.sqlite3_prepare_v3(_db, sql, raw.SQLITE_PREPARE_PERSISTENT, out _stmt, out var tail);
        SqliteException.ThrowExceptionForRC(rc, _db);
        if (!string.IsNullOrWhiteSpace(tail))
        {
            throw new ArgumentException("one statement only", nameof(sql));
        }

        // Binding is positional: the SQL must name its parameters $0, $1, … in order of first appearance.
        var count = raw.sqlite3_bind_parameter_count(_stmt);
        for (var i = 1; i <= count; i++)
        {
            var name = raw.sqlite3_bind_parameter_name(_stmt, i).utf8_to_string();
            if (name != "$" + (i - 1).ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                throw new ArgumentException($"parameter {i} is {name}; expected ${i - 1}", nameof(sql));
            }
        }
    }

    /// <summary>Binds parameter <c>$i</c> (0-based name, as the SQL spells it).</summary>
    public void Int(int i, long value) => Check(raw.sqlite3_bind_int64(_stmt, i + 1, value));

    public void Real(int i, double value) => Check(double.IsFinite(value) ? raw.sqlite3_bind_double(_stmt, i + 1, value) : raw.sqlite3_bind_null(_stmt, i + 1));

    public void Real(int i, decimal value) => Check(raw.sqlite3_bind_double(_stmt, i + 1, (double)value));

    public void Real(int i, decimal? value) => Check(value is { } v ? raw.sqlite3_bind_double(_stmt, i + 1, (double)v) : raw.sqlite3_bind_null(_stmt, i + 1));

    public void Int(int i, long? value) => Check(value is { } v ? raw.sqlite3_bind_int64(_stmt, i + 1, v) : raw.sqlite3_bind_null(_stmt, i + 1));

    public void Text(int i, string? value) => Check(value is null ? raw.sqlite3_bind_null(_stmt, i + 1) : raw.sqlite3_bind_text(_stmt, i + 1, value));

    /// <summary>Text already encoded as UTF-8 (run ids, market ids): bound without transcoding.</summary>
    public void Text(int i, byte[] utf8) => Check(raw.sqlite3_bind_text(_stmt, i + 1, utf8.AsSpan()));

    /// <summary>Executes the bound statement and resets it for the next row.</summary>
    public void Execute()
    {
        var rc = raw.sqlite3_step(_stmt);
        raw.sqlite3_reset(_stmt);
        if (rc != raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }

    public static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    public void Dispose() => _stmt.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }
}
