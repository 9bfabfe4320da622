using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace PolyMM.Ledger.Sqlite;

/// <summary>
/// One prepared statement on the connection's native handle, bound by position with
/// <c>sqlite3_bind_int64/double/text</c>: no boxed parameter values and no per-execution lookup of
/// parameter names, which is where <c>SqliteCommand</c> spends most of a narrow insert (docs/design.md#performance-notes).
/// Values are stored exactly as <c>SqliteParameter</c> stores them (INTEGER, REAL, TEXT, NULL), so the
/// rows are identical. It runs inside whatever transaction the connection has open. The binds and the step go straight to
/// the statement's raw pointer (<see cref="SqliteNative"/>), with the connection's (recursive) mutex taken once per row, at
/// the first bind, and given back after the step: SQLitePCLRaw's SafeHandle add-ref/release and a mutex round trip per
/// cell were a fifth of the writer thread. One thread uses it at a time.
/// </summary>
internal sealed class RawStatement : IDisposable
{
    private static readonly IntPtr Transient = new(-1);
    private static readonly byte[] NoBytes = [0];

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _stmt;
    private readonly IntPtr _handle;
    private readonly IntPtr _mutex;
    private readonly byte[] _text = new byte[256 * 3];
    private bool _holding;

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

        _handle = _stmt.DangerousGetHandle();
        _mutex = SqliteNative.sqlite3_db_mutex(_db.DangerousGetHandle());
    }

    /// <summary>Binds parameter <c>$i</c> (0-based name, as the SQL spells it).</summary>
    public void Int(int i, long value) => Check(SqliteNative.sqlite3_bind_int64(Row(), i + 1, value));

    public void Real(int i, double value) =>
        Check(double.IsFinite(value) ? SqliteNative.sqlite3_bind_double(Row(), i + 1, value) : SqliteNative.sqlite3_bind_null(Row(), i + 1));

    public void Real(int i, decimal value) => Check(SqliteNative.sqlite3_bind_double(Row(), i + 1, (double)value));

    public void Real(int i, decimal? value) =>
        Check(value is { } v ? SqliteNative.sqlite3_bind_double(Row(), i + 1, (double)v) : SqliteNative.sqlite3_bind_null(Row(), i + 1));

    public void Int(int i, long? value) =>
        Check(value is { } v ? SqliteNative.sqlite3_bind_int64(Row(), i + 1, v) : SqliteNative.sqlite3_bind_null(Row(), i + 1));

    public void Text(int i, string? value)
    {
        if (value is null)
        {
            Check(SqliteNative.sqlite3_bind_null(Row(), i + 1));
            return;
        }

        // Encoded into a reused buffer; SQLite copies the bytes (SQLITE_TRANSIENT) before the call returns.
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        var rented = max > 256 ? ArrayPool<byte>.Shared.Rent(max) : null;
        var buffer = rented ?? _text;
        var n = Encoding.UTF8.GetBytes(value, buffer);
        try
        {
            Bind(i, buffer.AsSpan(0, n));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Text already encoded as UTF-8 (run ids, market ids): bound without transcoding.</summary>
    public void Text(int i, byte[] utf8) => Bind(i, utf8);

    /// <summary>Executes the bound statement and resets it for the next row.</summary>
    public void Execute()
    {
        var handle = Row();
        var rc = SqliteNative.sqlite3_step(handle);
        // reset repeats the step's error code, which the step's own code already reports.
        _ = SqliteNative.sqlite3_reset(handle);
        if (rc != raw.SQLITE_DONE)
        {
            Release();
            SqliteException.ThrowExceptionForRC(rc, _db);
        }

        Release();
    }

    public static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    public void Dispose()
    {
        Release();
        _stmt.Dispose();
    }

    // The statement's pointer, with the connection's mutex held from a row's first bind until its step is done.
    private IntPtr Row()
    {
        if (!_holding)
        {
            SqliteNative.sqlite3_mutex_enter(_mutex);
            _holding = true;
        }

        return _handle;
    }

    private void Release()
    {
        if (_holding)
        {
            _holding = false;
            SqliteNative.sqlite3_mutex_leave(_mutex);
        }
    }

    private void Bind(int i, ReadOnlySpan<byte> utf8)
    {
        // An empty text must stay '' (a null pointer would bind NULL): it points at a byte and says 0 of them.
        ref var first = ref utf8.IsEmpty ? ref NoBytes[0] : ref MemoryMarshal.GetReference(utf8);
        Check(SqliteNative.sqlite3_bind_text(Row(), i + 1, ref first, utf8.Length, Transient));
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            Release();
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }
}
