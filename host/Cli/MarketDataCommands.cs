using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using HftHost.DataPlane;
using HftHost.Itch50;
using HftHost.MarketData;
using HftHost.Native;
using HftHost.Plugins;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HftHost.Cli;

/// <summary>
/// <c>hfthost decode</c> (print the ITCH 5.0 messages of a capture or a BinaryFILE) and
/// <c>hfthost book</c> (replay a capture through the market-data plugins and print a book).
/// </summary>
internal static class MarketDataCommands
{
    /// <summary>The plugins a market-data replay runs, in dispatch order.</summary>
    public static readonly string[] MarketDataPlugins = ["MoldUdp64", "Itch50", "OrderBook"];

    /// <summary>artifacts/plugins beside the built host (where setup.sh puts the first-party plugins).</summary>
    public static string DefaultPluginDirectory =>
        Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "plugins"));

    public static Command Decode()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "pcap/pcapng of MoldUDP64 packets, or a NASDAQ BinaryFILE" };
        var json = new Option<bool>("--json") { Description = "one JSON object per message" };
        var types = new Option<string?>("--types") { Description = "only these message types, e.g. A,F,E" };
        var limit = new Option<long>("--limit") { Description = "print at most N messages (all are still counted)" };
        var command = new Command("decode", "Print the ITCH 5.0 messages of a capture (MoldUDP64 over UDP) or a BinaryFILE.") { file, json, types, limit };
        command.SetAction(result =>
        {
            FileInfo path = Existing(result.GetRequiredValue(file));
            HashSet<byte>? wanted = result.GetValue(types) is { } list ? ParseTypes(list) : null;
            using var output = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = false };
            var sink = new DecodeSink(output, result.GetValue(json), wanted, result.GetValue(limit));
            string? error = IsCapture(path.FullName) ? DecodeCapture(path.FullName, sink) : DecodeBinaryFile(path.FullName, sink);
            output.Flush();
            string counts = string.Join(" ", sink.PerType.Select(t => $"{t.Type} {t.Count}"));
            Console.Error.WriteLine(
                $"hfthost: {sink.Messages:N0} messages ({counts}); short {sink.Short}, unknown type {sink.Unknown}, not MoldUDP64 {sink.NotMoldUdp64}" +
                (error is null ? "" : $"; {error}"));
            return error is null ? ExitCodes.Ok : ExitCodes.SourceError;
        });
        return command;
    }

    public static Command Book()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "pcap or pcapng of MoldUDP64/ITCH 5.0 packets" };
        var symbol = new Option<string>("--symbol") { Description = "the instrument, e.g. AAPL", Required = true };
        var depth = new Option<int>("--depth") { Description = "levels per side (default 10)", DefaultValueFactory = _ => 10 };
        var json = new Option<bool>("--json") { Description = "print the book as JSON" };
        var plugins = new Option<DirectoryInfo?>("--plugins") { Description = "where MoldUdp64, Itch50 and OrderBook are (default: artifacts/plugins)" };
        var command = new Command("book", "Replay a capture through the MoldUdp64, Itch50 and OrderBook plugins and print the book of a symbol at the end.")
        {
            file, symbol, depth, json, plugins,
        };
        command.SetAction(result =>
        {
            FileInfo path = Existing(result.GetRequiredValue(file));
            string wanted = result.GetRequiredValue(symbol);
            if (wanted.Length is 0 or > 8)
            {
                throw new UsageException($"--symbol '{wanted}' is not 1 to 8 characters");
            }
            int levels = result.GetValue(depth);
            if (levels < 1)
            {
                throw new UsageException($"--depth {levels} must be at least 1");
            }
            string directory = result.GetValue(plugins)?.FullName ?? DefaultPluginDirectory;
            string? answer = null;
            using ILoggerFactory logging = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true)
                .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning));
            var run = new PluginRun(
                new PluginHostOptions { Directory = directory, Load = MarketDataPlugins, Watch = false }, null, false, logging)
            {
                OpenControlChannel = false,
                AfterRun = manager =>
                {
                    (bool ok, string text) = manager.Query("OrderBook", $"book {wanted} {levels}");
                    answer = ok ? text : throw new PortException("the OrderBook plugin answered: " + text);
                },
            };
            RequireDirectory(directory);
            var settings = new PortSettings { Backend = PortBackend.Pcap, Source = path.FullName };
            RunReport report = PortRun.Execute("book", settings, null, IdleMode.Backoff, showProgress: false, logging.CreateLogger("hfthost"), run);
            Console.Out.Write(result.GetValue(json) ? answer + Environment.NewLine : FormatBook(answer!));
            return report.ExitCode;
        });
        return command;
    }

    private static string? DecodeCapture(string path, DecodeSink sink)
    {
        using NativePort port = NativePort.Open(new PortSettings { Backend = PortBackend.Pcap, Source = path, NoHugepages = true });
        unsafe
        {
            var loop = new PollLoop<DecodeHandler>(port.Ring(0), new DecodeHandler(sink), "decode", NullLogger.Instance);
            port.Start();
            loop.Run(default(BackoffIdleStrategy));
        }
        port.Stop();
        return port.GetError() is { } error ? $"the capture stops at offset {error.Offset}: {error.Reason}" : null;
    }

    private static string? DecodeBinaryFile(string path, DecodeSink sink)
    {
        byte[] data = File.ReadAllBytes(path);
        var reader = new BinaryFileReader(data);
        while (reader.TryRead(out ReadOnlySpan<byte> message))
        {
            sink.OnMessage(null, (ulong)reader.Messages, message);
        }
        return reader.Describe();
    }

    // pcap (either byte order, µs or ns) or pcapng: anything else is taken for a BinaryFILE.
    private static bool IsCapture(string path)
    {
        Span<byte> magic = stackalloc byte[4];
        using FileStream stream = File.OpenRead(path);
        if (stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false) < 4)
        {
            return false;
        }
        uint value = BitConverter.ToUInt32(magic);
        return value is 0xA1B2C3D4 or 0xD4C3B2A1 or 0xA1B23C4D or 0x4D3CB2A1 or 0x0A0D0D0A;
    }

    private static HashSet<byte> ParseTypes(string list)
    {
        var types = new HashSet<byte>();
        foreach (string item in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (item.Length != 1 || ItchMessageTypes.LengthOf((byte)item[0]) == 0)
            {
                throw new UsageException($"--types '{item}' is not an ITCH 5.0 message type (one of S R H Y L V W K J h A F E C X D U P Q B I N O)");
            }
            types.Add((byte)item[0]);
        }
        return types;
    }

    private static FileInfo Existing(FileInfo path) =>
        Directory.Exists(path.FullName) ? throw new UsageException($"'{path}' is a directory, not a file")
        : path.Exists ? path : throw new UsageException($"no such file: '{path}'");

    private static void RequireDirectory(string directory)
    {
        if (!MarketDataPlugins.All(p => File.Exists(Path.Combine(directory, p, p + ".dll"))))
        {
            throw new UsageException($"the market-data plugins ({string.Join(", ", MarketDataPlugins)}) are not in '{directory}': run ./setup.sh, or pass --plugins DIR");
        }
    }

    private static string FormatBook(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var text = new System.Text.StringBuilder();
        string symbol = doc.RootElement.GetProperty("symbol").GetString()!;
        JsonElement venues = doc.RootElement.GetProperty("venues");
        if (venues.GetArrayLength() == 0)
        {
            return $"{symbol}: no venue in this capture lists it{Environment.NewLine}";
        }
        foreach (JsonElement venue in venues.EnumerateArray())
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{symbol} at {venue.GetProperty("session").GetString()}");
            text.AppendLine("   orders     shares         bid |          ask     shares   orders");
            JsonElement[] bids = [.. venue.GetProperty("bids").EnumerateArray()];
            JsonElement[] asks = [.. venue.GetProperty("asks").EnumerateArray()];
            for (int i = 0; i < Math.Max(bids.Length, asks.Length); i++)
            {
                string bid = i < bids.Length ? Level(bids[i], bidSide: true) : new string(' ', 31);
                string ask = i < asks.Length ? Level(asks[i], bidSide: false) : "";
                text.AppendLine($"{bid} | {ask}".TrimEnd());
            }
        }
        return text.ToString();
    }

    private static string Level(JsonElement level, bool bidSide)
    {
        long orders = level.GetProperty("orders").GetInt64();
        long shares = level.GetProperty("shares").GetInt64();
        string price = level.GetProperty("price_text").GetString()!;
        return bidSide
            ? string.Create(CultureInfo.InvariantCulture, $"{orders,9} {shares,10:N0} {price,11}")
            : string.Create(CultureInfo.InvariantCulture, $"{price,12} {shares,10:N0} {orders,8}");
    }
}
