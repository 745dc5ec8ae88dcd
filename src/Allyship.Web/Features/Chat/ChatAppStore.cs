using System.Globalization;
using System.Security.Cryptography;
using Allyship.Web.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Chat;

/// <summary>A chat account's link request, read from its one-time link: which app, workspace and chat user, issued when.</summary>
public sealed record ChatLinkRequest(ChatApp App, string TeamId, string ExternalUserId, DateTime IssuedUtc, string ChatName = "")
{
    /// <summary>A link to connect a chat account lasts half an hour: long enough to sign in, short enough not to linger in a channel's history.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);
}

/// <summary>
/// The chat apps' installations and linked people: secrets encrypted at rest (Data Protection, as the program webhooks),
/// the one-time links that connect a chat account to an Allyship account, and lookups both ways.
/// </summary>
public sealed class ChatAppStore(AllyshipDbContext db, IDataProtectionProvider protection, TimeProvider clock)
{
    private IDataProtector Secrets => protection.CreateProtector("Allyship.ChatAppSecret.v1");
    private IDataProtector Links => protection.CreateProtector("Allyship.ChatAccountLink.v1");

    public string Protect(string secret) => Secrets.Protect(secret);

    public string? Unprotect(string? stored)
    {
        if (stored is null)
        {
            return null;
        }

        try
        {
            return Secrets.Unprotect(stored);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>The Slack workspace's name and bot token, or null when the app is not installed there (or its token can't be read).</summary>
    public async Task<(string TeamId, string TeamName, string Token)?> SlackAsync(string? teamId, CancellationToken ct)
    {
        var row = await db.ChatAppInstallations.AsNoTracking().Where(i => i.App == ChatApp.Slack && (teamId == null || i.TeamId == teamId))
            .OrderBy(i => i.Id).Select(i => new { i.TeamId, i.TeamName, i.Secret }).FirstOrDefaultAsync(ct);
        return row is not null && Unprotect(row.Secret) is { } token ? (row.TeamId, row.TeamName, token) : null;
    }

    /// <summary>The Teams outgoing webhook's security token, or null when none is set.</summary>
    public async Task<string?> TeamsKeyAsync(CancellationToken ct) =>
        Unprotect(await db.ChatAppInstallations.AsNoTracking().Where(i => i.App == ChatApp.Teams && i.TeamId == ChatAppInstallation.TeamsWebhook)
            .Select(i => i.Secret).FirstOrDefaultAsync(ct));

    /// <summary>The Allyship account a chat user is linked to, if any (and still active).</summary>
    public Task<string?> UserOfAsync(ChatApp app, string teamId, string externalUserId, CancellationToken ct) =>
        db.ChatAccounts.AsNoTracking().Where(a => a.App == app && a.TeamId == teamId && a.ExternalUserId == externalUserId)
            .Join(db.Users.Where(AppUser.Active), a => a.UserId, u => u.Id, (a, u) => u.Id)
            .FirstOrDefaultAsync(ct);

    /// <summary>A person's linked Slack accounts, by user id, of <paramref name="userIds"/>.</summary>
    public async Task<Dictionary<string, (string TeamId, string SlackUserId)>> SlackAccountsAsync(IReadOnlyCollection<string> userIds, CancellationToken ct)
    {
        var found = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var chunk in userIds.Chunk(500))
        {
            foreach (var a in await db.ChatAccounts.AsNoTracking().Where(a => a.App == ChatApp.Slack && chunk.Contains(a.UserId))
                         .Select(a => new { a.UserId, a.TeamId, a.ExternalUserId }).ToListAsync(ct))
            {
                found[a.UserId] = (a.TeamId, a.ExternalUserId);
            }
        }

        return found;
    }

    /// <summary>A one-time link's token for this chat user: it says who they are in the chat, signed; opened by a signed-in person, it links the two.</summary>
    public string LinkToken(ChatApp app, string teamId, string externalUserId, string? chatName = null) =>
        Links.Protect(string.Create(CultureInfo.InvariantCulture,
            $"{(int)app}\n{teamId}\n{externalUserId}\n{clock.GetUtcNow().UtcTicks}\n{(chatName ?? "").Replace('\n', ' ')}"));

    /// <summary>The link request a token carries, or null when it is not genuine or has expired.</summary>
    public ChatLinkRequest? ReadLink(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 2000)
        {
            return null;
        }

        string payload;
        try
        {
            payload = Links.Unprotect(token);
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return null;
        }

        var parts = payload.Split('\n');
        if (parts.Length != 5 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var app) || !Enum.IsDefined((ChatApp)app)
            || !long.TryParse(parts[3], CultureInfo.InvariantCulture, out var ticks))
        {
            return null;
        }

        var request = new ChatLinkRequest((ChatApp)app, parts[1], parts[2], new DateTime(ticks, DateTimeKind.Utc), parts[4]);
        return clock.GetUtcNow().UtcDateTime - request.IssuedUtc > ChatLinkRequest.Lifetime ? null : request;
    }

    public static string AppName(ChatApp app) => app == ChatApp.Teams ? "Microsoft Teams" : "Slack";

    /// <summary>The one Slack workspace the app is installed in (an installation serves one), or null.</summary>
    public Task<string?> SlackTeamAsync(CancellationToken ct) =>
        db.ChatAppInstallations.AsNoTracking().Where(i => i.App == ChatApp.Slack).OrderBy(i => i.Id).Select(i => i.TeamId).FirstOrDefaultAsync(ct);
}
