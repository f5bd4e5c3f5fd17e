using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using HftHost.Interop;

namespace HftHost.Tests.Interop;

/// <summary>
/// The C# side of the layout check: the generated structs, as the .NET runtime lays them
/// out, against the sizes and offsets libclang computed from hftshim.h (HftshimLayout).
/// native/tests/layout_check.g.c checks the same numbers against gcc.
/// </summary>
public class LayoutTests
{
    public static TheoryData<string> Structs()
    {
        var data = new TheoryData<string>();
        foreach (Type t in typeof(Hftshim).Assembly.GetTypes().Where(IsBoundStruct))
        {
            data.Add(t.Name);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Structs))]
    public void Should_lay_out_each_struct_as_clang_does(string name)
    {
        Type type = typeof(Hftshim).Assembly.GetType($"HftHost.Interop.{name}")!;
        int expectedSize = ClangNumber($"{name}_size");
        Assert.Equal(expectedSize, SizeOf(type));
        foreach (FieldInfo field in type.GetFields(BindingFlags.Public | BindingFlags.Instance))
        {
            Assert.True(
                ClangNumber($"{name}_{field.Name}") == (int)Marshal.OffsetOf(type, field.Name),
                $"{name}.{field.Name}: runtime offset {Marshal.OffsetOf(type, field.Name)}, clang {ClangNumber($"{name}_{field.Name}")}");
        }
    }

    [Fact]
    public void Should_bind_every_struct_that_has_clang_numbers()
    {
        var bound = typeof(Hftshim).Assembly.GetTypes().Where(IsBoundStruct).Select(t => t.Name).ToList();
        Assert.Contains("hft_ring", bound);
        Assert.Contains("hft_desc", bound);
        // Every number clang measured belongs to a struct the bindings declare.
        foreach (FieldInfo number in typeof(HftshimLayout).GetFields())
        {
            Assert.True(
                bound.Any(s => number.Name == s + "_size" || number.Name.StartsWith(s + "_", StringComparison.Ordinal)),
                $"HftshimLayout.{number.Name} has no bound struct");
        }
    }

    [Fact]
    public unsafe void Should_keep_the_shared_ring_contract()
    {
        // The numbers the ring's design promises (hftshim.h), stated independently of
        // any tool: two descriptors per cache line, producer and consumer state on their
        // own lines with a guard line between, descriptors right after the header.
        Assert.Equal(32, sizeof(hft_desc));
        Assert.Equal(384, sizeof(hft_ring));
        Assert.Equal(Hftshim.HFT_RING_DESC_OFFSET, sizeof(hft_ring));
        Assert.Equal(128, (int)Marshal.OffsetOf<hft_ring>(nameof(hft_ring.prod_head)));
        Assert.Equal(256, (int)Marshal.OffsetOf<hft_ring>(nameof(hft_ring.cons_tail)));
        Assert.Equal(8, (int)Marshal.OffsetOf<hft_desc>(nameof(hft_desc.rx_ts_ns)));
        Assert.Equal(16, (int)Marshal.OffsetOf<hft_desc>(nameof(hft_desc.len)));
    }

    private static bool IsBoundStruct(Type t) =>
        t.IsValueType && t.Namespace == "HftHost.Interop" && t.Name.StartsWith("hft_", StringComparison.Ordinal)
        && t.GetFields(BindingFlags.Public | BindingFlags.Instance).Length > 0;

    private static int ClangNumber(string name)
    {
        FieldInfo? field = typeof(HftshimLayout).GetField(name);
        Assert.True(field is not null, $"HftshimLayout has no {name}: regenerate with interop/generate.sh");
        return (int)field.GetRawConstantValue()!;
    }

    private static int SizeOf(Type type) =>
        (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(type).Invoke(null, null)!;
}
