using HftHost.Native;
using Microsoft.Extensions.Logging;

namespace HftHost.DataPlane;

/// <summary>
/// One port and one poll thread per queue: starts the consumers before the producers,
/// runs until every ring is drained (a finished replay) or <see cref="Stop"/> (Ctrl-C, a
/// duration), and sums the per-queue counters.
/// Threading: Start, Wait, Stop and Dispose from the controlling thread;
/// <see cref="TotalCounters"/> from any thread.
/// </summary>
internal sealed class PortPipeline<THandler> : IDisposable
    where THandler : struct, IFrameHandler
{
    private readonly NativePort _port;
    private readonly PollLoop<THandler>[] _loops;
    private readonly Thread[] _threads;
    private readonly IdleMode _idleMode;
    private readonly ILogger _logger;

    public unsafe PortPipeline(NativePort port, Func<int, THandler> handlerForQueue, IdleMode idleMode, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(port);
        ArgumentNullException.ThrowIfNull(handlerForQueue);
        _port = port;
        _idleMode = idleMode;
        _logger = logger;
        _loops = new PollLoop<THandler>[port.QueueCount];
        _threads = new Thread[port.QueueCount];
        for (int q = 0; q < port.QueueCount; q++)
        {
            string name = $"port{port.Settings.PortId}/q{q}";
            var loop = new PollLoop<THandler>(
                port.Ring(q), handlerForQueue(q), name, logger, port.IsInline ? port.Handle : null, (uint)q);
            int? cpu = q < port.Settings.Cores.Count ? port.Settings.Cores[q] : null;
            _loops[q] = loop;
            _threads[q] = new Thread(() => RunLoop(loop, cpu)) { Name = $"hft-poll-{name}", IsBackground = true };
        }
    }

    public IReadOnlyList<PollLoop<THandler>> Loops => _loops;

    public NativePort Port => _port;

    /// <summary>Why a poll thread stopped on its own, if one did; the others are stopped too.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>Starts the poll threads, then the port's producers.</summary>
    public void Start()
    {
        foreach (Thread thread in _threads)
        {
            thread.Start();
        }
        _port.Start();
    }

    /// <summary>Waits until every poll thread has drained its ring, or the timeout.</summary>
    public bool Wait(TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        foreach (Thread thread in _threads)
        {
            TimeSpan left = deadline - DateTime.UtcNow;
            if (!thread.Join(left > TimeSpan.Zero ? left : TimeSpan.Zero))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Stops the producers (their rings are marked done), lets each poll thread consume
    /// what is already in its ring, and joins them: a frame that reached a ring is handled.
    /// </summary>
    public void Stop()
    {
        _port.Stop();
        foreach (Thread thread in _threads)
        {
            if (thread.IsAlive)
            {
                thread.Join();
            }
        }
    }

    /// <summary>The counters of every queue, summed.</summary>
    public FrameCounters TotalCounters()
    {
        var total = default(FrameCounters);
        foreach (PollLoop<THandler> loop in _loops)
        {
            total.Add(loop.Counters.Snapshot());
        }
        return total;
    }

    public void Dispose()
    {
        foreach (PollLoop<THandler> loop in _loops)
        {
            loop.RequestStop();
        }
        Stop();
    }

    private void RunLoop(PollLoop<THandler> loop, int? cpu)
    {
        try
        {
            if (cpu is int core)
            {
                CpuAffinity.PinCurrentThread(core);
                _logger.PollThreadPinned(loop.Name, core);
            }
            if (_idleMode == IdleMode.BusySpin)
            {
                loop.Run(default(BusySpinIdleStrategy));
            }
            else
            {
                loop.Run(default(BackoffIdleStrategy));
            }
        }
        catch (Exception ex)
        {
            // Only the loop's own machinery gets here (handler faults are handled inside
            // Run). Stop every queue and let the controlling thread report it.
            _logger.PollLoopFailed(ex, loop.Name);
            Failure ??= ex;
            foreach (PollLoop<THandler> other in _loops)
            {
                other.RequestStop();
            }
        }
    }
}
