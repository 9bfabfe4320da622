using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace PolyMM.Cli.Running;

/// <summary>
/// One run setting as both a command-line flag (<c>--quote-size-usd</c>) and a config key
/// (<c>quote_size_usd</c>): the flag wins when given, else the config file, else the built-in default.
/// A config <c>null</c> is accepted only by a setting that has no default value (<paramref name="nullable"/>, or a
/// <c>decimal?</c>); elsewhere it is refused naming the key, like any wrong-typed value.
/// </summary>
internal sealed class SettingOption<T>(string flag, string description, Func<RunSettings, T, RunSettings> apply, bool nullable = false) : ISettingOption
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
            if (value.ValueKind == JsonValueKind.Null && !nullable && Nullable.GetUnderlyingType(typeof(T)) is null)
            {
                throw new FormatException();
            }

            return apply(settings, Read(value));
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or OverflowException)
        {
            throw new SettingsException($"{file}: '{ConfigKey}' must be {TypeName} (got {value.GetRawText()})");
        }
    }

    private string TypeName => (Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T)) switch
    {
        var t when t == typeof(string) => "a string",
        var t when t == typeof(decimal) || t == typeof(double) => "a number",
        var t when t == typeof(int) || t == typeof(long) => "an integer",
        var t when t == typeof(bool) => "true or false",
        var t => t.Name.ToLowerInvariant(),
    } + (nullable || Nullable.GetUnderlyingType(typeof(T)) is not null ? " or null" : string.Empty);

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
