using System.Text.Json;
using HftHost.Tests.Support;

namespace HftHost.Tests.CrossVenue;

/// <summary>The opportunities in the run report of <c>hfthost replay --plugins --json</c>, the plugins loaded by the host from artifacts/plugins; and the generator's options.</summary>
public class CrossVenueCliTests(CrossVenueFeedFixture feed) : IClassFixture<CrossVenueFeedFixture>
{
    [Fact]
    public void Should_list_the_ground_truth_opportunities_in_the_json_run_report()
    {
        string json = Shell.Check(RepoPaths.Host, "replay", feed.Pcap, "--json", "--plugins", Path.Combine(RepoPaths.Root, "artifacts", "plugins"), "--no-watch");

        using JsonDocument report = JsonDocument.Parse(json);
        JsonElement crossVenue = report.RootElement.GetProperty("plugin_reports").GetProperty("CrossVenue");
        Assert.Equal(
            feed.Expected.Select(e => e.WithoutSpread()),
            crossVenue.GetProperty("opportunities").EnumerateArray().Select(o => ExpectedOpportunity.FromJson(o).WithoutSpread()));
        Assert.Equal(CrossVenueFeedFixture.Crosses, crossVenue.GetProperty("crossed").GetInt64());
        Assert.Equal(CrossVenueFeedFixture.Locks, crossVenue.GetProperty("locked").GetInt64());
        Assert.Contains(report.RootElement.GetProperty("plugin_metrics").EnumerateArray(),
            m => m.GetProperty("name").GetString() == "crossvenue.opportunities" && m.GetProperty("tags").GetString() == "kind=crossed" && m.GetProperty("value").GetInt64() == CrossVenueFeedFixture.Crosses);
    }

    [Fact]
    public void Should_write_the_same_feed_and_crosses_for_the_same_seed()
    {
        using var dir = new TempDir();
        string[] Gen(string name) =>
            ["gen", "itch", "--venues", "3", "--symbols", "10", "--messages", "30000", "--seed", "8", "--crosses", "3", "--locks", "1",
             "--out", dir.File(name + ".pcap"), "--truth", dir.File(name + ".json")];
        Shell.Check(RepoPaths.Host, Gen("a"));
        Shell.Check(RepoPaths.Host, Gen("b"));

        Assert.Equal(File.ReadAllBytes(dir.File("a.pcap")), File.ReadAllBytes(dir.File("b.pcap")));
        Assert.Equal(File.ReadAllBytes(dir.File("a.json")), File.ReadAllBytes(dir.File("b.json")));
        using JsonDocument truth = JsonDocument.Parse(File.ReadAllBytes(dir.File("a.json")));
        Assert.Equal(4, truth.RootElement.GetProperty("crosses").GetArrayLength());
    }

    [Theory]
    [InlineData(new[] { "--venues", "2", "--crosses", "-1" }, "--crosses -1 must not be negative")]
    [InlineData(new[] { "--venues", "2", "--locks", "-2" }, "--locks -2 must not be negative")]
    [InlineData(new[] { "--venues", "1", "--crosses", "2" }, "need at least 2 --venues")]
    [InlineData(new[] { "--venues", "2", "--crosses", "5000" }, "of the 5000 crosses and locks asked for fit")]
    public void Should_refuse_crosses_that_cannot_be_made_with_exit_code_2(string[] options, string mentions)
    {
        using var dir = new TempDir();
        Shell.Result r = Shell.Run(RepoPaths.Host,
            ["gen", "itch", "--symbols", "5", "--messages", "5000", "--seed", "1", "--out", dir.File("x.pcap"), .. options]);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains(mentions, r.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("x.pcap")), "no half-made capture is left");
    }
}
