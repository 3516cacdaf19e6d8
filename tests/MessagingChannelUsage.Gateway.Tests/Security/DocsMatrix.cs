namespace MessagingChannelUsage.Gateway.Tests.Security;

/// <summary>Reads and rewrites a generated block of a docs/ page, between two marker lines.</summary>
internal static class DocsMatrix
{
    public static string Read(string page, string begin, string end)
    {
        var text = File.ReadAllText(PathOf(page)).ReplaceLineEndings("\n");
        var start = text.IndexOf(begin, StringComparison.Ordinal);
        var stop = text.IndexOf(end, StringComparison.Ordinal);
        return start < 0 || stop < start ? string.Empty : text[(start + begin.Length)..stop].Trim('\n') + "\n";
    }

    public static void Write(string page, string begin, string end, string block)
    {
        var path = PathOf(page);
        var text = File.ReadAllText(path).ReplaceLineEndings("\n");
        var start = text.IndexOf(begin, StringComparison.Ordinal);
        var stop = text.IndexOf(end, StringComparison.Ordinal);
        if (start < 0 || stop < start)
        {
            throw new InvalidOperationException($"{path} has no {begin} … {end} block.");
        }

        File.WriteAllText(path, text[..(start + begin.Length)] + "\n" + block + text[stop..]);
    }

    /// <summary>docs/&lt;page&gt; of the repository the tests were built from.</summary>
    public static string PathOf(string page)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "MessagingChannelUsage.sln")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory?.FullName ?? throw new InvalidOperationException("No MessagingChannelUsage.sln above the test binaries."), "docs", page);
    }
}
