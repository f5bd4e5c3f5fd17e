using System.Globalization;
using System.Text;
using HftHost.Generator;

namespace HftHost.Config;

/// <summary>
/// The commented example <c>hfthost config generate</c> writes: every section, with values that
/// validate and run as they are on a laptop (a replay, no root). Venues are either the bundled
/// capture's one feed or the venues of <c>hfthost gen itch --venues N</c>.
/// </summary>
internal sealed record ConfigExample
{
    /// <summary>The capture to replay, as the file will spell it (relative to the config file, or absolute).</summary>
    public required string Replay { get; init; }

    /// <summary>The plugin folder, as the file will spell it.</summary>
    public required string PluginDirectory { get; init; }

    /// <summary>
    /// What <c>config generate --out</c> writes beside the config as its rules file: the packet
    /// filter's syntax (plugins/PacketFilter/README.md), one rule that counts the feeds' UDP
    /// frames and the rest as comments, so it validates and lets every frame through.
    /// </summary>
    public const string ExampleRules = """
        # Packet filter rules (plugins/PacketFilter/README.md): ordered, the first match decides;
        # a frame no rule matches is allowed. Edited rules are taken without a restart.
        rules:
          - { name: market-data, action: count, protocol: udp }
          # - { name: drop-private, action: drop, src: 10.0.0.0/8, audit: true }
          # - { name: admin-tcp, action: log, protocol: tcp, dst-port: 1-1023 }
        # One source touching 20 distinct ports within 1 s: logged and audited.
        port-scan: { ports: 20, window: 1s, action: log, audit: true }

        """;

    /// <summary>The rules file, as the file will spell it; null = the filter section is left commented out.</summary>
    public string? RulesFile { get; init; }

    /// <summary>Venues of a generated feed (VENUE01..N); 0 = the bundled capture's single feed.</summary>
    public int GeneratedVenues { get; init; }

    /// <summary>The port the metrics section names.</summary>
    public int MetricsPort { get; init; } = 9464;

    /// <summary>The bundled capture's feed (tests/data/README.md): session HFTSIM01 to 233.54.12.111:26477.</summary>
    private static readonly (string Name, string Session, string Group, int Port) BundledFeed = ("nasdaq-sim", "HFTSIM01", "233.54.12.111", 26477);

    public string Render()
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.Append(inv, $$"""
            # hfthost venue configuration: check it with `hfthost config validate FILE`,
            # run it with `hfthost run --config FILE [--json]`. Unknown keys are errors;
            # every error is reported as FILE:LINE:COLUMN. Paths are relative to this file.

            # The source: a capture to replay (pcap or pcapng) ...
            replay:
              file: {{Quote(Replay)}}
              pace: max                  # max | x1 (recorded pace) | x0.5 | x10
              loop: 1
            # ... or a live port instead of 'replay' (one of the two):
            # port:
            #   backend: afpacket        # dpdk | afxdp | afpacket
            #   interface: ens1f0        # afxdp, afpacket (root or CAP_NET_RAW)
            #   queues: 1                # dpdk, afxdp: one poll thread each
            #   cores: [1]               # CPU of each queue's poll thread
            #   busy-spin: false
            duration: 10m                # stop after this long (default: when the source ends, or Ctrl-C)

            # The venues: each feed becomes a named feed the venue's protocol plugin is bound to;
            # the latency target (wire latency, µs) goes to the Latency plugin for that session.
            venues:

            """);
        if (GeneratedVenues == 0)
        {
            AppendVenue(text, BundledFeed.Name, BundledFeed.Session, BundledFeed.Group, BundledFeed.Port, 50, interfaceHint: true);
        }
        for (int n = 1; n <= GeneratedVenues; n++)
        {
            var venue = new VenueEndpoint(n);
            AppendVenue(text, $"venue{n.ToString("D2", inv)}", venue.SessionText, VenueEndpoint.FormatAddress(venue.Group), venue.Port,
                50, interfaceHint: n == 1);
        }
        text.Append(inv, $$"""

            # Feeds that belong to no venue, for plugins' own bindings (plugins.load[].bind):
            # feeds:
            #   control: { group: 239.1.1.1, port: 30001 }     # protocol: udp (default) | tcp

            """);
        text.Append(RulesFile is null
            ? """

              # The packet filter's ordered rules, in a file of their own (it must exist):
              # filter:
              #   rules-file: hfthost.rules

              """
            : $$"""

              # The packet filter's ordered rules, in a file of their own (it must exist).
              filter:
                rules-file: {{Quote(RulesFile)}}

              """);
        text.Append(inv, $$"""

            plugins:
              directory: {{Quote(PluginDirectory)}}
              max-faults: 100              # exceptions before a plugin is quarantined
              budget: 100ms                # a decoder holding its poll thread longer is reported
              watch: true                  # load a new build dropped into the folder
              load:                        # in dispatch order (default: every plugin folder)
                - PacketFilter             # the filter section's rules, before any decoder sees a frame
                - MoldUdp64                # sequencing: each message once, in order; gaps
                - Itch50                   # ITCH 5.0 decoding
                - OrderBook                # books per venue and instrument
                - FeedQuality              # gaps, staleness, a 0-100 score per session
                - CrossVenue               # best bid/offer across venues; crossed and locked markets
                - name: Latency            # per-session latency histograms; venue targets are added
                  settings:                # the plugin's own settings (its README)
                    AlertLogIntervalMilliseconds: 1000

            # Prometheus endpoint: http://127.0.0.1:PORT/metrics
            metrics:
              port: {{MetricsPort}}

            # The tamper-evident audit trail (hash-chained records).
            audit:
              file: hfthost.audit          # its folder must exist
              flush-interval: 1s           # written and fsync'ed at least this often
              rotate-size: 64MiB           # a new file at this size; the chain carries on

            """);
        return text.ToString();
    }

    private static void AppendVenue(StringBuilder text, string name, string session, string group, int port, int targetUs, bool interfaceHint)
    {
        var inv = CultureInfo.InvariantCulture;
        AppendCommented(text, $"  - name: {name}", "");
        AppendCommented(text, $"    session: {session}", "MoldUDP64 session (up to 10 ASCII characters)");
        AppendCommented(text, "    protocol: MoldUdp64", "the plugin that decodes the feeds");
        AppendCommented(text, string.Create(inv, $"    latency-target-us: {targetUs}"), "wire latency above this is a breach");
        AppendCommented(text, "    feeds:", "name: { group, port }; each becomes a named feed");
        text.Append(inv, $"      {name}-a: {{ group: {group}, port: {port} }}\n");
        if (interfaceHint)
        {
            text.Append("      # also: protocol: udp | tcp, interface: ens1f0 (live ports only), source: 10.54.12.0/24 (publishers)\n");
        }
    }

    // Comments start in the column the fixed parts of the example use.
    private static void AppendCommented(StringBuilder text, string line, string comment) =>
        text.Append(line).Append(comment.Length == 0 ? "" : new string(' ', Math.Max(1, 31 - line.Length)) + "# " + comment).Append('\n');

    /// <summary>Paths in double quotes, with YAML's escapes for the two characters that need them.</summary>
    private static string Quote(string path) => "\"" + path.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
