using System.Reflection;
using System.Text;
using HftHost.Sdk;
using HftHost.Tests.Support;

namespace HftHost.Tests.Sdk;

/// <summary>
/// The SDK's public surface is tracked in sdk/PublicAPI.txt: adding, changing or removing a
/// public or protected member fails this test until the file is updated on purpose
/// (HFT_UPDATE_PUBLIC_API=1 dotnet test ... rewrites it; review the diff, and bump
/// SdkVersion.Major for a break, Minor for an addition).
/// </summary>
public class PublicApiTests
{
    private static readonly string ApiFile = Path.Combine(RepoPaths.Root, "sdk", "PublicAPI.txt");

    [Fact]
    public void Should_match_the_tracked_public_api_of_the_sdk()
    {
        string actual = Describe(typeof(HftPlugin).Assembly);
        if (Environment.GetEnvironmentVariable("HFT_UPDATE_PUBLIC_API") == "1")
        {
            File.WriteAllText(ApiFile, actual);
        }
        string expected = File.Exists(ApiFile) ? File.ReadAllText(ApiFile) : "";
        string[] added = [.. actual.Split('\n').Except(expected.Split('\n'))];
        string[] removed = [.. expected.Split('\n').Except(actual.Split('\n'))];
        Assert.True(added.Length == 0 && removed.Length == 0,
            $"the SDK's public API changed; if on purpose, rerun with HFT_UPDATE_PUBLIC_API=1 and bump SdkVersion.\n" +
            $"added:\n  {string.Join("\n  ", added)}\nremoved:\n  {string.Join("\n  ", removed)}");
    }

    [Fact]
    public void Should_carry_the_sdk_contract_version_in_the_assembly_version()
    {
        Version assembly = typeof(HftPlugin).Assembly.GetName().Version!;

        Assert.Equal((SdkVersion.Major, SdkVersion.Minor), (assembly.Major, assembly.Minor));
    }

    private static string Describe(Assembly assembly)
    {
        var lines = new List<string>();
        foreach (Type type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            string kind = type.IsEnum ? "enum" : type.IsInterface ? "interface" : type.IsValueType ? "struct" : type.IsAbstract && type.IsSealed ? "static class" : type.IsAbstract ? "abstract class" : type.IsSealed ? "sealed class" : "class";
            string bases = string.Join(", ", new[] { type.BaseType }.Where(b => b is not null && b != typeof(object) && b != typeof(ValueType) && b != typeof(Enum))
                .Concat(type.GetInterfaces()).Select(t => Name(t!)));
            lines.Add($"{kind} {Name(type)}{(bases.Length > 0 ? " : " + bases : "")}{Constraints(type.GetGenericArguments())}");
            const BindingFlags flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (MemberInfo member in type.GetMembers(flags))
            {
                if (Visible(member) is { } visibility && Member(member) is { } text)
                {
                    lines.Add($"  {visibility}{text}");
                }
            }
        }
        return SortMembers(string.Join('\n', lines));
    }

