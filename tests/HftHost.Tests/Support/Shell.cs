using System.Diagnostics;

namespace HftHost.Tests.Support;

/// <summary>Runs a program to completion (bounded in time) and returns what it printed.</summary>
internal static class Shell
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    /// <param name="environment">Variables to set (or, with a null value, remove) for the program.</param>
    public static Result Run(string file, IEnumerable<string> args, TimeSpan? timeout = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }
        foreach ((string name, string? value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }
        using Process p = Process.Start(info)!;
        p.StandardInput.Close();
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout ?? TimeSpan.FromMinutes(1)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish");
        }
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs and asserts success, with the program's own words on failure.</summary>
    public static string Check(string file, params string[] args)
    {
        Result r = Run(file, args);
        Assert.True(r.ExitCode == 0, $"{file} {string.Join(' ', args)} exited {r.ExitCode}: {r.Stderr}{r.Stdout}");
        return r.Stdout;
    }
}
