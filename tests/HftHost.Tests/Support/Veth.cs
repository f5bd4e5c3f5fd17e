namespace HftHost.Tests.Support;

/// <summary>A veth pair the test owns: IPv6 off (no stray router solicitations), both ends up, deleted on dispose.</summary>
internal sealed class Veth : IDisposable
{
    public Veth(string prefix)
    {
        string id = Guid.NewGuid().ToString("N")[..6];
        A = $"{prefix}A{id}";
        B = $"{prefix}B{id}";
        Assert.True(Environment.UserName == "root", "this test creates a veth pair: run it as root (./test.sh does)");
        Shell.Check("ip", "link", "add", A, "type", "veth", "peer", "name", B);
        foreach (string side in new[] { A, B })
        {
            Shell.Check("sysctl", "-q", "-w", $"net.ipv6.conf.{side}.disable_ipv6=1");
            Shell.Check("ip", "link", "set", side, "up");
        }
    }

    /// <summary>The end traffic is sent into.</summary>
    public string A { get; }

    /// <summary>The end traffic is received from.</summary>
    public string B { get; }

    /// <summary>True when `ip link` shows an XDP program on <paramref name="iface"/>.</summary>
    public static bool HasXdpProgram(string iface) =>
        Shell.Run("ip", ["-d", "link", "show", "dev", iface]).Stdout.Contains("xdp", StringComparison.Ordinal);

    public void Dispose() => Shell.Run("ip", ["link", "del", A]);
}
