namespace Allyship.TestSupport;

/// <summary>The repository the tests run from (the folder holding Allyship.sln): one helper, linked into each test project.</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Allyship.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Allyship.sln not found above " + AppContext.BaseDirectory);
    }
}
