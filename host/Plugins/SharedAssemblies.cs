using System.Reflection;
using HftHost.Sdk;

namespace HftHost.Plugins;

/// <summary>
/// The assemblies every plugin shares with the host: the SDK and everything it references
/// (Microsoft.Extensions abstractions, the framework). A plugin that ships its own copy
/// of one of them still gets the host's, so an ILogger or an IConfiguration is the same
/// type on both sides; everything else a plugin loads comes from its own folder.
/// </summary>
internal sealed class SharedAssemblies
{
    private readonly HashSet<string> _names = new(StringComparer.OrdinalIgnoreCase);

    private SharedAssemblies()
    {
        var pending = new Stack<Assembly>([typeof(HftPlugin).Assembly]);
        while (pending.TryPop(out Assembly? assembly))
        {
            if (!_names.Add(assembly.GetName().Name!))
            {
                continue;
            }
            foreach (AssemblyName reference in assembly.GetReferencedAssemblies())
            {
                if (!_names.Contains(reference.Name!))
                {
                    pending.Push(Assembly.Load(reference));
                }
            }
        }
    }

    public static SharedAssemblies Instance { get; } = new();

    public IReadOnlyCollection<string> Names => _names;

    public bool Contains(AssemblyName name) => name.Name is { } n && _names.Contains(n);
}
