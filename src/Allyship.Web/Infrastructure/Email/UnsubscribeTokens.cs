using System.Security.Cryptography;
using Allyship.Web.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Allyship.Web.Infrastructure.Email;

/// <summary>
/// Signed, expiring tokens for one-click unsubscribe links: who, and from what. Data Protection signs and encrypts
/// them, so a tampered token fails to unprotect and changes nothing.
/// </summary>
public sealed class UnsubscribeTokens(IDataProtectionProvider protection, IOptions<AppOptions> app, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(90);

    private ITimeLimitedDataProtector Protector =>
        protection.CreateProtector("Allyship.Unsubscribe.v1").ToTimeLimitedDataProtector();

    /// <summary>
    /// Loads the key ring (creating its first key if there is none) before a job opens its transaction: the ring lives in
    /// the database, and on SQLite a key written from inside another write transaction waits for that transaction.
    /// </summary>
    public void EnsureKey() => _ = Protector.Protect("ready", clock.GetUtcNow() + Lifetime);

    public string Create(string userId, EmailCategory category) =>
        Protector.Protect($"{userId}\n{(int)category}", clock.GetUtcNow() + Lifetime);

    public string Link(string userId, EmailCategory category) =>
        app.Value.Link($"/unsubscribe?token={Uri.EscapeDataString(Create(userId, category))}");

    public bool TryRead(string? token, out string userId, out EmailCategory category)
    {
        userId = "";
        category = default;
        if (string.IsNullOrWhiteSpace(token))
        {
            return false;
        }

        try
        {
            var payload = Protector.Unprotect(token, out var expiration);
            if (expiration < clock.GetUtcNow())
            {
                return false;
            }

            var parts = payload.Split('\n');
            if (parts.Length != 2 || !int.TryParse(parts[1], out var value) || !Enum.IsDefined((EmailCategory)value))
            {
                return false;
            }

            userId = parts[0];
            category = (EmailCategory)value;
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
