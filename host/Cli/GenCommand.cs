using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using HftHost.Generator;

namespace HftHost.Cli;

/// <summary>
/// <c>hfthost gen itch</c>: writes a deterministic NASDAQ ITCH 5.0 over MoldUDP64 capture of
/// several venues, with faults where asked, and the ground truth to check a decoder with.
/// </summary>
internal static class GenCommand
{
    // Output is written through large buffers: the generator makes many small writes.
    private const int FileBuffer = 1 << 20;

    public static Command Build()
    {
        var gen = new Command("gen", "Generate test feeds.");
        gen.Subcommands.Add(ItchCommand());
        return gen;
    }

    private static Command ItchCommand()
    {
        var venues = new Option<int>("--venues") { Description = "venues, each its own MoldUDP64 session and multicast group 233.54.12.<n> port 26400+n (1-254)", Required = true };
        var symbols = new Option<int>("--symbols") { Description = "symbols, listed by every venue (1-65535)", Required = true };
        var messages = new Option<long>("--messages") { Description = "ITCH messages in the whole feed, system events and directory included", Required = true };
        var seed = new Option<ulong>("--seed") { Description = "the same seed gives the same bytes", Required = true };
        var output = new Option<string>("--out") { Description = "the pcap to write (classic, ns timestamps, Ethernet)", Required = true };
        var truth = new Option<string?>("--truth") { Description = "write the ground truth (sessions, faults, message counts, final best bid and offer) as JSON" };
        var binaryFile = new Option<string?>("--binaryfile") { Description = "also write each venue's complete feed as NASDAQ BinaryFILE PREFIX.<session>.itch" };
        var gaps = new Option<int>("--gaps") { Description = "packets never sent" };
        var duplicates = new Option<int>("--duplicates") { Description = "packets sent twice, the copy a few frames later" };
        var reorders = new Option<int>("--reorder") { Description = "packets sent after the session's next packet" };
        var perPacket = new Option<int?>("--messages-per-packet")
        {
            Description = $"messages per MoldUDP64 packet (default: as many as fit in {GeneratorSettings.DefaultMaxPacketBytes} bytes)",
        };
        var crosses = new Option<int?>("--crosses")
        {
            Description = "inject N cross-venue crosses (a venue's bid above another's offer, or the reverse, for a while), listed in the ground truth; venues then keep off each other's quotes otherwise",
        };
        var locks = new Option<int>("--locks") { Description = "inject N cross-venue locks (a venue's bid equal to another's offer), as --crosses" };
        var command = new Command("itch", "Write a NASDAQ TotalView-ITCH 5.0 feed over MoldUDP64 as a pcap: order life cycles on several venues, optional faults, ground truth.")
        {
            venues, symbols, messages, seed, output, truth, binaryFile, gaps, duplicates, reorders, perPacket, crosses, locks,
        };
        command.SetAction(result =>
        {
            GeneratorSettings settings = WithCrosses(
                Validate(
                    result.GetValue(venues), result.GetValue(symbols), result.GetValue(messages), result.GetValue(seed),
                    result.GetValue(perPacket), result.GetValue(gaps), result.GetValue(duplicates), result.GetValue(reorders)),
                result.GetValue(crosses), result.GetValue(locks));
            return Generate(settings, result.GetRequiredValue(output), result.GetValue(truth), result.GetValue(binaryFile));
        });
        return command;
    }

