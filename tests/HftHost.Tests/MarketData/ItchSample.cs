using HftHost.Tests.Support;

namespace HftHost.Tests.MarketData;

/// <summary>
/// ../shared/data/nasdaq-itch50/12302019_SNIPPET.NASDAQ_ITCH50: 1,000 real TotalView-ITCH 5.0
/// messages in BinaryFILE framing ([u16 big-endian length][message]...).
/// </summary>
internal static class ItchSample
{
    public const int MessageCount = 1000;

    public const int FileLength = 35_570;

    public static string Path => System.IO.Path.Combine(RepoPaths.SharedData, "nasdaq-itch50", "12302019_SNIPPET.NASDAQ_ITCH50");

    public static byte[] Bytes => LazyBytes.Value;

    /// <summary>Where each message's bytes are in <see cref="Bytes"/> (after its length prefix).</summary>
    public static IReadOnlyList<Range> Messages => LazyMessages.Value;

    private static readonly Lazy<byte[]> LazyBytes = new(() => File.ReadAllBytes(Path));

    private static readonly Lazy<Range[]> LazyMessages = new(() =>
    {
        var ranges = new List<Range>();
        byte[] bytes = Bytes;
        int offset = 0;
        while (offset + 2 <= bytes.Length)
        {
            int length = (bytes[offset] << 8) | bytes[offset + 1];
            ranges.Add(new Range(offset + 2, offset + 2 + length));
            offset += 2 + length;
        }
        return [.. ranges];
    });
}
