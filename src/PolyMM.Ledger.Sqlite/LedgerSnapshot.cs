using Microsoft.Data.Sqlite;

namespace PolyMM.Ledger.Sqlite;

/// <summary>
/// An open transaction of a <see cref="LedgerStore"/> (docs/design.md#consistent-reads): disposed without
/// <see cref="Commit"/>, it rolls back (a read snapshot has nothing to keep). An inner snapshot of an outer one does
/// nothing itself.
/// </summary>
public sealed class LedgerSnapshot : IDisposable
{
    private readonly LedgerStore _store;
    private SqliteTransaction? _tx;

    internal LedgerSnapshot(LedgerStore store, SqliteTransaction? tx)
    {
        _store = store;
        _tx = tx;
    }

    public void Commit()
    {
        if (_tx is { } tx)
        {
            _tx = null;
            _store.EndSnapshot(tx, commit: true);
        }
    }

    public void Dispose()
    {
        if (_tx is { } tx)
        {
            _tx = null;
            _store.EndSnapshot(tx, commit: false);
        }
    }
}
