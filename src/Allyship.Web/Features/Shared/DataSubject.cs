using System.Security.Claims;
using System.Text.Json;
using Allyship.Web.Data;
using Allyship.Web.Infrastructure.Database;
using Allyship.Web.Infrastructure.Email;
using Allyship.Web.Infrastructure.Privacy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Shared;

/// <summary>
/// Data-subject requests: everything held about one person (an account, or a colleague in the directory) as JSON, and
/// erasure. Erasing keeps the counts: the account or directory entry becomes an anonymous "Former mentor" / "Former
/// colleague" (its email replaced by a tombstone address), its actions stay counted with every free-text field cleared,
/// and every other trace (preferences, invitations, email bodies and addresses, emails in the audit log) goes.
/// </summary>
public static class DataSubject
{
    public const string ErasedDomain = Colleague.ErasedDomain;
    public const string FormerMentor = "Former mentor";
    public const string FormerColleague = "Former colleague";

    public static bool IsErased(string? email) => email?.EndsWith("@" + ErasedDomain, StringComparison.Ordinal) == true;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public sealed class Handler(AllyshipDbContext db, UserManager<AppUser> users, NoteProtector notes, AuditLog audit, AccountAccess.Handler access, TimeProvider clock)
    {
        /// <summary>Everything held about an account; its private notes only when <paramref name="ownRequest"/> (the author asking).</summary>
        public async Task<byte[]?> ExportPersonAsync(ClaimsPrincipal actor, string userId, bool ownRequest, CancellationToken ct)
        {
            if (await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, ct) is not { } user)
            {
                return null;
            }

            var email = user.Email ?? "";
            var actions = await db.Actions.AsNoTracking().Where(a => a.MentorId == userId).OrderBy(a => a.OccurredOn)
                .Select(a => new { a.Id, a.Kind, Program = a.Program.Name, a.OccurredOn, a.Minutes, Colleague = a.Colleague.Name, a.Topics, a.PrivateNotes, a.Achievement, a.WhereGiven, a.SeniorLeader, a.Accomplishment })
                .ToListAsync(ct);
            var export = new
            {
                ExportedUtc = clock.GetUtcNow().UtcDateTime,
                Subject = "account",
                Profile = new
                {
                    user.Id, Name = user.DisplayName, user.Email, user.Department, user.CreatedUtc, user.TwoFactorEnabled, user.DeactivatedUtc,
                    Roles = await users.GetRolesAsync(user),
                    SingleSignOn = (await users.GetLoginsAsync(user)).Select(l => l.ProviderDisplayName ?? l.LoginProvider),
                },
                Preferences = await db.MentorPreferences.AsNoTracking().Where(p => p.UserId == userId).ToListAsync(ct),
                Enrolments = await db.Enrolments.AsNoTracking().Where(e => e.MentorId == userId)
                    .Select(e => new { Program = e.Program.Name, e.Status, e.CreatedUtc, Pauses = e.Pauses.Select(p => new { p.StartsOn, p.EndsOn }) }).ToListAsync(ct),
                ActionsLogged = actions.Select(a => new
                {
                    a.Id, Kind = a.Kind.ToString(), a.Program, a.OccurredOn, a.Minutes, a.Colleague, a.Topics,
                    PrivateNotes = ownRequest ? notes.Unprotect(a.PrivateNotes) : a.PrivateNotes is null ? null : "(private to the mentor: in their own export only)",
                    a.Achievement, a.WhereGiven, a.SeniorLeader, a.Accomplishment,
                }),
                ActionsAboutThem = await ActionsAboutAsync(db.Colleagues.Where(c => c.Email == email).Select(c => c.Id), ct),
                EmailsSent = await EmailsAsync(userId, email, ct),
                AuditEntries = await AuditAsync(userId, email, ct),
            };
            await audit.SaveAsync(actor, ownRequest ? "person.export-own" : "person.export", email, null, ct);
            return JsonSerializer.SerializeToUtf8Bytes(export, Json);
        }

