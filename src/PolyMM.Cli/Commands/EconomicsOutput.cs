using System.Text;
using System.Text.Json;

namespace PolyMM.Cli.Commands;

/// <summary>Shared output helpers of <c>mm rewards</c> and <c>mm fees</c>: JSON objects and decimals without trailing zeros.</summary>
internal static class EconomicsOutput
{
    /// <summary>Writes one indented JSON object built by <paramref name="body"/>, then a newline.</summary>
    public static void WriteJson(TextWriter output, Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary><paramref name="value"/> rounded half-even to <paramref name="decimals"/>, trailing zeros dropped (175, not 175.000000).</summary>
    public static decimal Round(decimal value, int decimals) => Math.Round(value, decimals, MidpointRounding.ToEven) / 1.000000000000000000000000000000m;

    public static void Number(Utf8JsonWriter w, string name, decimal? value, int decimals)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, Round(v, decimals));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    public static string Text(decimal value, int decimals) => Round(value, decimals).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
