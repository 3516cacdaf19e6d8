namespace MessagingChannelUsage.Gateway.Tests.Operability;

/// <summary>Files of the repository the tests read (compose, Kubernetes, dashboards): found from the test binary upwards.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MessagingChannelUsage.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (MessagingChannelUsage.sln) was not found above " + AppContext.BaseDirectory);
    }
}
