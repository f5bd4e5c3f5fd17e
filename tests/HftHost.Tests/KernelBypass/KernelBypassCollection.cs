namespace HftHost.Tests.KernelBypass;

/// <summary>
/// Kernel-bypass tests run one at a time: on two cores a traffic generator and a receiver
/// each need a core of their own, and the oracle counts assume nothing else competes.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class KernelBypassCollection
{
    public const string Name = "kernel bypass (serial)";
}
