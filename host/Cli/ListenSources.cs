using HftHost.Native;

namespace HftHost.Cli;

/// <summary>The checks a live port's settings must pass, whether they come from options or a config file.</summary>
internal static class ListenSources
{
    public static void Validate(PortSettings settings)
    {
        switch (settings.Backend)
        {
            case PortBackend.Dpdk:
                Require(settings.DpdkEalArgs, "DPDK needs EAL arguments (--dpdk \"<eal args>\" / eal:), e.g. \"--no-pci --file-prefix feed-a --vdev net_memif0,role=client\"");
                Require(settings.DpdkDevice, "DPDK needs the device to receive from (--port / device:): a vdev name such as net_memif0, or a PCI address");
                break;
            case PortBackend.AfXdp:
            case PortBackend.AfPacket:
                Require(settings.Source, $"{settings.Backend} needs an interface name");
                break;
            default:
                throw new UsageException($"listen cannot use the {settings.Backend} backend");
        }
        int queues = (int)Math.Max(1, settings.QueueCount);
        if (settings.Cores.Count > queues)
        {
            throw new UsageException($"{settings.Cores.Count} cores given for {queues} queue{(queues == 1 ? "" : "s")}: one core per queue");
        }
        foreach (int cpu in settings.Cores)
        {
            if (cpu < 0 || cpu >= Environment.ProcessorCount)
            {
                throw new UsageException($"core {cpu} does not exist: this machine has CPUs 0 to {Environment.ProcessorCount - 1}");
            }
        }
    }

    private static void Require(string? value, string message)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new UsageException(message);
        }
    }
}
