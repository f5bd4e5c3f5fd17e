using HftHost.Native;

namespace HftHost.Tests.Native;

/// <summary>TSC readings convert to the same clock as the shim's rx timestamps.</summary>
public class TscCalibrationTests
{
    [Fact]
    public void Should_convert_ticks_around_the_reference_to_ns()
    {
        var calibration = new TscCalibration(Hz: 2_500_000_000, ReferenceTsc: 10_000_000_000, ReferenceNs: 1_700_000_000_000_000_000);

        Assert.Equal(1_700_000_000_000_000_000ul, calibration.ToNanoseconds(10_000_000_000));
        Assert.Equal(1_700_000_001_000_000_000ul, calibration.ToNanoseconds(12_500_000_000)); // +1 s
        Assert.Equal(1_699_999_999_999_999_600ul, calibration.ToNanoseconds(9_999_999_000)); // -400 ns
        // A day of ticks: 128-bit intermediate, no overflow.
        Assert.Equal(1_700_086_400_000_000_000ul, calibration.ToNanoseconds(10_000_000_000 + 216_000_000_000_000));
    }

    [Fact]
    public void Should_give_zero_without_a_calibration()
    {
        Assert.Equal(0ul, default(TscCalibration).ToNanoseconds(123));
    }
}
