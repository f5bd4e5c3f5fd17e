using System.Text;
using System.Text.Json;
using HftHost.Audit;

namespace HftHost.Tests.Audit;

/// <summary>Writes real trails through <see cref="AuditTrail"/> and edits them the way a tamperer would.</summary>
internal static class AuditFiles
{
    /// <summary>A closed trail: the open record, <paramref name="records"/> test records, the close record.</summary>
    public static void Write(string path, int records, long rotateBytes = 64L << 20)
    {
        using AuditTrail trail = AuditTrail.Open(new AuditSettings { Path = path, RotateBytes = rotateBytes });
        for (int i = 1; i <= records; i++)
        {
            trail.Append("test.event", $"event {i} of {records}");
        }
    }

    /// <summary>The lines of a file as written (each with its newline).</summary>
    public static List<string> Lines(string path) =>
        [.. File.ReadAllText(path).Split('\n').SkipLast(1).Select(l => l + "\n")];

    public static void WriteLines(string path, IEnumerable<string> lines) => File.WriteAllText(path, string.Concat(lines));

    /// <summary>The records of the trail (every file), parsed.</summary>
    public static List<JsonElement> Records(string first) =>
        [.. AuditFileSet.Discover(first).SelectMany(f => Lines(f.Path)).Select(l => JsonDocument.Parse(l).RootElement.Clone())];

    public static string Category(this JsonElement record) => record.GetProperty("category").GetString()!;

    public static string Detail(this JsonElement record) => record.GetProperty("detail").GetString()!;

    public static ulong Seq(this JsonElement record) => record.GetProperty("seq").GetUInt64();

    /// <summary>Flips one byte of <paramref name="line"/> (1-based) inside its detail text.</summary>
    public static void ChangeByteInDetail(string path, int line)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int start = 0;
        for (int l = 1; l < line; l++)
        {
            start = Array.IndexOf(bytes, (byte)'\n', start) + 1;
        }
        int detail = start + Encoding.ASCII.GetString(bytes, start, Math.Min(400, bytes.Length - start)).IndexOf("\"detail\":\"", StringComparison.Ordinal) + 10;
        bytes[detail] ^= 0x01; // 'e' -> 'd': still valid JSON, a different record
        File.WriteAllBytes(path, bytes);
    }
}
