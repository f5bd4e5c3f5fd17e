using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;
using HftHost.Sdk.Runtime;

namespace HftHost.Benchmarks;

/// <summary>
/// Refuses to measure a Debug build of a plugin: the Debug and Release builds of the
/// fixture plugins land in the same artifacts/test-plugins folder, whichever was built
/// last, and the JIT does not optimise an assembly built with optimisations off.
/// </summary>
internal static class BuildChecks
{
    /// <summary>Checks the assembly of every plugin <paramref name="dispatcher"/> runs.</summary>
    /// <remarks>
    /// NoInlining: the plugin's Type stays in this frame only. Held in a caller's frame
    /// (unoptimised code keeps every temporary until the method returns) it would keep
    /// that plugin version's load context from being collected after a reload.
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void RequireOptimizedPlugins(FrameDispatcher dispatcher)
    {
        foreach (PluginInstance instance in dispatcher.Active)
        {
            Assembly assembly = instance.Plugin.GetType().Assembly;
            if (assembly.GetCustomAttribute<DebuggableAttribute>()?.IsJITOptimizerDisabled == true)
            {
                throw new InvalidOperationException(
                    $"{assembly.GetName().Name} {assembly.GetName().Version} is a Debug build (JIT optimisations off): " +
                    "build the solution with -c Release before benchmarking it");
            }
        }
    }
}