        public async Task<byte[]?> ExportColleagueAsync(ClaimsPrincipal actor, int colleagueId, CancellationToken ct)
        {
            if (await db.Colleagues.AsNoTracking().SingleOrDefaultAsync(c => c.Id == colleagueId, ct) is not { } colleague)
            {
                return null;
            }

            var export = new
            {
                ExportedUtc = clock.GetUtcNow().UtcDateTime,
                Subject = "colleague",
                DirectoryEntry = new { colleague.Id, colleague.Name, colleague.Email, colleague.Department, colleague.Level, colleague.ManagerEmail, colleague.CreatedUtc, colleague.UpdatedUtc },
                HerChoices = new { colleague.EmailsStopped, colleague.NotNamed, colleague.ConsentChangedUtc },
                ActionsAboutThem = await ActionsAboutAsync(db.Colleagues.Where(c => c.Id == colleagueId).Select(c => c.Id), ct),
                Confirmations = await db.Confirmations.AsNoTracking().Where(c => c.ColleagueId == colleagueId).OrderBy(c => c.ActionId)
                    .Select(c => new { c.ActionId, c.AskedUtc, Answer = c.Answer == null ? null : c.Answer.ToString(), c.Usefulness, c.Comment, c.CommentShared, c.AnsweredUtc })
                    .ToListAsync(ct),
                ConcernsRaisedWithHerName = await db.Concerns.AsNoTracking().Where(c => c.ColleagueId == colleagueId).Select(c => new { c.Id, c.CreatedUtc }).ToListAsync(ct),
                OutcomeEvents = await db.Outcomes.AsNoTracking().Where(o => o.ColleagueId == colleagueId).OrderBy(o => o.OccurredOn)
                    .Select(o => new { o.OccurredOn, Kind = o.Kind.ToString(), o.ImportedUtc }).ToListAsync(ct),
                SponsorNotesNamingThemAsLeader = await db.Actions.AsNoTracking().CountAsync(a => a.SeniorLeaderId == colleagueId, ct),
                EmailsSent = await EmailsAsync(null, colleague.Email, ct),
                AuditEntries = await AuditAsync(null, colleague.Email, ct),
            };
            await audit.SaveAsync(actor, "colleague.export", colleague.Email, null, ct);
            return JsonSerializer.SerializeToUtf8Bytes(export, Json);
        }

