using System.CommandLine;
using HftHost.Config;
using HftHost.Native;

namespace HftHost.Cli;

/// <summary>
/// <c>hfthost run --config FILE</c>: everything from the venue configuration — the source (a
/// live <c>port</c> or a <c>replay</c>), venues, plugins, metrics — with the report of replay/listen.
/// </summary>
internal static class RunCommand
{
    public static Command Build()
    {
        var config = new Option<FileInfo>("--config") { Description = "the venue configuration (YAML or JSON; see 'hfthost config generate')", Required = true };
        var duration = new Option<string?>("--duration") { Description = "stop after this long (overrides the file's duration): 10s, 500ms, 2m" };
        var common = new HostCli.CommonOptions();
        var command = new Command("run", "Run a venue configuration: its source, venues, plugins and metrics.")
        {
            config, duration,
        };
        common.AddTo(command);
        command.SetAction(result =>
        {
            TimeSpan? limit = result.GetValue(duration) is { } text ? ValueParsers.ParseDuration(text) : null;
            ListenConfig loaded = ListenConfig.Load(result.GetRequiredValue(config).FullName, allowReplay: true);
            PortSettings settings = loaded.Port;
            if (settings.Backend == PortBackend.Pcap)
            {
                // A live port's ring is in its section; a replay takes the command line's, as 'replay' does.
                settings = settings with
                {
                    RingCapacity = ValueParsers.ParseRingCapacity(result.GetValue(common.Ring)),
                    NoHugepages = result.GetValue(common.NoHugepages),
                };
            }
            return common.Execute(
                result, "run", settings, limit ?? loaded.Duration, result.GetValue(common.BusySpin) || loaded.BusySpin,
                loaded, result.GetRequiredValue(config).FullName);
        });
        return command;
    }
}
