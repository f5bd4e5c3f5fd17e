using HftHost.MoldUdp64;
using HftHost.Plugins.MoldUdp64;
using HftHost.Sdk.Testing;
using static HftHost.Tests.MarketData.MoldUdp64Frames;

namespace HftHost.Tests.MarketData;

/// <summary>
/// The MoldUDP64 plugin's session layer through the SDK's test harness (the host's dispatch):
/// every message once and in order; gaps with their exact ranges, duplicates, reordering,
/// heartbeats, end of session and malformed packets reported, and nothing else.
/// </summary>
public class MoldUdp64Tests
{
    private static (PluginTestHarness Harness, MoldRecorder Recorder, MoldUdp64Plugin Plugin) Start(int window = 4)
    {
        var plugin = new MoldUdp64Plugin();
        var harness = new PluginTestHarness(plugin, new Dictionary<string, string?> { ["ReorderWindow"] = window.ToString() });
        var recorder = new MoldRecorder();
        harness.AddPlugin(recorder);
        return (harness, recorder, plugin);
    }

    private static void Feed(PluginTestHarness harness, params byte[][] frames)
    {
        foreach (byte[] frame in frames)
        {
            Assert.Equal(1, harness.Feed(frame, 1).Claimed["moldudp64"]);
        }
    }

    [Fact]
    public void Should_deliver_every_message_once_in_order_with_heartbeats_and_end_of_session()
    {
        (PluginTestHarness harness, MoldRecorder recorder, MoldUdp64Plugin plugin) = Start();
        using (harness)
        {
            Feed(harness, Data(1, 3), Data(4, 2), Heartbeat(6), Data(6, 1), EndOfSession(7));

            Assert.Equal([1UL, 2, 3, 4, 5, 6], recorder.Sequences);
            Assert.Equal([(MoldSessionEventKind.EndOfSession, 7UL, 0UL)], recorder.Reported);
            SessionTracker session = Assert.Single(plugin.Sessions);
            Assert.Equal((5L, 6L, 1L, 1L, 0L), (session.Counters.Packets, session.Counters.Messages, session.Counters.Heartbeats, session.Counters.EndOfSession, session.Counters.Gaps));
            Assert.Equal(0, recorder.WrongPayloads);
        }
    }

    [Fact]
    public void Should_report_the_exact_gap_once_the_reorder_window_passes_and_deliver_what_follows()
    {
        (PluginTestHarness harness, MoldRecorder recorder, MoldUdp64Plugin plugin) = Start(window: 2);
        using (harness)
        {
            Feed(harness, Data(1, 2), Data(5, 1), Data(6, 2)); // 3 and 4 missing; held: 5, 6-7
            Assert.Equal([1UL, 2], recorder.Sequences);

            Feed(harness, Data(8, 1)); // the third packet while holding: past the window of 2

            Assert.Equal([1UL, 2, 5, 6, 7, 8], recorder.Sequences);
            Assert.Equal([(MoldSessionEventKind.Gap, 3UL, 2UL)], recorder.Reported);
            SessionTracker session = Assert.Single(plugin.Sessions);
            Assert.Equal((1L, 2L), (session.Counters.Gaps, session.Counters.GapMessages));
        }
    }

    [Fact]
    public void Should_take_a_late_packet_inside_the_window_as_out_of_order_not_as_a_gap()
    {
        (PluginTestHarness harness, MoldRecorder recorder, _) = Start();
        using (harness)
        {
            Feed(harness, Data(1, 2), Data(5, 2), Data(3, 2), Data(7, 1));

            Assert.Equal([1UL, 2, 3, 4, 5, 6, 7], recorder.Sequences);
            Assert.Equal([(MoldSessionEventKind.OutOfOrder, 3UL, 2UL)], recorder.Reported);
        }
    }

