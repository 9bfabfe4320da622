using PolyMM.Core.Execution;
using PolyMM.Core.Random;
using PolyMM.Data.Polymarket.Ws;

namespace PolyMM.Cli.Running;

/// <summary>
/// <c>--latency-from-recording</c> (docs/design.md#order-lifecycle): the distribution of a market-channel recording's
/// receive-minus-source delays (each event's <c>recv_ts_us</c> minus its own <c>timestamp</c>), read in one pass before the
/// run, drawn with the run's seed.
/// </summary>
internal static class RecordedLatency
{
    /// <summary>Null unless the flag is on; a data set without such delays is one settings error.</summary>
    public static LatencyDistribution? Load(RunSettings s)
    {
        if (!s.LatencyFromRecording)
        {
            return null;
        }

        var fixtureDir = Paths.Resolve(s.FixtureDir);
        var dir = s.FixtureProfile is "default" or "" ? fixtureDir : Path.Combine(fixtureDir, s.FixtureProfile);
        if (s.DataMode != "offline" || s.FixtureFormat == "pmxt" || RecordingFormat.Detect(dir) != RecordingKind.MarketChannel)
        {
            throw new SettingsException("--latency-from-recording needs a market-channel recording as --fixture-dir (offline; its frames carry receive and source times)");
        }

        var instruments = WsMarketsFile.Read(dir);
        var feed = WsFrameFeed.FromRecording(dir, instruments, out _);
        var drawn = LatencyDistribution.From(Delays(feed), new SeededRandom(s.Seed), new SeededRandom(s.Seed));
        return drawn ?? throw new SettingsException($"--latency-from-recording: {dir} has no event with a source timestamp at or before its receive time");
    }

    private static IEnumerable<TimeSpan> Delays(WsFrameFeed feed)
    {
        while (true)
        {
            while (feed.TryRead(out var e))
            {
                yield return e.TsRecv - e.TsEvent;
            }

            var more = feed.WaitAsync(CancellationToken.None);
            if (!(more.IsCompletedSuccessfully ? more.Result : more.AsTask().GetAwaiter().GetResult()))
            {
                yield break;
            }
        }
    }
}
