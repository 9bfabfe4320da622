using PolyMM.Core.Instruments;
using PolyMM.Core.Market;

namespace PolyMM.Data.Polymarket.Ws;

/// <summary>
/// Token id → (instrument index, YES/NO) for the markets of a run (docs/design.md#websocket-market-channel). Every
/// market-channel message names its token by <c>asset_id</c>; this map turns it into the run's instrument.
/// </summary>
public sealed class WsTokenMap
{
    private readonly Dictionary<string, (int Instrument, Outcome Token)> _map = new(StringComparer.Ordinal);

    public WsTokenMap(IEnumerable<InstrumentSpec> instruments)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        foreach (var i in instruments)
        {
            Add(i.YesTokenId, i.Index, Outcome.Yes);
            Add(i.NoTokenId, i.Index, Outcome.No);
        }
    }

    public int Count => _map.Count;

    /// <summary>Every token id of the map (YES and NO of each market).</summary>
    public IEnumerable<string> TokenIds => _map.Keys;

    public bool TryGet(string assetId, out int instrument, out Outcome token)
    {
        if (_map.TryGetValue(assetId, out var v))
        {
            (instrument, token) = v;
            return true;
        }

        instrument = -1;
        token = Outcome.Yes;
        return false;
    }

    private void Add(string tokenId, int index, Outcome token)
    {
        if (!string.IsNullOrEmpty(tokenId))
        {
            _map[tokenId] = (index, token);
        }
    }
}
