using System.Reflection;
using System.Runtime.CompilerServices;
using HftHost.Sdk;
using HftHost.Sdk.Runtime;

namespace HftHost.Plugins;

/// <summary>
/// One version of one plugin, loaded from a shadow copy of its folder into its own
/// collectible context and checked: the SDK version it was built for, its entry type.
/// <see cref="Unload"/> returns a weak reference that dies when the context is collected.
/// </summary>
internal sealed class PluginAssembly
{
    private PluginLoadContext? _context;
    private Type? _pluginType;

    private PluginAssembly(string name, int generation, string folder, PluginLoadContext context, Assembly assembly, Type pluginType, Version builtFor)
    {
        Name = name;
        Generation = generation;
        Folder = folder;
        _context = context;
        Version = assembly.GetName().Version ?? new Version(0, 0);
        InformationalVersion = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? Version.ToString();
        _pluginType = pluginType;
        SdkBuiltFor = builtFor;
    }

    public string Name { get; }

    /// <summary>1 for the first load, +1 for each reload.</summary>
    public int Generation { get; }

    /// <summary>The shadow copy it was loaded from.</summary>
    public string Folder { get; }

    public Version Version { get; }

    public string InformationalVersion { get; }

    public Version SdkBuiltFor { get; }

    /// <summary>The entry type; cleared by <see cref="Unload"/> (a Type from the context keeps it alive).</summary>
    public Type PluginType => _pluginType ?? throw new InvalidOperationException($"plugin {Name} generation {Generation} is unloaded");

    public PluginLoadContext Context => _context ?? throw new InvalidOperationException($"plugin {Name} generation {Generation} is unloaded");

    /// <summary>
    /// Loads <c>{folder}/{name}.dll</c> into a new context.
    /// </summary>
    /// <exception cref="PluginException">Not found, not a plugin, built for an incompatible SDK, or no usable entry type.</exception>
    public static PluginAssembly Load(string name, string folder, int generation, ContractsLoadContext contracts)
    {
        string path = Path.Combine(folder, name + ".dll");
        if (!File.Exists(path))
        {
            throw new PluginException($"plugin {name}: {path} not found (a plugin lives at <plugins>/{name}/{name}.dll)");
        }
        var context = new PluginLoadContext($"plugin:{name}#{generation}", path, contracts);
        try
        {
            Assembly assembly = context.LoadFromAssemblyPath(path);
            (Type pluginType, Version builtFor) = Handshake(name, assembly);
            return new PluginAssembly(name, generation, folder, context, assembly, pluginType, builtFor);
        }
        catch (Exception ex)
        {
            context.Unload();
            if (ex is PluginException)
            {
                throw;
            }
            // Only the message: keeping the exception would keep the context alive.
            throw new PluginException($"plugin {name}: cannot load {path}: {ex.GetType().Name}: {ex.Message}");
        }
    }

    /// <summary>A new instance of the entry type.</summary>
    public HftPlugin CreateInstance()
    {
        try
        {
            return (HftPlugin)Activator.CreateInstance(PluginType)!;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is { } inner)
        {
            throw new PluginException($"plugin {Name}: the constructor of {PluginType.FullName} threw {inner.GetType().Name}: {inner.Message}");
        }
    }

    /// <summary>Starts unloading the context; the weak reference dies once it is collected.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public WeakReference Unload()
    {
        PluginLoadContext context = Context;
        _context = null;
        _pluginType = null;
        var alive = new WeakReference(context);
        context.Unload();
        return alive;
    }

    // Reads the [assembly: HftPlugin(...)] arguments without constructing the attribute, so
    // a plugin built against another SDK major (whose attribute may differ) gets a clear
    // refusal rather than a binding failure.
    private static (Type PluginType, Version BuiltFor) Handshake(string name, Assembly assembly)
    {
        CustomAttributeData? declaration = assembly.GetCustomAttributesData()
            .FirstOrDefault(a => a.AttributeType.FullName == typeof(HftPluginAttribute).FullName);
        if (declaration is null || declaration.ConstructorArguments.Count < 3
            || declaration.ConstructorArguments[0].Value is not Type pluginType
            || declaration.ConstructorArguments[1].Value is not int major
            || declaration.ConstructorArguments[2].Value is not int minor)
        {
            throw new PluginException(
                $"plugin {name}: {name}.dll has no [assembly: HftPlugin(typeof(YourPlugin))] declaration, so it is not an HftHost plugin");
        }
        var builtFor = new Version(major, minor);
        if (major != SdkVersion.Major)
        {
            throw new PluginException(
                $"plugin {name} was built for HftHost SDK {builtFor}, but this host has SDK {SdkVersion.Current}: " +
                $"major versions must match; rebuild {name} against HftHost.Sdk {SdkVersion.Major}.x");
        }
        if (minor > SdkVersion.Minor)
        {
            throw new PluginException(
                $"plugin {name} was built for HftHost SDK {builtFor}, newer than this host's SDK {SdkVersion.Current}: " +
                $"upgrade hfthost or rebuild {name} against HftHost.Sdk {SdkVersion.Current}");
        }
        if (!typeof(HftPlugin).IsAssignableFrom(pluginType) || pluginType.IsAbstract || pluginType.GetConstructor(Type.EmptyTypes) is null)
        {
            throw new PluginException(
                $"plugin {name}: {pluginType.FullName} must be a public non-abstract class derived from HftHost.Sdk.HftPlugin with a public parameterless constructor");
        }
        return (pluginType, builtFor);
    }
}
