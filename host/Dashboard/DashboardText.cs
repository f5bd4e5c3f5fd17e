using System.Globalization;
using System.Text;
using Spectre.Console;

namespace HftHost.Dashboard;

/// <summary>
/// The dashboard as plain text (no colours, no cursor movement, ASCII borders) for output that
/// is not a terminal: CI logs, files, tests. Pure, like <see cref="DashboardView"/>: the same
/// model gives the same text. One console is kept and reused, because creating a Spectre.Console
/// console costs more than rendering a snapshot (670 KB against 290 KB allocated, measured).
/// Threading: one thread at a time per instance.
/// </summary>
internal sealed class DashboardText
{
    /// <summary>Width of a text snapshot: wide enough for every table on one line.</summary>
    public const int Width = 140;

    /// <summary>First line of every snapshot: what to search a log for.</summary>
    public const string Marker = "== hfthost dashboard";

    private readonly StringBuilder _text = new();
    private readonly IAnsiConsole _console;

    public DashboardText(int width = Width)
    {
        _console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(new StringWriter(_text, CultureInfo.InvariantCulture)),
        });
        _console.Profile.Width = width;
        _console.Profile.Capabilities.Unicode = false;
    }

    /// <summary>The snapshot of <paramref name="model"/>: a marker line, then the view.</summary>
    public string Render(DashboardModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _text.Clear();
        _text.Append(Marker).Append(model.Final ? " (final) " : " ").Append('=', 40).Append('\n');
        _console.Write(DashboardView.Build(model, TableBorder.Ascii));
        return _text.ToString();
    }
}
