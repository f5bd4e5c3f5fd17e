namespace HftHost.Sdk.Runtime;

/// <summary>
/// A decoder as the dispatcher knows it: its owner (for fault accounting) and the frames
/// and bytes it claimed. Counters are written only by the owner's poll thread and read
/// by reports from other threads (torn reads of a long cannot happen on x64).
/// </summary>
internal sealed class DecoderRegistration(FrameDecoder decoder, PluginInstance owner)
{
    private static int s_lastId;

    public FrameDecoder Decoder { get; } = decoder;

    /// <summary>Unique in the process: what the dispatcher's watchdog field holds (an int store needs no GC write barrier).</summary>
    public int Id { get; } = Interlocked.Increment(ref s_lastId);

    public PluginInstance Owner { get; } = owner;

    public long Frames;
    public long Bytes;

    public string Site { get; } = "decoder " + decoder.Name;
}
