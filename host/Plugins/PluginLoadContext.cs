using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace HftHost.Plugins;

/// <summary>
/// The collectible load context of one version of one plugin. Resolution order for a
/// managed assembly: shared with the host (<see cref="SharedAssemblies"/>), a contracts
/// assembly loaded once for all plugins (<see cref="ContractsLoadContext"/>), the plugin's
/// deps.json, the plugin's folder; anything else is the framework's. Native libraries come
/// from the deps.json or the plugin's folder (lib{name}.so, {name}.so, {name}).
/// </summary>
internal sealed class PluginLoadContext : AssemblyLoadContext
{
    private readonly AssemblyDependencyResolver _resolver;
    private readonly string _folder;
    private readonly ContractsLoadContext _contracts;

    public PluginLoadContext(string name, string mainAssemblyPath, ContractsLoadContext contracts)
        : base(name, isCollectible: true)
    {
        _resolver = new AssemblyDependencyResolver(mainAssemblyPath);
        _folder = Path.GetDirectoryName(mainAssemblyPath)!;
        _contracts = contracts;
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (SharedAssemblies.Instance.Contains(assemblyName))
        {
            return null; // the host's copy, from the default context
        }
        string? path = _resolver.ResolveAssemblyToPath(assemblyName) ?? ProbeFolder(assemblyName.Name + ".dll");
        if (ContractsLoadContext.IsContractsAssembly(assemblyName))
        {
            return _contracts.Resolve(assemblyName, path);
        }
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        string? path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName)
            ?? ProbeFolder("lib" + unmanagedDllName + ".so")
            ?? ProbeFolder(unmanagedDllName + ".so")
            ?? ProbeFolder(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }

    private string? ProbeFolder(string fileName)
    {
        if (fileName.Contains('/', StringComparison.Ordinal) || Path.IsPathRooted(fileName))
        {
            return null;
        }
        string path = Path.Combine(_folder, fileName);
        return File.Exists(path) ? path : null;
    }
}

/// <summary>
/// Event contracts shared between plugins (assemblies named *.Contracts): loaded once,
/// never unloaded, so an event type is the same type in the plugin that publishes it and
/// in every plugin that subscribes, across reloads of either. The first copy loaded wins;
/// a later plugin that ships a different version gets the first. A contracts assembly the
/// host itself references is shared from the host.
/// </summary>
internal sealed class ContractsLoadContext() : AssemblyLoadContext("hfthost-contracts", isCollectible: false)
{
    private readonly Lock _lock = new();

    public static bool IsContractsAssembly(AssemblyName name) =>
        name.Name?.EndsWith(".Contracts", StringComparison.OrdinalIgnoreCase) == true;

    public Assembly? Resolve(AssemblyName name, string? path)
    {
        // The host's own commands use some contracts (hfthost decode reads ITCH): then the
        // host's copy is the one, or the same type would exist twice.
        if (AssemblyLoadContext.Default.Assemblies.FirstOrDefault(a => string.Equals(a.GetName().Name, name.Name, StringComparison.OrdinalIgnoreCase)) is { } host)
        {
            return host;
        }
        lock (_lock)
        {
            Assembly? loaded = Assemblies.FirstOrDefault(a => string.Equals(a.GetName().Name, name.Name, StringComparison.OrdinalIgnoreCase));
            if (loaded is not null)
            {
                return loaded;
            }
            if (path is null)
            {
                return null;
            }
            // From bytes, not the path: the plugin folder it came from is a shadow copy
            // that is deleted when that plugin version unloads.
            using FileStream stream = File.OpenRead(path);
            return LoadFromStream(stream);
        }
    }

    protected override Assembly? Load(AssemblyName assemblyName) => null;
}
