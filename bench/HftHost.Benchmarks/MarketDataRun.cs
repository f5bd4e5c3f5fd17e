using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using HftHost.MoldUdp64;
using HftHost.Plugins.Itch50;
using HftHost.Plugins.MoldUdp64;
using HftHost.Plugins.OrderBook;
using HftHost.Sdk;
using HftHost.Sdk.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace HftHost.Benchmarks;

/// <summary>
/// Decode + book build per ITCH message on a generated capture held in memory, next to a
/// floor measured in the same process: the floor parses each frame and walks its MoldUDP64
/// blocks reading only each message's length and type; the full path parses each frame and
/// hands it to the host's dispatcher running MoldUdp64 → Itch50 → OrderBook (sequencing,
/// decoding every field, typed events, full-depth books), a burst boundary every 32 frames
/// and the burst's next frame prefetched, as in the poll loop. Fresh plugins for each run; the runs alternate; medians are reported.
/// </summary>
internal static class MarketDataRun
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static long RestingOrders { get; set; }

    private static long DisplacedOrders { get; set; }

    public static int Run(string[] args)
    {
        if (args.Length < 1 || !File.Exists(args[0]))
        {
            Console.Error.WriteLine("market-data: give a capture written by 'hfthost gen itch'");
            return 2;
        }
        int runs = Option(args, "--runs", 3);
        string? output = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault();
        Capture capture = Capture.Load(args[0]);
        Console.WriteLine($"market-data: {capture.Frames:N0} frames, {capture.Messages:N0} messages in memory");

        var floor = new List<double>();
        var full = new List<double>();
        var hosted = new List<double>();
        long allocated = 0;
        long hostedAllocated = 0;
        long delivered = 0;
        int stages = Option(args, "--stages", 3);
        bool asHost = stages == 3 && !args.Contains("--in-process-only");
        // Comparisons in one process, runs alternating: this VM's speed drifts by tens of percent
        // over minutes, so separate processes cannot compare two variants.
        string? baseline = args.SkipWhile(a => a != "--compare-plugins").Skip(1).FirstOrDefault();
        if (baseline is not null)
        {
            // Two builds of the plugins, both hosted.
            return Alternate(runs, capture, (baseline, () => HostedPlugins.Run(capture, Path.GetFullPath(baseline)).Ns), ("artifacts/plugins", () => HostedPlugins.Run(capture).Ns));
        }
        string? stagePair = args.SkipWhile(a => a != "--compare-stages").Skip(1).FirstOrDefault();
        if (stagePair?.Split(',') is [string a, string b])
        {
            // What the second stage set adds to the first.
            int first = int.Parse(a, System.Globalization.CultureInfo.InvariantCulture);
            int second = int.Parse(b, System.Globalization.CultureInfo.InvariantCulture);
            return Alternate(runs, capture, ($"stages {first}", () => Full(capture, first).Ns), ($"stages {second}", () => Full(capture, second).Ns));
        }
        if (args.Contains("--parse"))
        {
            // What the ITCH parse alone costs, against a minimal decoder of the same fields.
            return Alternate(runs, capture, ("minimal decode", () => ParseOnlyRun.Minimal(capture)), ("ItchParser", () => ParseOnlyRun.Parser(capture)));
        }
        if (args.Contains("--direct"))
        {
            // The plugin chain against decode + book called directly.
            return Alternate(runs, capture, ("direct", () => DirectBookRun.Run(capture)), ("plugins", () => Full(capture, 3).Ns));
        }
        string? variant = args.SkipWhile(a => a != "--book-setting").Skip(1).FirstOrDefault();
        if (variant is not null)
        {
            // The default OrderBook settings against KEY=VALUE.
            var displaced = new long[2];
            int compared = Alternate(
                runs,
                capture,
                ("default", () => Measured(Full(capture, 3).Ns, ref displaced[0])),
                (variant, () => Measured(Full(capture, 3, variant).Ns, ref displaced[1])));
            Console.WriteLine($"orders displaced from the index's window: default {displaced[0]:N0}, {variant} {displaced[1]:N0}");
            return compared;
        }
        for (int run = 0; run < runs; run++)
        {
            floor.Add(Floor(capture) / capture.Messages);
            (double ns, long bytes, long messages) = Full(capture, stages);
            full.Add(ns / capture.Messages);
            allocated = bytes;
            delivered = messages;
            string line = $"  run {run + 1}: floor {floor[^1]:F2} ns/message, decode + book in the default context {full[^1]:F2} ns/message";
            if (asHost)
            {
                (double hostNs, long hostBytes) = HostedPlugins.Run(capture);
                hosted.Add(hostNs / capture.Messages);
                hostedAllocated = hostBytes;
                line += $", as the host loads plugins {hosted[^1]:F2} ns/message";
            }
            Console.WriteLine(line);
        }
        double floorMedian = Median(floor), fullMedian = Median(full);
        double? hostedMedian = hosted.Count > 0 ? Median(hosted) : null;
        var result = new
        {
            benchmark = "market_data",
            date = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            runtime = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
            frames = capture.Frames,
            messages = capture.Messages,
            messages_delivered_by_moldudp64 = delivered,
            runs,
            floor_ns_per_message = Math.Round(floorMedian, 2),
            // The plugins as the host runs them: each in its collectible context, compiled
            // fully optimised up front (such code is not tiered: no dynamic PGO).
            hosted_decode_book_ns_per_message = hostedMedian is { } h ? Math.Round(h, 2) : (double?)null,
            hosted_decode_book_messages_per_s = hostedMedian is { } hm ? Math.Round(1e9 / hm) : (double?)null,
            hosted_ratio_over_floor = hostedMedian is { } hr ? Math.Round(hr / floorMedian, 2) : (double?)null,
            hosted_allocated_bytes_per_message = hostedMedian is null ? (double?)null : Math.Round((double)hostedAllocated / capture.Messages, 3),
            // The same plugin types referenced by this process: default context, tiered with dynamic PGO.
            decode_book_ns_per_message = Math.Round(fullMedian, 2),
            decode_book_messages_per_s = Math.Round(1e9 / fullMedian),
            ratio_over_floor = Math.Round(fullMedian / floorMedian, 2),
            orders_resting_at_end = RestingOrders,
            // Orders the book's index moved out of its window (a hash-table insert, then a probe per message about them).
            orders_displaced = DisplacedOrders,
            allocated_bytes_per_message = Math.Round((double)allocated / capture.Messages, 3),
            goal_ns_per_message = 40,
        };
        string json = JsonSerializer.Serialize(result, Indented);
        Console.WriteLine(json);
        if (output is not null)
        {
            File.WriteAllText(output, json + Environment.NewLine);
        }
        return delivered == capture.Messages ? 0 : 1;
    }

    /// <summary>Runs <paramref name="a"/> and <paramref name="b"/> by turns (each returns ns for the capture); prints per-run and median ns/message and their ratio.</summary>
    // A full run's ns, keeping its book's displaced-order count.
    private static double Measured(double ns, ref long displaced)
    {
        displaced = DisplacedOrders;
        return ns;
    }

    private static int Alternate(int runs, Capture capture, (string Name, Func<double> Ns) a, (string Name, Func<double> Ns) b)
    {
        var first = new List<double>();
        var second = new List<double>();
        for (int run = 0; run < runs; run++)
        {
            // A, B then B, A: the second of a pair measured up to a few percent faster than
            // the first with identical plugins, so each goes first in half the runs.
            if (run % 2 == 0)
            {
                first.Add(a.Ns() / capture.Messages);
                second.Add(b.Ns() / capture.Messages);
            }
            else
            {
                second.Add(b.Ns() / capture.Messages);
                first.Add(a.Ns() / capture.Messages);
            }
            Console.WriteLine($"  run {run + 1}: {a.Name} {first[^1]:F2} ns/message, {b.Name} {second[^1]:F2} ns/message");
        }
        double x = Median(first), y = Median(second);
        Console.WriteLine($"medians: {a.Name} {x:F2}, {b.Name} {y:F2} ns/message; ratio {y / x:F3}, difference {y - x:F2}");
        return 0;
    }

    // Each frame parsed, then its MoldUDP64 blocks walked: length and type of each message.
    private static double Floor(Capture capture)
    {
        long sum = 0;
        long started = Stopwatch.GetTimestamp();
        for (int i = 0; i < capture.Frames; i++)
        {
            FrameView frame = capture.Parse(i);
            ReadOnlySpan<byte> payload = frame.Payload;
            if (payload.Length < MoldUdp64Format.HeaderLength)
            {
                continue;
            }
            int count = BinaryPrimitives.ReadUInt16BigEndian(payload[18..]);
            int offset = MoldUdp64Format.HeaderLength;
            for (int m = 0; m < count && count != 0xFFFF && offset + 3 <= payload.Length; m++)
            {
                int length = BinaryPrimitives.ReadUInt16BigEndian(payload[offset..]);
                sum += payload[offset + 2];
                offset += 2 + length;
            }
        }
        double ns = Stopwatch.GetElapsedTime(started).TotalNanoseconds;
        GC.KeepAlive(sum);
        return ns;
    }

    private static (double Ns, long Allocated, long Delivered) Full(Capture capture, int stages, string? bookSetting = null)
    {
        IConfiguration bookSettings = new ConfigurationBuilder().AddInMemoryCollection(
            bookSetting?.Split('=') is [string key, string value] ? [new(key, value)] : []).Build();
        var dispatcher = new FrameDispatcher(0, new EventBus());
        var mold = new MoldUdp64Plugin();
        var book = new OrderBookPlugin();
        HftPlugin[] plugins = stages switch
        {
            4 => [mold, new Itch50Plugin(), new NullBookPlugin()],
            5 => [mold, new Itch50Plugin(), book, new NullTopSubscriber()],
            _ => [.. new HftPlugin[] { mold, new Itch50Plugin(), book }.Take(stages)],
        };
        foreach (HftPlugin plugin in plugins)
        {
            var context = new PluginContext(plugin.GetType().Name, new Version(1, 0), 0, 1, NullLogger.Instance, plugin is OrderBookPlugin ? bookSettings : new ConfigurationBuilder().Build(), TimeProvider.System);
            var instance = new PluginInstance(plugin, context, dispatcher.Bus, _ => null, new FaultPolicy(100));
            instance.RegisterAndBind([]);
            dispatcher.ApplyNow(DispatcherChange.Adding(instance));
        }
        (double ns, long allocated) = DispatchAll(capture, dispatcher);
        long delivered = mold.Sessions.Sum(s => s.Counters.Messages);
        RestingOrders = book.RestingOrders;
        DisplacedOrders = book.DisplacedOrders;
        return (ns, allocated, delivered);
    }

    /// <summary>
    /// Every frame of <paramref name="capture"/> through <paramref name="dispatcher"/>, as the
    /// poll loop hands them over: a burst boundary every 32 frames, the burst's next frame
    /// prefetched while one is handled; then the drained idle turn. Returns ns and bytes
    /// allocated on this thread.
    /// </summary>
    internal static (double Ns, long Allocated) DispatchAll(Capture capture, FrameDispatcher dispatcher)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        long started = Stopwatch.GetTimestamp();
        for (int i = 0; i < capture.Frames; i++)
        {
            if ((i & 31) == 0)
            {
                dispatcher.AtBurstBoundary();
            }
            if ((i & 31) != 31 && i + 1 < capture.Frames)
            {
                capture.PrefetchAhead(i + 1); // as the poll loop: the burst's next frame
            }
            FrameView frame = capture.Parse(i);
            dispatcher.Dispatch(in frame);
        }
        dispatcher.OnIdle(drained: true);
        return (Stopwatch.GetElapsedTime(started).TotalNanoseconds, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static double Median(List<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>A classic pcap (as the generator writes) held in one array.</summary>
    internal sealed class Capture
    {
        private byte[] _data = [];
        private int[] _offsets = [];
        private int[] _lengths = [];

        public int Frames { get; private set; }

        public long Messages { get; private set; }

        /// <summary>What <see cref="DataPlane.PollLoop{THandler}"/> does for the next frame of a burst when plugins take the frames (<see cref="DataPlane.PluginHandler.ReadsPayload"/>).</summary>
        public unsafe void PrefetchAhead(int index) =>
            DataPlane.FramePrefetch.Next(
                (byte*)Unsafe.AsPointer(ref _data[_offsets[index]]), _lengths[index], DataPlane.PluginHandler.ReadsPayload); // pinned: never moves

        public FrameView Parse(int index) =>
            FrameParser.Parse(_data.AsSpan(_offsets[index], _lengths[index]), index, _lengths[index], 0, 0);

        // Every frame copied end to end into one array (the file's size), read with the SDK
        // test package's capture reader.
        public static Capture Load(string path)
        {
            byte[] data = GC.AllocateUninitializedArray<byte>((int)new FileInfo(path).Length, pinned: true);
            var offsets = new List<int>();
            var lengths = new List<int>();
            long messages = 0;
            int used = 0;
            using var reader = Sdk.Testing.CaptureReader.Open(path);
            while (reader.TryRead(out Sdk.Testing.CapturedFrame captured))
            {
                captured.Bytes.CopyTo(data.AsSpan(used));
                offsets.Add(used);
                lengths.Add(captured.Bytes.Length);
                used += captured.Bytes.Length;
                FrameView frame = FrameParser.Parse(captured.Bytes, 0, captured.Bytes.Length, 0, 0);
                if (frame.Payload.Length >= MoldUdp64Format.HeaderLength)
                {
                    ushort count = BinaryPrimitives.ReadUInt16BigEndian(frame.Payload[18..]);
                    messages += count == 0xFFFF ? 0 : count;
                }
            }
            if (reader.Error is { } error)
            {
                throw new InvalidDataException($"{path}: {error}");
            }
            return new Capture { _data = data, _offsets = [.. offsets], _lengths = [.. lengths], Frames = offsets.Count, Messages = messages };
        }
    }
}