    [Fact]
    public void Should_report_duplicates_of_delivered_and_of_held_packets_and_deliver_once()
    {
        (PluginTestHarness harness, MoldRecorder recorder, MoldUdp64Plugin plugin) = Start();
        using (harness)
        {
            Feed(harness, Data(1, 2), Data(3, 2), Data(1, 2), Data(7, 1), Data(7, 1), Data(5, 2));

            Assert.Equal([1UL, 2, 3, 4, 5, 6, 7], recorder.Sequences);
            Assert.Equal(
                [(MoldSessionEventKind.Duplicate, 1UL, 2UL), (MoldSessionEventKind.Duplicate, 7UL, 1UL), (MoldSessionEventKind.OutOfOrder, 5UL, 2UL)],
                recorder.Reported);
            Assert.Equal((2L, 3L), (Assert.Single(plugin.Sessions).Counters.DuplicatePackets, plugin.Sessions.Single().Counters.DuplicateMessages));
        }
    }

    [Fact]
    public void Should_deliver_a_packet_that_overlaps_what_was_delivered_from_its_first_new_message_as_one_run()
    {
        (PluginTestHarness harness, MoldRecorder recorder, MoldUdp64Plugin plugin) = Start();
        using (harness)
        {
            Feed(harness, Data(1, 3), Data(2, 4), Data(7, 2), Data(6, 1)); // 2-3 again; 7-8 held until 6 comes

            Assert.Equal([1UL, 2, 3, 4, 5, 6, 7, 8], recorder.Sequences);
            Assert.Equal([(1UL, 3), (4UL, 2), (6UL, 1), (7UL, 2)], recorder.Runs); // one run a packet, new messages only
            Assert.Equal(0, recorder.WrongPayloads);
            Assert.Equal((0L, 2L, 8L), (plugin.Sessions.Single().Counters.DuplicatePackets, plugin.Sessions.Single().Counters.DuplicateMessages, plugin.Sessions.Single().Counters.Messages));
        }
    }

    [Fact]
    public void Should_turn_a_hold_into_a_gap_when_the_source_ends_and_a_heartbeat_shows_what_is_missing()
    {
        (PluginTestHarness harness, MoldRecorder recorder, MoldUdp64Plugin plugin) = Start();
        using (harness)
        {
            Feed(harness, Data(1, 2), Heartbeat(5)); // the server is at 5: 3 and 4 were sent
            Assert.Equal([1UL, 2], recorder.Sequences);

            plugin.OnIdle(drained: true);

            Assert.Equal([(MoldSessionEventKind.Gap, 3UL, 2UL)], recorder.Reported);
            Feed(harness, Data(5, 1));
            Assert.Equal([1UL, 2, 5], recorder.Sequences);
        }
    }

    [Fact]
    public void Should_hold_the_packet_a_heartbeat_announced_rather_than_take_it_for_a_duplicate()
    {
        (PluginTestHarness harness, MoldRecorder recorder, _) = Start(window: 2);
        using (harness)
        {
            // 3-4 lost; the heartbeat says the server is at 5; then 5 itself arrives.
            Feed(harness, Data(1, 2), Heartbeat(5), Data(5, 1), Data(6, 1), Data(7, 1));

            Assert.Equal([1UL, 2, 5, 6, 7], recorder.Sequences);
            Assert.Equal([(MoldSessionEventKind.Gap, 3UL, 2UL)], recorder.Reported);
        }
    }

    [Fact]
    public void Should_count_a_malformed_packet_of_a_known_session_and_leave_other_payloads_unclaimed()
    {
        (PluginTestHarness harness, MoldRecorder recorder, MoldUdp64Plugin plugin) = Start();
        using (harness)
        {
            Feed(harness, Data(1, 2));
            byte[] cut = Payload(3, 2, Session)[..^1]; // the last block ends past the datagram
            Assert.Equal(1, harness.Feed(Support.TestFrames.Udp(cut, destinationPort: Port), 1).Claimed["moldudp64"]);
            Assert.Equal(0, harness.Feed(Support.TestFrames.Udp("GET / HTTP/1.1\r\n\r\n"u8.ToArray()), 1).Claimed["moldudp64"]);

            Assert.Equal([(MoldSessionEventKind.Malformed, 3UL, 0UL)], recorder.Reported);
            Assert.Equal(1, plugin.Sessions.Single().Counters.Malformed);
            Assert.Equal(1, plugin.Unrecognized);
        }
    }

