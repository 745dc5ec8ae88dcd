using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Allyship.Web.Data;
using Allyship.Web.Features.Chat;
using Allyship.Web.Features.People;
using Allyship.Web.Infrastructure;
using Allyship.Web.Infrastructure.Database;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Allyship.Web.Features.ChatApps;

/// <summary>
/// Installing and removing the chat apps, and connecting a person's chat account: the Slack app through Slack's OAuth v2
/// flow (the bot token kept encrypted), the Teams outgoing webhook by its security token, each audited.
/// </summary>
public sealed class ChatAppSetup(AllyshipDbContext db, ChatAppStore store, SlackClient slack, ChatCalls calls, IOptions<SlackOptions> options, IOptions<AppOptions> app,
    IDataProtectionProvider protection, AuditLog audit, TimeProvider clock)
{
    public const string CallbackPath = "/slack/oauth/callback";
    private static readonly TimeSpan StateLasts = TimeSpan.FromMinutes(15);
    private IDataProtector States => protection.CreateProtector("Allyship.SlackInstallState.v1");

    public sealed record Status(bool SlackConfigured, string? SlackWorkspace, DateTime? SlackSince, bool TeamsSet, DateTime? TeamsSince, int LinkedSlack, int LinkedTeams);

    public async Task<Status> StatusAsync(CancellationToken ct)
    {
        var installs = await db.ChatAppInstallations.AsNoTracking().Select(i => new { i.App, i.TeamName, i.UpdatedUtc }).ToListAsync(ct);
        var slackInstall = installs.FirstOrDefault(i => i.App == ChatApp.Slack);
        var teams = installs.FirstOrDefault(i => i.App == ChatApp.Teams);
        var linked = await db.ChatAccounts.GroupBy(a => a.App).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        return new Status(options.Value.Configured, slackInstall?.TeamName, slackInstall?.UpdatedUtc, teams is not null, teams?.UpdatedUtc,
            linked.FirstOrDefault(l => l.Key == ChatApp.Slack)?.Count ?? 0, linked.FirstOrDefault(l => l.Key == ChatApp.Teams)?.Count ?? 0);
    }

    /// <summary>Slack's consent page for this installation's app, with a state only this admin's callback accepts.</summary>
    public string InstallUrl(ClaimsPrincipal admin)
    {
        var state = States.Protect(string.Create(CultureInfo.InvariantCulture, $"{admin.UserId()}\n{clock.GetUtcNow().UtcTicks}"));
        return $"{options.Value.AuthorizeUrl}?client_id={Uri.EscapeDataString(options.Value.ClientId ?? "")}&scope={Uri.EscapeDataString(SlackOptions.BotScopes)}"
            + $"&redirect_uri={Uri.EscapeDataString(app.Value.Link(CallbackPath))}&state={Uri.EscapeDataString(state)}";
    }

    /// <summary>Slack sent the admin back: the code exchanged for the bot token, kept encrypted. Null when installed, else what went wrong.</summary>
    public async Task<string?> CompleteInstallAsync(ClaimsPrincipal admin, string? code, string? state, string? error, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(error))
        {
            return Infrastructure.Localisation.Text.Words["Slack did not install the app: it was cancelled on Slack's page."].Value;
        }

        if (!StateIsFor(admin, state) || string.IsNullOrEmpty(code))
        {
            return Infrastructure.Localisation.Text.Words["That installation link is out of date or was not started here: press “Add to Slack” again."].Value;
        }

        var answer = await slack.CallAsync("oauth.v2.access", null, new JsonObject
        {
            ["client_id"] = options.Value.ClientId, ["client_secret"] = options.Value.ClientSecret, ["code"] = code, ["redirect_uri"] = app.Value.Link(CallbackPath),
        }, ct);
        if (!answer.Ok || answer.Json?["access_token"]?.GetValue<string>() is not { } token || answer.Json["team"]?["id"]?.GetValue<string>() is not { } teamId)
        {
            return $"Slack refused the installation ({answer.Error}). Press “Add to Slack” again; if it keeps failing, ask whoever runs Allyship to check the Slack app's client id and secret.";
        }

        var teamName = answer.Json["team"]?["name"]?.GetValue<string>() ?? teamId;
        // One workspace per installation: installing into another replaces the one before.
        db.ChatAppInstallations.RemoveRange(await db.ChatAppInstallations.Where(i => i.App == ChatApp.Slack && i.TeamId != teamId).ToListAsync(ct));
        var row = await db.ChatAppInstallations.SingleOrDefaultAsync(i => i.App == ChatApp.Slack && i.TeamId == teamId, ct);
        if (row is null)
        {
            row = new ChatAppInstallation { App = ChatApp.Slack, TeamId = teamId };
            db.ChatAppInstallations.Add(row);
        }

        (row.TeamName, row.Secret, row.BotUserId, row.InstalledById) = (teamName, store.Protect(token), answer.Json["bot_user_id"]?.GetValue<string>(), admin.UserId());
        audit.Record(admin, "integration.slack-install", teamName);
        await db.SaveChangesAsync(ct);
        return null;
    }

    public async Task<bool> RemoveAsync(ClaimsPrincipal admin, ChatApp chat, CancellationToken ct)
    {
        var rows = await db.ChatAppInstallations.Where(i => i.App == chat).ToListAsync(ct);
        if (rows.Count == 0)
        {
            return false;
        }

        db.ChatAppInstallations.RemoveRange(rows);
        audit.Record(admin, chat == ChatApp.Slack ? "integration.slack-remove" : "integration.teams-remove", string.Join(", ", rows.Select(r => r.TeamName)));
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>The security token Teams shows once when the outgoing webhook is created: base64, kept encrypted. Null when saved, else why not.</summary>
    public async Task<string?> SetTeamsAsync(ClaimsPrincipal admin, string? securityToken, CancellationToken ct)
    {
        var token = securityToken?.Trim() ?? "";
        try
        {
            if (token.Length is < 16 or > 1000 || Convert.FromBase64String(token).Length < 16)
            {
                return Infrastructure.Localisation.Text.Words["Paste the security token Teams showed when you created the outgoing webhook (a long code ending in “=”)."].Value;
            }
        }
        catch (FormatException)
        {
            return Infrastructure.Localisation.Text.Words["That is not the security token Teams shows (it is base64, like “c2VjcmV0…=”): paste it again."].Value;
        }

        var row = await db.ChatAppInstallations.SingleOrDefaultAsync(i => i.App == ChatApp.Teams && i.TeamId == ChatAppInstallation.TeamsWebhook, ct);
        if (row is null)
        {
            row = new ChatAppInstallation { App = ChatApp.Teams, TeamId = ChatAppInstallation.TeamsWebhook, TeamName = "Microsoft Teams" };
            db.ChatAppInstallations.Add(row);
        }

        (row.Secret, row.InstalledById) = (store.Protect(token), admin.UserId());
        audit.Record(admin, "integration.teams-set", row.TeamName);
        await db.SaveChangesAsync(ct);
        return null;
    }

    public enum LinkOutcome
    {
        Linked,

        /// <summary>That chat account is someone else's in Allyship: its owner disconnects it first.</summary>
        TakenByAnother,

        /// <summary>The Slack account's email is not this person's (a link someone else asked for).</summary>
        NotYourEmail,

        /// <summary>Slack could not tell us the account's email just now.</summary>
        NotChecked,
    }

    /// <summary>
    /// Connects the Slack account a link names to the signed-in person, when Slack says that account's email is hers
    /// (users.info): a link forwarded by someone else connects nothing. Never takes a chat account from another person.
    /// </summary>
    public async Task<LinkOutcome> LinkSlackAsync(ClaimsPrincipal person, ChatLinkRequest request, CancellationToken ct)
    {
        var userId = person.UserId();
        var email = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.Email).SingleAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var lookup = ChatCalls.Queue(db, request.TeamId, "users.info", new JsonObject { ["user"] = request.ExternalUserId },
            $"users.info:{request.TeamId}:{request.ExternalUserId}:{Guid.NewGuid():N}", now, expiresUtc: now.AddMinutes(1));
        await db.SaveChangesAsync(ct);
        var (_, answer) = await calls.CallNowAsync(lookup.Id, ct);
        if (answer?["user"]?["profile"]?["email"]?.GetValue<string>() is not { } slackEmail)
        {
            return LinkOutcome.NotChecked;
        }

        if (!string.Equals(Colleague.NormalizeEmail(slackEmail), Colleague.NormalizeEmail(email ?? ""), StringComparison.Ordinal))
        {
            return LinkOutcome.NotYourEmail;
        }

        return await ConnectAsync(person, request.App, request.TeamId, request.ExternalUserId, ct);
    }

    /// <summary>A code for connecting a chat account from the chat: shown once to her, stored hashed.</summary>
    public async Task<string> NewCodeAsync(ClaimsPrincipal person, ChatApp chat, CancellationToken ct)
    {
        const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // no 0/O, 1/I: read off a screen and typed
        var chars = System.Security.Cryptography.RandomNumberGenerator.GetItems<char>(Alphabet, 8);
        var code = $"{new string(chars, 0, 4)}-{new string(chars, 4, 4)}";
        db.ChatLinkCodes.Add(new ChatLinkCode { App = chat, UserId = person.UserId(), CodeHash = Hash(code), CreatedUtc = clock.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync(ct);
        return code;
    }

    /// <summary>
    /// A code sent from the chat: connects the sender's chat account to the person who took the code, once, within its
    /// lifetime. Null when connected, else a sentence for the chat.
    /// </summary>
    public async Task<string?> RedeemAsync(ChatApp chat, string teamId, string externalUserId, string code, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var typed = code.Replace("-", "", StringComparison.Ordinal).Trim().ToUpperInvariant();
        var hash = Hash(typed.Length == 8 ? $"{typed[..4]}-{typed[4..]}" : typed);
        return await db.InTransactionAsync(async () =>
        {
            var row = await db.ChatLinkCodes.SingleOrDefaultAsync(c => c.CodeHash == hash && c.App == chat, ct);
            if (row is null || row.UsedUtc is not null || now - row.CreatedUtc > ChatLinkCode.Lifetime)
            {
                return Infrastructure.Localisation.Text.Words["That code is not valid (codes work once, for 30 minutes): take a new one on Allyship's Chat accounts page."].Value;
            }

            var owner = await db.ChatAccounts.Where(a => a.App == chat && a.TeamId == teamId && a.ExternalUserId == externalUserId).Select(a => a.UserId).FirstOrDefaultAsync(ct);
            if (owner is not null && owner != row.UserId)
            {
                return Infrastructure.Localisation.Text.Words["This account is already connected to another person in Allyship: they can disconnect it on their Chat accounts page."].Value;
            }

            row.UsedUtc = now;
            await db.ChatAccounts.Where(a => a.UserId == row.UserId && a.App == chat).ExecuteDeleteAsync(ct);
            db.ChatAccounts.Add(new ChatAccount { App = chat, TeamId = teamId, ExternalUserId = externalUserId, UserId = row.UserId });
            var email = await db.Users.Where(u => u.Id == row.UserId).Select(u => u.Email).SingleAsync(ct);
            audit.Record(row.UserId, email ?? "", "integration.link", ChatAppStore.AppName(chat));
            return (string?)null;
        }, ct);
    }

    private async Task<LinkOutcome> ConnectAsync(ClaimsPrincipal person, ChatApp chat, string teamId, string externalUserId, CancellationToken ct)
    {
        var userId = person.UserId();
        return await db.InTransactionAsync(async () =>
        {
            var owner = await db.ChatAccounts.Where(a => a.App == chat && a.TeamId == teamId && a.ExternalUserId == externalUserId).Select(a => a.UserId).FirstOrDefaultAsync(ct);
            if (owner is not null && owner != userId)
            {
                return LinkOutcome.TakenByAnother;
            }

            await db.ChatAccounts.Where(a => a.UserId == userId && a.App == chat).ExecuteDeleteAsync(ct);
            db.ChatAccounts.Add(new ChatAccount { App = chat, TeamId = teamId, ExternalUserId = externalUserId, UserId = userId });
            audit.Record(person, "integration.link", ChatAppStore.AppName(chat));
            return LinkOutcome.Linked;
        }, ct);
    }

    public async Task<bool> UnlinkAsync(ClaimsPrincipal person, ChatApp chat, CancellationToken ct)
    {
        var userId = person.UserId();
        return await db.InTransactionAsync(async () =>
        {
            var rows = await db.ChatAccounts.Where(a => a.UserId == userId && a.App == chat).ToListAsync(ct);
            if (rows.Count == 0)
            {
                return false;
            }

            db.ChatAccounts.RemoveRange(rows);
            audit.Record(person, "integration.unlink", ChatAppStore.AppName(chat));
            return true;
        }, ct);
    }

    private static string Hash(string code) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(code)));

    private bool StateIsFor(ClaimsPrincipal admin, string? state)
    {
        try
        {
            var parts = States.Unprotect(state ?? "").Split('\n');
            return parts.Length == 2 && parts[0] == admin.UserId() && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var ticks)
                && clock.GetUtcNow().UtcDateTime - new DateTime(ticks, DateTimeKind.Utc) <= StateLasts;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
    }
}
