using System.Globalization;
using System.Net;
using System.Text;
using HftHost.Cli;
using Microsoft.Extensions.Logging;

namespace HftHost.Metrics;

/// <summary>
/// A Prometheus scrape endpoint on loopback (http://127.0.0.1:PORT/metrics) in the text
/// exposition format, serving the host's and the plugins' instruments. OpenTelemetry's
/// Prometheus exporter packages are not on this project's NuGet mirror, so this is the small
/// piece they would provide, on HttpListener and System.Diagnostics.Metrics directly.
/// Threading: one background thread serves scrapes one at a time.
/// </summary>
internal sealed class PrometheusEndpoint : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly MeterReader _reader;
    private readonly ILogger _logger;
    private readonly Thread _thread;

    private PrometheusEndpoint(int port, MeterReader reader, ILogger logger)
    {
        Port = port;
        _reader = reader;
        _logger = logger;
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/metrics/");
        _thread = new Thread(Serve) { Name = "hft-metrics", IsBackground = true };
    }

    public int Port { get; }

    /// <exception cref="UsageException">The port cannot be listened on (in use, not permitted).</exception>
    public static PrometheusEndpoint Start(int port, MeterReader reader, ILogger logger)
    {
        var endpoint = new PrometheusEndpoint(port, reader, logger);
        try
        {
            endpoint._listener.Start();
        }
        catch (HttpListenerException ex)
        {
            throw new UsageException($"cannot serve metrics on 127.0.0.1:{port}: {ex.Message}");
        }
        endpoint._thread.Start();
        logger.MetricsListening(port);
        return endpoint;
    }

    /// <summary>The text exposition of <paramref name="values"/> (counters end in _total).</summary>
    public static string Format(IReadOnlyList<MetricValue> values)
    {
        var text = new StringBuilder();
        foreach (IGrouping<string, MetricValue> metric in values.GroupBy(v => MetricName(v)))
        {
            text.Append(CultureInfo.InvariantCulture, $"# TYPE {metric.Key} {(metric.First().IsCounter ? "counter" : "gauge")}\n");
            foreach (MetricValue v in metric)
            {
                text.Append(metric.Key).Append('{').Append(CultureInfo.InvariantCulture, $"plugin=\"{Escape(v.Plugin)}\"");
                foreach (string tag in v.Tags.Split(',', StringSplitOptions.RemoveEmptyEntries))
                {
                    int equals = tag.IndexOf('=', StringComparison.Ordinal);
                    text.Append(CultureInfo.InvariantCulture, $",{Sanitize(tag[..equals])}=\"{Escape(tag[(equals + 1)..])}\"");
                }
                text.Append("} ").Append(v.Value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
            }
        }
        return text.ToString();
    }

    public void Dispose()
    {
        _listener.Close();
        if (_thread.IsAlive)
        {
            _thread.Join();
        }
    }

    private void Serve()
    {
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = _listener.GetContext();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // closed
            }
            try
            {
                byte[] body = Encoding.UTF8.GetBytes(Format(_reader.Collect()));
                context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
                context.Response.OutputStream.Write(body);
                context.Response.Close();
            }
            catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
            {
                _logger.MetricsScrapeFailed(ex.Message);
            }
        }
    }

    private static string MetricName(MetricValue v) => Sanitize(v.Name) + (v.IsCounter ? "_total" : "");

    private static string Sanitize(string name)
    {
        var text = new StringBuilder(name.Length);
        foreach (char c in name)
        {
            text.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        }
        return text.ToString();
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
