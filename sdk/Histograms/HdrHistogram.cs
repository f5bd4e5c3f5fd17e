using System.Numerics;
using System.Runtime.CompilerServices;

namespace HftHost.Sdk.Histograms;

/// <summary>
/// A High Dynamic Range histogram of non-negative <see cref="long"/> values with 64-bit counts,
/// laid out as in the reference HdrHistogram design (power-of-two buckets, each split into
/// linear sub-buckets), so that any recorded value is reported within
/// 10^-<see cref="SignificantDigits"/> of itself and the V2 encoding
/// (<see cref="HdrHistogramEncoding"/>) is readable by the reference tools.
/// Recording (<see cref="RecordValue(long)"/>) never allocates and never throws: a value above
/// <see cref="HighestTrackableValue"/> or below zero is only counted in
/// <see cref="OutOfRangeCount"/>.
/// Threading: not thread-safe. One thread records and reads; hand a histogram to another thread
/// only with a happens-before edge (a lock, a volatile publication, or
/// <see cref="IntervalRecorder"/>, which does this for one writer and one reader).
/// </summary>
public sealed class HdrHistogram
{
    private readonly long[] _counts;
    private readonly int _unitMagnitude;
    private readonly int _subBucketHalfCountMagnitude;
    private readonly int _subBucketHalfCount;
    private readonly int _subBucketCount;
    private readonly long _subBucketMask;
    private readonly int _leadingZeroCountBase;
    private readonly int _bucketCount;

    private long _totalCount;
    private long _outOfRangeCount;
    // Raw extremes of what was recorded; reported through the equivalent-value range so that
    // Min/Max agree with the reference, which derives them from bucket boundaries.
    private long _maxValue;
    private long _minValue = long.MaxValue;

