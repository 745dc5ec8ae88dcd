using Allyship.Web.Data;
using Allyship.Web.Infrastructure;
using Allyship.Web.Infrastructure.Database;
using Allyship.Web.Infrastructure.Email;
using Allyship.Web.Infrastructure.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Allyship.Web.Features.Shared;

namespace Allyship.Web.Features.Voice;

/// <summary>
/// What a colleague can do from her signed link, without an account: answer about a week's actions, make her
/// choices (emails, being named), raise a concern, answer the pulse. Every command is one transaction.
/// </summary>
public static class ColleagueVoice
{
    /// <summary>The colleague a link is for, with her choices.</summary>
    public sealed record Visitor(int Id, string Name, string Email, bool EmailsStopped, bool NotNamed);

    /// <summary>One action she is asked about, with her answer so far.</summary>
    public sealed record Item(AskedAction Action, ConfirmationAnswer? Answer, int? Usefulness, string? Comment, bool CommentShared);

    /// <summary>Her answer about one action, as posted.</summary>
    public sealed class AnswerInput
    {
        public int ActionId { get; set; }

        /// <summary>"happened", "didnt" or empty (not answered).</summary>
        public string? Answer { get; set; }

        public int? Usefulness { get; set; }
        public string? Comment { get; set; }
        public bool Share { get; set; }

        public ConfirmationAnswer? Parsed => Answer switch
        {
            "happened" => ConfirmationAnswer.Happened,
            "didnt" => ConfirmationAnswer.DidNotHappen,
            _ => null,
        };
    }

    /// <summary>One of her concerns as she sees it through her link: its reference, where it is, and the team's replies (never the notes).</summary>
    public sealed record HerConcern(int Id, DateTime SentUtc, bool Anonymous, ConcernState State, IReadOnlyList<HerReply> Replies)
    {
        public string Reference => Concern.ReferenceOf(Id);
    }

    public sealed record HerReply(DateTime WrittenUtc, string Text);

    public enum SaveOutcome
    {
        Saved,
        NotHers,
        Invalid,
    }

