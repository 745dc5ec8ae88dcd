using System.Linq.Expressions;
using System.Reflection;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using Allyship.Web.Data;
using Allyship.Web.Infrastructure.Database;
using Allyship.Web.Infrastructure.Email;
using Allyship.Web.Infrastructure.Privacy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.People;

/// <summary>
/// Data-subject requests: everything held about one person (an account, or a colleague in the directory) as JSON, and
/// erasure. Erasing keeps the counts: the account or directory entry becomes an anonymous "Former mentor" / "Former
/// colleague" (its email replaced by a tombstone address), its actions stay counted with every free-text field cleared,
/// and every other trace goes: preferred name, department, preferences, invitations, mail to or about them (withdrawn
/// if unsent, bodies and calendar cleared if sent), chat posts, planned-coffee places, and their name and address
/// wherever other text holds them (audit entries, other people's action texts and comments). One transaction; on SQLite
/// the write-ahead log is then truncated (docs/privacy.md, issue 31).
/// </summary>
public static class DataSubject
{
    public const string ErasedDomain = Colleague.ErasedDomain;
    public const string FormerMentor = "Former mentor";
    public const string FormerColleague = "Former colleague";

    /// <summary>What an erased subject line or chat post says instead.</summary>
    public const string ErasedText = "(erased)";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public sealed class Handler(AllyshipDbContext db, UserManager<AppUser> users, NoteProtector notes, AuditLog audit, AccountAccess.Handler access, TimeProvider clock,
        ILogger<Handler> logger)
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
                NotificationDevices = await db.PushDevices.AsNoTracking().Where(d => d.UserId == userId).OrderBy(d => d.CreatedUtc)
                    .Select(d => new { d.Label, TurnedOnUtc = d.CreatedUtc, d.LastDeliveredUtc }).ToListAsync(ct),
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

