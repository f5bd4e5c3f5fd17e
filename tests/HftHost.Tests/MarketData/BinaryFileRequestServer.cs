using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using HftHost.Itch50;
using HftHost.MoldUdp64;

namespace HftHost.Tests.MarketData;

/// <summary>
/// A MoldUDP64 re-request server on loopback that answers from each session's complete
/// feed (the generator's BinaryFILE: message i has sequence i + 1), as an exchange's does.
/// </summary>
internal sealed class BinaryFileRequestServer : IDisposable
{
    private readonly UdpClient _socket = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly Dictionary<MoldSession, List<byte[]>> _messages = [];
    private readonly Thread _thread;

    public BinaryFileRequestServer(IEnumerable<(string Session, string Path)> feeds)
    {
        foreach ((string session, string path) in feeds)
        {
            var messages = new List<byte[]>();
            var reader = new BinaryFileReader(File.ReadAllBytes(path));
            while (reader.TryRead(out ReadOnlySpan<byte> message))
            {
                messages.Add(message.ToArray());
            }
            _messages[MoldSession.FromText(session)] = messages;
        }
        _thread = new Thread(Serve) { IsBackground = true };
        _thread.Start();
    }

    public IPEndPoint EndPoint => (IPEndPoint)_socket.Client.LocalEndPoint!;

    public int Requests { get; private set; }

    public void Dispose()
    {
        _socket.Dispose();
        _thread.Join();
    }

    private void Serve()
    {
        try
        {
            while (true)
            {
                IPEndPoint? from = null;
                byte[] request;
                try
                {
                    request = _socket.Receive(ref from);
                }
                catch (SocketException)
                {
                    continue; // an ICMP error from an earlier answer (the asker had gone): keep serving
                }
                if (!MoldUdp64Format.TryReadHeader(request, out MoldSession session, out ulong first, out ushort count)
                    || !_messages.TryGetValue(session, out List<byte[]>? messages))
                {
                    continue;
                }
                Requests++;
                // Answer in packets of up to 1400 bytes, as the feed itself is packed.
                ulong next = first, end = Math.Min(first + count, (ulong)messages.Count + 1);
                while (next < end)
                {
                    var packet = new List<byte>(new byte[MoldUdp64Format.HeaderLength]);
                    ushort inPacket = 0;
                    while (next < end && packet.Count + 2 + messages[(int)next - 1].Length <= 1400)
                    {
                        byte[] message = messages[(int)next - 1];
                        packet.Add((byte)(message.Length >> 8));
                        packet.Add((byte)message.Length);
                        packet.AddRange(message);
                        inPacket++;
                        next++;
                    }
                    byte[] bytes = [.. packet];
                    MoldUdp64Format.WriteHeader(bytes, session, next - inPacket, inPacket);
                    _socket.Send(bytes, bytes.Length, from);
                }
            }
        }
        catch (ObjectDisposedException)
        {
        }
        catch (SocketException)
        {
        }
    }
}
