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
        using var server = TestServer(ignoreFirst: 1);
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
        using var server = TestServer(ignoreFirst: int.MaxValue);
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

    // Answers with the hand-made messages of MoldUdp64Frames: "M" + the low 3 bytes of the sequence.
    private static MoldRequestServer TestServer(int ignoreFirst) =>
        new((_, sequence) => Payload(sequence, 1, Session)[(MoldUdp64Format.HeaderLength + 2)..], ignoreFirst);

    private static (PluginTestHarness, MoldRecorder, MoldUdp64Plugin) Start(MoldRequestServer server)
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
}
