using System.Security.Claims;
using Allyship.Web.Data;
using Allyship.Web.Features.People;
using Allyship.Web.Features.Shared;
using Allyship.Web.Infrastructure.Database;
using Allyship.Web.Infrastructure.Email;
using Allyship.Web.Infrastructure.Privacy;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Concerns;

/// <summary>
/// What the program team does with a concern: move it along (new, in progress, resolved) and give it an owner; add an
/// internal note; write her a reply she reads through her link. Each is one transaction with its audit entry (never
/// the text) and, for a reply to a named concern, the email that says there is one (never the reply).
/// </summary>
public static class HandleConcern
{
    public enum Outcome
    {
        Done,
        NotFound,
        Invalid,
    }

    public sealed record Result(Outcome Outcome, string Message);

    private static readonly Func<Colleague, bool> IsPresent = Colleague.Present.Compile();

    /// <summary>How she will hear of a reply; the one home of "can we email her about it".</summary>
    public static ConcernInbox.ReplyReach ReachOf(Colleague? colleague) => colleague switch
    {
        null => ConcernInbox.ReplyReach.LinkOnlyAnonymous,
        _ when !IsPresent(colleague) => ConcernInbox.ReplyReach.LinkOnlyErased,
        { EmailsStopped: true } => ConcernInbox.ReplyReach.LinkOnlyEmailsStopped,
        _ => ConcernInbox.ReplyReach.EmailAndLink,
    };

    /// <summary>Why a text can't be saved, as a sentence; null when it can.</summary>
    public static string? Check(string? text, string what) =>
        string.IsNullOrWhiteSpace(text) ? $"Write the {what} first."
        : text.Trim().Length > ConcernEntry.TextMaxLength ? $"Keep the {what} to {ConcernEntry.TextMaxLength} characters."
        : null;