    internal static GeneratorSettings Validate(
        int venues, int symbols, long messages, ulong seed, int? perPacket, int gaps, int duplicates, int reorders)
    {
        if (venues is < 1 or > GeneratorSettings.MaxVenues)
        {
            throw new UsageException($"--venues {venues} must be 1 to {GeneratorSettings.MaxVenues}");
        }
        if (symbols is < 1 or > GeneratorSettings.MaxSymbols)
        {
            throw new UsageException($"--symbols {symbols} must be 1 to {GeneratorSettings.MaxSymbols}");
        }
        long least = GeneratorSettings.MinMessages(venues, symbols);
        if (messages < least || messages > GeneratorSettings.MaxMessages)
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                $"--messages {messages} must be {least} to {GeneratorSettings.MaxMessages} (each venue sends 2 system events and a directory message per symbol)"));
        }
        if (perPacket is < 1 or > GeneratorSettings.MaxMessagesPerPacket)
        {
            throw new UsageException($"--messages-per-packet {perPacket} must be 1 to {GeneratorSettings.MaxMessagesPerPacket}");
        }
        foreach ((string name, int count) in new[] { ("--gaps", gaps), ("--duplicates", duplicates), ("--reorder", reorders) })
        {
            if (count < 0)
            {
                throw new UsageException($"{name} {count} must not be negative");
            }
        }
        return new GeneratorSettings
        {
            Venues = venues,
            Symbols = symbols,
            Messages = messages,
            Seed = seed,
            MessagesPerPacket = perPacket ?? 0,
            Gaps = gaps,
            Duplicates = duplicates,
            Reorders = reorders,
        };
    }

    internal static GeneratorSettings WithCrosses(GeneratorSettings settings, int? crosses, int locks)
    {
        if (crosses < 0 || locks < 0)
        {
            throw new UsageException($"{(crosses < 0 ? $"--crosses {crosses}" : $"--locks {locks}")} must not be negative");
        }
        settings = settings with { Crosses = crosses ?? (locks > 0 ? 0 : null), Locks = locks };
        if (settings.InjectsCrosses && settings.Venues < 2)
        {
            throw new UsageException("--crosses and --locks need at least 2 --venues: a cross is between two venues");
        }
        return settings;
    }

    private static int Generate(GeneratorSettings settings, string pcapPath, string? truthPath, string? binaryPrefix)
    {
        var created = new List<string>();
        var streams = new List<FileStream>();
        bool done = false;
        try
        {
            // Every output is opened before any work, so a bad path costs nothing.
            FileStream pcap = Create(pcapPath, created, streams);
            FileStream? truth = truthPath is null ? null : Create(truthPath, created, streams);
            var binaryFiles = new Dictionary<int, FileStream>();
            if (binaryPrefix is not null)
            {
                for (int venue = 1; venue <= settings.Venues; venue++)
                {
                    binaryFiles[venue] = Create($"{binaryPrefix}.{new VenueEndpoint(venue).SessionText}.itch", created, streams);
                }
            }

            var clock = Stopwatch.StartNew();
            var feed = new FeedGenerator(settings, pcap, venue => binaryFiles.GetValueOrDefault(venue.Number));
            feed.Run();
            if (feed.UnplacedFaults > 0)
            {
                int asked = settings.Gaps + settings.Duplicates + settings.Reorders;
                throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                    $"only {asked - feed.UnplacedFaults} of the {asked} faults asked for fit in this feed's packets: ask for fewer (--gaps, --duplicates, --reorder) or more --messages"));
            }
            if (feed.UnplacedCrosses > 0)
            {
                int asked = (settings.Crosses ?? 0) + settings.Locks;
                throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                    $"only {asked - feed.UnplacedCrosses} of the {asked} crosses and locks asked for fit in this feed: ask for fewer (--crosses, --locks) or more --messages"));
            }
            if (truth is not null)
            {
                GroundTruthWriter.Write(truth, settings, feed);
            }
            foreach (FileStream stream in streams)
            {
                stream.Flush();
            }
            clock.Stop();

            var inv = CultureInfo.InvariantCulture;
            Console.Out.WriteLine(string.Create(inv,
                $"{pcapPath}: {settings.Messages:N0} ITCH messages from {Count(settings.Venues, "venue")}, {Count(settings.Symbols, "symbol")}, in {Count(feed.Frames, "frame")} ({clock.Elapsed.TotalSeconds:F2} s)"));
            Console.Out.WriteLine(string.Create(inv,
                $"faults: {feed.Faults.Count(f => f.Kind == FaultKind.Gap)} gaps, {feed.Faults.Count(f => f.Kind == FaultKind.Duplicate)} duplicates, {feed.Faults.Count(f => f.Kind == FaultKind.Reorder)} reorders"));
            if (settings.InjectsCrosses)
            {
                Console.Out.WriteLine(string.Create(inv,
                    $"cross-venue: {feed.Crosses.Count(c => c.Kind == CrossKind.Crossed)} crosses, {feed.Crosses.Count(c => c.Kind == CrossKind.Locked)} locks"));
            }
            done = true;
            return ExitCodes.Ok;
        }
        catch (IOException ex)
        {
            // Past the open the usage was fine: the disk filled up or went away.
            Console.Error.WriteLine($"hfthost: writing the feed failed: {OneLine(ex.Message)}");
            return ExitCodes.SourceError;
        }
        finally
        {
            foreach (FileStream stream in streams)
            {
                try
                {
                    stream.Dispose();
                }
                catch (IOException) when (!done)
                {
                    // Flushing what is left fails as the write did: already reported.
                }
            }
            if (!done)
            {
                // Half a capture must not pass for a whole one.
                foreach (string path in created)
                {
                    File.Delete(path);
                }
            }
        }
    }

    private static FileStream Create(string path, List<string> created, List<FileStream> streams)
    {
        if (Directory.Exists(path))
        {
            throw new UsageException($"cannot write '{path}': it is a directory");
        }
        // Only a file this run creates may be deleted on failure: an existing path may be a
        // device (--out /dev/null), which .NET cannot tell from a file and root could delete.
        bool existed = File.Exists(path);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, FileBuffer);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"cannot write '{path}': {OneLine(ex.Message)}", ex);
        }
        if (!existed)
        {
            created.Add(path);
        }
        streams.Add(stream);
        return stream;
    }

    private static string Count(long n, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{n:N0} {noun}{(n == 1 ? "" : "s")}");

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").TrimEnd('.', ' ');
}
