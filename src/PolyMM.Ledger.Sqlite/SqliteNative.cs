using System.Runtime.InteropServices;

namespace PolyMM.Ledger.Sqlite;

/// <summary>
/// The few SQLite entry points called per cell or per row by <see cref="RawQuery"/> and <see cref="RawStatement"/>, bound to
/// the same native library SQLitePCLRaw loads, taking the raw pointers (no SafeHandle marshalling). The column getters and
/// the binds only touch the statement and never wait: they skip the GC transition (docs/design.md#performance-notes).
/// </summary>
internal static class SqliteNative
{
    private const string Lib = "e_sqlite3";

    [DllImport(Lib, ExactSpelling = true)]
    public static extern int sqlite3_step(IntPtr stmt);

    [DllImport(Lib, ExactSpelling = true)]
    public static extern IntPtr sqlite3_db_mutex(IntPtr db);

    // Not without the GC transition: it may wait for another thread that holds the connection.
    [DllImport(Lib, ExactSpelling = true)]
    public static extern void sqlite3_mutex_enter(IntPtr mutex);

    [DllImport(Lib, ExactSpelling = true)]
    [SuppressGCTransition]
    public static extern void sqlite3_mutex_leave(IntPtr mutex);

    [DllImport(Lib, ExactSpelling = true)]
    [SuppressGCTransition]
    public static extern int sqlite3_column_type(IntPtr stmt, int i);

    [DllImport(Lib, ExactSpelling = true)]
    [SuppressGCTransition]
    public static extern long sqlite3_column_int64(IntPtr stmt, int i);

    [DllImport(Lib, ExactSpelling = true)]
    [SuppressGCTransition]
    public static extern double sqlite3_column_double(IntPtr stmt, int i);

    [DllImport(Lib, ExactSpelling = true)]
    [SuppressGCTransition]
    public static extern IntPtr sqlite3_column_text(IntPtr stmt, int i);

    [DllImport(Lib, ExactSpelling = true)]
    [SuppressGCTransition]
    public static extern int sqlite3_column_bytes(IntPtr stmt, int i);

    [DllImport(Lib, ExactSpelling = true)]
    [SuppressGCTransition]
    public static extern int sqlite3_bind_int64(IntPtr stmt, int i, long value);

    [DllImport(Lib, ExactSpelling = true)]
    [SuppressGCTransition]
    public static extern int sqlite3_bind_double(IntPtr stmt, int i, double value);

    [DllImport(Lib, ExactSpelling = true)]
    [SuppressGCTransition]
    public static extern int sqlite3_bind_null(IntPtr stmt, int i);

    /// <summary><paramref name="destructor"/> −1 is SQLITE_TRANSIENT: SQLite copies the bytes before the call returns.</summary>
    [DllImport(Lib, ExactSpelling = true)]
    [SuppressGCTransition]
    public static extern int sqlite3_bind_text(IntPtr stmt, int i, ref byte text, int bytes, IntPtr destructor);

    [DllImport(Lib, ExactSpelling = true)]
    public static extern int sqlite3_reset(IntPtr stmt);
}
