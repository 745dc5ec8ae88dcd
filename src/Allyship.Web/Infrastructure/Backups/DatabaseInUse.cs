namespace Allyship.Web.Infrastructure.Backups;

/// <summary>
/// Marks a SQLite database file as in use by a serving instance: a lock file beside it, held with a shared lock for the
/// instance's lifetime (several instances may share one file). <c>restore</c> takes the lock exclusively, so it refuses
/// while any instance runs, and an instance can't start in the middle of a restore. .NET maps FileShare.None to an
/// exclusive flock and other share modes to a shared one on Linux and macOS; Windows' share modes do the same.
/// </summary>
public sealed class DatabaseInUse : IDisposable
{
    private readonly FileStream _lock;

    private DatabaseInUse(FileStream held) => _lock = held;

    public static string LockFileOf(string databaseFile) => databaseFile + ".in-use";

    /// <summary>Held by a serving instance. Throws with a sentence when a restore holds the database.</summary>
    public static DatabaseInUse ForServing(string databaseFile)
    {
        try
        {
            return new DatabaseInUse(new FileStream(LockFileOf(databaseFile), FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite));
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException($"The database {databaseFile} is being restored; start the app again when the restore has finished.", ex);
        }
    }

    /// <summary>Held by a restore; null while any instance serves from the database.</summary>
    public static DatabaseInUse? ForRestore(string databaseFile)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(databaseFile)!);
        try
        {
            return new DatabaseInUse(new FileStream(LockFileOf(databaseFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose() => _lock.Dispose();
}