    [Fact]
    public void Should_hand_its_sessions_and_held_packets_to_a_new_version_and_continue_without_loss()
    {
        (PluginTestHarness first, MoldRecorder before, _) = Start();
        byte[] state;
        using (first)
        {
            Feed(first, Data(1, 2), Data(5, 2)); // 5-6 held behind the missing 3-4
            state = first.ExportState();
        }
        (PluginTestHarness second, MoldRecorder after, MoldUdp64Plugin plugin) = Start();
        using (second)
        {
            second.ImportState(state);
            Feed(second, Data(3, 2), Data(7, 1));

            Assert.Equal([1UL, 2], before.Sequences);
            Assert.Equal([3UL, 4, 5, 6, 7], after.Sequences);
            Assert.Equal([(MoldSessionEventKind.OutOfOrder, 3UL, 2UL)], after.Reported);
            Assert.Equal(4, plugin.Sessions.Single().Counters.Packets);
        }
    }

    [Fact]
    public void Should_survive_a_million_mutated_packets_counting_every_bad_one()
    {
        (PluginTestHarness harness, MoldRecorder recorder, MoldUdp64Plugin plugin) = Start();
        using (harness)
        {
            var random = new Random(20261122);
            byte[][] sessions = [Payload(1, 3, Session), Payload(1, 3, MoldSession.FromText("TEST02"))];
            long claimed = 0, faults = 0;
            const int Packets = 1_000_000;
            for (int i = 0; i < Packets; i++)
            {
                byte[] payload = (byte[])sessions[i & 1].Clone();
                System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(payload.AsSpan(10), (ulong)random.Next(1, 1 << 20));
                switch (random.Next(4))
                {
                    case 0: // flip bytes anywhere (header, lengths, messages)
                        for (int f = random.Next(1, 4); f > 0; f--)
                        {
                            payload[random.Next(payload.Length)] ^= (byte)random.Next(1, 256);
                        }
                        break;
                    case 1: // cut short
                        payload = payload[..random.Next(payload.Length)];
                        break;
                    case 2: // a count that does not match the blocks
                        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(payload.AsSpan(18), (ushort)random.Next(0x10000));
                        break;
                    default: // well-formed, any sequence: duplicates, gaps and reordering galore
                        break;
                }
                ReplayResultCounts(harness.Feed(Support.TestFrames.Udp(payload, destinationPort: Port), i), ref claimed, ref faults);
            }
            plugin.OnIdle(drained: true);

            long packets = plugin.Sessions.Sum(s => s.Counters.Packets);
            long malformed = plugin.Sessions.Sum(s => s.Counters.Malformed);
            Assert.Equal(0, faults);
            Assert.Equal(Packets, packets + malformed + plugin.Unrecognized + plugin.SessionsRefused);
            Assert.Equal(claimed, packets + malformed + plugin.SessionsRefused);
            // Per session, strictly increasing: nothing twice, nothing out of order.
            foreach (IGrouping<MoldSession, (MoldSession Session, ulong Sequence)> session in recorder.Messages.GroupBy(m => m.Session))
            {
                ulong[] sequences = [.. session.Select(m => m.Sequence)];
                Assert.True(sequences.Zip(sequences.Skip(1)).All(p => p.Second > p.First), $"{session.Key}: delivered out of order or twice");
            }
            // Random sequence numbers make most packets gaps or duplicates; the point is that the
            // sequencing ran on a large share of them, not only the header checks.
            Assert.True(packets > 250_000 && recorder.Messages.Count > 1_000, $"{packets} packets sequenced, {recorder.Messages.Count} messages delivered: the fuzz barely reached the session layer");
        }
    }

    private static void ReplayResultCounts(ReplayResult result, ref long claimed, ref long faults)
    {
        Assert.True(result.Faults == 0, result.LastFault);
        claimed += result.Claimed["moldudp64"];
        faults += result.Faults;
    }
}
