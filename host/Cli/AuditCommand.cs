using System.CommandLine;
using HftHost.Audit;

namespace HftHost.Cli;

/// <summary><c>hfthost audit verify FILE [FILE...]</c>: is the trail intact, and if not, where it breaks.</summary>
internal static class AuditCommand
{
    public static Command Build()
    {
        var audit = new Command("audit", "Check an audit trail written with --audit.");
        audit.Subcommands.Add(VerifyCommand());
        return audit;
    }

    private static Command VerifyCommand()
    {
        var files = new Argument<string[]>("FILE")
        {
            Description = "the trail's first file (its rotated files FILE.1, FILE.2, ... are found beside it), or every file of the trail in order",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command(
            "verify",
            "Check every record's hash, sequence number and link to the one before, across rotated files. " +
            "Exit 0: intact (an unfinished last record from a crash is reported as a torn tail); 1: the first bad record is named; 2: bad usage.")
        {
            files,
        };
        command.SetAction(result =>
        {
            string[] paths = result.GetRequiredValue(files);
            foreach (string path in paths)
            {
                if (Directory.Exists(path))
                {
                    throw new UsageException($"'{path}' is a directory, not an audit file");
                }
                if (!File.Exists(path))
                {
                    throw new UsageException($"no such file: '{path}'");
                }
            }
            AuditVerifyResult verdict;
            try
            {
                verdict = paths.Length == 1 ? AuditVerifier.VerifySet(paths[0]) : AuditVerifier.VerifyFiles(paths);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"cannot read the trail: {ex.Message}", ex);
            }
            Console.Out.Write(verdict.Describe());
            return verdict.Intact ? ExitCodes.Ok : ExitCodes.SourceError;
        });
        return command;
    }
}
