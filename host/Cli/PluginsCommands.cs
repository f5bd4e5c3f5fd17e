using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using HftHost.Plugins;

namespace HftHost.Cli;

/// <summary>
/// <c>hfthost plugins list|reload</c>: talks to a running host through its control channel.
/// </summary>
internal static class PluginsCommands
{
    public static Command Build()
    {
        var plugins = new Command("plugins", "Show or reload the plugins of a running host (through its control socket).");
        plugins.Subcommands.Add(ListCommand());
        plugins.Subcommands.Add(ReloadCommand());
        plugins.Subcommands.Add(QueryCommand());
        return plugins;
    }

    private static Option<string?> ControlOption() => new("--control")
    {
        Description = "the host's control socket (default $XDG_RUNTIME_DIR/hfthost.sock or /tmp/hfthost-$USER.sock)",
    };

    private static Command ListCommand()
    {
        var control = ControlOption();
        var json = new Option<bool>("--json") { Description = "print the answer as JSON" };
        var command = new Command("list", "Loaded plugins: version, SDK built for, state, bindings, frames, faults, reloads.") { control, json };
        command.SetAction(result =>
        {
            string answer = ControlChannel.Request(result.GetValue(control) ?? ControlChannel.DefaultPath, "list");
            if (result.GetValue(json))
            {
                Console.Out.WriteLine(answer);
                return ExitCodes.Ok;
            }
            List<PluginStatus> statuses = JsonSerializer.Deserialize<List<PluginStatus>>(answer, ControlChannel.Json) ?? [];
            Console.Out.Write(Describe(statuses));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command ReloadCommand()
    {
        var control = ControlOption();
        var name = new Argument<string>("NAME") { Description = "the plugin to reload from its folder" };
        var command = new Command("reload", "Load a plugin's folder again beside the running version, hand its state across and swap it in.")
        {
            name, control,
        };
        command.SetAction(result =>
        {
            string answer = ControlChannel.Request(result.GetValue(control) ?? ControlChannel.DefaultPath, "reload " + result.GetRequiredValue(name));
            ControlReply reply = JsonSerializer.Deserialize<ControlReply>(answer, ControlChannel.Json)
                ?? throw new UsageException($"the host answered '{answer}'");
            (reply.Ok ? Console.Out : Console.Error).WriteLine(reply.Ok ? reply.Message : "hfthost: " + reply.Message);
            return reply.Ok ? ExitCodes.Ok : ExitCodes.SourceError;
        });
        return command;
    }

    private static Command QueryCommand()
    {
        var control = ControlOption();
        var name = new Argument<string>("NAME") { Description = "the plugin to ask" };
        var request = new Argument<string[]>("REQUEST") { Description = "what to ask, e.g. 'book AAPL'", Arity = ArgumentArity.OneOrMore };
        var command = new Command("query", "Ask a plugin of a running host (on its poll thread, between bursts), e.g. 'OrderBook book AAPL'.")
        {
            name, request, control,
        };
        command.SetAction(result =>
        {
            string line = $"query {result.GetRequiredValue(name)} {string.Join(' ', result.GetRequiredValue(request))}";
            string answer = ControlChannel.Request(result.GetValue(control) ?? ControlChannel.DefaultPath, line);
            ControlReply reply = JsonSerializer.Deserialize<ControlReply>(answer, ControlChannel.Json)
                ?? throw new UsageException($"the host answered '{answer}'");
            (reply.Ok ? Console.Out : Console.Error).WriteLine(reply.Ok ? reply.Message : "hfthost: " + reply.Message);
            return reply.Ok ? ExitCodes.Ok : ExitCodes.SourceError;
        });
        return command;
    }

    internal static string Describe(IReadOnlyList<PluginStatus> statuses)
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        if (statuses.Count == 0)
        {
            return "no plugins loaded" + Environment.NewLine;
        }
        foreach (PluginStatus p in statuses)
        {
            text.Append(inv, $"{p.Name} {p.Version.Split('+')[0]} (SDK {p.SdkBuiltFor}, generation {p.Generation}, {p.Reloads} reloads): {p.State}");
            text.AppendLine(p.Detail is null ? "" : $" — {p.Detail}");
            text.Append(inv, $"  frames {p.FramesClaimed:N0}  faults {p.Faults:N0}  queues {p.Instances}  blocked reports {p.BlockedReports}");
            text.AppendLine(p.LeakedGenerations.Count == 0 ? "" : $"  leaked generations {string.Join(",", p.LeakedGenerations)}");
            text.AppendLine(inv, $"  decoders {(p.Decoders.Count == 0 ? "none" : string.Join(", ", p.Decoders))}; events {(p.Events.Count == 0 ? "none" : string.Join(", ", p.Events))}");
            foreach (string binding in p.Bindings)
            {
                text.AppendLine(inv, $"  bind {binding}");
            }
            if (p.Reloads > 0)
            {
                text.AppendLine(inv, $"  last reload: {p.LastReloadStateBytes:N0} bytes of state, poll threads paused {p.LastReloadPauseMicros:F0} us");
            }
            if (p.LastFault is not null)
            {
                text.AppendLine(inv, $"  last fault: {p.LastFault}");
            }
        }
        return text.ToString();
    }
}
