using System.Globalization;
using System.Text.Json;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace HftHost.Benchmarks;

/// <summary>
/// <c>HftHost.Benchmarks dispatch [--out FILE] [--markdown FILE] [BenchmarkDotNet options]</c>: runs
/// <see cref="PluginDispatchBenchmarks"/> and writes ns per frame, the ratio to the
/// baseline and bytes allocated per frame of each case as JSON (for bench/plugin_dispatch.sh).
/// Fails when a case failed or allocated.
/// </summary>
internal static class DispatchRun
{
    public static int Run(string[] args)
    {
        string? output = null;
        string? markdown = null;
        var bdnArgs = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--out" && i + 1 < args.Length)
            {
                output = args[++i];
            }
            else if (args[i] == "--markdown" && i + 1 < args.Length)
            {
                markdown = args[++i];
            }
            else
            {
                bdnArgs.Add(args[i]);
            }
        }

        Summary summary = BenchmarkRunner.Run<PluginDispatchBenchmarks>(args: [.. bdnArgs]);
        BenchmarkReport? baseline = summary.Reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.Baseline);
        double? baselineMean = baseline?.ResultStatistics?.Mean;
        double? baselineMedian = baseline?.ResultStatistics?.Median;
        bool failed = summary.HasCriticalValidationErrors || summary.Reports.Length != 4 || baselineMean is null;

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("frames_per_invocation", PluginDispatchBenchmarks.FrameCount);
            json.WriteString("job", summary.Reports.FirstOrDefault()?.BenchmarkCase.Job.DisplayInfo ?? "?");
            json.WriteString("runtime", summary.HostEnvironmentInfo.RuntimeVersion);
            json.WriteString("cpu", summary.HostEnvironmentInfo.CpuInfo.Value?.ProcessorName ?? "?");
            json.WriteStartArray("cases");
            foreach (BenchmarkReport report in summary.Reports)
            {
                BenchmarkDotNet.Mathematics.Statistics? stats = report.ResultStatistics;
                // Bytes per frame from the raw totals: the per-operation figure BenchmarkDotNet
                // prints is rounded down to whole bytes per frame, so 1000 bytes per invocation would read 0.
                long? allocated = report.GcStats.GetTotalAllocatedBytes(excludeAllocationQuantumSideEffects: true);
                double bytesPerFrame = allocated is long total && report.GcStats.TotalOperations > 0
                    ? (double)total / report.GcStats.TotalOperations
                    : double.NaN;
                if (stats is null || !report.Success || double.IsNaN(bytesPerFrame) || bytesPerFrame > 0)
                {
                    failed = true;
                }
                json.WriteStartObject();
                json.WriteString("method", report.BenchmarkCase.Descriptor.WorkloadMethod.Name);
                json.WriteString("case", report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo.Trim('\''));
                json.WriteBoolean("baseline", report.BenchmarkCase.Descriptor.Baseline);
                if (stats is not null)
                {
                    json.WriteNumber("ns_per_frame_mean", Math.Round(stats.Mean, 3));
                    json.WriteNumber("ns_per_frame_median", Math.Round(stats.Median, 3));
                    json.WriteNumber("ns_per_frame_stddev", Math.Round(stats.StandardDeviation, 3));
                    json.WriteNumber("iterations", stats.N);
                    if (baselineMean is double b)
                    {
                        json.WriteNumber("ratio_mean_over_baseline_mean", Math.Round(stats.Mean / b, 3));
                        json.WriteNumber("extra_ns_per_frame", Math.Round(stats.Mean - b, 3));
                    }
                    // Medians too: on a shared machine a neighbour's burst moves a mean more than a median.
                    if (baselineMedian is double m)
                    {
                        json.WriteNumber("ratio_median_over_baseline_median", Math.Round(stats.Median / m, 3));
                    }
                }
                json.WriteString("bdn_ratio", BaselineRatioColumn.RatioMean.GetValue(summary, report.BenchmarkCase));
                if (double.IsNaN(bytesPerFrame))
                {
                    json.WriteNull("allocated_bytes_per_frame");
                }
                else
                {
                    json.WriteNumber("allocated_bytes_per_frame", bytesPerFrame);
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteBoolean("ok", !failed);
            json.WriteEndObject();
        }
        string text = System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        if (output is not null)
        {
            File.WriteAllText(output, text);
        }
        Console.WriteLine(text);
        if (markdown is not null)
        {
            File.WriteAllText(markdown, Markdown(summary, baselineMedian));
        }
        if (failed)
        {
            Console.Error.WriteLine("dispatch: a case failed, is missing or allocated (see above)");
        }
        return failed ? 1 : 0;
    }

    private static string Markdown(Summary summary, double? baselineMedian)
    {
        var md = new System.Text.StringBuilder();
        md.AppendLine("| per frame: parse + CountingPlugin's decoder | ns (mean) | ns (median) | ratio (BDN) | ratio of medians | allocated |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (BenchmarkReport report in summary.Reports)
        {
            BenchmarkDotNet.Mathematics.Statistics? stats = report.ResultStatistics;
            string name = report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo.Trim('\'');
            if (stats is null)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {name} | failed | | | | |");
                continue;
            }
            long? allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
            string medianRatio = baselineMedian is double m ? (stats.Median / m).ToString("F2", CultureInfo.InvariantCulture) : "?";
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {name} | {stats.Mean:F2} | {stats.Median:F2} | {BaselineRatioColumn.RatioMean.GetValue(summary, report.BenchmarkCase)} | {medianRatio} | {allocated?.ToString(CultureInfo.InvariantCulture) ?? "?"} B |");
        }
        return md.ToString();
    }
}