    /// <summary>
    /// Creates an empty histogram.
    /// Threading: the new instance belongs to the calling thread until it is handed over.
    /// </summary>
    /// <param name="lowestDiscernibleValue">Smallest value told apart from 0 (1 or more); values below it share its unit.</param>
    /// <param name="highestTrackableValue">Largest value recorded (at least 2 × <paramref name="lowestDiscernibleValue"/>).</param>
    /// <param name="significantDigits">Decimal digits of precision kept for every value, 0 to 5.</param>
    /// <exception cref="ArgumentOutOfRangeException">A bound or the digit count is out of range.</exception>
    public HdrHistogram(long lowestDiscernibleValue, long highestTrackableValue, int significantDigits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lowestDiscernibleValue, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(lowestDiscernibleValue, long.MaxValue / 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(highestTrackableValue, 2 * lowestDiscernibleValue);
        ArgumentOutOfRangeException.ThrowIfLessThan(significantDigits, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(significantDigits, 5);

        LowestDiscernibleValue = lowestDiscernibleValue;
        HighestTrackableValue = highestTrackableValue;
        SignificantDigits = significantDigits;

        // Unit resolution is kept up to 2 × 10^digits so that the relative error of any value
        // above it stays below 10^-digits; the sub-bucket count is the power of two covering it.
        long largestValueWithSingleUnitResolution = 2 * (long)Math.Pow(10, significantDigits);
        _unitMagnitude = BitOperations.Log2((ulong)lowestDiscernibleValue);
        int subBucketCountMagnitude = BitOperations.Log2((ulong)largestValueWithSingleUnitResolution - 1) + 1;
        _subBucketHalfCountMagnitude = Math.Max(subBucketCountMagnitude, 1) - 1;
        _subBucketCount = 1 << (_subBucketHalfCountMagnitude + 1);
        _subBucketHalfCount = _subBucketCount / 2;
        _subBucketMask = ((long)_subBucketCount - 1) << _unitMagnitude;
        if (_unitMagnitude + _subBucketHalfCountMagnitude > 61)
        {
            throw new ArgumentOutOfRangeException(nameof(lowestDiscernibleValue), "lowestDiscernibleValue × 10^significantDigits exceeds the 64-bit range.");
        }

        _bucketCount = BucketsNeededToCover(highestTrackableValue);
        // Bucket 0 uses all its sub-buckets; every further bucket only its upper half (its
        // lower half would repeat the previous bucket's range at a coarser unit).
        _counts = new long[(_bucketCount + 1) * _subBucketHalfCount];
        _leadingZeroCountBase = 64 - _unitMagnitude - _subBucketHalfCountMagnitude - 1;
    }

    /// <summary>Smallest value told apart from 0. Threading: immutable; any thread.</summary>
    public long LowestDiscernibleValue { get; }

    /// <summary>Largest value counted in the histogram; larger ones go to <see cref="OutOfRangeCount"/>. Threading: immutable; any thread.</summary>
    public long HighestTrackableValue { get; }

    /// <summary>Decimal digits of precision kept for every value. Threading: immutable; any thread.</summary>
    public int SignificantDigits { get; }

    /// <summary>Number of values counted (out-of-range values excluded). Threading: the owning thread.</summary>
    public long TotalCount => _totalCount;

    /// <summary>
    /// Number of values not counted because they were above <see cref="HighestTrackableValue"/>
    /// or below zero. Not part of the V2 encoding, so it does not survive encode/decode.
    /// Threading: the owning thread.
    /// </summary>
    public long OutOfRangeCount => _outOfRangeCount;

    /// <summary>Largest value counted, as the highest value equivalent to it; 0 when empty. Threading: the owning thread.</summary>
    public long Max => _totalCount == 0 || _maxValue == 0 ? 0 : HighestEquivalentValue(_maxValue);

    /// <summary>Smallest value counted, as the lowest value equivalent to it; 0 when empty. Threading: the owning thread.</summary>
    public long Min => _totalCount == 0 ? 0 : LowestEquivalentValue(_minValue);

    /// <summary>Mean of the counted values, each taken at the middle of its equivalent range; 0 when empty. Threading: the owning thread.</summary>
    public double Mean
    {
        get
        {
            if (_totalCount == 0)
            {
                return 0;
            }
            double total = 0;
            for (int i = 0; i < _counts.Length; i++)
            {
                long count = _counts[i];
                if (count != 0)
                {
                    total += MedianEquivalentValue(ValueFromIndex(i)) * (double)count;
                }
            }
            return total / _totalCount;
        }
    }

    /// <summary>Population standard deviation of the counted values (middle of each equivalent range); 0 when empty. Threading: the owning thread.</summary>
    public double StdDeviation
    {
        get
        {
            if (_totalCount == 0)
            {
                return 0;
            }
            double mean = Mean;
            double squares = 0;
            for (int i = 0; i < _counts.Length; i++)
            {
                long count = _counts[i];
                if (count != 0)
                {
                    double deviation = MedianEquivalentValue(ValueFromIndex(i)) - mean;
                    squares += deviation * deviation * count;
                }
            }
            return Math.Sqrt(squares / _totalCount);
        }
    }

    /// <summary>Length of the counts array: encoders and tests walk it by index.</summary>
    internal int CountsLength => _counts.Length;

    /// <summary>Records one occurrence of <paramref name="value"/>; see <see cref="RecordValue(long, long)"/>. Threading: the owning thread only.</summary>
    /// <param name="value">The value; out-of-range values only increment <see cref="OutOfRangeCount"/>.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void RecordValue(long value) => RecordValue(value, 1);

    /// <summary>
    /// Records <paramref name="count"/> occurrences of <paramref name="value"/>. Never allocates,
    /// never throws: a value above <see cref="HighestTrackableValue"/> or below zero adds
    /// <paramref name="count"/> to <see cref="OutOfRangeCount"/> instead (the hot path must not
    /// fail on one odd timestamp), and a count of 0 or less is ignored.
    /// Threading: the owning thread only.
    /// </summary>
    /// <param name="value">The value.</param>
    /// <param name="count">How many times it occurred.</param>
    public void RecordValue(long value, long count)
    {
        if (count <= 0)
        {
            return;
        }
        // One unsigned compare rejects negatives and values above the range.
        if ((ulong)value > (ulong)HighestTrackableValue)
        {
            _outOfRangeCount += count;
            return;
        }
        _counts[CountsIndexFor(value)] += count;
        _totalCount += count;
        if (value > _maxValue)
        {
            _maxValue = value;
        }
        if (value < _minValue)
        {
            _minValue = value;
        }
    }

    /// <summary>
    /// The value at or below which <paramref name="percentile"/> percent of the counted values
    /// fall, reported as the highest value equivalent to it (the lowest for percentile 0), as
    /// the reference does; 0 when empty. Percentiles outside 0..100 are clamped.
    /// Threading: the owning thread.
    /// </summary>
    /// <param name="percentile">Percentile, 0 to 100 (99.9 for the 99.9th).</param>
    /// <returns>The value at that percentile.</returns>
    public long GetValueAtPercentile(double percentile)
    {
        if (_totalCount == 0)
        {
            return 0;
        }
        // One ulp down before rounding up, so that 99.9% of 1000 (999.0000000001 after the
        // floating-point product) asks for the 999th value, not the 1000th.
        double requested = Math.Clamp(Math.BitDecrement(percentile), 0.0, 100.0);
        long countAtPercentile = Math.Max(1, (long)Math.Ceiling(requested / 100.0 * _totalCount));
        long running = 0;
        for (int i = 0; i < _counts.Length; i++)
        {
            running += _counts[i];
            if (running >= countAtPercentile)
            {
                long value = ValueFromIndex(i);
                return percentile <= 0.0 ? LowestEquivalentValue(value) : HighestEquivalentValue(value);
            }
        }
        return Max;
    }

    /// <summary>Number of counted values equivalent to <paramref name="value"/> (0 when out of range). Threading: the owning thread.</summary>
    /// <param name="value">Any value.</param>
    /// <returns>The count in the value's sub-bucket.</returns>
    public long GetCountAtValue(long value) =>
        (ulong)value > (ulong)HighestTrackableValue ? 0 : _counts[CountsIndexFor(value)];

    /// <summary>
    /// The lowest value that the histogram cannot tell apart from <paramref name="value"/>.
    /// Threading: reads only immutable layout; any thread.
    /// </summary>
    /// <param name="value">A non-negative value.</param>
    /// <returns>The bottom of its equivalent range.</returns>
    public long LowestEquivalentValue(long value)
    {
        int bucketIndex = BucketIndexOf(value);
        int subBucketIndex = SubBucketIndexOf(value, bucketIndex);
        return ValueFromIndex(bucketIndex, subBucketIndex);
    }

    /// <summary>
    /// The highest value that the histogram cannot tell apart from <paramref name="value"/>.
    /// Threading: reads only immutable layout; any thread.
    /// </summary>
    /// <param name="value">A non-negative value.</param>
    /// <returns>The top of its equivalent range.</returns>
    public long HighestEquivalentValue(long value) => LowestEquivalentValue(value) + SizeOfEquivalentValueRange(value) - 1;

    /// <summary>
    /// Width of the range of values the histogram cannot tell apart from <paramref name="value"/>.
    /// Threading: reads only immutable layout; any thread.
    /// </summary>
    /// <param name="value">A non-negative value.</param>
    /// <returns>A power of two.</returns>
    public long SizeOfEquivalentValueRange(long value)
    {
        int bucketIndex = BucketIndexOf(value);
        int subBucketIndex = SubBucketIndexOf(value, bucketIndex);
        // The top sub-bucket of a bucket overlaps the next bucket's unit.
        int adjustedBucket = subBucketIndex >= _subBucketCount ? bucketIndex + 1 : bucketIndex;
        return 1L << (_unitMagnitude + adjustedBucket);
    }

    /// <summary>
    /// Adds every count of <paramref name="other"/> (and its <see cref="OutOfRangeCount"/>) to
    /// this histogram. Values of <paramref name="other"/> above this histogram's range go to
    /// <see cref="OutOfRangeCount"/>. Allocates nothing.
    /// Threading: the owning thread of this histogram; <paramref name="other"/> must not be
    /// recorded into meanwhile.
    /// </summary>
    /// <param name="other">The histogram to merge in; unchanged.</param>
    public void Add(HdrHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        _outOfRangeCount += other._outOfRangeCount;
        if (other._totalCount == 0)
        {
            return;
        }
        bool sameLayout = other._unitMagnitude == _unitMagnitude
            && other._subBucketCount == _subBucketCount
            && other.CountsIndexFor(other._maxValue) < _counts.Length
            && other._maxValue <= HighestTrackableValue;
        if (sameLayout)
        {
            // Same index ↔ value mapping: add slot by slot.
            int limit = other.CountsIndexFor(other._maxValue);
            for (int i = 0; i <= limit; i++)
            {
                _counts[i] += other._counts[i];
            }
            _totalCount += other._totalCount;
            _maxValue = Math.Max(_maxValue, other._maxValue);
            _minValue = Math.Min(_minValue, other._minValue);
            return;
        }
        for (int i = 0; i < other._counts.Length; i++)
        {
            long count = other._counts[i];
            if (count != 0)
            {
                RecordValue(other.ValueFromIndex(i), count);
            }
        }
    }

    /// <summary>Empties the histogram (counts, extremes and <see cref="OutOfRangeCount"/>); allocates nothing. Threading: the owning thread.</summary>
    public void Reset()
    {
        Array.Clear(_counts);
        _totalCount = 0;
        _outOfRangeCount = 0;
        _maxValue = 0;
        _minValue = long.MaxValue;
    }

    /// <summary>A new histogram with the same layout and contents. Threading: the owning thread; the copy belongs to the caller.</summary>
    /// <returns>An independent copy.</returns>
    public HdrHistogram Copy()
    {
        var copy = new HdrHistogram(LowestDiscernibleValue, HighestTrackableValue, SignificantDigits);
        copy.Add(this);
        return copy;
    }

    /// <summary>Count in slot <paramref name="index"/> of the counts array.</summary>
    internal long GetCountAtIndex(int index) => _counts[index];

    /// <summary>
    /// Stores a decoded count into slot <paramref name="index"/>; the decoder calls
    /// <see cref="RecomputeAfterDecode"/> once all slots are set.
    /// </summary>
    internal void SetCountAtIndex(int index, long count) => _counts[index] = count;

    /// <summary>Rebuilds the total and extremes from the counts array (after decoding).</summary>
    internal void RecomputeAfterDecode()
    {
        _totalCount = 0;
        _maxValue = 0;
        _minValue = long.MaxValue;
        for (int i = 0; i < _counts.Length; i++)
        {
            long count = _counts[i];
            if (count == 0)
            {
                continue;
            }
            _totalCount += count;
            long value = ValueFromIndex(i);
            _maxValue = Math.Max(_maxValue, value);
            _minValue = Math.Min(_minValue, value);
        }
    }

    /// <summary>Index of the slot counting <paramref name="value"/>; the value must be in 0..HighestTrackableValue.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int CountsIndexFor(long value)
    {
        int bucketIndex = BucketIndexOf(value);
        int subBucketIndex = SubBucketIndexOf(value, bucketIndex);
        return ((bucketIndex + 1) << _subBucketHalfCountMagnitude) + (subBucketIndex - _subBucketHalfCount);
    }

    /// <summary>The lowest value counted by slot <paramref name="index"/>.</summary>
    internal long ValueFromIndex(int index)
    {
        int bucketIndex = (index >> _subBucketHalfCountMagnitude) - 1;
        int subBucketIndex = (index & (_subBucketHalfCount - 1)) + _subBucketHalfCount;
        if (bucketIndex < 0)
        {
            // Slots below the first half-count belong to bucket 0's lower half.
            subBucketIndex -= _subBucketHalfCount;
            bucketIndex = 0;
        }
        return ValueFromIndex(bucketIndex, subBucketIndex);
    }

    private long ValueFromIndex(int bucketIndex, int subBucketIndex) => (long)subBucketIndex << (bucketIndex + _unitMagnitude);

    private long MedianEquivalentValue(long value) => LowestEquivalentValue(value) + (SizeOfEquivalentValueRange(value) >> 1);

    // The bucket is the power of two above the sub-bucket range that holds the value: found
    // from the leading-zero count, with the mask forcing small values into bucket 0.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int BucketIndexOf(long value) =>
        _leadingZeroCountBase - BitOperations.LeadingZeroCount((ulong)(value | _subBucketMask));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int SubBucketIndexOf(long value, int bucketIndex) => (int)((ulong)value >> (bucketIndex + _unitMagnitude));

    private int BucketsNeededToCover(long value)
    {
        long smallestUntrackableValue = (long)_subBucketCount << _unitMagnitude;
        int bucketsNeeded = 1;
        while (smallestUntrackableValue <= value)
        {
            if (smallestUntrackableValue > long.MaxValue / 2)
            {
                return bucketsNeeded + 1;
            }
            smallestUntrackableValue <<= 1;
            bucketsNeeded++;
        }
        return bucketsNeeded;
    }
}
