using Parquet;
using Parquet.Schema;
using PolyMM.Cli.Tests.Support;

namespace PolyMM.Cli.Tests;

/// <summary><c>mm run --fixture-format pmxt</c> on hourly files written in the PMXT archive's schema (docs/design.md#pmxt-archive).</summary>
public sealed class PmxtRunTests : IDisposable
{
    private static readonly DateTime T0 = new(2026, 4, 13, 10, 0, 0, DateTimeKind.Utc);
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>
    /// Market 0xm1 (tokens 11/12): a 0.49 / 0.51 book per token at 1 s, then one print per second from 2 s, a SELL at
    /// 0.47 and a BUY at 0.53 alternating; market 0xm2's rows (token 21) are in the file but not in the run.
    /// </summary>
    private async Task<string> WriteArchiveAsync()
    {
        var dir = _dir.File("pmxt");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "markets.json"),
            """{"format":"polymm-ws-1","markets":[{"condition_id":"0xm1","title":"M1","yes_token_id":"11","no_token_id":"12","tick_size":"0.01"}]}""");
        var rows = new List<(int Ms, string Market, string Type, string Asset, string? Bids, string? Asks, string? Price, string? Size, string? Side)>
        {
            (1000, "0xm1", "book", "11", "[{\"price\":\"0.49\",\"size\":\"500\"}]", "[{\"price\":\"0.51\",\"size\":\"500\"}]", null, null, null),
            (1000, "0xm1", "book", "12", "[{\"price\":\"0.49\",\"size\":\"500\"}]", "[{\"price\":\"0.51\",\"size\":\"500\"}]", null, null, null),
            (1000, "0xm2", "book", "21", "[{\"price\":\"0.49\",\"size\":\"500\"}]", "[{\"price\":\"0.51\",\"size\":\"500\"}]", null, null, null),
        };
        for (var i = 0; i < 8; i++)
        {
            rows.Add((2000 + (i * 1000), "0xm1", "last_trade_price", "11", null, null, i % 2 == 0 ? "0.47" : "0.53", "1000", i % 2 == 0 ? "SELL" : "BUY"));
        }

        var fields = new DataField[]
        {
            new DataField<DateTime?>("timestamp_received"), new DataField<long?>("timestamp"), new DataField<string>("market"),
            new DataField<string>("event_type"), new DataField<string>("asset_id"), new DataField<string>("bids"), new DataField<string>("asks"),
            new DataField<string>("price"), new DataField<string>("size"), new DataField<string>("side"), new DataField<string>("best_bid"),
            new DataField<string>("best_ask"), new DataField<string>("fee_rate_bps"), new DataField<string>("transaction_hash"),
            new DataField<string>("old_tick_size"), new DataField<string>("new_tick_size"),
        };
        await using var file = File.Create(Path.Combine(dir, "polymarket_orderbook_2026-04-13T10.parquet"));
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), file);
        using var g = writer.CreateRowGroup();
        string?[] None() => [.. rows.Select(_ => (string?)null)];
        await g.WriteAsync(fields[0], new ReadOnlyMemory<DateTime?>([.. rows.Select(r => (DateTime?)T0.AddMilliseconds(r.Ms))]));
        await g.WriteAsync(fields[1], new ReadOnlyMemory<long?>([.. rows.Select(r => (long?)new DateTimeOffset(T0).AddMilliseconds(r.Ms).ToUnixTimeMilliseconds())]));
        await g.WriteAsync(fields[2], rows.Select(r => r.Market).ToArray());
        await g.WriteAsync(fields[3], rows.Select(r => r.Type).ToArray());
        await g.WriteAsync(fields[4], rows.Select(r => r.Asset).ToArray());
        await g.WriteAsync(fields[5], rows.Select(r => r.Bids).ToArray());
        await g.WriteAsync(fields[6], rows.Select(r => r.Asks).ToArray());
        await g.WriteAsync(fields[7], rows.Select(r => r.Price).ToArray());
        await g.WriteAsync(fields[8], rows.Select(r => r.Size).ToArray());
        await g.WriteAsync(fields[9], rows.Select(r => r.Side).ToArray());
        for (var c = 10; c < fields.Length; c++)
        {
            await g.WriteAsync(fields[c], None());
        }

        return dir;
    }

    [Fact]
    public async Task RunPmxt_ArchiveHour_TradesOnTheSelectedMarketsPrints()
    {
        var dir = await WriteArchiveAsync();
        var db = _dir.File("t.db");

        var result = Mm.Run("run", "--fixture-format", "pmxt", "--fixture-dir", dir, "--db", db, "--reports-dir", _dir.File("r"));

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Contains("markets=1 (0xm1)", result.Stdout, StringComparison.Ordinal);
        // 2 books + 8 prints of 0xm1 kept; 0xm2's row is filtered out by token.
        Assert.Contains("PMXT archive: files=1 rows=10", result.Stderr, StringComparison.Ordinal);
        // The 0.47 SELL print runs through the 0.48 bid: at least one lot bought.
        Assert.True((long)Db.Scalar(db, "SELECT COUNT(*) FROM trades WHERE market = '0xm1'")! > 0, result.Stdout + result.Stderr);
    }

    [Fact]
    public void RunPmxt_DirectoryWithoutParquet_OneLineError()
    {
        var dir = _dir.File("empty");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "markets.json"), """{"format":"polymm-ws-1","markets":[{"condition_id":"0xm1","title":"M1","yes_token_id":"11","no_token_id":"12"}]}""");

        var result = Mm.Run("run", "--fixture-format", "pmxt", "--fixture-dir", dir, "--db", _dir.File("t.db"));

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: --fixture-dir: {dir} holds no .parquet file (--fixture-format pmxt)", result.Stderr.Trim());
    }
}
