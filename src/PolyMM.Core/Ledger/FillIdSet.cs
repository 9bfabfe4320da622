namespace PolyMM.Core.Ledger;

/// <summary>
/// The fill ids a portfolio has applied, as sorted, disjoint runs of consecutive ids (docs/design.md#performance-notes).
/// The simulated venue numbers its fills 1, 2, 3, … in the order it reports them, so a run's ids are one run that grows
/// at its end: adding the next id changes two numbers and allocates nothing, whatever the number of fills. Ids that come
/// out of order (a ledger read back, a test) are found by binary search and open or join runs of their own.
/// </summary>
public sealed class FillIdSet
{
    private readonly List<(long First, long Last)> _runs = [];

    public int Count { get; private set; }

    public bool Contains(long id)
    {
        if (_runs.Count == 0)
        {
            return false;
        }

        var (_, last) = _runs[^1];
        if (id > last)
        {
            return false;
        }

        var i = Find(id);
        return i >= 0 && _runs[i].First <= id && id <= _runs[i].Last;
    }

    /// <summary>Adds <paramref name="id"/>; false when it was already there.</summary>
    public bool Add(long id)
    {
        if (_runs.Count > 0 && _runs[^1].Last == id - 1 && id != long.MinValue)
        {
            // The usual case: the next id of the newest run.
            _runs[^1] = (_runs[^1].First, id);
            Count++;
            return true;
        }

        if (Contains(id))
        {
            return false;
        }

        // The run starting after id, if any, and the one ending before it: join, extend or open a run.
        var before = Find(id);
        var after = before + 1;
        var joinsBefore = before >= 0 && _runs[before].Last == id - 1;
        var joinsAfter = after < _runs.Count && _runs[after].First == id + 1;
        if (joinsBefore && joinsAfter)
        {
            _runs[before] = (_runs[before].First, _runs[after].Last);
            _runs.RemoveAt(after);
        }
        else if (joinsBefore)
        {
            _runs[before] = (_runs[before].First, id);
        }
        else if (joinsAfter)
        {
            _runs[after] = (id, _runs[after].Last);
        }
        else
        {
            _runs.Insert(after, (id, id));
        }

        Count++;
        return true;
    }

    // The index of the last run whose first id is ≤ id, or −1.
    private int Find(long id)
    {
        int lo = 0, hi = _runs.Count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (_runs[mid].First <= id)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found;
    }
}
