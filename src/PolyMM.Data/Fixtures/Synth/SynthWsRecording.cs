using System.Globalization;
using System.Text;
using PolyMM.Core.Random;
using PolyMM.Data.Polymarket.Ws;

namespace PolyMM.Data.Fixtures.Synth;

/// <summary>
/// A deterministic synthetic market-channel stream in the venue's current wire shapes (docs/design.md#synthetic-ws-recording),
/// for benchmarks and bounded-memory checks: per market a five-level book each side on the 0.01 grid, whose sizes change
/// (one <c>price_change</c> with the YES entry and its mirrored NO entry) and whose mid steps a tick now and then (one
/// <c>price_change</c> of four entries per token); every 10th step of a market a trade printed on both tokens, every
/// 200th a <c>book</c> of both tokens. Frames go round-robin over the markets, one per millisecond of event time,
/// received 50 ms later. Same arguments, same frames.
/// </summary>
public sealed class SynthWsRecording
{
    private const int Levels = 5;
    private const int TradeEvery = 10;
    private const int BookEvery = 200;
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly int _markets;
    private readonly long _seed;

    public SynthWsRecording(int markets, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(markets);
        _markets = markets;
        _seed = seed;
    }

    public static string ConditionId(int i) => "0xsynthws" + i.ToString("D4", CultureInfo.InvariantCulture);

    public static string YesToken(int i) => (1_000_001 + (2 * i)).ToString(CultureInfo.InvariantCulture);

    public static string NoToken(int i) => (1_000_002 + (2 * i)).ToString(CultureInfo.InvariantCulture);

    /// <summary>The recording's markets.json (docs/design.md#websocket-recording) with reward terms and a fee schedule.</summary>
    public string MarketsJson()
    {
        var sb = new StringBuilder("{\"format\":\"").Append(WsMarketsFile.FormatName).Append("\",\"markets\":[");
        for (var i = 0; i < _markets; i++)
        {
            sb.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture,
                $"{{\"condition_id\":\"{ConditionId(i)}\",\"title\":\"Synthetic WS market {i}\",\"yes_token_id\":\"{YesToken(i)}\",\"no_token_id\":\"{NoToken(i)}\",\"tick_size\":0.01,\"min_order_size\":5,\"rewards\":{{\"max_spread_cents\":3,\"min_size\":20,\"daily_rate\":10}},\"fees\":{{\"rate\":0.02,\"exponent\":1,\"rebate_rate\":0.25}}}}");
        }

