using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace PolyMM.Ledger.Sqlite;

/// <summary>
/// The reading counterpart of <see cref="RawStatement"/>: one prepared SELECT on the connection's native handle, stepped
/// with <c>sqlite3_step</c> and read cell by cell with <c>sqlite3_column_int64/double/text/type</c> on the statement's
/// raw pointer. <c>SqliteDataReader</c> pays a SafeHandle add-ref/release and the connection's mutex on every cell; here
/// the handle is taken once and the connection's (recursive) mutex is held for a whole row (<see cref="Step"/> to
/// <see cref="EndRow"/>), so a cell costs one native call (docs/design.md#performance-notes). Values are what
/// <c>SqliteDataReader</c> returns for the same calls: the same SQLite conversions (an INTEGER read as double, a REAL
/// read as integer), text decoded from UTF-8, NULL seen as <see cref="IsNull"/>. It runs inside whatever transaction the
/// connection has open. One thread uses it at a time.
/// </summary>
internal sealed class RawQuery : IDisposable
{
    private const int SqliteNull = 5;

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _stmt;
    private readonly IntPtr _handle;
    private readonly IntPtr _mutex;
    private bool _holding;
    private bool _done;

    public RawQuery(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
        var rc = raw.sqlite3_prepare_v2(_db, sql, out _stmt, out var tail);
        SqliteException.ThrowExceptionForRC(rc, _db);
        if (!string.IsNullOrWhiteSpace(tail))
        {
            _stmt.Dispose();
            throw new ArgumentException("one statement only", nameof(sql));
        }

        _handle = _stmt.DangerousGetHandle();
        _mutex = SqliteNative.sqlite3_db_mutex(_db.DangerousGetHandle());
    }

    /// <summary>Binds parameter <paramref name="i"/> (1-based, as SQLite counts).</summary>
    public RawQuery Bind(int i, long value)
    {
        Check(raw.sqlite3_bind_int64(_stmt, i, value));
        return this;
    }

    public RawQuery Bind(int i, string value)
    {
        Check(raw.sqlite3_bind_text(_stmt, i, value));
        return this;
    }

    /// <summary>
    /// The next row: true with the connection held until <see cref="EndRow"/>, false after the last row (nothing held).
    /// </summary>
    public bool Step()
    {
        if (_done)
        {
            return false;
        }

        SqliteNative.sqlite3_mutex_enter(_mutex);
        _holding = true;
        var rc = SqliteNative.sqlite3_step(_handle);
        if (rc == raw.SQLITE_ROW)
        {
            return true;
        }

        EndRow();
        _done = true;
        if (rc != raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }

        return false;
    }

    /// <summary>Lets go of the connection after a row's cells are read (before the row is handed on).</summary>
    public void EndRow()
    {
        if (_holding)
        {
            _holding = false;
            SqliteNative.sqlite3_mutex_leave(_mutex);
        }
    }

    public bool IsNull(int i) => SqliteNative.sqlite3_column_type(_handle, i) == SqliteNull;

    public long Int64(int i) => SqliteNative.sqlite3_column_int64(_handle, i);

    public int Int32(int i) => (int)SqliteNative.sqlite3_column_int64(_handle, i);

    public double Double(int i) => SqliteNative.sqlite3_column_double(_handle, i);

    /// <summary>A REAL cell as decimal, as <c>(decimal)GetDouble</c> gives it.</summary>
    public decimal Dec(int i) => ToDecimal(SqliteNative.sqlite3_column_double(_handle, i));

    /// <summary>
    /// <c>(decimal)value</c>, the same value and scale, quicker for the ledger's amounts: a double below 10^9 that is the
    /// nearest double to k / 10^6 (at most 6 decimals, at most 15 digits) converts to k / 10^6 with its trailing zeros
    /// dropped, which is what the 15-digit conversion gives it; any other double takes the conversion itself.
    /// </summary>
    internal static decimal ToDecimal(double value)
    {
        if (!(Math.Abs(value) < 1e9))
        {
            return (decimal)value;
        }

        var scaled = Math.Round(value * 1e6);
        var k = (long)scaled;
        if (k == 0 || k / 1e6 != value)
        {
            return (decimal)value;
        }

        byte scale = 6;
        while (scale > 0 && k % 10 == 0)
        {
            k /= 10;
            scale--;
        }

        var negative = k < 0;
        var units = (ulong)(negative ? -k : k);
        return new decimal((int)(uint)units, (int)(uint)(units >> 32), 0, negative, scale);
    }

    public decimal? DecOrNull(int i) => IsNull(i) ? null : Dec(i);

    public decimal DecOrZero(int i) => IsNull(i) ? 0m : Dec(i);

    public long? Int64OrNull(int i) => IsNull(i) ? null : Int64(i);

    /// <summary>A TEXT cell (a NULL reads as the empty string, as <c>sqlite3_column_text</c> gives it).</summary>
    public string Text(int i)
    {
        var p = SqliteNative.sqlite3_column_text(_handle, i);
        return p == IntPtr.Zero ? string.Empty : Marshal.PtrToStringUTF8(p, SqliteNative.sqlite3_column_bytes(_handle, i));
    }

    public string? TextOrNull(int i) => IsNull(i) ? null : Text(i);

    /// <summary>
    /// A TEXT cell from a column with few distinct values (market ids, sources, reasons): the previous string of this
    /// column when the bytes are the same, so a stream of repeated values allocates each once.
    /// </summary>
    public string Text(int i, ref string? last)
    {
        var p = SqliteNative.sqlite3_column_text(_handle, i);
        if (p == IntPtr.Zero)
        {
            return string.Empty;
        }

        var n = SqliteNative.sqlite3_column_bytes(_handle, i);
        if (last is not null && SameAscii(last, p, n))
        {
            return last;
        }

        return last = Marshal.PtrToStringUTF8(p, n);
    }

    public string? TextOrNull(int i, ref string? last) => IsNull(i) ? null : Text(i, ref last);

    /// <summary>Whether <paramref name="s"/> is ASCII and equals the <paramref name="n"/> UTF-8 bytes at <paramref name="p"/>.</summary>
    private static bool SameAscii(string s, IntPtr p, int n)
    {
        if (s.Length != n)
        {
            return false;
        }

        for (var k = 0; k < n; k++)
        {
            var c = s[k];
            if (c > 0x7F || Marshal.ReadByte(p, k) != c)
            {
                return false;
            }
        }

        return true;
    }

    public void Dispose()
    {
        EndRow();
        _stmt.Dispose();
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }
}