    // Members sorted within each type, so the file does not depend on reflection order.
    private static string SortMembers(string text)
    {
        var output = new StringBuilder();
        var members = new List<string>();
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Append(""))
        {
            if (line.StartsWith("  ", StringComparison.Ordinal))
            {
                members.Add(line);
                continue;
            }
            foreach (string m in members.Order(StringComparer.Ordinal))
            {
                output.Append(m).Append('\n');
            }
            members.Clear();
            if (line.Length > 0)
            {
                output.Append(line).Append('\n');
            }
        }
        return output.ToString();
    }

    private static string? Visible(MemberInfo member) => member switch
    {
        MethodBase m when m.IsPublic => "",
        MethodBase m when m.IsFamily || m.IsFamilyOrAssembly => "protected ",
        FieldInfo f when f.IsPublic => "",
        FieldInfo f when f.IsFamily || f.IsFamilyOrAssembly => "protected ",
        PropertyInfo p when (p.GetMethod ?? p.SetMethod) is { } accessor => Visible(accessor),
        EventInfo e when e.AddMethod is { } add => Visible(add),
        _ => null,
    };

    private static string? Member(MemberInfo member) => member switch
    {
        ConstructorInfo c => $".ctor({Parameters(c)})",
        MethodInfo m when m.IsSpecialName => null, // property and event accessors are listed with them
        MethodInfo m => $"{(m.IsStatic ? "static " : m.IsAbstract ? "abstract " : m.IsVirtual && !m.IsFinal && m.GetBaseDefinition() == m ? "virtual " : m.GetBaseDefinition() != m ? "override " : "")}{Name(m.ReturnType)} {m.Name}{(m.IsGenericMethod ? $"<{string.Join(", ", m.GetGenericArguments().Select(Name))}>" : "")}({Parameters(m)}){Constraints(m.IsGenericMethod ? m.GetGenericArguments() : [])}",
        PropertyInfo p => $"{Name(p.PropertyType)} {p.Name} {{ {(p.GetMethod is { } g && Visible(g) is not null ? "get; " : "")}{(p.SetMethod is { } s && Visible(s) is not null ? (s.ReturnParameter.GetRequiredCustomModifiers().Any(t => t.Name == "IsExternalInit") ? "init; " : "set; ") : "")}}}",
        FieldInfo f when f.DeclaringType!.IsEnum => f.IsSpecialName ? null : $"{f.Name} = {f.GetRawConstantValue()}",
        FieldInfo f => $"{(f.IsLiteral ? $"const {Name(f.FieldType)} {f.Name} = {f.GetRawConstantValue()}" : $"{(f.IsStatic ? "static " : "")}{(f.IsInitOnly ? "readonly " : "")}{Name(f.FieldType)} {f.Name}")}",
        EventInfo e => $"event {Name(e.EventHandlerType!)} {e.Name}",
        _ => null,
    };

    // Constraints are part of the contract: "allows ref struct" or a new "class" changes who may call.
    private static string Constraints(Type[] parameters)
    {
        var text = new StringBuilder();
        foreach (Type p in parameters.Where(p => p.IsGenericParameter))
        {
            GenericParameterAttributes a = p.GenericParameterAttributes;
            var parts = new List<string>();
            if ((a & GenericParameterAttributes.NotNullableValueTypeConstraint) != 0)
            {
                parts.Add("struct");
            }
            if ((a & GenericParameterAttributes.ReferenceTypeConstraint) != 0)
            {
                parts.Add("class");
            }
            parts.AddRange(p.GetGenericParameterConstraints().Where(c => c != typeof(ValueType)).Select(Name));
            if ((a & GenericParameterAttributes.DefaultConstructorConstraint) != 0 && (a & GenericParameterAttributes.NotNullableValueTypeConstraint) == 0)
            {
                parts.Add("new()");
            }
            if ((a & GenericParameterAttributes.AllowByRefLike) != 0)
            {
                parts.Add("allows ref struct");
            }
            if (parts.Count != 0)
            {
                text.Append($" where {p.Name} : {string.Join(", ", parts)}");
            }
        }
        return text.ToString();
    }

    private static string Parameters(MethodBase method) =>
        string.Join(", ", method.GetParameters().Select(p =>
            $"{(p.IsIn ? "in " : p.IsOut ? "out " : p.ParameterType.IsByRef ? "ref " : "")}{Name(p.ParameterType)} {p.Name}{(p.HasDefaultValue ? $" = {p.DefaultValue ?? "null"}" : "")}"));

    private static string Name(Type type)
    {
        if (type.IsByRef)
        {
            return Name(type.GetElementType()!);
        }
        if (type.IsGenericParameter)
        {
            return type.Name;
        }
        if (type.IsArray)
        {
            return Name(type.GetElementType()!) + "[]";
        }
        string name = type.IsNested ? Name(type.DeclaringType!) + "." + type.Name : type.Namespace + "." + type.Name;
        if (type.IsGenericType)
        {
            name = name[..name.IndexOf('`', StringComparison.Ordinal)] + "<" + string.Join(", ", type.GetGenericArguments().Select(Name)) + ">";
        }
        return name;
    }
}
