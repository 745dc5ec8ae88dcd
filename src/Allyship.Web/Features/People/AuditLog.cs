using System.Security.Claims;
using Allyship.Web.Data;
using Allyship.Web.Infrastructure.Localisation;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.People;

/// <summary>Adds an audit entry to the unit of work; it is saved with the change it describes, in one SaveChanges.</summary>
public sealed class AuditLog(AllyshipDbContext db, TimeProvider clock)
{
    /// <summary>
    /// A page of entries, newest first; optionally of one kind (an action, or a family such as "signin" for every
    /// "signin.*") and of one person (who did it, or whom it was about); and whether there are older ones.
    /// </summary>
    public async Task<(IReadOnlyList<AuditEntry> Entries, bool HasMore)> PageAsync(int page, int size, string? action, CancellationToken ct, string? person = null)
    {
        var query = db.AuditLog.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(action))
        {
            var family = action.Trim() + ".";
            query = query.Where(a => a.Action == action.Trim() || a.Action.StartsWith(family));
        }

        if (!string.IsNullOrWhiteSpace(person))
        {
            var who = person.Trim().ToLowerInvariant();
#pragma warning disable CA1862 // EF turns ToLower() into SQL lower(); string.Equals with a StringComparison does not translate
            query = query.Where(a => a.ActorEmail.ToLower() == who || a.Target.ToLower() == who);
#pragma warning restore CA1862
        }

