using System.Text;
using Spectre.Console;

namespace HftHost.Dashboard;

/// <summary>
/// The dashboard as plain text (no colours, no cursor movement, ASCII borders) for output that
/// is not a terminal: CI logs, files, tests. Pure, like <see cref="DashboardView"/>.
/// </summary>
internal static class DashboardText
{
    /// <summary>Width of a text snapshot: wide enough for every table on one line.</summary>
    public const int Width = 140;

    /// <summary>First line of every snapshot: what to search a log for.</summary>
    public const string Marker = "== hfthost dashboard";

    public static string Render(DashboardModel model, int width = Width)
    {
        ArgumentNullException.ThrowIfNull(model);
        var writer = new StringWriter(new StringBuilder());
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = width;
        console.Profile.Capabilities.Unicode = false;
        writer.Write(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{Marker} {(model.Final ? "(final) " : "")}{new string('=', 40)}\n"));
        console.Write(DashboardView.Build(model, TableBorder.Ascii));
        return writer.ToString();
    }
}
