using System.Net;
using System.Net.Sockets;
using HftHost.MoldUdp64;

namespace HftHost.Plugins.MoldUdp64;

/// <summary>
/// Asks a MoldUDP64 re-request server for missing messages (a request packet: session,
/// first sequence, count) and reads its answers (ordinary downstream packets) from the same
/// UDP socket, connected to the server so nothing else is read. Non-blocking both ways and
/// allocation-free after construction: it runs on the poll thread.
/// </summary>
internal sealed class RecoveryClient : IDisposable
{
    private readonly Socket _socket;
    private readonly byte[] _request = new byte[MoldUdp64Format.HeaderLength];

    public RecoveryClient(IPEndPoint server)
    {
        Server = server;
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { Blocking = false };
        _socket.Connect(server);
    }

    public IPEndPoint Server { get; }

    public long RequestsSent { get; private set; }

    public long RequestsFailed { get; private set; }

    public void Request(MoldSession session, ulong first, ulong count)
    {
        MoldUdp64Format.WriteHeader(_request, session, first, (ushort)Math.Min(count, MoldUdp64Format.EndOfSession - 1));
        _socket.Send(_request, SocketFlags.None, out SocketError error);
        if (error == SocketError.Success)
        {
            RequestsSent++;
        }
        else
        {
            RequestsFailed++; // counted; the retry timer asks again
        }
    }

    /// <summary>The next answer datagram, if one is waiting; its length, or 0.</summary>
    public int TryReceive(Span<byte> buffer)
    {
        int received = _socket.Receive(buffer, SocketFlags.None, out SocketError error);
        return error == SocketError.Success ? received : 0;
    }

    public void Dispose() => _socket.Dispose();
}
