using System.Text.Json;
using HftHost.Tests.Support;

namespace HftHost.Tests.Generator;

/// <summary>
/// The generated capture read back (by Wireshark's MoldUDP64 dissector and by a reader of
/// the test's own) holds what the ground truth says: every packet, every fault.
/// </summary>
public class GeneratorCaptureTests : IClassFixture<GeneratedFeed>
{
    private readonly GeneratedFeed _feed;

    public GeneratorCaptureTests(GeneratedFeed feed) => _feed = feed;

    [Fact]
    public void Should_agree_with_tshark_on_every_packet()
    {
        string tshark = new[] { "/usr/bin/tshark", "/usr/local/bin/tshark" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("tshark is not installed: setup.sh must install Debian's tshark package");
        var args = new List<string> { "-r", _feed.PcapPath, "-o", "ip.check_checksum:TRUE" };
        for (int venue = 1; venue <= GeneratedFeed.Venues; venue++)
        {
            args.AddRange(["-d", $"udp.port=={26400 + venue},moldudp64"]);
        }
        args.AddRange(["-T", "fields", "-E", "separator=/t", "-e", "ip.dst", "-e", "udp.dstport", "-e", "ip.checksum.status",
            "-e", "moldudp64.session", "-e", "moldudp64.sequence", "-e", "moldudp64.count"]);

        Shell.Result r = Shell.Run(tshark, args);

        Assert.True(r.ExitCode == 0, r.Stderr);
        string[] lines = r.Stdout.TrimEnd('\n').Split('\n');
        Assert.Equal(_feed.Frames.Count, lines.Length);
        foreach ((string line, MoldFrame frame) in lines.Zip(_feed.Frames))
        {
            string[] f = line.Split('\t');
            string ours = $"{frame.Group} {frame.Port} 1 {frame.Session} {frame.Sequence} {frame.Count}";
            string theirs = $"{f[0]} {f[1]} {f[2]} {f[3].TrimEnd(' ')} {f[4]} {f[5]}";
            Assert.True(ours == theirs, $"frame {frame.Index + 1}: tshark reads '{theirs}' (ip checksum status 1 = good), we read '{ours}'");
        }
    }

    [Fact]
    public void Should_send_each_venue_to_its_own_group_and_port_interleaved_in_time()
    {
        foreach (JsonElement venue in _feed.TruthVenues)
        {
            string session = venue.GetProperty("session").GetString()!;
            List<MoldFrame> frames = _feed.Frames.Where(f => f.Session == session).ToList();
            Assert.All(frames, f => Assert.Equal(venue.GetProperty("group").GetString(), f.Group));
            Assert.All(frames, f => Assert.Equal(venue.GetProperty("port").GetInt32(), f.Port));
            Assert.Equal(venue.GetProperty("frames").GetInt64(), frames.Count);
        }
        Assert.Equal(_feed.Truth.GetProperty("frames").GetInt64(), _feed.Frames.Count);
        int switches = _feed.Frames.Zip(_feed.Frames.Skip(1)).Count(p => p.First.Session != p.Second.Session);
        Assert.True(switches > _feed.Frames.Count / 3, $"venues are not interleaved: only {switches} switches in {_feed.Frames.Count} frames");
        Assert.True(_feed.Frames.Zip(_feed.Frames.Skip(1)).All(p => p.First.TimestampNs <= p.Second.TimestampNs), "capture not in time order");
    }

    [Fact]
    public void Should_carry_every_sequence_number_once_but_for_the_faults()
    {
        foreach (JsonElement venue in _feed.TruthVenues)
        {
            string session = venue.GetProperty("session").GetString()!;
            long last = venue.GetProperty("lastSequence").GetInt64();
            Assert.Equal(venue.GetProperty("messages").GetInt64(), last);
            var expected = new int[last + 1];
            Array.Fill(expected, 1, 1, (int)last);
            foreach (JsonElement fault in _feed.TruthFaults.Where(f => f.GetProperty("session").GetString() == session))
            {
                int times = fault.GetProperty("kind").GetString() switch { "gap" => 0, "duplicate" => 2, _ => 1 };
                for (long s = fault.GetProperty("first").GetInt64(); s <= fault.GetProperty("last").GetInt64(); s++)
                {
                    expected[s] = times;
                }
            }
            var seen = new int[last + 1];
            foreach (MoldFrame frame in _feed.Frames.Where(f => f.Session == session && f.IsData))
            {
                Assert.True((long)frame.Last <= last, $"{session}: packet {frame.Sequence}..{frame.Last} past the last sequence {last}");
                for (ulong s = frame.Sequence; s <= frame.Last; s++)
                {
                    seen[s]++;
                }
            }
            for (long s = 1; s <= last; s++)
            {
                Assert.True(expected[s] == seen[s], $"{session} sequence {s}: sent {seen[s]} times, the truth says {expected[s]}");
            }
        }
    }

    [Fact]
    public void Should_send_heartbeats_and_end_each_session()
    {
        foreach (JsonElement venue in _feed.TruthVenues)
        {
            string session = venue.GetProperty("session").GetString()!;
            List<MoldFrame> frames = _feed.Frames.Where(f => f.Session == session).ToList();
            MoldFrame end = frames[^1];
            Assert.Equal(MoldFrame.EndOfSession, end.Count);
            Assert.Equal((ulong)venue.GetProperty("lastSequence").GetInt64() + 1, end.Sequence);
            Assert.Single(frames, f => f.Count == MoldFrame.EndOfSession);

            List<MoldFrame> heartbeats = frames.Where(f => f.Count == 0).ToList();
            Assert.Equal(venue.GetProperty("heartbeats").GetInt64(), heartbeats.Count);
            Assert.True(heartbeats.Count >= 5, $"{session}: {heartbeats.Count} heartbeats");
            // A heartbeat names the next sequence number: the start of a packet not sent yet
            // (or of one lost to a gap).
            var starts = frames.Where(f => f.IsData).Select(f => f.Sequence)
                .Concat(_feed.TruthFaults.Where(f => f.GetProperty("session").GetString() == session).Select(f => f.GetProperty("first").GetUInt64()))
                .ToHashSet();
            foreach (MoldFrame heartbeat in heartbeats)
            {
                ulong sentBefore = frames.Where(f => f.IsData && f.Index < heartbeat.Index).Max(f => f.Last);
                Assert.True(sentBefore < heartbeat.Sequence, $"{session}: heartbeat {heartbeat.Sequence} after {sentBefore} was sent");
                Assert.Contains(heartbeat.Sequence, starts);
            }
        }
    }

    [Fact]
    public void Should_inject_the_faults_the_truth_lists_and_no_others()
    {
        JsonElement counts = _feed.Truth.GetProperty("faultCounts");
        foreach (string kind in new[] { "gap", "duplicate", "reorder" })
        {
            Assert.Equal(GeneratedFeed.FaultsOfEachKind, counts.GetProperty(kind).GetInt32());
            Assert.Equal(GeneratedFeed.FaultsOfEachKind, _feed.TruthFaults.Count(f => f.GetProperty("kind").GetString() == kind));
        }

        foreach (JsonElement fault in _feed.TruthFaults)
        {
            string session = fault.GetProperty("session").GetString()!;
            ulong first = fault.GetProperty("first").GetUInt64();
            ulong last = fault.GetProperty("last").GetUInt64();
            Assert.Equal(last - first + 1, fault.GetProperty("count").GetUInt64());
            List<MoldFrame> data = _feed.Frames.Where(f => f.Session == session && f.IsData).ToList();
            string what = $"{fault.GetProperty("kind").GetString()} {session} {first}..{last}";
            switch (fault.GetProperty("kind").GetString())
            {
                case "gap":
                    Assert.DoesNotContain(data, f => f.Sequence <= last && f.Last >= first);
                    // Exactly one packet went missing: its neighbours (sent, or lost too) end and start at its edges.
                    var gaps = _feed.TruthFaults.Where(g => g.GetProperty("session").GetString() == session && g.GetProperty("kind").GetString() == "gap").ToList();
                    Assert.True(data.Any(f => f.Last == first - 1) || gaps.Any(g => g.GetProperty("last").GetUInt64() == first - 1), $"{what}: no packet ends before it");
                    Assert.True(data.Any(f => f.Sequence == last + 1) || gaps.Any(g => g.GetProperty("first").GetUInt64() == last + 1), $"{what}: no packet starts after it");
                    break;
                case "duplicate":
                    List<MoldFrame> copies = data.Where(f => f.Sequence == first).ToList();
                    Assert.True(copies.Count == 2, $"{what}: sent {copies.Count} times");
                    Assert.All(copies, c => Assert.Equal(last, c.Last));
                    Assert.Equal(copies[0].Messages.SelectMany(m => m), copies[1].Messages.SelectMany(m => m));
                    Assert.Equal(fault.GetProperty("framesLater").GetInt32(), copies[1].Index - copies[0].Index - 1);
                    Assert.True(copies[1].Index - copies[0].Index > 1, $"{what}: the copy follows right away");
                    break;
                default:
                    JsonElement after = fault.GetProperty("sentAfter");
                    MoldFrame held = Assert.Single(data, f => f.Sequence == first);
                    MoldFrame next = Assert.Single(data, f => f.Sequence == after.GetProperty("first").GetUInt64());
                    Assert.Equal(last, held.Last);
                    Assert.Equal(last + 1, next.Sequence);
                    Assert.Equal(after.GetProperty("last").GetUInt64(), next.Last);
                    Assert.True(next.Index < held.Index, $"{what}: not sent after {next.Sequence}..{next.Last}");
                    break;
            }
        }
    }

    [Fact]
    public void Should_keep_faults_apart_and_away_from_the_directory_and_the_end()
    {
        foreach (JsonElement venue in _feed.TruthVenues)
        {
            string session = venue.GetProperty("session").GetString()!;
            var ranges = new List<(ulong First, ulong Last)>();
            foreach (JsonElement fault in _feed.TruthFaults.Where(f => f.GetProperty("session").GetString() == session))
            {
                ulong first = fault.GetProperty("first").GetUInt64();
                ulong last = fault.GetProperty("last").GetUInt64();
                Assert.True(first > venue.GetProperty("directoryLastSequence").GetUInt64(), $"{session}: a fault at {first} touches the directory");
                Assert.True(last < venue.GetProperty("lastSequence").GetUInt64(), $"{session}: a fault at {first}..{last} touches the last packet");
                ranges.Add((first, last));
                if (fault.TryGetProperty("sentAfter", out JsonElement after))
                {
                    ranges.Add((after.GetProperty("first").GetUInt64(), after.GetProperty("last").GetUInt64()));
                }
            }
            ranges.Sort();
            foreach (((ulong _, ulong last), (ulong first, ulong _)) in ranges.Zip(ranges.Skip(1)))
            {
                Assert.True(last < first, $"{session}: faults overlap at {first}");
            }
        }
    }

    [Fact]
    public void Should_send_a_session_in_order_except_where_a_reorder_is_listed()
    {
        var reordered = _feed.TruthFaults.Where(f => f.GetProperty("kind").GetString() == "reorder")
            .Select(f => (f.GetProperty("session").GetString(), f.GetProperty("first").GetUInt64())).ToHashSet();
        foreach (IGrouping<string, MoldFrame> session in _feed.Frames.Where(f => f.IsData).GroupBy(f => f.Session))
        {
            var firstSeen = new HashSet<ulong>();
            ulong highest = 0;
            foreach (MoldFrame frame in session)
            {
                if (!firstSeen.Add(frame.Sequence))
                {
                    continue; // a duplicate's copy, checked elsewhere
                }
                if (frame.Sequence < highest)
                {
                    Assert.True(reordered.Contains((session.Key, frame.Sequence)), $"{session.Key}: {frame.Sequence} out of order and no reorder listed");
                }
                highest = Math.Max(highest, frame.Last);
            }
        }
    }

    [Fact]
    public void Should_stamp_each_packet_a_wire_latency_after_its_last_message()
    {
        long midnight = _feed.Truth.GetProperty("midnightUnixNs").GetInt64();
        long latency = _feed.Truth.GetProperty("wireLatencyNs").GetInt64();
        Assert.Equal(new DateTimeOffset(2024, 6, 3, 0, 0, 0, TimeSpan.FromHours(-4)).ToUnixTimeMilliseconds() * 1_000_000, midnight);
        const long nineThirty = 34_200L * 1_000_000_000;
        var held = _feed.TruthFaults.Where(f => f.GetProperty("kind").GetString() != "gap")
            .Select(f => (f.GetProperty("session").GetString(), f.GetProperty("first").GetUInt64())).ToHashSet();
        var seen = new HashSet<(string, ulong)>();
        foreach (MoldFrame frame in _feed.Frames.Where(f => f.IsData))
        {
            long lastStamp = frame.Messages.Max(m => ItchRecord.Decode(m).Timestamp);
            Assert.True(frame.Messages.Min(m => ItchRecord.Decode(m).Timestamp) >= nineThirty);
            bool resent = !seen.Add((frame.Session, frame.Sequence));
            if (resent || held.Contains((frame.Session, frame.Sequence)))
            {
                Assert.True(frame.TimestampNs >= midnight + lastStamp + latency, $"frame {frame.Index} stamped before its messages");
            }
            else
            {
                Assert.Equal(midnight + lastStamp + latency, frame.TimestampNs);
            }
        }
    }

    [Fact]
    public void Should_fill_packets_up_to_1400_bytes_or_to_the_count_asked_for()
    {
        static int Payload(MoldFrame f) => 20 + f.Messages.Sum(m => 2 + m.Length);
        Assert.All(_feed.Frames, f => Assert.True(Payload(f) <= 1400, $"frame {f.Index}: {Payload(f)} bytes"));
        double average = _feed.Frames.Where(f => f.Count > 20).Average(Payload);
        Assert.True(average > 1300, $"packets average {average:F0} bytes");

        using var dir = new TempDir();
        Shell.Result r = GeneratedFeed.Run("--venues", "2", "--symbols", "12", "--messages", "3000", "--seed", "3",
            "--out", dir.File("five.pcap"), "--messages-per-packet", "5");
        Assert.True(r.ExitCode == 0, r.Stderr);
        foreach (IGrouping<string, MoldFrame> session in MoldCapture.Read(dir.File("five.pcap")).Where(f => f.IsData).GroupBy(f => f.Session))
        {
            // 13 start-of-day messages: 5, 5, 3; then 5 each; the last packet takes what is left.
            int[] counts = session.Select(f => f.Count).ToArray();
            Assert.Equal([5, 5, 3], counts[..3]);
            Assert.All(counts[3..^1], c => Assert.Equal(5, c));
            Assert.InRange(counts[^1], 1, 5);
        }
    }
}
