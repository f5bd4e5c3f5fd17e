using System.Globalization;

namespace HftHost.Audit;

/// <summary>
/// The files of one trail: the first at the path given, then <c>{path}.1</c>,
/// <c>{path}.2</c>, ... in the order they were written. Names never change once written
/// (no renaming on rotation), so the record that opens a file can name the one before it.
/// </summary>
internal static class AuditFileSet
{
    public static string PathOf(string first, int index) =>
        index == 0 ? first : string.Create(CultureInfo.InvariantCulture, $"{first}.{index}");

    /// <summary>The files of the trail that exist, by index (gaps in the numbering included as they are).</summary>
    public static IReadOnlyList<(int Index, string Path)> Discover(string first)
    {
        var files = new List<(int, string)>();
        if (File.Exists(first))
        {
            files.Add((0, first));
        }
        string directory = Path.GetDirectoryName(Path.GetFullPath(first))!;
        string prefix = Path.GetFileName(first) + ".";
        if (Directory.Exists(directory))
        {
            foreach (string path in Directory.EnumerateFiles(directory, prefix + "*"))
            {
                string name = Path.GetFileName(path);
                if (name.Length <= prefix.Length)
                {
                    continue; // the pattern "x.*" also matches "x" itself
                }
                string suffix = name[prefix.Length..];
                if (suffix.Length is > 0 and < 10 && suffix.All(char.IsAsciiDigit) && suffix[0] != '0'
                    && int.TryParse(suffix, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
                {
                    files.Add((index, PathOf(first, index)));
                }
            }
        }
        files.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return files;
    }
}
