using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace HftHost.DataPlane;

/// <summary>
/// Starts loading a frame into the cache before it is handled: every line it spans. A poll
/// loop calls it for the next frame of a burst while the current one is handled, so the
/// frame's misses overlap with work instead of stalling the parse.
/// <para>
/// Why every line, not the first: the hosted market-data benchmark (plugins reading each
/// 1.2 KB MoldUDP64 packet, frames laid end to end) ran at 0.966 and 0.966 of its time with
/// no prefetch when the whole next frame was loaded ahead, but at 1.029 with its first line
/// only and 1.029-1.113 with its first 8 of about 19 lines (10 runs each, taking turns in
/// one process; README "Market data"). A partial prefetch cost more than it saved.
/// </para>
/// Without SSE (Arm64) it does nothing.
/// </summary>
internal static unsafe class FramePrefetch
{
    private const int LineBytes = 64;

    /// <summary>
    /// For the next frame of a burst: every line of it when the handler reads payloads
    /// (<see cref="IFrameHandler.ReadsPayload"/>), else the first line, which the parse reads.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Next(byte* start, int length, bool readsPayload)
    {
        if (readsPayload)
        {
            Ahead(start, length);
        }
        else
        {
            FirstLine(start);
        }
    }

    // Every line of start..start + length (at least the first).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Ahead(byte* start, int length)
    {
        if (!Sse.IsSupported)
        {
            return;
        }
        byte* line = (byte*)((nuint)start & ~(nuint)(LineBytes - 1));
        byte* end = start + Math.Max(length, 1);
        do
        {
            Sse.Prefetch0(line);
            line += LineBytes;
        }
        while (line < end);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FirstLine(byte* start)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(start);
        }
    }
}
