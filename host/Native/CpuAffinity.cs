using System.Runtime.InteropServices;

namespace HftHost.Native;

/// <summary>Pins the calling OS thread to one CPU (sched_setaffinity on the thread itself).</summary>
internal static partial class CpuAffinity
{
    /// <summary>Pins the current thread; throws with the reason when the CPU does not exist or is not allowed.</summary>
    public static unsafe void PinCurrentThread(int cpu)
    {
        if (cpu < 0 || cpu >= 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(cpu), cpu, "CPU numbers run from 0 to 1023");
        }
        ulong* mask = stackalloc ulong[16]; // a cpu_set_t of 1024 bits
        new Span<ulong>(mask, 16).Clear();
        mask[cpu / 64] = 1UL << (cpu % 64);
        // pid 0: the calling thread (Linux applies affinity per thread).
        if (sched_setaffinity(0, 16 * sizeof(ulong), mask) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new PortException(
                $"cannot pin a poll thread to CPU {cpu}: {NativePort.ErrorText(-errno)} (this machine has {Environment.ProcessorCount} CPUs)",
                -errno);
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial int sched_setaffinity(int pid, nuint size, ulong* mask);
}
