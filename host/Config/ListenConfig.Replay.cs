using System.Buffers.Binary;
using HftHost.Cli;
using HftHost.Native;
using YamlDotNet.RepresentationModel;

namespace HftHost.Config;

/// <summary>
/// The <c>replay</c> section: a capture file as the source instead of a live <c>port</c>
/// (laptops, tests), with the options of <c>hfthost replay</c>.
/// <code>
/// replay:
///   file: feed.pcap            # pcap or pcapng, relative to the config file
///   pace: max                  # max | x1 | x0.5 | x10 (recorded pace times a factor)
///   loop: 1                    # times to replay the file
///   max-gap: 1s                # paced: longer recorded gaps shrink to this
/// </code>
/// </summary>
internal sealed partial record ListenConfig
{
    // The first bytes of the two formats the pcap backend reads (pcap: µs or ns, either byte order).
    private static readonly uint[] CaptureMagics = [0xA1B2C3D4, 0xD4C3B2A1, 0xA1B23C4D, 0x4D3CB2A1, 0x0A0D0D0A];

    private static PortSettings? ParseReplay(YamlNode node, string path, List<string> errors)
    {
        if (node is not YamlMappingNode map)
        {
            return Fail<PortSettings>(errors, path, node.Start, "'replay' must be a mapping such as { file: feed.pcap }");
        }
        string? file = null;
        uint pace = 0, loops = 1, maxGapMs = 0;
        int errorCount = errors.Count;
        foreach ((YamlNode key, YamlNode value) in map.Children)
        {
            switch (Key(key))
            {
                case "file":
                    file = Convert(value, path, errors, v => CaptureFile(RelativeTo(path, v)));
                    break;
                case "pace":
                    pace = Convert(value, path, errors, ValueParsers.ParsePace);
                    break;
                case "loop":
                    loops = Convert(value, path, errors, v => Number(v, "loop", 1, 1_000_000));
                    break;
                case "max-gap":
                    maxGapMs = Convert(value, path, errors, ValueParsers.ParseMaxGapMs);
                    break;
                default:
                    Fail(errors, path, key.Start, $"unknown key 'replay.{Key(key)}' (expected file, pace, loop, max-gap)");
                    break;
            }
        }
        if (file is null && errors.Count == errorCount)
        {
            Fail(errors, path, map.Start, "'replay' needs a file (a pcap or pcapng capture)");
        }
        return file is null ? null : new PortSettings
        {
            Backend = PortBackend.Pcap,
            Source = file,
            PacePermille = pace,
            Loops = loops,
            PaceMaxGapMs = maxGapMs,
        };
    }

    /// <summary>The full path of a capture that exists and starts like a pcap or pcapng file.</summary>
    private static string CaptureFile(string fullPath)
    {
        if (Directory.Exists(fullPath))
        {
            throw new UsageException($"'{fullPath}' is a directory, not a capture file");
        }
        if (!File.Exists(fullPath))
        {
            throw new UsageException($"no such capture file: '{fullPath}'");
        }
        Span<byte> head = stackalloc byte[4];
        int read;
        try
        {
            using FileStream stream = File.OpenRead(fullPath);
            read = stream.ReadAtLeast(head, 4, throwOnEndOfStream: false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read '{fullPath}': {ex.Message}");
        }
        return read == 4 && Array.IndexOf(CaptureMagics, BinaryPrimitives.ReadUInt32LittleEndian(head)) >= 0
            ? fullPath
            : throw new UsageException($"'{fullPath}' is not a pcap or pcapng capture");
    }

    /// <summary>A path in the config file is relative to the file's folder.</summary>
    private static string RelativeTo(string configPath, string value) =>
        Path.GetFullPath(value, Path.GetDirectoryName(Path.GetFullPath(configPath))!);
}
