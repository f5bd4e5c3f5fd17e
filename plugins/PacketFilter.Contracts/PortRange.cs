using System.Globalization;

namespace HftHost.PacketFilter;

/// <summary>UDP/TCP ports <see cref="First"/>..<see cref="Last"/>, both included.</summary>
/// <param name="First">0..65535.</param>
/// <param name="Last">First..65535.</param>
public readonly record struct PortRange(int First, int Last)
{
    /// <summary>Every port, 0..65535 (also frames without UDP/TCP, whose ports read 0).</summary>
    public static PortRange Any => new(0, 65535);

    /// <summary>True when this is every port.</summary>
    public bool IsAny => First == 0 && Last == 65535;

    /// <summary>True when <paramref name="port"/> is in the range.</summary>
    public bool Matches(int port) => port >= First && port <= Last;

    /// <summary>Reads "26477" or "1024-65535"; null with the reason in <paramref name="error"/> otherwise.</summary>
    public static PortRange? TryParse(string text, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        int dash = text.IndexOf('-', StringComparison.Ordinal);
        string first = dash < 0 ? text : text[..dash].Trim(), last = dash < 0 ? text : text[(dash + 1)..].Trim();
        if (!long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out long a)
            || !long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out long b))
        {
            error = $"'{text}' is not a port or a range of ports (PORT or FIRST-LAST)";
            return null;
        }
        if (a > 65535 || b > 65535)
        {
            error = $"port {Math.Max(a, b)} is out of range (0..65535)";
            return null;
        }
        if (a > b)
        {
            error = $"port range '{text}' is empty: {a} is after {b}";
            return null;
        }
        error = null;
        return new PortRange((int)a, (int)b);
    }

    /// <summary>"26477", "1024-65535" or "any".</summary>
    public override string ToString() =>
        IsAny ? "any" : First == Last ? First.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{First}-{Last}");
}
