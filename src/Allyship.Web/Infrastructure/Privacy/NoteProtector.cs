using System.Security.Cryptography;
using Allyship.Web.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Infrastructure.Privacy;

/// <summary>
/// Mentors' private notes are encrypted in the app before they reach the database, with a Data Protection key bound to
/// this one purpose: the database file, its WAL, its backups and PostgreSQL's table hold only ciphertext. Older keys stay
/// in the ring after a rotation, so older notes stay readable. Stored text carries a prefix, so a note written before
/// encryption (plain) is recognised and encrypted at the next start.
/// </summary>
public sealed class NoteProtector(IDataProtectionProvider provider, ILogger<NoteProtector> log)
{
    public const string Prefix = "dp1:";
    public const string Unreadable = "(This note can no longer be read: the key it was encrypted with is gone.)";

    private readonly IDataProtector _protector = provider.CreateProtector("Allyship.PrivateNotes.v1");

    public string? Protect(string? note) => string.IsNullOrEmpty(note) ? note : Prefix + _protector.Protect(note);

    public string? Unprotect(string? stored)
    {
        if (stored is null || !stored.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return stored;
        }

        try
        {
            return _protector.Unprotect(stored[Prefix.Length..]);
        }
        catch (CryptographicException ex)
        {
            log.LogError(ex, "A private note could not be decrypted: its Data Protection key is missing or revoked");
            return Unreadable;
        }
    }

    /// <summary>Encrypts notes written before notes were encrypted (at start, after migrations); a no-op once done.</summary>
    public async Task EncryptPlainNotesAsync(AllyshipDbContext db, CancellationToken ct = default)
    {
        var plain = await db.Actions.Where(a => a.PrivateNotes != null && !a.PrivateNotes.StartsWith(Prefix)).ToListAsync(ct);
        if (plain.Count == 0)
        {
            return;
        }

        foreach (var action in plain)
        {
            action.PrivateNotes = Protect(action.PrivateNotes);
        }

        await db.SaveChangesAsync(ct);
        if (db.Database.IsSqlite())
        {
            // The plain text may linger in freed pages: rewrite the file once so it is gone.
            await db.Database.ExecuteSqlRawAsync("VACUUM;", ct);
        }

        log.LogInformation("Encrypted {Count} private notes written before notes were encrypted", plain.Count);
    }
}