    public sealed class Handler(AllyshipDbContext db, TimeProvider clock, NoteProtector protector, IOptions<AppOptions> app,
        EmailRenderer renderer, Infrastructure.Telemetry.AllyshipMetrics metrics, Infrastructure.Localisation.OfferedLanguages languages,
        Notifications.PushDevices push)
    {
        public Task<Visitor?> VisitorAsync(VoiceLink link, CancellationToken ct) =>
            db.Colleagues.AsNoTracking().Where(Colleague.Present).Where(c => c.Id == link.ColleagueId)
                .Select(c => new Visitor(c.Id, c.Name, c.Email, c.EmailsStopped, c.NotNamed))
                .SingleOrDefaultAsync(ct);

        /// <summary>The actions of the link's week she was asked about, oldest first.</summary>
        public async Task<List<Item>> ItemsAsync(VoiceLink link, CancellationToken ct) =>
            await db.Confirmations.AsNoTracking()
                .Where(c => c.ColleagueId == link.ColleagueId && c.Action.WeekStart == link.Key)
                .Join(db.Users, c => c.Action.MentorId, u => u.Id, (c, u) => new { c, Mentor = u.DisplayName })
                .OrderBy(x => x.c.Action.OccurredOn).ThenBy(x => x.c.ActionId)
                .Select(x => new Item(
                    new AskedAction(x.c.ActionId, x.c.Action.Kind, x.c.Action.OccurredOn, x.Mentor, x.c.Action.Program.Name,
                        x.c.Action.Topics, x.c.Action.Achievement, x.c.Action.WhereGiven, x.c.Action.SeniorLeader, x.c.Action.Accomplishment),
                    x.c.Answer, x.c.Usefulness, x.c.Comment, x.c.CommentShared))
                .ToListAsync(ct);

        /// <summary>The sentences for answers that can't be saved, by action; empty when all can.</summary>
        public static Dictionary<int, string> Check(IEnumerable<AnswerInput> answers)
        {
            var errors = new Dictionary<int, string>();
            foreach (var a in answers)
            {
                if (a.Answer is { Length: > 0 } && a.Parsed is null)
                {
                    errors[a.ActionId] = Infrastructure.Localisation.Text.Words["Choose “It happened” or “It didn't”."];
                }
                else if (a.Usefulness is { } u && u is < 1 or > 5)
                {
                    errors[a.ActionId] = Infrastructure.Localisation.Text.Words["Usefulness is from 1 (not useful) to 5 (very useful)."];
                }
                else if (a.Comment?.Trim() is { Length: > Confirmation.CommentMaxLength })
                {
                    errors[a.ActionId] = Infrastructure.Localisation.Text.Words["The comment can be at most {0} characters.", Confirmation.CommentMaxLength];
                }
            }

            return errors;
        }

        /// <summary>
        /// Saves her answers in one transaction. An action that is not one she was asked about for this week refuses the
        /// whole form (nothing changes); submitting twice simply saves the same answers again.
        /// </summary>
        public async Task<SaveOutcome> SaveAsync(VoiceLink link, IReadOnlyList<AnswerInput> answers, CancellationToken ct, Action? alsoInTransaction = null)
        {
            if (Check(answers).Count > 0)
            {
                return SaveOutcome.Invalid;
            }

            var ids = answers.Select(a => a.ActionId).Distinct().ToList();
            var programIds = new List<int>();
            var firstAnswers = new List<ConfirmationAnswer>();
            var outcome = await db.InTransactionAsync(
                async () =>
                {
                    firstAnswers.Clear(); // a retried transaction: only its last run counts
                    var rows = await db.Confirmations
                        .Where(c => c.ColleagueId == link.ColleagueId && c.Action.WeekStart == link.Key && ids.Contains(c.ActionId))
                        .ToDictionaryAsync(c => c.ActionId, ct);
                    if (rows.Count != ids.Count)
                    {
                        return SaveOutcome.NotHers;
                    }

                    programIds.AddRange(await db.Actions.Where(a => ids.Contains(a.Id)).Select(a => a.ProgramId).Distinct().ToListAsync(ct));
                    var now = clock.GetUtcNow().UtcDateTime;
                    var confirmed = new List<int>();
                    foreach (var a in answers)
                    {
                        var row = rows[a.ActionId];
                        if (row.Answer is null && a.Parsed == ConfirmationAnswer.Happened)
                        {
                            confirmed.Add(a.ActionId); // her first answer: a change of mind later is no news
                        }

                        var comment = string.IsNullOrWhiteSpace(a.Comment) ? null : a.Comment.Trim();
                        if (row.Answer != a.Parsed || row.Usefulness != a.Usefulness || row.Comment != comment || row.CommentShared != (a.Share && comment is not null))
                        {
                            if (row.Answer is null && a.Parsed is { } first)
                            {
                                firstAnswers.Add(first);
                            }

                            row.Answer = a.Parsed;
                            row.Usefulness = a.Parsed is null ? null : a.Usefulness;
                            row.Comment = comment;
                            row.CommentShared = a.Share && comment is not null;
                            row.AnsweredUtc = a.Parsed is null ? null : now;
                        }
                    }

                    await TellMentorsAsync(link.ColleagueId, confirmed, ct);
                    alsoInTransaction?.Invoke(); // what the caller adds to the same commit (a chat message showing her answer)
                    return SaveOutcome.Saved;
                },
                ct,
                retryWhenBeatenTo: true); // the same answer saved twice at once (a double tap): the second finds the first's news queued
            if (outcome == SaveOutcome.Saved)
            {
                foreach (var answer in firstAnswers)
                {
                    metrics.ConfirmationAnswered(answer == ConfirmationAnswer.Happened);
                }
            }

            return outcome;
        }

        /// <summary>
        /// "Chen confirmed your coffee": a notification to each device the mentor turned notifications on in, in the same
        /// commit as her first answer, once per action.
        /// </summary>
        private async Task TellMentorsAsync(int colleagueId, List<int> confirmed, CancellationToken ct)
        {
            if (confirmed.Count == 0)
            {
                return;
            }

            var actions = await db.Actions.AsNoTracking().Where(a => confirmed.Contains(a.Id))
                .Join(db.Users, a => a.MentorId, u => u.Id, (a, u) => new { a.Id, a.Kind, a.MentorId, a.WeekStart, u.Language }).ToListAsync(ct);
            var devices = await push.ForAsync(actions.Select(a => a.MentorId).Distinct().ToList(), ct);
            if (devices.Count == 0)
            {
                return;
            }

            var name = Shared.Words.FirstName(await db.Colleagues.AsNoTracking().Where(c => c.Id == colleagueId).Select(c => c.Name).SingleAsync(ct));
            var told = await push.QueuedAsync(actions.Select(a => About(a.Id)).ToList(), ct);
            var expires = clock.GetUtcNow().UtcDateTime.AddDays(7);
            foreach (var action in actions.Where(a => devices[a.MentorId].Any() && !told.Contains(About(a.Id))))
            {
                using var inTheirLanguage = Infrastructure.Localisation.Cultures.Use(languages.For(action.Language));
                var words = Infrastructure.Localisation.Text.Words;
                var title = action.Kind switch
                {
                    ActionKind.Coffee => words["{0} confirmed your coffee", name],
                    ActionKind.ShoutOut => words["{0} confirmed your shout-out", name],
                    _ => words["{0} confirmed your sponsor note", name],
                };
                // Her answer only: how useful she found it stays in the program's numbers, as on the action's page.
                push.Queue(devices[action.MentorId], action.MentorId, About(action.Id), title, words["It shows as confirmed on the action."], $"/actions/{action.Id}", expires);
            }

            static string About(int actionId) => $"confirmed:{actionId}";
        }

        /// <summary>Her two choices; nothing else (no import, no admin edit) ever changes them.</summary>
        public Task SetChoicesAsync(VoiceLink link, bool stopEmails, bool notNamed, CancellationToken ct) =>
            db.InTransactionAsync(
                async () =>
                {
                    var colleague = await db.Colleagues.SingleAsync(c => c.Id == link.ColleagueId, ct);
                    if ((colleague.EmailsStopped, colleague.NotNamed) != (stopEmails, notNamed))
                    {
                        colleague.EmailsStopped = stopEmails;
                        colleague.NotNamed = notNamed;
                        colleague.ConsentChangedUtc = clock.GetUtcNow().UtcDateTime;
                    }

                    return true;
                },
                ct);

        /// <summary>One-click stop (List-Unsubscribe): emails stop, being named is left as it is.</summary>
        public async Task StopEmailsAsync(VoiceLink link, CancellationToken ct)
        {
            var notNamed = await db.Colleagues.Where(c => c.Id == link.ColleagueId).Select(c => c.NotNamed).SingleAsync(ct);
            await SetChoicesAsync(link, stopEmails: true, notNamed, ct);
        }

        /// <summary>
        /// Her concerns, newest first, with the team's replies: found by the tie only the app can read, so anonymous ones
        /// come back to her link too without the team learning who she is.
        /// </summary>
        public async Task<List<HerConcern>> HerConcernsAsync(VoiceLink link, CancellationToken ct)
        {
            var tied = await db.Concerns.AsNoTracking().Where(c => c.ReplyTo != null || c.ColleagueId == link.ColleagueId)
                .Select(c => new { c.Id, c.ColleagueId, c.ReplyTo }).ToListAsync(ct);
            // Named concerns raised before the tie existed are hers by their colleague id.
            var ids = tied.Where(c => c.ColleagueId == link.ColleagueId || ConcernReplies.IsFor(protector, c.ReplyTo, link.ColleagueId)).Select(c => c.Id).ToList();
            if (ids.Count == 0)
            {
                return [];
            }

            var concerns = await db.Concerns.AsNoTracking().Where(c => ids.Contains(c.Id)).OrderByDescending(c => c.CreatedUtc)
                .Select(c => new
                {
                    c.Id, c.CreatedUtc, Anonymous = c.ColleagueId == null, c.State,
                    Replies = c.Entries.Where(e => e.Kind == ConcernEntryKind.Reply).OrderBy(e => e.CreatedUtc).Select(e => new { e.CreatedUtc, e.Text }).ToList(),
                })
                .ToListAsync(ct);
            return concerns.Select(c => new HerConcern(c.Id, c.CreatedUtc, c.Anonymous, c.State,
                c.Replies.Select(r => new HerReply(r.CreatedUtc, protector.Unprotect(r.Text) ?? "")).ToList())).ToList();
        }

        /// <summary>
        /// Stores the concern encrypted and tells every active program admin and HR user, in one transaction. The
        /// email says a concern arrived, never what it says: reading it happens on the Concerns page, where it is audited.
        /// </summary>
        public Task<int> RaiseConcernAsync(VoiceLink link, string message, bool anonymous, CancellationToken ct) =>
            db.InTransactionAsync(
                async () =>
                {
                    var now = clock.GetUtcNow().UtcDateTime;
                    var concern = new Concern
                    {
                        ColleagueId = anonymous ? null : link.ColleagueId,
                        Message = protector.Protect(message.Trim())!,
                        ReplyTo = ConcernReplies.ReplyToOf(protector, link.ColleagueId),
                        CreatedUtc = now,
                    };
                    db.Concerns.Add(concern);
                    await db.SaveChangesAsync(ct);

                    var roleIds = db.Roles.Where(r => r.Name == Roles.ProgramAdmin || r.Name == Roles.HR).Select(r => r.Id);
                    var team = await db.Users.AsNoTracking().Where(AppUser.Active)
                        .Where(u => u.Email != null && db.UserRoles.Any(ur => ur.UserId == u.Id && roleIds.Contains(ur.RoleId)))
                        .Select(u => new { u.Id, u.Email, u.DisplayName, u.PreferredName, u.Language })
                        .ToListAsync(ct);
                    foreach (var person in team)
                    {
                        using var inTheirLanguage = Infrastructure.Localisation.Cultures.Use(languages.For(person.Language));
                        var content = await VoiceEmails.ConcernRaisedAsync(renderer, Features.Shared.Words.Greeting(person.PreferredName, person.DisplayName),
                            anonymous, app.Value.Link($"/concerns/{concern.Id}"));
                        db.Emails.Add(new OutgoingEmail(person.Email!, person.DisplayName, content.Subject, content.Html, content.Text,
                            EmailKind.ConcernRaised, $"concern:{concern.Id}:{person.Id}", person.Id).ToRow(now));
                    }

                    return concern.Id;
                },
                ct);
    }
}