        return sb.Append("]}").ToString();
    }

    /// <summary>The first <paramref name="frames"/> frames, in receive order.</summary>
    public IEnumerable<WsEnvelope> Frames(long frames)
    {
        var books = new MarketBook[_markets];
        for (var i = 0; i < _markets; i++)
        {
            books[i] = new MarketBook(i, new SeededRandom(unchecked((_seed * 1_000_003L) + i)));
        }

        var sb = new StringBuilder(1024);
        for (long n = 0; n < frames; n++)
        {
            var book = books[(int)(n % _markets)];
            var ms = Epoch.ToUnixTimeMilliseconds() + n;
            sb.Clear();
            book.Next(sb, ms);
            yield return new WsEnvelope((ms + 50) * 1000, 1, sb.ToString());
        }
    }

    /// <summary>Writes markets.json and the frames through <see cref="WsRecorder"/> until <paramref name="frames"/> or <paramref name="maxBytes"/> of files; returns the frames written.</summary>
    public long Write(string dir, long frames, long maxBytes, TimeProvider time, Action<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, WsMarketsFile.FileName), MarketsJson());
        long written = 0;
        using (var recorder = new WsRecorder(dir, time, TimeSpan.MaxValue, 1 << 22))
        {
            foreach (var env in Frames(frames))
            {
                recorder.Append(env.Received, env.Conn, env.Frame);
                if (++written % 100_000 == 0)
                {
                    progress?.Invoke(written);
                    if (maxBytes > 0 && Directory.GetFiles(dir, "ws-*.jsonl.gz").Sum(f => new FileInfo(f).Length) >= maxBytes)
                    {
                        break;
                    }
                }
            }
        }

        return written;
    }

    /// <summary>One market's book in integer ticks: bids at mid − 1 … mid − 5, asks at mid + 1 … mid + 5.</summary>
    private sealed class MarketBook(int index, SeededRandom rng)
    {
        private readonly int[] _bidSize = Sizes(rng);
        private readonly int[] _askSize = Sizes(rng);
        private int _mid = 30 + (int)(rng.NextUInt64() % 40);
        private long _step;

        private static int[] Sizes(SeededRandom rng)
        {
            var s = new int[Levels];
            for (var k = 0; k < Levels; k++)
            {
                s[k] = 10 + (int)(rng.NextUInt64() % 490);
            }

            return s;
        }

        public void Next(StringBuilder sb, long ms)
        {
            var step = _step++;
            if (step % BookEvery == 0)
            {
                sb.Append('[');
                Book(sb, YesToken(index), ms, mirrored: false);
                sb.Append(',');
                Book(sb, NoToken(index), ms, mirrored: true);
                sb.Append(']');
                return;
            }

            if (step % TradeEvery == 0)
            {
                // A taker buys at the best ask (or sells at the best bid); the venue prints it on both tokens.
                var buy = (rng.NextUInt64() & 1) == 0;
                var price = buy ? _mid + 1 : _mid - 1;
                var size = 1 + (int)(rng.NextUInt64() % 100);
                var hash = "0xt" + index.ToString(CultureInfo.InvariantCulture) + "s" + step.ToString(CultureInfo.InvariantCulture);
                sb.Append('[');
                Trade(sb, YesToken(index), price, buy ? "BUY" : "SELL", size, ms, hash);
                sb.Append(',');
                Trade(sb, NoToken(index), 100 - price, buy ? "SELL" : "BUY", size, ms, hash);
                sb.Append(']');
                return;
            }

            var draw = rng.NextUInt64() % 10;
            var changes = new List<(bool Bid, int Price, int Size)>(4);
            if (draw == 0 && _mid < 80)
            {
                // The mid steps up: a new best bid at the old mid, the best ask leaves, a new far ask, the far bid leaves.
                changes.Add((true, _mid, 10 + (int)(rng.NextUInt64() % 490)));
                changes.Add((false, _mid + 1, 0));
                changes.Add((false, _mid + 1 + Levels, 10 + (int)(rng.NextUInt64() % 490)));
                changes.Add((true, _mid - Levels, 0));
                Shift(up: true, changes[0].Size, changes[2].Size);
            }
            else if (draw == 1 && _mid > 20)
            {
                changes.Add((false, _mid, 10 + (int)(rng.NextUInt64() % 490)));
                changes.Add((true, _mid - 1, 0));
                changes.Add((true, _mid - 1 - Levels, 10 + (int)(rng.NextUInt64() % 490)));
                changes.Add((false, _mid + Levels, 0));
                Shift(up: false, changes[0].Size, changes[2].Size);
            }
            else
            {
                var bid = (rng.NextUInt64() & 1) == 0;
                var k = (int)(rng.NextUInt64() % Levels);
                var size = 1 + (int)(rng.NextUInt64() % 500);
                (bid ? _bidSize : _askSize)[k] = size;
                changes.Add((bid, bid ? _mid - 1 - k : _mid + 1 + k, size));
            }

            sb.Append("{\"event_type\":\"price_change\",\"market\":\"").Append(ConditionId(index)).Append("\",\"price_changes\":[");
            var first = true;
            foreach (var (isBid, price, size) in changes)
            {
                // The YES entry and its mirror on NO (price 1 − p, the other side), each with its token's BBO after the message.
                Entry(sb, ref first, YesToken(index), price, isBid ? "BUY" : "SELL", size, _mid - 1, _mid + 1);
                Entry(sb, ref first, NoToken(index), 100 - price, isBid ? "SELL" : "BUY", size, 100 - (_mid + 1), 100 - (_mid - 1));
            }

            sb.Append("],\"timestamp\":\"").Append(ms).Append("\"}");
        }

        private void Shift(bool up, int newBest, int newFar)
        {
            // Sizes are held best first: moving up, bids gain a new best and lose the farthest; asks lose the best and gain a far level.
            if (up)
            {
                Array.Copy(_bidSize, 0, _bidSize, 1, Levels - 1);
                _bidSize[0] = newBest;
                Array.Copy(_askSize, 1, _askSize, 0, Levels - 1);
                _askSize[Levels - 1] = newFar;
                _mid++;
            }
            else
            {
                Array.Copy(_askSize, 0, _askSize, 1, Levels - 1);
                _askSize[0] = newBest;
                Array.Copy(_bidSize, 1, _bidSize, 0, Levels - 1);
                _bidSize[Levels - 1] = newFar;
                _mid--;
            }
        }

        private static void Entry(StringBuilder sb, ref bool first, string asset, int price, string side, int size, int bestBid, int bestAsk)
        {
            sb.Append(first ? "" : ",").Append("{\"asset_id\":\"").Append(asset).Append("\",\"price\":\"").Append(Px(price))
                .Append("\",\"side\":\"").Append(side).Append("\",\"size\":\"").Append(size).Append("\",\"best_bid\":\"").Append(Px(bestBid))
                .Append("\",\"best_ask\":\"").Append(Px(bestAsk)).Append("\"}");
            first = false;
        }

        private void Book(StringBuilder sb, string asset, long ms, bool mirrored)
        {
            // NO's bids are YES's asks at 1 − p and the other way round.
            var (bids, bidPx, asks, askPx) = mirrored
                ? (_askSize, (Func<int, int>)(k => 100 - (_mid + 1 + k)), _bidSize, (Func<int, int>)(k => 100 - (_mid - 1 - k)))
                : (_bidSize, k => _mid - 1 - k, _askSize, k => _mid + 1 + k);
            sb.Append("{\"event_type\":\"book\",\"market\":\"").Append(ConditionId(index)).Append("\",\"asset_id\":\"").Append(asset).Append("\",\"bids\":[");
            for (var k = Levels - 1; k >= 0; k--)
            {
                sb.Append(k == Levels - 1 ? "" : ",").Append("{\"price\":\"").Append(Px(bidPx(k))).Append("\",\"size\":\"").Append(bids[k]).Append("\"}");
            }

            sb.Append("],\"asks\":[");
            for (var k = Levels - 1; k >= 0; k--)
            {
                sb.Append(k == Levels - 1 ? "" : ",").Append("{\"price\":\"").Append(Px(askPx(k))).Append("\",\"size\":\"").Append(asks[k]).Append("\"}");
            }

            sb.Append("],\"timestamp\":\"").Append(ms).Append("\"}");
        }

        private void Trade(StringBuilder sb, string asset, int price, string side, int size, long ms, string hash) =>
            sb.Append("{\"event_type\":\"last_trade_price\",\"market\":\"").Append(ConditionId(index)).Append("\",\"asset_id\":\"").Append(asset)
                .Append("\",\"price\":\"").Append(Px(price)).Append("\",\"side\":\"").Append(side).Append("\",\"size\":\"").Append(size)
                .Append("\",\"timestamp\":\"").Append(ms).Append("\",\"transaction_hash\":\"").Append(hash).Append("\"}");

        private static string Px(int ticks) => (ticks / 100m).ToString("0.00", CultureInfo.InvariantCulture);
    }
}