    public sealed class Handler(AllyshipDbContext db, NoteProtector protector, AuditLog audit, TimeProvider clock, EmailRenderer renderer, VoiceLinks links,
        Infrastructure.Localisation.OfferedLanguages languages)
    {
        /// <summary>Sets the state and the owner (a program admin or HR user, or nobody); each change audited.</summary>
        public Task<Result> UpdateAsync(ClaimsPrincipal actor, int id, ConcernState state, string? ownerId, CancellationToken ct) =>
            db.InTransactionAsync(
                async () =>
                {
                    if (await db.Concerns.SingleOrDefaultAsync(c => c.Id == id, ct) is not { } concern)
                    {
                        return new Result(Outcome.NotFound, "");
                    }

                    if (!Enum.IsDefined(state))
                    {
                        return new Result(Outcome.Invalid, "Choose new, in progress or resolved.");
                    }

                    ownerId = string.IsNullOrWhiteSpace(ownerId) ? null : ownerId;
                    string? ownerName = null;
                    if (ownerId is not null && (ownerName = await ConcernInbox.Team(db).Where(u => u.Id == ownerId).Select(u => u.DisplayName).SingleOrDefaultAsync(ct)) is null)
                    {
                        return new Result(Outcome.Invalid, "Choose a program admin or HR user as the owner.");
                    }

                    var target = $"concern {concern.Id}";
                    var changed = new List<string>();
                    if (concern.State != state)
                    {
                        audit.Record(actor, "concern.state", target, $"{Concern.StateLabel(concern.State)} → {Concern.StateLabel(state)}");
                        changed.Add($"it is {Concern.StateLabel(state).ToLowerInvariant()}");
                        concern.State = state;
                    }

                    if (concern.OwnerId != ownerId)
                    {
                        audit.Record(actor, "concern.owner", target, ownerName is null ? "no owner" : $"owner: {ownerName}");
                        changed.Add(ownerName is null ? "nobody owns it" : $"{ownerName} owns it");
                        concern.OwnerId = ownerId;
                    }

                    await db.SaveChangesAsync(ct);
                    return new Result(Outcome.Done, changed.Count == 0 ? "Nothing changed." : $"Saved: {string.Join(" and ", changed)}.");
                },
                ct);

        /// <summary>An internal note, for the program team only: encrypted like the concern, audited without its text.</summary>
        public Task<Result> AddNoteAsync(ClaimsPrincipal actor, int id, string? text, CancellationToken ct) =>
            AddAsync(actor, id, ConcernEntryKind.Note, text, ct);

        /// <summary>
        /// A reply to her: encrypted, shown on her concern page (any of her links), audited without its text. A new concern
        /// moves to in progress with it. When she gave her name and still takes the program's emails, she is emailed that
        /// there is a reply, with a fresh link, and never its text; otherwise only her link shows it.
        /// </summary>
        public Task<Result> ReplyAsync(ClaimsPrincipal actor, int id, string? text, CancellationToken ct) =>
            AddAsync(actor, id, ConcernEntryKind.Reply, text, ct);

        private Task<Result> AddAsync(ClaimsPrincipal actor, int id, ConcernEntryKind kind, string? text, CancellationToken ct)
        {
            var what = kind == ConcernEntryKind.Reply ? "reply" : "note";
            if (Check(text, what) is { } error)
            {
                return Task.FromResult(new Result(Outcome.Invalid, error));
            }

            if (kind == ConcernEntryKind.Reply)
            {
                links.EnsureKey(); // the key ring lives in the database: load it before the write transaction (SQLite)
            }

            return db.InTransactionAsync(
                async () =>
                {
                    if (await db.Concerns.Include(c => c.Colleague).SingleOrDefaultAsync(c => c.Id == id, ct) is not { } concern)
                    {
                        return new Result(Outcome.NotFound, "");
                    }

                    var now = clock.GetUtcNow().UtcDateTime;
                    var target = $"concern {concern.Id}";
                    var entry = new ConcernEntry
                    {
                        ConcernId = concern.Id, Kind = kind, Text = protector.Protect(text!.Trim())!,
                        AuthorId = actor.FindFirstValue(ClaimTypes.NameIdentifier), CreatedUtc = now,
                    };
                    db.ConcernEntries.Add(entry);
                    if (kind == ConcernEntryKind.Note)
                    {
                        audit.Record(actor, "concern.note", target);
                        await db.SaveChangesAsync(ct);
                        return new Result(Outcome.Done, "Note added. Only the program team can read it.");
                    }

                    if (concern.State == ConcernState.New)
                    {
                        audit.Record(actor, "concern.state", target, $"{Concern.StateLabel(ConcernState.New)} → {Concern.StateLabel(ConcernState.InProgress)} (with the reply)");
                        concern.State = ConcernState.InProgress;
                    }

                    var reach = ReachOf(concern.Colleague);
                    audit.Record(actor, "concern.reply", target, reach == ConcernInbox.ReplyReach.EmailAndLink ? "she is emailed that there is a reply" : "no email: she reads it through her link");
                    await db.SaveChangesAsync(ct);
                    if (reach != ConcernInbox.ReplyReach.EmailAndLink)
                    {
                        return new Result(Outcome.Done, "Reply saved. She can't be emailed, so she reads it when she opens her concern link (any email from the program ends with it).");
                    }

                    var her = concern.Colleague!;
                    var token = links.NewToken(VoicePurpose.ConcernReply, her.Id, DateOnly.FromDateTime(now));
                    using var inHerLanguage = Infrastructure.Localisation.Cultures.Use(languages.For(her.Language));
                    var content = await ConcernEmails.ReplyAsync(renderer, her.Name, Concern.ReferenceOf(concern.Id), links.Concern(token), links.Footer(token));
                    db.Emails.Add(new OutgoingEmail(her.Email, her.Name, content.Subject, content.Html, content.Text, EmailKind.ConcernReply,
                        $"concern-reply:{entry.Id}", UnsubscribeUrl: links.Stop(token)).ToRow(now));
                    await db.SaveChangesAsync(ct);
                    return new Result(Outcome.Done, "Reply saved. She is emailed that there is a reply (not what it says) and reads it through her link.");
                },
                ct);
        }
    }
}
