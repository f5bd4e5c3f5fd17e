using System.Runtime.InteropServices;

namespace HftHost.Tests.Support;

/// <summary>
/// A tun device the test owns (created with `ip tuntap`, up, deleted on dispose) and a handle on
/// it: each <see cref="Write"/> hands the kernel one IPv4 packet as if the device had received
/// it, so AF_PACKET on the device sees it arrive.
/// </summary>
internal sealed partial class Tun : IDisposable
{
    private const int ReadWrite = 2;                 // O_RDWR
    private const uint TunSetInterface = 0x400454CA; // TUNSETIFF
    private const short TunMode = 0x0001;            // IFF_TUN: packets are IP, no link header
    private const short NoPacketInfo = 0x1000;       // IFF_NO_PI: no 4-byte header before each packet

    private readonly int _fd = -1;

    public Tun(string prefix)
    {
        Name = $"{prefix}{Guid.NewGuid().ToString("N")[..6]}";
        Assert.True(Environment.UserName == "root", "this test creates a tun device: run it as root (./test.sh does)");
        Shell.Check("ip", "tuntap", "add", "dev", Name, "mode", "tun");
        try
        {
            _fd = Open("/dev/net/tun", ReadWrite);
            Assert.True(_fd >= 0, $"open /dev/net/tun: errno {Marshal.GetLastPInvokeError()}");
            // struct ifreq: the name (16 bytes), then the flags; 40 bytes in all.
            byte[] request = new byte[40];
            System.Text.Encoding.ASCII.GetBytes(Name).CopyTo(request, 0);
            BitConverter.GetBytes((short)(TunMode | NoPacketInfo)).CopyTo(request, 16);
            Assert.True(Ioctl(_fd, TunSetInterface, request) == 0, $"TUNSETIFF {Name}: errno {Marshal.GetLastPInvokeError()}");
            Shell.Check("sysctl", "-q", "-w", $"net.ipv6.conf.{Name}.disable_ipv6=1");
            Shell.Check("ip", "link", "set", Name, "up");
        }
        catch
        {
            Dispose(); // the device exists already: a failed set-up must not leave it behind
            throw;
        }
    }

    public string Name { get; }

    public void Write(byte[] packet) =>
        Assert.True(WritePacket(_fd, packet, packet.Length) == packet.Length, $"write to {Name}: errno {Marshal.GetLastPInvokeError()}");

    // One CI run left a device behind: the delete is retried until `ip link` no longer shows it.
    public void Dispose()
    {
        if (_fd >= 0)
        {
            _ = Close(_fd);
        }
        for (int attempt = 0; attempt < 20 && Shell.Run("ip", ["link", "show", "dev", Name]).ExitCode == 0; attempt++)
        {
            Shell.Run("ip", ["tuntap", "del", "dev", Name, "mode", "tun"]);
            Thread.Sleep(attempt == 0 ? 0 : 100);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int Ioctl(int fd, nuint request, byte[] argument);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint WritePacket(int fd, byte[] buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
