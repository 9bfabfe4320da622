using System.CommandLine;
using System.Text.Json;

namespace PolyMM.Cli.Running;

/// <summary>A run setting bindable from the command line and from the config file.</summary>
internal interface ISettingOption
{
    Option Option { get; }

    string ConfigKey { get; }

    RunSettings FromCommandLine(ParseResult result, RunSettings settings);

    RunSettings FromConfig(JsonElement value, RunSettings settings, string file);
}