            var erased = await db.InTransactionAsync<string?>(async () =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                var old = user.Email ?? "";
                var tombstone = $"erased-{user.Id[..Math.Min(12, user.Id.Length)]}@{ErasedDomain}";
                var trace = Trace.Of(old, tombstone, user.DisplayName, FormerMentor, user.PreferredName, user.Department, user.PhoneNumber);
                foreach (var login in await users.GetLoginsAsync(user))
                {
                    Identity.Check(await users.RemoveLoginAsync(user, login.LoginProvider, login.ProviderKey));
                }

                if (await users.HasPasswordAsync(user))
                {
                    Identity.Check(await users.RemovePasswordAsync(user));
                }

                user.DisplayName = FormerMentor;
                user.PreferredName = null;
                user.Department = null;
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
                await db.TeamSuggestions.Where(c => c.MentorId == userId).ExecuteDeleteAsync(ct);
                await db.Invitations.Where(i => i.Email == old || i.AcceptedUserId == userId).ExecuteDeleteAsync(ct);
                // Her authenticator key and recovery codes; claims if any were ever added.
                await db.UserTokens.Where(t => t.UserId == userId).ExecuteDeleteAsync(ct);
                await db.UserClaims.Where(c => c.UserId == userId).ExecuteDeleteAsync(ct);
                // Past weeks keep their numbers, not the department that, beside an anonymous id, points back at her.
                await db.WeeklyRollups.Where(r => r.MentorId == userId).ExecuteUpdateAsync(u => u.SetProperty(r => r.Department, (string?)null), ct);
                await ForgetAsync(userId, trace, db.Actions.Where(a => a.MentorId == userId).Select(a => a.Id), db.PlannedCoffees.Where(p => p.MentorId == userId), ct);
                // Their plans were theirs alone (docs/privacy.md); the coffees they became stay as actions.
                await db.PlannedCoffees.Where(p => p.MentorId == userId).ExecuteDeleteAsync(ct);
                audit.Record(actor, "person.erase", tombstone, "account anonymised; actions kept, their text cleared");
                await db.SaveChangesAsync(ct);
                return null;
            }, ct);
            await SqliteDurability.TruncateWriteAheadLogAsync(db, logger, ct);
            return erased;
        }

        public async Task<bool> EraseColleagueAsync(ClaimsPrincipal actor, int colleagueId, CancellationToken ct)
        {
            if (await db.Colleagues.SingleOrDefaultAsync(c => c.Id == colleagueId, ct) is not { } colleague)
            {
                return false;
            }

            var erased = await db.InTransactionAsync(async () =>
            {
                var old = colleague.Email;
                var tombstone = $"erased-colleague-{colleague.Id}@{ErasedDomain}";
                var trace = Trace.Of(old, tombstone, colleague.Name, FormerColleague, colleague.Department, colleague.Level, colleague.ManagerEmail);
                colleague.Name = FormerColleague;
                colleague.Email = tombstone;
                colleague.Department = null;
                colleague.Level = null;
                colleague.ManagerEmail = null;
                colleague.ScimExternalId = null; // the identity provider's ids would name her again
                colleague.ScimUserName = null;
                await db.ScimGroupMembers.Where(m => m.ColleagueId == colleagueId).ExecuteDeleteAsync(ct);
                await ClearFreeTextAsync(db.Actions.Where(a => a.ColleagueId == colleagueId), ct);
                // Her answers still count (confirmed or not); her words go, and her concerns no longer name her.
                await db.Confirmations.Where(c => c.ColleagueId == colleagueId)
                    .ExecuteUpdateAsync(u => u.SetProperty(c => c.Comment, (string?)null).SetProperty(c => c.CommentShared, false), ct);
                await db.Concerns.Where(c => c.ColleagueId == colleagueId).ExecuteUpdateAsync(u => u.SetProperty(c => c.ColleagueId, (int?)null), ct);
                await ForgetInConcernsAsync(colleagueId, trace, ct);
                // Her career events go; sponsor notes that named her as the leader told no longer say who.
                await db.Outcomes.Where(o => o.ColleagueId == colleagueId).ExecuteDeleteAsync(ct);
                await db.Actions.Where(a => a.SeniorLeaderId == colleagueId)
                    .ExecuteUpdateAsync(u => u.SetProperty(a => a.SeniorLeaderId, (int?)null).SetProperty(a => a.SeniorLeader, (string?)null), ct);
                // Whoever she managed no longer points at her address.
                await db.Colleagues.Where(c => c.ManagerEmail == old).ExecuteUpdateAsync(u => u.SetProperty(c => c.ManagerEmail, (string?)null), ct);
                colleague.IsLeader = false;
                await ForgetAsync(null, trace, db.Actions.Where(a => a.ColleagueId == colleagueId).Select(a => a.Id),
                    db.PlannedCoffees.Where(p => p.ColleagueId == colleagueId), ct);
                audit.Record(actor, "colleague.erase", tombstone, "directory entry anonymised; actions about them kept, their text and her comments cleared");
                await db.SaveChangesAsync(ct);
                return true;
            }, ct);
            await SqliteDurability.TruncateWriteAheadLogAsync(db, logger, ct);
            return erased;
        }

        /// <summary>
        /// Concerns hold her in two ways the database can't search: the tie that leads her link back to her concerns (an
        /// anonymous one too) and encrypted text (messages, the team's notes and replies) that may name her. The ties to
        /// her go, so no concern can be traced to her any more; every encrypted text that names her or holds her address
        /// is decrypted, rewritten like other people's text, and encrypted again.
        /// </summary>
        private async Task ForgetInConcernsAsync(int colleagueId, Trace trace, CancellationToken ct)
        {
            var ties = await db.Concerns.Where(c => c.ReplyTo != null).Select(c => new { c.Id, c.ReplyTo }).ToListAsync(ct);
            var hers = ties.Where(t => Shared.ConcernReplies.IsFor(notes, t.ReplyTo, colleagueId)).Select(t => t.Id).ToList();
            await db.Concerns.Where(c => hers.Contains(c.Id)).ExecuteUpdateAsync(u => u.SetProperty(c => c.ReplyTo, (string?)null), ct);

            string? Rewritten(string stored)
            {
                var text = notes.Unprotect(stored);
                if (text is null || text == NoteProtector.Unreadable)
                {
                    return null;
                }

                var rewritten = trace.Rewrites.Aggregate(text, (t, r) => t.Replace(r.From, r.To, StringComparison.Ordinal));
                return rewritten == text ? null : notes.Protect(rewritten);
            }

            foreach (var concern in await db.Concerns.ToListAsync(ct))
            {
                if (Rewritten(concern.Message) is { } message)
                {
                    concern.Message = message;
                }
            }

            foreach (var entry in await db.ConcernEntries.ToListAsync(ct))
            {
                if (Rewritten(entry.Text) is { } text)
                {
                    entry.Text = text;
                }
            }
        }

        private static Task<int> ClearFreeTextAsync(IQueryable<PledgeAction> actions, CancellationToken ct) =>
            actions.ExecuteUpdateAsync(s => s
                .SetProperty(a => a.Topics, (string?)null).SetProperty(a => a.PrivateNotes, (string?)null)
                .SetProperty(a => a.Achievement, (string?)null).SetProperty(a => a.WhereGiven, (string?)null)
                .SetProperty(a => a.SeniorLeader, (string?)null).SetProperty(a => a.Accomplishment, (string?)null), ct);

        /// <summary>
        /// Every copy of the person held outside their own record, in the same transaction: mail to them, about them (it
        /// names them, or is an invitation to one of their planned coffees) and chat posts of their actions: withdrawn when
        /// not sent yet (sending would deliver what was just erased), else kept as rows (who got what, when) with the
        /// bodies, calendar and chat text cleared and the subject rewritten; planned-coffee places; and wherever else free
        /// text names them (audit entries, other actions' text, other colleagues' comments, other plans' places): their
        /// name and address rewritten to the anonymous ones.
        /// </summary>
        private async Task ForgetAsync(string? userId, Trace trace, IQueryable<int> actionIds, IQueryable<PlannedCoffee> plans, CancellationToken ct)
        {
            var email = trace.Email;
            var emailLower = email.ToLowerInvariant();
            var invitations = new List<long>();
            foreach (var plan in await plans.Select(p => p.Id).ToListAsync(ct))
            {
                var prefix = PlannedCoffee.InvitationKeyPrefix(plan);
                invitations.AddRange(await db.Emails.Where(e => e.DeduplicationKey.StartsWith(prefix)).Select(e => e.Id).ToListAsync(ct));
            }

            var theirs = db.Emails.Where(e => e.ToAddress == email || (userId != null && e.UserId == userId));
            var mail = (await theirs.Select(e => e.Id).ToListAsync(ct))
                .Concat(invitations)
                .Concat(await db.Emails.Where(trace.HeldIn<EmailMessage>(e => e.Subject, e => e.TextBody, e => e.HtmlBody, e => e.Calendar, e => e.LastError)).Select(e => e.Id).ToListAsync(ct))
                .Distinct().ToList();
            var touched = db.Emails.Where(e => mail.Contains(e.Id));
            await touched.Where(e => e.Status != EmailStatus.Sent).ExecuteDeleteAsync(ct);
            await OutboxDispatcher.ClearBodiesAsync(touched);
            await touched.ExecuteUpdateAsync(s => s.SetProperty(e => e.Calendar, (string?)null).SetProperty(e => e.LastError, (string?)null), ct);
            await theirs.ExecuteUpdateAsync(s => s.SetProperty(e => e.ToAddress, trace.Tombstone).SetProperty(e => e.ToName, (string?)null).SetProperty(e => e.Subject, ErasedText), ct);
            await trace.RewriteAsync(touched, ct, e => e.Subject);

            var posts = db.ChatPosts.Where(p => actionIds.Contains(p.ActionId)).Select(p => p.Id)
                .Union(db.ChatPosts.Where(trace.HeldIn<ChatPost>(p => p.Text, p => p.LastError)).Select(p => p.Id));
            var chat = await posts.ToListAsync(ct);
            await db.ChatPosts.Where(p => chat.Contains(p.Id) && p.Status != ChatPostStatus.Sent).ExecuteDeleteAsync(ct);
            await db.ChatPosts.Where(p => chat.Contains(p.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Text, ErasedText).SetProperty(p => p.LastError, (string?)null), ct);

            await plans.ExecuteUpdateAsync(s => s.SetProperty(p => p.Place, "").SetProperty(p => p.AnswerNote, (string?)null), ct);

            // The chat apps: calls to or about them (a reminder, her question, a form that named her) and their chat accounts.
            await db.ChatCalls.Where(c => c.LookupEmail == email || (userId != null && c.Key.Contains(userId))).ExecuteDeleteAsync(ct);
            await db.ChatCalls.Where(trace.HeldIn<ChatCall>(c => c.Body, c => c.LastError)).ExecuteDeleteAsync(ct);
            if (userId is not null)
            {
                await db.ChatAccounts.Where(a => a.UserId == userId).ExecuteDeleteAsync(ct);
                await db.ChatLinkCodes.Where(c => c.UserId == userId).ExecuteDeleteAsync(ct);
            }

            // Notifications: her devices and what waits for them, and any notification that named the person.
            await db.PushDeliveries.Where(trace.HeldIn<PushDelivery>(d => d.Title, d => d.Body, d => d.LastError)).ExecuteDeleteAsync(ct);
            if (userId is not null)
            {
                await db.PushDeliveries.Where(d => d.UserId == userId).ExecuteDeleteAsync(ct);
                await db.PushDevices.Where(d => d.UserId == userId).ExecuteDeleteAsync(ct);
            }

#pragma warning disable CA1862 // EF turns ToLower() into SQL lower(); string.Equals with a StringComparison does not translate
            // Entries about them: the target becomes the tombstone, and the details lose whatever else described them.
            var about = db.AuditLog.Where(a => a.Target.ToLower() == emailLower);
            await Trace.RewriteAsync(about, trace.AllRewrites, ct, a => a.Details);
            await about.ExecuteUpdateAsync(s => s.SetProperty(a => a.Target, trace.Tombstone), ct);
            await db.AuditLog.Where(a => a.ActorEmail.ToLower() == emailLower).ExecuteUpdateAsync(s => s.SetProperty(a => a.ActorEmail, trace.Tombstone), ct);
#pragma warning restore CA1862
            await trace.RewriteAsync(db.AuditLog, ct, a => a.Target, a => a.Details);
            await trace.RewriteAsync(db.Actions, ct, a => a.Topics, a => a.Achievement, a => a.WhereGiven, a => a.SeniorLeader, a => a.Accomplishment);
            await trace.RewriteAsync(db.Confirmations, ct, c => c.Comment);
            await trace.RewriteAsync(db.PlannedCoffees, ct, p => p.Place, p => p.AnswerNote);
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

    /// <summary>
    /// How text written elsewhere names the person being erased, and what it says instead: their address becomes the
    /// tombstone, their name the anonymous one (as typed, and as HTML bodies encode it). <see cref="AllRewrites"/> adds
    /// what else described them (department, level, preferred name...), rewritten only in entries about them: words
    /// like "Engineering" belong to many people, and rewriting them everywhere would damage other people's records.
    /// </summary>
    private sealed class Trace
    {
        /// <summary>
        /// Shorter names are not looked for in other people's text: "Al" or "Bea" inside "Also" or "Beatrice" would be
        /// rewritten too. Full names are longer; addresses are always looked for.
        /// </summary>
        private const int ShortestNameSought = 4;

        private static readonly MethodInfo Replace = typeof(string).GetMethod(nameof(string.Replace), [typeof(string), typeof(string)])!;
        private static readonly MethodInfo Contains = typeof(string).GetMethod(nameof(string.Contains), [typeof(string)])!;

        private Trace(string email, string tombstone, IReadOnlyList<(string From, string To)> rewrites, IReadOnlyList<(string From, string To)> all)
        {
            Email = email;
            Tombstone = tombstone;
            Rewrites = rewrites;
            AllRewrites = all;
        }

        public string Email { get; }
        public string Tombstone { get; }
        public IReadOnlyList<(string From, string To)> Rewrites { get; }
        public IReadOnlyList<(string From, string To)> AllRewrites { get; }

        public static Trace Of(string email, string tombstone, string? name, string formerName, params string?[] described)
        {
            var rewrites = new List<(string, string)>();
            // The address first: a name may be part of it (an account's name is its address until someone sets one).
            foreach (var address in new[] { email, HtmlEncoder.Default.Encode(email) }.Where(a => a.Length > 0).Distinct(StringComparer.Ordinal))
            {
                rewrites.Add((address, tombstone));
            }

            if (name?.Trim() is { Length: >= ShortestNameSought } full)
            {
                foreach (var form in new[] { full, HtmlEncoder.Default.Encode(full) }.Distinct(StringComparer.Ordinal))
                {
                    rewrites.Add((form, formerName));
                }
            }

            var all = new List<(string, string)>(rewrites);
            all.AddRange(described.Select(d => d?.Trim()).OfType<string>().Where(d => d.Length > 0)
                .Where(d => !rewrites.Exists(r => r.Item1 == d)).Distinct(StringComparer.Ordinal).Select(d => (d, ErasedText)));
            return new Trace(email, tombstone, rewrites, all);
        }

        /// <summary>Rows whose columns hold the person's name or address anywhere.</summary>
        public Expression<Func<T, bool>> HeldIn<T>(params Expression<Func<T, string?>>[] columns) => HeldIn(Rewrites, columns);

        public Task<int> RewriteAsync<T>(IQueryable<T> rows, CancellationToken ct, params Expression<Func<T, string?>>[] columns)
            where T : class => RewriteAsync(rows, Rewrites, ct, columns);

        /// <summary>In the rows that hold any of them, each column with every rewrite applied (SQL replace(), on every provider).</summary>
        public static Task<int> RewriteAsync<T>(IQueryable<T> rows, IReadOnlyList<(string From, string To)> rewrites, CancellationToken ct,
            params Expression<Func<T, string?>>[] columns)
            where T : class =>
            rows.Where(HeldIn(rewrites, columns)).ExecuteUpdateAsync(s =>
            {
                foreach (var column in columns)
                {
                    var value = rewrites.Aggregate(column.Body, (text, r) => Expression.Call(text, Replace, Expression.Constant(r.From), Expression.Constant(r.To)));
                    s.SetProperty(column, Expression.Lambda<Func<T, string?>>(value, column.Parameters));
                }
            }, ct);

        private static Expression<Func<T, bool>> HeldIn<T>(IReadOnlyList<(string From, string To)> rewrites, Expression<Func<T, string?>>[] columns)
        {
            var row = Expression.Parameter(typeof(T), "row");
            Expression any = Expression.Constant(false);
            foreach (var column in columns)
            {
                var value = Expression.MakeMemberAccess(row, ((MemberExpression)column.Body).Member);
                foreach (var (from, _) in rewrites)
                {
                    any = Expression.OrElse(any, Expression.AndAlso(
                        Expression.NotEqual(value, Expression.Constant(null, typeof(string))),
                        Expression.Call(value, Contains, Expression.Constant(from))));
                }
            }

            return Expression.Lambda<Func<T, bool>>(any, row);
        }
    }
}
