using System.Buffers.Binary;
using System.Text;

namespace PolyMM.Data.Polymarket.Ws;

/// <summary>
/// The parser's books by the UTF-8 bytes of their token id, so a frame's <c>asset_id</c> finds its book without a string
/// or a UTF-16 copy (docs/design.md#websocket-market-channel, "Fast path"). Open addressing over a power-of-two table;
/// a hash only picks the slot, the bytes are always compared whole.
/// </summary>
internal sealed class AssetIndex
{
    private Slot[] _slots = new Slot[64];
    private int _count;

    public bool TryGet(ReadOnlySpan<byte> id, out AssetBook? book)
    {
        var hash = Hash(id);
        var mask = _slots.Length - 1;
        for (var i = hash & mask; ; i = (i + 1) & mask)
        {
            ref var slot = ref _slots[i];
            if (slot.Key is null)
            {
                book = null;
                return false;
            }

            if (slot.Hash == hash && id.SequenceEqual(slot.Key))
            {
                book = slot.Book;
                return true;
            }
        }
    }

    /// <summary>Adds a book under its id (the caller has checked it is not there).</summary>
    public void Add(AssetBook book)
    {
        if ((_count + 1) * 2 > _slots.Length)
        {
            var old = _slots;
            _slots = new Slot[old.Length * 2];
            foreach (var s in old)
            {
                if (s.Key is not null)
                {
                    Insert(s);
                }
            }
        }

        var key = Encoding.UTF8.GetBytes(book.AssetId);
        Insert(new Slot { Key = key, Hash = Hash(key), Book = book });
        _count++;
    }

    private void Insert(Slot s)
    {
        var mask = _slots.Length - 1;
        var i = s.Hash & mask;
        while (_slots[i].Key is not null)
        {
            i = (i + 1) & mask;
        }

        _slots[i] = s;
    }

    /// <summary>Length and the first, middle and last eight bytes (token ids are long digit strings whose tails differ), mixed.</summary>
    private static int Hash(ReadOnlySpan<byte> id)
    {
        ulong h = (ulong)id.Length;
        if (id.Length >= 8)
        {
            h ^= BinaryPrimitives.ReadUInt64LittleEndian(id) * 0x9E3779B97F4A7C15UL;
            h = (h ^ (h >> 29)) + (BinaryPrimitives.ReadUInt64LittleEndian(id[^8..]) * 0xBF58476D1CE4E5B9UL);
            if (id.Length >= 24)
            {
                h = (h ^ (h >> 31)) + (BinaryPrimitives.ReadUInt64LittleEndian(id[(id.Length / 2)..]) * 0x9E3779B97F4A7C15UL);
            }
        }
        else
        {
            foreach (var b in id)
            {
                h = (h * 31) + b;
            }
        }

        h ^= h >> 32;
        h *= 0x94D049BB133111EBUL;
        return (int)(h >> 33);
    }

    private struct Slot
    {
        public byte[]? Key;
        public int Hash;
        public AssetBook Book;
    }
}
