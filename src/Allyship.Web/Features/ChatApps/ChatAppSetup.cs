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
public sealed class ChatAppSetup(AllyshipDbContext db, ChatAppStore store, SlackClient slack, IOptions<SlackOptions> options, IOptions<AppOptions> app,
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
            return "Slack did not install the app: it was cancelled on Slack's page.";
        }

        if (!StateIsFor(admin, state) || string.IsNullOrEmpty(code))
        {
            return "That installation link is out of date or was not started here: press “Add to Slack” again.";
        }

        var answer = await slack.CallAsync("oauth.v2.access", null, new JsonObject
        {
            ["client_id"] = options.Value.ClientId, ["client_secret"] = options.Value.ClientSecret, ["code"] = code, ["redirect_uri"] = app.Value.Link(CallbackPath),
        }, ct);
        if (!answer.Ok || answer.Json?["access_token"]?.GetValue<string>() is not { } token || answer.Json["team"]?["id"]?.GetValue<string>() is not { } teamId)
        {
            return $"Slack refused the installation ({answer.Error}): check Slack:ClientId and Slack:ClientSecret, then press “Add to Slack” again.";
        }

        var teamName = answer.Json["team"]?["name"]?.GetValue<string>() ?? teamId;
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
                return "Paste the security token Teams showed when you created the outgoing webhook (a long code ending in “=”).";
            }
        }
        catch (FormatException)
        {
            return "That is not the security token Teams shows (it is base64, like “c2VjcmV0…=”): paste it again.";
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

    /// <summary>Connects the chat account a one-time link names to the signed-in person (replacing an earlier one of theirs in that app).</summary>
    public async Task LinkAsync(ClaimsPrincipal person, ChatLinkRequest request, CancellationToken ct)
    {
        var userId = person.UserId();
        await db.InTransactionAsync(async () =>
        {
            db.ChatAccounts.RemoveRange(await db.ChatAccounts.Where(a => (a.App == request.App && a.TeamId == request.TeamId && a.ExternalUserId == request.ExternalUserId)
                || (a.UserId == userId && a.App == request.App)).ToListAsync(ct));
            await db.SaveChangesAsync(ct);
            db.ChatAccounts.Add(new ChatAccount { App = request.App, TeamId = request.TeamId, ExternalUserId = request.ExternalUserId, UserId = userId });
            audit.Record(person, "integration.link", ChatAppStore.AppName(request.App));
            return true;
        }, ct);
    }

    public async Task<bool> UnlinkAsync(ClaimsPrincipal person, ChatApp chat, CancellationToken ct)
    {
        var userId = person.UserId();
        var removed = await db.ChatAccounts.Where(a => a.UserId == userId && a.App == chat).ExecuteDeleteAsync(ct);
        if (removed > 0)
        {
            audit.Record(person, "integration.unlink", ChatAppStore.AppName(chat));
            await db.SaveChangesAsync(ct);
        }

        return removed > 0;
    }

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
