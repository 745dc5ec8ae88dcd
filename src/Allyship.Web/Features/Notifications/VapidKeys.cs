using System.Buffers.Text;
using System.Security.Cryptography;
using Allyship.Web.Data;
using Allyship.Web.Infrastructure.Database;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Notifications;

/// <summary>
/// The server's VAPID key pair (RFC 8292), which signs every Web Push request and which browsers subscribe against: made on
/// first start and kept in the database beside the Data Protection keys, its private half protected by them (so a copy of
/// the database alone cannot sign, when the key ring is encrypted: docs/privacy.md). Every instance reads the same pair; the
/// first to start makes it, a second that raced it takes the first one's.
/// </summary>
public sealed class VapidKeys(IServiceScopeFactory scopes, IDataProtectionProvider protection, TimeProvider clock, ILogger<VapidKeys> log) : IHostedService, IDisposable
{
    private const string Purpose = "Allyship.Push.Vapid.v1";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (string Public, string Private)? _pair;

    /// <summary>The pair (base64url: the public key as browsers take it, the private scalar), made if there is none yet.</summary>
    public async Task<(string Public, string Private)> GetAsync(CancellationToken ct = default)
    {
        if (_pair is { } known)
        {
            return known;
        }

        await _gate.WaitAsync(ct);
        try
        {
            return _pair ??= await LoadOrMakeAsync(ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>On start, after the database is migrated: the pair exists from the first start on, not from the first subscription.</summary>
    public Task StartAsync(CancellationToken cancellationToken) => GetAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _gate.Dispose();

    private async Task<(string, string)> LoadOrMakeAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AllyshipDbContext>();
        var protector = protection.CreateProtector(Purpose);
        if (await db.ServerKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Name == ServerKey.Vapid, ct) is { } stored)
        {
            return (stored.PublicValue, protector.Unprotect(stored.ProtectedValue));
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var p = key.ExportParameters(includePrivateParameters: true);
        var publicKey = Base64Url.EncodeToString([0x04, .. p.Q.X!, .. p.Q.Y!]);
        var privateKey = Base64Url.EncodeToString(p.D!);
        db.ServerKeys.Add(new ServerKey { Name = ServerKey.Vapid, PublicValue = publicKey, ProtectedValue = protector.Protect(privateKey), CreatedUtc = clock.GetUtcNow().UtcDateTime });
        try
        {
            await db.SaveChangesAsync(ct);
            log.LogInformation("Made the server's Web Push (VAPID) key pair; it is kept in the database, protected by the Data Protection keys");
            return (publicKey, privateKey);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            // Another instance made one a moment ago: every instance signs with the same pair.
            db.ChangeTracker.Clear();
            var theirs = await db.ServerKeys.AsNoTracking().SingleAsync(k => k.Name == ServerKey.Vapid, ct);
            return (theirs.PublicValue, protector.Unprotect(theirs.ProtectedValue));
        }
    }
}
