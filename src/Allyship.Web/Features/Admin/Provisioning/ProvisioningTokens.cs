using System.Security.Claims;
using System.Security.Cryptography;
using Allyship.Web.Data;
using Allyship.Web.Features.People;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Admin.Provisioning;

/// <summary>
/// Provisioning tokens: random 32 bytes, shown once, kept as their SHA-256 hash, named, revocable, with the time each
/// was last used; creating and revoking one is audited. A SCIM request carries one as <c>Authorization: Bearer …</c>.
/// </summary>
public static class ProvisioningTokens
{
    public sealed record Row(int Id, string Name, DateTime CreatedUtc, string CreatedBy, DateTime? LastUsedUtc, DateTime? RevokedUtc);

    /// <summary>A created token: the only time its value is seen.</summary>
    public sealed record Created(string Name, string Token);

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));

    /// <summary>Who a request with this token is, for the audit log and the rules it passes through.</summary>
    public static ClaimsPrincipal Principal(ProvisioningToken token) =>
        new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, $"provisioning-token:{token.Id}"),
            new Claim(ClaimTypes.Email, $"provisioning token “{token.Name}”"),
            // The identity provider is the authority on who works here: it may deactivate anyone who left, HR accounts
            // included (RoleRules.AccountRefusalFor). It never grants HR or program admin: provisioning has no path that would.
            new Claim(ClaimTypes.Role, Roles.HR),
        ], "provisioning-token"));

    /// <summary>The header's bearer token, or null.</summary>
    public static string? BearerOf(HttpRequest request) =>
        request.Headers.Authorization.ToString() is { } header && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            && header[7..].Trim() is { Length: > 0 } token ? token : null;

    public sealed class Handler(AllyshipDbContext db, AuditLog audit, TimeProvider clock)
    {
        public const string NameNeeded = "Name the token after the identity provider that will use it, like “Entra ID” or “Okta”.";

        public async Task<IReadOnlyList<Row>> ListAsync(CancellationToken ct) =>
            await db.ProvisioningTokens.AsNoTracking().OrderBy(t => t.RevokedUtc != null).ThenByDescending(t => t.Id)
                .Select(t => new Row(t.Id, t.Name, t.CreatedUtc, t.CreatedBy, t.LastUsedUtc, t.RevokedUtc)).ToListAsync(ct);

        public async Task<(Created? Token, List<FieldError> Errors)> CreateAsync(ClaimsPrincipal actor, string? name, CancellationToken ct)
        {
            var clean = name?.Trim();
            if (string.IsNullOrEmpty(clean))
            {
                return (null, [new("Name", NameNeeded)]);
            }

            if (clean.Length > ProvisioningToken.NameMaxLength)
            {
                return (null, [new("Name", Infrastructure.Localisation.Text.Words["The name can be at most {0} characters.", ProvisioningToken.NameMaxLength].Value)]);
            }

            var token = Base64Url(RandomNumberGenerator.GetBytes(32));
            db.ProvisioningTokens.Add(new ProvisioningToken
            {
                Name = clean, TokenHash = Hash(token), CreatedBy = actor.FindFirstValue(ClaimTypes.Email) ?? "",
            });
            audit.Record(actor, "provisioning.token-create", clean);
            await db.SaveChangesAsync(ct);
            return (new Created(clean, token), []);
        }

        /// <summary>Revokes a token; its name, or null when there is no such token or it was revoked already.</summary>
        public async Task<string?> RevokeAsync(ClaimsPrincipal actor, int id, CancellationToken ct)
        {
            var token = await db.ProvisioningTokens.Where(ProvisioningToken.Usable).SingleOrDefaultAsync(t => t.Id == id, ct);
            if (token is null)
            {
                return null;
            }

            token.RevokedUtc = clock.GetUtcNow().UtcDateTime;
            audit.Record(actor, "provisioning.token-revoke", token.Name);
            await db.SaveChangesAsync(ct);
            return token.Name;
        }

        /// <summary>The usable token with this value, its last use noted (at most once a minute, so a sync writes little); null if none.</summary>
        public async Task<ProvisioningToken?> FindAsync(string bearer, CancellationToken ct)
        {
            var hash = Hash(bearer);
            var token = await db.ProvisioningTokens.AsNoTracking().Where(ProvisioningToken.Usable).SingleOrDefaultAsync(t => t.TokenHash == hash, ct);
            var now = clock.GetUtcNow().UtcDateTime;
            if (token is not null && (token.LastUsedUtc is not { } last || now - last >= TimeSpan.FromMinutes(1)))
            {
                await db.ProvisioningTokens.Where(t => t.Id == token.Id).ExecuteUpdateAsync(u => u.SetProperty(t => t.LastUsedUtc, now), ct);
            }

            return token;
        }

        private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
