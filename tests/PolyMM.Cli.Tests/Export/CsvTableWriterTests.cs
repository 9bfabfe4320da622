using System.Globalization;
using System.Text;
using CsvHelper;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PolyMM.Reports.Export;

namespace PolyMM.Cli.Tests.Export;

/// <summary>
/// The CSV writer of <c>mm export</c> formats cells itself (docs/data-dictionary.md#export): its bytes must be what
/// CsvHelper wrote from <see cref="ExportValues.DecimalText"/> and <see cref="ExportValues.TimestampText"/> before.
/// </summary>
public sealed class CsvTableWriterTests
{
    private static readonly ExportTable Table = new("t",
    [
        new("name", ColumnKind.Text, true, "—", "text"),
        new("n", ColumnKind.Int64, true, "—", "integer"),
        new("usd", ColumnKind.Decimal, true, "USD", "amount"),
        new("ts", ColumnKind.Timestamp, true, "UTC", "time"),
        new("flag", ColumnKind.Bool, true, "—", "flag"),
    ]);

    private static readonly string?[] TrickyText =
    [
        null, "", "plain", "synth-mkt-0001", "a,b", "say \"hi\"", "\"", "line\nbreak", "cr\rhere", "crlf\r\n", " lead", "trail ",
        "\ttab", "=1+2", "+1", "-1", "@x", "é€😀", "\ud800 lone surrogate", new string('x', 70_000) + ",", new string('y', 70_000),
    ];

    [Fact]
    public void Write_TrickyCells_SameBytesAsCsvHelper()
    {
        // Arrange: every text case, each beside integer, decimal, timestamp and bool cells (null on every 4th row).
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var rows = TrickyText.Select((s, i) => (
            Text: s,
            N: i % 4 == 3 ? (long?)null : (i % 2 == 0 ? long.MaxValue - i : long.MinValue + i),
            Usd: i % 4 == 3 ? (decimal?)null : (i - 10) * 1234.567891m,
            Ts: i % 4 == 3 ? (DateTimeOffset?)null : t0.AddTicks(i * 123_456_789_123L),
            Flag: i % 4 == 3 ? (bool?)null : i % 2 == 0)).ToList();

        // Act
        var ours = new MemoryStream();
        using (var w = new CsvTableWriter(Table, ours))
        {
            foreach (var r in rows)
            {
                w.Text(r.Text);
                w.Int64(r.N);
                w.Decimal(r.Usd);
                w.Timestamp(r.Ts);
                w.Bool(r.Flag);
                w.EndRow();
            }

            w.Complete();
        }

        var reference = new MemoryStream();
        using (var csv = CsvWriter.Create(reference, CsvWriterOptions.Default with { Separator = ',' }, true))
        {
            csv.WriteHeader([.. Table.Columns.Select(c => c.Name)]);
            foreach (var r in rows)
            {
                csv.WriteField(r.Text);
                csv.WriteField(r.N?.ToString(CultureInfo.InvariantCulture));
                csv.WriteField(r.Usd is { } d ? ExportValues.DecimalText(d) : null);
                csv.WriteField(r.Ts is { } t ? ExportValues.TimestampText(t) : null);
                csv.WriteField(r.Flag is { } b ? (b ? "true" : "false") : null);
                csv.EndRecord();
            }

            csv.Flush();
        }

        // Assert
        Assert.Equal(Encoding.UTF8.GetString(reference.ToArray()), Encoding.UTF8.GetString(ours.ToArray()));
        Assert.Equal(reference.ToArray(), ours.ToArray());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("0.000000")]
    [InlineData("10000")]
    [InlineData("10000.000000")]
    [InlineData("-19.23")]
    [InlineData("0.000001")]
    [InlineData("-0.000001")]
    [InlineData("0.0000005")] // rounds half to even: 0
    [InlineData("0.0000015")] // rounds half to even: 0.000002
    [InlineData("123456789012.345678")]
    [InlineData("18446744073709.551615")] // unscaled 2^64 − 1: the largest the digit path takes
    [InlineData("18446744073709.551616")] // one more: the general path
    [InlineData("79228162514264337593543950335")]
    [InlineData("-79228162514264337593543950335")]
    [InlineData("1.2345678901234567890123456789")]
    public void FormatDecimal_Cases_EqualDecimalText(string text)
    {
        var value = decimal.Parse(text, CultureInfo.InvariantCulture);

        Assert.Equal(ExportValues.DecimalText(value), Format(value));
    }

    [Property(Arbitrary = [typeof(Decimals)], MaxTest = 2000)]
    public void FormatDecimal_AnyDecimal_EqualsDecimalText(decimal value) =>
        Assert.Equal(ExportValues.DecimalText(value), Format(value));

    [Property(MaxTest = 2000)]
    public void FormatTimestamp_AnyInstant_EqualsTimestampText(long ticks)
    {
        var t = new DateTimeOffset((long)((ulong)ticks % (ulong)DateTime.MaxValue.Ticks), TimeSpan.Zero);
        var bytes = new byte[32];

        var n = ExportValues.FormatTimestamp(t, bytes);

        Assert.Equal(ExportValues.TimestampText(t), Encoding.ASCII.GetString(bytes, 0, n));
    }

    private static string Format(decimal value)
    {
        var bytes = new byte[48];
        var n = ExportValues.FormatDecimal(value, bytes);
        return Encoding.ASCII.GetString(bytes, 0, n);
    }

    /// <summary>Decimals of every scale and size, ledger-like amounts (≤ 6 decimals, either sign) most often.</summary>
    public static class Decimals
    {
        public static Arbitrary<decimal> Decimal() => Arb.From(Gen.OneOf(
            from units in Gen.Choose(-2_000_000_000, 2_000_000_000)
            from scale in Gen.Choose(0, 6)
            select new decimal(Math.Abs(units), 0, 0, units < 0, (byte)scale),
            from lo in Gen.Choose(int.MinValue, int.MaxValue)
            from mid in Gen.Choose(int.MinValue, int.MaxValue)
            from hi in Gen.Elements(0, 0, 1, int.MaxValue)
            from negative in Gen.Elements(false, true)
            from scale in Gen.Choose(0, 28)
            select new decimal(lo, mid, hi, negative, (byte)scale)));
    }
}