        var entries = await query.OrderByDescending(a => a.Id).Skip((Math.Max(1, page) - 1) * size).Take(size + 1).ToListAsync(ct);
        return (entries.Take(size).ToList(), entries.Count > size);
    }

    /// <summary>An event that changes nothing else (a download): recorded and saved on its own.</summary>
    public async Task SaveAsync(ClaimsPrincipal actor, string action, string target, string? details, CancellationToken ct)
    {
        Record(actor, action, target, details);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The kinds of entry there are, for the log's filter.</summary>
    /// <summary>The words an admin reads for a kind of entry ("signin.failed" is "Sign-in failed"); an unknown kind as stored.</summary>
    public static string Describe(string kind) => Names.TryGetValue(kind, out var name) ? Text.Words[name]
        : Families.TryGetValue(kind, out var family) ? Text.Words[family] : kind;

    /// <summary>The words for a family of kinds, the part before the dot ("signin": "Sign-ins").</summary>
    public static string DescribeFamily(string family) => Families.TryGetValue(family, out var name) ? Text.Words[name] : family;

    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        ["account.deactivate"] = "Account deactivated", ["account.reactivate"] = "Account reactivated",
        ["colleague.edit"] = "Colleague edited", ["colleague.erase"] = "Colleague erased", ["colleague.export"] = "Colleague's data exported",
        ["colleagues.import"] = "Directory imported", ["concern.read"] = "Concern read", ["concern.state"] = "Concern state changed", ["concern.owner"] = "Concern owner changed",
        ["concern.note"] = "Concern note added", ["concern.reply"] = "Concern replied to", ["email.retry"] = "Email retried", ["chat.retry"] = "Chat post retried",
        ["chat.post-again"] = "Chat post posted again", ["chat.mark-posted"] = "Chat post marked as posted",
        ["enrolment.add"] = "Mentor enrolled", ["enrolment.pause"] = "Mentor paused", ["enrolment.rejoin"] = "Mentor re-enrolled",
        ["enrolment.remove"] = "Mentor removed", ["enrolment.resume"] = "Mentor resumed",
        ["invitation.accept"] = "Invitation accepted", ["invitation.resend"] = "Invitation re-sent", ["invitation.revoke"] = "Invitation revoked", ["invitation.send"] = "Invitation sent",
        ["mentor.nudge"] = "Mentor nudged", ["colleague.suggest"] = "Colleague suggested to a mentor", ["outcomes.import"] = "Outcomes imported",
        ["password.change"] = "Password changed", ["password.reset"] = "Password reset", ["password.reset-requested"] = "Password reset requested",
        ["password.set"] = "Password set", ["person.erase"] = "Person erased", ["person.export"] = "Person's data exported",
        ["person.export-own"] = "Own data exported", ["program.archive"] = "Program archived", ["program.create"] = "Program created",
        ["program.edit"] = "Program edited", ["program.restore"] = "Program restored", ["report.download"] = "Report downloaded",
        ["role.grant"] = "Role granted", ["role.revoke"] = "Role removed", ["sessions.revoke"] = "Sessions ended",
        ["signin.failed"] = "Sign-in failed", ["signin.locked-out"] = "Locked out", ["signin.succeeded"] = "Signed in",
        ["sso.linked"] = "Single sign-on linked", ["sso.refused"] = "Single sign-on refused",
        ["two-factor.on"] = "Two-factor turned on", ["two-factor.off"] = "Two-factor turned off",
        ["two-factor.recovery-codes"] = "New recovery codes", ["two-factor.recovery-code-used"] = "Recovery code used",
        ["two-factor.code-refused"] = "Two-factor code refused",
        ["provisioning.create"] = "Person added by the identity provider", ["provisioning.update"] = "Person updated by the identity provider",
        ["provisioning.left"] = "Person left (identity provider)", ["provisioning.returned"] = "Person back (identity provider)",
        ["provisioning.delete"] = "Person removed by the identity provider", ["provisioning.group-create"] = "Group added by the identity provider",
        ["provisioning.group-update"] = "Group changed by the identity provider", ["provisioning.group-delete"] = "Group removed by the identity provider",
        ["provisioning.group-map"] = "Group mapped to a program", ["provisioning.token-create"] = "Provisioning token created",
        ["provisioning.token-revoke"] = "Provisioning token revoked",
        ["integration.slack-install"] = "Slack app installed", ["integration.slack-remove"] = "Slack app removed",
        ["integration.teams-set"] = "Teams command set up", ["integration.teams-remove"] = "Teams command removed",
        ["integration.link"] = "Chat account connected", ["integration.unlink"] = "Chat account disconnected",
    };

    private static readonly Dictionary<string, string> Families = new(StringComparer.Ordinal)
    {
        ["account"] = "Accounts", ["colleague"] = "Colleagues", ["colleagues"] = "Directory imports", ["concern"] = "Concerns",
        ["chat"] = "Chat posts", ["email"] = "Emails", ["enrolment"] = "Enrolments", ["invitation"] = "Invitations", ["mentor"] = "Nudges",
        ["outcomes"] = "Outcome imports", ["password"] = "Passwords", ["person"] = "People's data", ["program"] = "Programs",
        ["report"] = "Reports", ["role"] = "Roles", ["sessions"] = "Sessions", ["signin"] = "Sign-ins", ["sso"] = "Single sign-on events",
        ["two-factor"] = "Two-factor", ["provisioning"] = "Provisioning", ["integration"] = "Chat apps",
    };

    public async Task<IReadOnlyList<string>> KindsAsync(CancellationToken ct) =>
        await db.AuditLog.AsNoTracking().Select(a => a.Action).Distinct().OrderBy(a => a).ToListAsync(ct);

    public void Record(ClaimsPrincipal actor, string action, string target, string? details = null) =>
        Record(actor.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", actor.FindFirstValue(ClaimTypes.Email) ?? actor.Identity?.Name ?? "", action, target, details);

    /// <summary>An entry by someone who is not signed in (yet): a sign-in, a reset link, an invitation accepted.</summary>
    public void Record(string actorId, string actorEmail, string action, string target, string? details = null) =>
        db.AuditLog.Add(new AuditEntry
        {
            WhenUtc = clock.GetUtcNow().UtcDateTime,
            ActorId = actorId,
            ActorEmail = actorEmail,
            Action = action,
            Target = target.Length > 300 ? target[..300] : target,
            Details = details is { Length: > 4000 } ? details[..4000] : details,
        });
}