        /// <summary>Erases an account; the refusal as a sentence, or null when done.</summary>
        public async Task<string?> ErasePersonAsync(ClaimsPrincipal actor, string userId, CancellationToken ct)
        {
            if (await users.FindByIdAsync(userId) is not { } user)
            {
                return "There is no such account.";
            }

            if (await access.RefusalToRemoveAsync(actor, user, ct) is { } refusal)
            {
                return refusal;
            }

            return await db.InTransactionAsync<string?>(async () =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                var old = user.Email ?? "";
                var tombstone = $"erased-{user.Id[..Math.Min(12, user.Id.Length)]}@{ErasedDomain}";
                foreach (var login in await users.GetLoginsAsync(user))
                {
                    Identity.Check(await users.RemoveLoginAsync(user, login.LoginProvider, login.ProviderKey));
                }

                if (await users.HasPasswordAsync(user))
                {
                    Identity.Check(await users.RemovePasswordAsync(user));
                }

                user.DisplayName = FormerMentor;
                user.PhoneNumber = null;
                user.TwoFactorEnabled = false;
                user.DeactivatedUtc ??= now;
                Identity.Check(await users.SetUserNameAsync(user, tombstone));
                Identity.Check(await users.SetEmailAsync(user, tombstone));
                Identity.Check(await users.UpdateSecurityStampAsync(user));
                foreach (var enrolment in await db.Enrolments.Where(Enrolment.InProgram).Where(e => e.MentorId == userId).ToListAsync(ct))
                {
                    enrolment.Leave(DateOnly.FromDateTime(now));
                }

                await ClearFreeTextAsync(db.Actions.Where(a => a.MentorId == userId), ct);
                await db.MentorPreferences.Where(p => p.UserId == userId).ExecuteDeleteAsync(ct);
                await db.SelfChecks.Where(s => s.MentorId == userId).ExecuteDeleteAsync(ct);
                await db.ChosenColleagues.Where(c => c.MentorId == userId).ExecuteDeleteAsync(ct);
                await db.Invitations.Where(i => i.Email == old).ExecuteDeleteAsync(ct);
                await ForgetAddressAsync(userId, old, tombstone, ct);
                audit.Record(actor, "person.erase", tombstone, "account anonymised; actions kept, their text cleared");
                await db.SaveChangesAsync(ct);
                return null;
            }, ct);
        }

        public async Task<bool> EraseColleagueAsync(ClaimsPrincipal actor, int colleagueId, CancellationToken ct)
        {
            if (await db.Colleagues.SingleOrDefaultAsync(c => c.Id == colleagueId, ct) is not { } colleague)
            {
                return false;
            }

            return await db.InTransactionAsync(async () =>
            {
                var old = colleague.Email;
                var tombstone = $"erased-colleague-{colleague.Id}@{ErasedDomain}";
                colleague.Name = FormerColleague;
                colleague.Email = tombstone;
                colleague.Level = null;
                colleague.ManagerEmail = null;
                await ClearFreeTextAsync(db.Actions.Where(a => a.ColleagueId == colleagueId), ct);
                // Her answers still count (confirmed or not); her words go, and her concerns no longer name her.
                await db.Confirmations.Where(c => c.ColleagueId == colleagueId)
                    .ExecuteUpdateAsync(u => u.SetProperty(c => c.Comment, (string?)null).SetProperty(c => c.CommentShared, false), ct);
                await db.Concerns.Where(c => c.ColleagueId == colleagueId).ExecuteUpdateAsync(u => u.SetProperty(c => c.ColleagueId, (int?)null), ct);
                // Her career events go; sponsor notes that named her as the leader told no longer say who.
                await db.Outcomes.Where(o => o.ColleagueId == colleagueId).ExecuteDeleteAsync(ct);
                await db.Actions.Where(a => a.SeniorLeaderId == colleagueId)
                    .ExecuteUpdateAsync(u => u.SetProperty(a => a.SeniorLeaderId, (int?)null).SetProperty(a => a.SeniorLeader, (string?)null), ct);
                colleague.IsLeader = false;
                await ForgetAddressAsync(null, old, tombstone, ct);
                audit.Record(actor, "colleague.erase", tombstone, "directory entry anonymised; actions about them kept, their text and her comments cleared");
                await db.SaveChangesAsync(ct);
                return true;
            }, ct);
        }

        private static Task<int> ClearFreeTextAsync(IQueryable<PledgeAction> actions, CancellationToken ct) =>
            actions.ExecuteUpdateAsync(s => s
                .SetProperty(a => a.Topics, (string?)null).SetProperty(a => a.PrivateNotes, (string?)null)
                .SetProperty(a => a.Achievement, (string?)null).SetProperty(a => a.WhereGiven, (string?)null)
                .SetProperty(a => a.SeniorLeader, (string?)null).SetProperty(a => a.Accomplishment, (string?)null), ct);

        private async Task ForgetAddressAsync(string? userId, string email, string tombstone, CancellationToken ct)
        {
            var mail = db.Emails.Where(e => e.ToAddress == email || (userId != null && e.UserId == userId));
            await OutboxDispatcher.ClearBodiesAsync(mail);
            await mail.ExecuteUpdateAsync(s => s.SetProperty(e => e.ToAddress, tombstone).SetProperty(e => e.ToName, (string?)null), ct);
            await db.AuditLog.Where(a => a.Target == email).ExecuteUpdateAsync(s => s.SetProperty(a => a.Target, tombstone), ct);
            await db.AuditLog.Where(a => a.ActorEmail == email).ExecuteUpdateAsync(s => s.SetProperty(a => a.ActorEmail, tombstone), ct);
        }

        private async Task<object> ActionsAboutAsync(IQueryable<int> colleagueIds, CancellationToken ct) =>
            await db.Actions.AsNoTracking().Where(a => colleagueIds.Contains(a.ColleagueId)).OrderBy(a => a.OccurredOn)
                .Select(a => new { Kind = a.Kind.ToString(), Program = a.Program.Name, a.OccurredOn, a.Minutes, Mentor = db.Users.Where(u => u.Id == a.MentorId).Select(u => u.DisplayName).FirstOrDefault(), a.Topics, a.Achievement, a.WhereGiven, a.SeniorLeader, a.Accomplishment })
                .ToListAsync(ct);

        private async Task<object> EmailsAsync(string? userId, string email, CancellationToken ct) =>
            await db.Emails.AsNoTracking().Where(e => e.ToAddress == email || (userId != null && e.UserId == userId)).OrderBy(e => e.CreatedUtc)
                .Select(e => new { e.Subject, Kind = e.Kind.ToString(), Status = e.Status.ToString(), e.CreatedUtc, e.SentUtc, e.TextBody })
                .ToListAsync(ct);

        private async Task<object> AuditAsync(string? userId, string email, CancellationToken ct) =>
            await db.AuditLog.AsNoTracking().Where(a => a.Target == email || a.ActorEmail == email || (userId != null && a.ActorId == userId)).OrderBy(a => a.Id)
                .Select(a => new { a.WhenUtc, a.ActorEmail, a.Action, a.Target, a.Details })
                .ToListAsync(ct);
    }
}
