using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace PolyMM.Cli.Running;

/// <summary>
/// One run setting as both a command-line flag (<c>--quote-size-usd</c>) and a config key
/// (<c>quote_size_usd</c>): the flag wins when given, else the config file, else the built-in default.
/// </summary>
internal sealed class SettingOption<T>(string flag, string description, Func<RunSettings, T, RunSettings> apply) : ISettingOption
{
    public Option<T> Option { get; } = new(flag) { Description = description };

    public string ConfigKey { get; } = flag.TrimStart('-').Replace('-', '_');

    Option ISettingOption.Option => Option;

    public RunSettings FromCommandLine(ParseResult result, RunSettings settings) =>
        result.GetResult(Option) is { Implicit: false } ? apply(settings, result.GetValue(Option)!) : settings;

    public RunSettings FromConfig(JsonElement value, RunSettings settings, string file)
    {
        try
        {
            return apply(settings, Read(value));
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or OverflowException)
        {
            throw new SettingsException($"{file}: '{ConfigKey}' must be {typeof(T).Name.ToLowerInvariant()} (got {value.GetRawText()})");
        }
    }

    private static T Read(JsonElement v)
    {
        object? boxed = typeof(T) switch
        {
            var t when t == typeof(string) => v.ValueKind == JsonValueKind.Null ? null : v.GetString() ?? throw new FormatException(),
            var t when t == typeof(decimal) || t == typeof(decimal?) => v.ValueKind == JsonValueKind.Null ? null : v.ValueKind == JsonValueKind.String ? decimal.Parse(v.GetString()!, CultureInfo.InvariantCulture) : v.GetDecimal(),
            var t when t == typeof(int) => v.GetInt32(),
            var t when t == typeof(long) => v.GetInt64(),
            var t when t == typeof(double) => v.GetDouble(),
            var t when t == typeof(bool) => v.GetBoolean(),
            _ => throw new InvalidOperationException(),
        };
        return (T)boxed!;
    }
}
