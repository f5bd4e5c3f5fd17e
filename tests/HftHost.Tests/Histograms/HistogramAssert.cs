using HftHost.Sdk.Histograms;

namespace HftHost.Tests.Histograms;

/// <summary>Slot-by-slot comparison of two histograms with the same layout.</summary>
internal static class HistogramAssert
{
    public static void SameCounts(HdrHistogram expected, HdrHistogram actual)
    {
        Assert.Equal(expected.LowestDiscernibleValue, actual.LowestDiscernibleValue);
        Assert.Equal(expected.HighestTrackableValue, actual.HighestTrackableValue);
        Assert.Equal(expected.SignificantDigits, actual.SignificantDigits);
        Assert.Equal(expected.CountsLength, actual.CountsLength);
        for (int i = 0; i < expected.CountsLength; i++)
        {
            if (expected.GetCountAtIndex(i) != actual.GetCountAtIndex(i))
            {
                Assert.Fail($"slot {i} (value {expected.ValueFromIndex(i)}): expected {expected.GetCountAtIndex(i)}, got {actual.GetCountAtIndex(i)}");
            }
        }
        Assert.Equal(expected.TotalCount, actual.TotalCount);
        Assert.Equal(expected.Max, actual.Max);
        Assert.Equal(expected.Min, actual.Min);
    }
}
