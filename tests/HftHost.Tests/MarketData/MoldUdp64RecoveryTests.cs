using System.Net;
using System.Net.Sockets;
using HftHost.MoldUdp64;
using HftHost.Plugins.MoldUdp64;
using HftHost.Sdk.Testing;
using static HftHost.Tests.MarketData.MoldUdp64Frames;

namespace HftHost.Tests.MarketData;

/// <summary>
/// Recovery through a real re-request server on loopback (a UDP socket in the test that
/// answers requests for session TEST01 with the requested messages): what was missing is
/// delivered first, then what was held behind it; a server that ignores requests is asked
/// again and finally the range is a gap.
/// </summary>
public class MoldUdp64RecoveryTests
{
    [Fact]
    public void Should_ask_the_request_server_and_deliver_the_recovered_messages_before_the_held_ones()
    {
        using var server = new RequestServer(ignoreFirst: 1);
        (PluginTestHarness harness, MoldRecorder recorder, MoldUdp64Plugin plugin) = Start(server);
        using (harness)
        {
            harness.Feed(Data(1, 2), 1);
            harness.Feed(Data(6, 2), 2); // 3, 4 and 5 missing: asked for, 6-7 held
            WaitUntil(plugin, () => recorder.Messages.Count == 7);

            Assert.Equal([1UL, 2, 3, 4, 5, 6, 7], recorder.Sequences);
            Assert.Equal([(MoldSessionEventKind.Recovered, 3UL, 3UL)], recorder.Reported);
            Assert.Equal(0, recorder.WrongPayloads);
            Assert.Equal([(3UL, 3UL), (3UL, 3UL)], server.Requests); // the first one ignored: asked again after the timeout
            SessionTracker session = plugin.Sessions.Single();
            Assert.Equal((3L, 2L, 0L), (session.Counters.RecoveredMessages, session.Counters.RecoveryRequests, session.Counters.Gaps));
        }
    }

    [Fact]
    public void Should_give_the_range_up_as_a_gap_after_the_retries_when_the_server_never_answers()
    {
        using var server = new RequestServer(ignoreFirst: int.MaxValue);
        (PluginTestHarness harness, MoldRecorder recorder, MoldUdp64Plugin plugin) = Start(server);
        using (harness)
        {
            harness.Feed(Data(1, 2), 1);
            harness.Feed(Data(4, 1), 2);
            WaitUntil(plugin, () => recorder.Messages.Count == 3);

            Assert.Equal([1UL, 2, 4], recorder.Sequences);
            Assert.Equal([(MoldSessionEventKind.Gap, 3UL, 1UL)], recorder.Reported);
            Assert.Equal(3, server.Requests.Count); // the request and RecoveryRetries = 2 more
        }
    }

    private static (PluginTestHarness, MoldRecorder, MoldUdp64Plugin) Start(RequestServer server)
    {
        var plugin = new MoldUdp64Plugin();
        var harness = new PluginTestHarness(plugin, new Dictionary<string, string?>
        {
            ["RecoveryServer"] = server.EndPoint.ToString(),
            ["RecoveryTimeoutMilliseconds"] = "20",
            ["RecoveryRetries"] = "2",
        });
        var recorder = new MoldRecorder();
        harness.AddPlugin(recorder);
        return (harness, recorder, plugin);
    }

    // The poll thread's idle turns, as the host gives them while no frame comes.
    private static void WaitUntil(MoldUdp64Plugin plugin, Func<bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, "recovery did not finish in 10 s");
            plugin.OnIdle(drained: false);
            Thread.Sleep(1);
        }
    }

    /// <summary>A MoldUDP64 re-request server for TEST01 on 127.0.0.1 that can ignore its first requests.</summary>
    private sealed class RequestServer : IDisposable
    {
        private readonly UdpClient _socket = new(new IPEndPoint(IPAddress.Loopback, 0));
        private readonly Thread _thread;
        private int _ignore;

        public RequestServer(int ignoreFirst)
        {
            _ignore = ignoreFirst;
            _thread = new Thread(Serve) { IsBackground = true };
            _thread.Start();
        }

        public IPEndPoint EndPoint => (IPEndPoint)_socket.Client.LocalEndPoint!;

        public List<(ulong First, ulong Count)> Requests { get; } = [];

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
                    // No asserts on this thread (an exception here would end the test process):
                    // a datagram that is not a request is left out of Requests, which the tests check.
                    if (!MoldUdp64Format.TryReadHeader(request, out MoldSession session, out ulong first, out ushort count))
                    {
                        continue;
                    }
                    lock (Requests)
                    {
                        Requests.Add((first, count));
                    }
                    if (_ignore-- > 0)
                    {
                        continue;
                    }
                    byte[] answer = Payload(first, count, session);
                    _socket.Send(answer, answer.Length, from);
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
}
