using System.Net;
using System.Net.Sockets;
using HftHost.Itch50;
using HftHost.MoldUdp64;

namespace HftHost.Tests.MarketData;

/// <summary>
/// A MoldUDP64 re-request server on loopback, as an exchange runs one: it answers a request
/// (session, first sequence, count) with the messages in packets of up to 1400 bytes, from
/// whatever holds them — a generator's BinaryFILE (<see cref="FromBinaryFiles"/>), or a
/// function. It can ignore its first requests, to test retries. It never asserts on its own
/// thread (that would end the test process); tests check <see cref="Requests"/>.
/// </summary>
internal sealed class MoldRequestServer : IDisposable
{
    private readonly UdpClient _socket = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly Func<MoldSession, ulong, byte[]?> _message;
    private readonly Thread _thread;
    private readonly List<(ulong First, ulong Count)> _requests = [];
    private int _ignore;
    private volatile bool _disposed;

    /// <param name="message">The message of a session's sequence number, null past the end.</param>
    /// <param name="ignoreFirst">Requests to leave unanswered first.</param>
    public MoldRequestServer(Func<MoldSession, ulong, byte[]?> message, int ignoreFirst = 0)
    {
        _message = message;
        _ignore = ignoreFirst;
        _thread = new Thread(Serve) { IsBackground = true };
        _thread.Start();
    }

    public IPEndPoint EndPoint => (IPEndPoint)_socket.Client.LocalEndPoint!;

    public IReadOnlyList<(ulong First, ulong Count)> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>A server holding each session's complete feed (message i of the file has sequence i + 1).</summary>
    public static MoldRequestServer FromBinaryFiles(IEnumerable<(string Session, string Path)> feeds)
    {
        var messages = new Dictionary<MoldSession, List<byte[]>>();
        foreach ((string session, string path) in feeds)
        {
            var list = new List<byte[]>();
            var reader = new BinaryFileReader(File.ReadAllBytes(path));
            while (reader.TryRead(out ReadOnlySpan<byte> message))
            {
                list.Add(message.ToArray());
            }
            messages[MoldSession.FromText(session)] = list;
        }
        return new MoldRequestServer((session, sequence) =>
            messages.TryGetValue(session, out List<byte[]>? list) && sequence >= 1 && sequence <= (ulong)list.Count ? list[(int)sequence - 1] : null);
    }

    // The socket is closed under the UdpClient, and the UdpClient disposed only once the thread
    // has left: disposing it first clears its Client, and a Receive that begins after that
    // dereferenced null on this thread (seen in CI: the NullReferenceException ended the test
    // process).
    public void Dispose()
    {
        _disposed = true;
        _socket.Client.Close();
        _thread.Join();
        _socket.Dispose();
    }

    private void Serve()
    {
        while (true)
        {
            IPEndPoint? from = null;
            byte[] request;
            try
            {
                request = _socket.Receive(ref from);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException) when (!_disposed)
            {
                continue; // an ICMP error from an earlier answer (the asker had gone): keep serving
            }
            catch (SocketException)
            {
                return;
            }
            catch (Exception) when (_disposed)
            {
                return; // whatever a socket closed mid-call throws: the server is going
            }
            if (!MoldUdp64Format.TryReadHeader(request, out MoldSession session, out ulong first, out ushort count))
            {
                continue;
            }
            lock (_requests)
            {
                _requests.Add((first, count));
            }
            if (_ignore-- > 0)
            {
                continue;
            }
            try
            {
                Answer(session, first, count, from);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                return;
            }
        }
    }

    private void Answer(MoldSession session, ulong first, ushort count, IPEndPoint to)
    {
        ulong next = first, end = first + count;
        while (next < end && _message(session, next) is not null)
        {
            var packet = new List<byte>(new byte[MoldUdp64Format.HeaderLength]);
            ushort inPacket = 0;
            while (next < end && _message(session, next) is { } message && packet.Count + 2 + message.Length <= 1400)
            {
                packet.Add((byte)(message.Length >> 8));
                packet.Add((byte)message.Length);
                packet.AddRange(message);
                inPacket++;
                next++;
            }
            byte[] bytes = [.. packet];
            MoldUdp64Format.WriteHeader(bytes, session, next - inPacket, inPacket);
            _socket.Send(bytes, bytes.Length, to);
        }
    }
}
