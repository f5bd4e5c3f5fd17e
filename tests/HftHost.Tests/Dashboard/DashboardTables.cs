namespace HftHost.Tests.Dashboard;

/// <summary>Reads the cells of the dashboard's text tables (ASCII borders: "| a | b |").</summary>
internal static class DashboardTables
{
    /// <summary>The cells of every row of <paramref name="text"/> whose first cell is <paramref name="first"/>.</summary>
    public static List<string[]> Rows(string text, string first) =>
        [.. text.Split('\n')
            .Select(line => line.TrimEnd('\r'))
            .Where(line => line.StartsWith('|'))
            .Select(line => line.Trim('|').Split('|').Select(c => c.Trim()).ToArray())
            .Where(cells => cells[0] == first)];

    /// <summary>
    /// The one row whose first cells are <paramref name="first"/> (and <paramref name="second"/>, if
    /// given) in the table of <paramref name="columns"/> columns (feeds 10, latency and quotes 7).
    /// </summary>
    public static string[] Row(string text, int columns, string first, string? second = null)
    {
        List<string[]> rows = [.. Rows(text, first).Where(r => r.Length == columns && (second is null || r[1] == second))];
        Assert.True(rows.Count == 1, $"expected one row '{first} {second}', found {rows.Count} in:\n{text}");
        return rows[0];
    }

    /// <summary>The figure in a cell, without thousands separators.</summary>
    public static double Number(string cell) => double.Parse(cell.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
}
