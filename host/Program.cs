using HftHost.Cli;

return HostCli.Run(args);
