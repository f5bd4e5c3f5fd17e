using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using HftHost.Cli;
using Microsoft.Extensions.Logging;

namespace HftHost.Plugins;

/// <summary>
/// The local control channel of a running host: a Unix domain socket (file permissions
/// decide who may use it) taking one line per connection — <c>list</c> or
/// <c>reload NAME</c>, <c>query NAME REQUEST</c> — and answering with one JSON line. What <c>hfthost plugins</c> talks to.
/// Threading: one background thread accepts and serves connections one at a time.
/// </summary>
internal sealed class ControlChannel : IDisposable
{
    internal static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private const int MaxRequestBytes = 4096;

    private readonly Socket _listener;
    private readonly PluginManager _manager;
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private volatile bool _disposed;

    private ControlChannel(string path, Socket listener, PluginManager manager, ILogger logger)
    {
        Path = path;
        _listener = listener;
        _manager = manager;
        _logger = logger;
        _thread = new Thread(Serve) { Name = "hft-control", IsBackground = true };
        _thread.Start();
    }

    public string Path { get; }

    /// <summary>$XDG_RUNTIME_DIR/hfthost.sock, else /tmp/hfthost-&lt;user&gt;.sock.</summary>
    public static string DefaultPath =>
        Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR") is { Length: > 0 } runtime
            ? System.IO.Path.Combine(runtime, "hfthost.sock")
            : $"/tmp/hfthost-{Environment.UserName}.sock";

    /// <summary>
    /// Listens on <paramref name="path"/>. A socket file left by a host that is gone is
    /// replaced; one a running host answers on is not.
    /// </summary>
    /// <exception cref="UsageException">Another host listens there, or the path cannot be bound.</exception>
    public static ControlChannel Open(string path, PluginManager manager, ILogger logger)
    {
        if (File.Exists(path))
        {
            if (Answers(path))
            {
                throw new UsageException($"control socket {path} belongs to another running hfthost: pass --control PATH to use another");
            }
            File.Delete(path); // left by a host that is gone
        }
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(path));
            listener.Listen(8);
        }
        catch (SocketException ex)
        {
            listener.Dispose();
            throw new UsageException($"cannot listen on control socket {path}: {ex.Message}");
        }
        logger.ControlListening(path);
        return new ControlChannel(path, listener, manager, logger);
    }

    /// <summary>Sends one request to the host listening on <paramref name="path"/> and returns its JSON answer.</summary>
    /// <exception cref="UsageException">No host listens there.</exception>
    public static string Request(string path, string request)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(path));
        }
        catch (SocketException)
        {
            throw new UsageException($"no hfthost is listening on {path}: start one with --plugins DIR, or pass --control PATH");
        }
        socket.Send(Encoding.UTF8.GetBytes(request + "\n"));
        socket.Shutdown(SocketShutdown.Send);
        using var answer = new MemoryStream();
        var buffer = new byte[16384];
        for (int read; (read = socket.Receive(buffer)) > 0;)
        {
            answer.Write(buffer, 0, read);
        }
        return Encoding.UTF8.GetString(answer.ToArray()).TrimEnd('\n');
    }

    public void Dispose()
    {
        _disposed = true;
        _listener.Dispose(); // unblocks Accept
        if (_thread.IsAlive)
        {
            _thread.Join();
        }
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
        }
    }

    private static bool Answers(string path)
    {
        try
        {
            using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            probe.Connect(new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private void Serve()
    {
        while (!_disposed)
        {
            Socket client;
            try
            {
                client = _listener.Accept();
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                return;
            }
            using (client)
            {
                try
                {
                    string request = ReadRequest(client);
                    string answer;
                    try
                    {
                        answer = Answer(request);
                    }
                    catch (Exception ex) when (ex is not OutOfMemoryException)
                    {
                        // The channel outlives a request it cannot serve: the asker gets the reason.
                        answer = JsonSerializer.Serialize(new ControlReply(false, $"'{request}' failed: {ex.GetType().Name}: {ex.Message}"), Json);
                    }
                    client.Send(Encoding.UTF8.GetBytes(answer + "\n"));
                }
                catch (Exception ex) when (ex is SocketException or IOException)
                {
                    _logger.ControlFailed(ex.Message);
                }
            }
        }
    }

    private static string ReadRequest(Socket client)
    {
        var buffer = new byte[MaxRequestBytes];
        int length = 0;
        client.ReceiveTimeout = 5000;
        while (length < buffer.Length)
        {
            int read = client.Receive(buffer, length, buffer.Length - length, SocketFlags.None);
            if (read == 0)
            {
                break;
            }
            length += read;
            if (Array.IndexOf(buffer, (byte)'\n', 0, length) >= 0)
            {
                break;
            }
        }
        return Encoding.UTF8.GetString(buffer, 0, length).Split('\n')[0].Trim();
    }

    private string Answer(string request)
    {
        string[] words = request.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words is ["list"])
        {
            return JsonSerializer.Serialize(_manager.List(), Json);
        }
        if (words is ["reload", string name])
        {
            ReloadResult result = _manager.Reload(name);
            return JsonSerializer.Serialize(new ControlReply(result.Succeeded, result.Message), Json);
        }
        if (words is ["query", string plugin, ..])
        {
            (bool ok, string answer) = _manager.Query(plugin, string.Join(' ', words[2..]));
            return JsonSerializer.Serialize(new ControlReply(ok, answer), Json);
        }
        return JsonSerializer.Serialize(new ControlReply(false, $"unknown request '{request}': the channel takes 'list', 'reload NAME' or 'query NAME REQUEST'"), Json);
    }
}

/// <summary>The answer to a control request other than <c>list</c>.</summary>
internal sealed record ControlReply(bool Ok, string Message);
