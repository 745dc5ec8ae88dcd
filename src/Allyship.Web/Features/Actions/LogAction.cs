using Allyship.Web.Data;
using Allyship.Web.Infrastructure.Localisation;
using Allyship.Web.Features.Insights;
using Allyship.Web.Features.Pledge;
using Allyship.Web.Features.Shared;
using Allyship.Web.Infrastructure.Database;
using Allyship.Web.Infrastructure.Privacy;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Actions;

/// <summary>A mentor logs one coffee, shout-out or sponsor note.</summary>
public static class LogAction
{
    public sealed record Command(string MentorId, ActionInput Input);

    public sealed record Result(int? ActionId, IReadOnlyList<FieldError> Errors)
    {
        public bool Succeeded => ActionId is not null;
    }

    public sealed class Handler(AllyshipDbContext db, ProgramCalendar calendar, ColleagueResolver colleagues, RollupRefresher rollups, NoteProtector notes, DataChanges changes,
        Infrastructure.Telemetry.AllyshipMetrics metrics, Infrastructure.Localisation.OfferedLanguages languages)
    {
        /// <summary>
        /// The action, a new colleague if one was typed, and the rollup of a closed week it lands in: one commit. The same
        /// form posted twice (a double click, a retry) finds the first action by its submission id and returns it.
        /// </summary>
        public async Task<Result> HandleAsync(Command command, CancellationToken ct)
        {
            var input = command.Input;
            if (!ActionKinds.TryParse(input.Kind, out var kind))
            {
                return Fail(nameof(input.Kind), Text.Words["Choose coffee, shout-out or sponsor note."]);
            }

            // No connection is opened before the write (the program and the colleague are usually kept, below): on SQLite the
            // transaction opens one only once it holds the writers' queue, so the writes of a busy moment go through one
            // pooled connection in turn, whose page cache no other writer's commit has made stale (issue 19's profile: a
            // connection opened early, one per waiting request, re-read the pages of every index the INSERT touches).

            // The checks only read, and come first, outside the write transaction: on SQLite the writers of the whole
            // app queue for that one lock (CommandTransaction), so it holds only what must be read with the write.
            var program = await EnrolledProgramAsync(command.MentorId, input.ProgramId, ct);
            if (program is null)
            {
                return Fail(nameof(input.ProgramId), Text.Words["You are not enrolled in that program. Choose one of your programs."]);
            }

            input.Minutes ??= program.Targets.DefaultMinutesFor(kind);
            var days = LoggableDays.For(program.StartDate, program.EndDate, calendar.Today(program));
            var picked = await colleagues.PickableAsync(input.ColleagueId, ct);
            var errors = ActionRules.Validate(input, days, colleagueKnown: picked is not null);
            if (errors.Count == 0 && await colleagues.TypedUnavailableAsync(input, ct) is { } unavailable)
            {
                errors.Add(new(nameof(input.NewColleagueEmail), unavailable));
            }

            if (errors.Count > 0 && (await EarlierAsync(command, kind, ct)).Repeat is null)
            {
                return new Result(null, errors);
            }

            var logged = false;
            var result = await db.InTransactionAsync(async () =>
            {
                logged = false; // a retried transaction: only its last run counts
                await db.LockProgramForActionsAsync(input.ProgramId, ct);
                var (repeat, submission) = await EarlierAsync(command, kind, ct);
                if (repeat is { } earlier)
                {
                    return new Result(earlier, []);
                }

                var action = new PledgeAction
                {
                    Kind = kind,
                    ProgramId = program.Id,
                    MentorId = command.MentorId,
                    OccurredOn = input.OccurredOn!.Value,
                    WeekStart = PledgeWeek.Containing(input.OccurredOn.Value).Monday,
                    Minutes = input.Minutes.Value,
                    SubmissionId = submission,
                };
                var colleague = await colleagues.ResolveAsync(input, ct, picked);
                if (colleague.Id == 0)
                {
                    await db.SaveChangesAsync(ct); // a colleague typed in, new to the directory: saved first, for her id
                }

                action.ColleagueId = colleague.Id;
                input.ApplyDetailsTo(action, notes);
                await colleagues.ApplyLeaderAsync(action, ct);
                await db.InsertAsync(action, calendar.UtcNow, ct); // one INSERT, not SaveChanges' pipeline: the hot path (issue 19)
                if (kind == ActionKind.Coffee && await PlanThisCoffeeClosesAsync(command.MentorId, input, action, program, ct) is { } plan)
                {
                    plan.LoggedActionId = action.Id; // the plan became this coffee: off This week, in the same commit
                    await db.SaveChangesAsync(ct);
                }

                // Her choice asked afresh, not from the picked colleague kept by ColleagueResolver: a chat post can't be taken back.
                if (kind == ActionKind.ShoutOut && input.PostToChat && program.PostsToChat
                    && await db.Colleagues.AsNoTracking().Where(c => c.Id == action.ColleagueId).AnyAsync(Colleague.Nameable, ct))
                {
                    // The public shout-out made public, in the same commit; never for someone who asked not to be named.
                    var mentor = await db.Users.AsNoTracking().Where(u => u.Id == command.MentorId).Select(u => u.DisplayName).SingleAsync(ct);
                    var now = calendar.UtcNow;
                    string post;
                    using (Infrastructure.Localisation.Cultures.Use(languages.Default))
                    {
                        post = Chat.ChatText.ShoutOut(mentor, colleague.Name, action.Achievement); // the channel reads the program's language
                    }

                    db.ChatPosts.Add(new ChatPost
                    {
                        ProgramId = program.Id, ActionId = action.Id, Text = post, NextAttemptUtc = now,
                        CreatedUtc = now, UpdatedUtc = now,
                    });
                    await db.SaveChangesAsync(ct);
                }

                await rollups.RefreshAsync(program, command.MentorId, [action.WeekStart], ct);
                logged = true;
                return new Result(action.Id, []);
            }, ct, retryWhenBeatenTo: true);

            if (logged)
            {
                metrics.ActionLogged(kind); // committed, and new: a repeat of the same form is not a second action
            }

            return result;
        }

        /// <summary>
        /// The open plan a logged coffee fulfils: the one its "Log it" named, or else, for a coffee logged by hand, the
        /// mentor's open plan with the same colleague on the same day (in the plan's zone), so it is never left pending
        /// and counted again later (issue 32).
        /// </summary>
        private async Task<PlannedCoffee?> PlanThisCoffeeClosesAsync(string mentorId, ActionInput input, PledgeAction action, PledgeProgram program,
            CancellationToken ct)
        {
            if (input.PlannedCoffeeId is { } planned)
            {
                return await db.PlannedCoffees.Where(PlannedCoffee.Open).SingleOrDefaultAsync(p => p.Id == planned && p.MentorId == mentorId, ct);
            }

            // A day either side in UTC holds every zone's version of that day; the day itself is checked in the plan's zone.
            var from = action.OccurredOn.AddDays(-1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            var to = action.OccurredOn.AddDays(2).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            var candidates = await db.PlannedCoffees.Where(PlannedCoffee.Open)
                .Where(p => p.MentorId == mentorId && p.ProgramId == program.Id && p.ColleagueId == action.ColleagueId && p.StartsUtc >= from && p.StartsUtc < to)
                .OrderBy(p => p.StartsUtc).ToListAsync(ct);
            return candidates.FirstOrDefault(p => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(p.StartsUtc, TimeZones.Find(p.TimeZoneId))) == action.OccurredOn);
        }

        /// <summary>
        /// The program the mentor is enrolled in (not left), or null. Every log POST asks it first, so it is kept like the
        /// picked colleague (<see cref="ColleagueResolver.PickableAsync"/>): until an enrolment or a program changes on this
        /// instance, or for <see cref="ColleagueResolver.CachedFor"/> (another instance's change, e.g. a mentor leaving). The
        /// program returned is shared between requests: read only.
        /// </summary>
        private async Task<PledgeProgram?> EnrolledProgramAsync(string mentorId, int programId, CancellationToken ct) =>
            (await changes.GetOrReadAsync($"enrolled-program:{mentorId}:{programId}", EnrolmentTopics, ColleagueResolver.CachedFor,
                async () => new Enrolled(await EnrolledProgram(db, mentorId, programId, ct)), ct: ct)).Program;

        private static readonly IReadOnlyList<string> EnrolmentTopics = [DataChanges.Of<Enrolment>(), DataChanges.Of<PledgeProgram>()];

        private sealed record Enrolled(PledgeProgram? Program);

        /// <summary>The program the mentor is enrolled in (not left), compiled.</summary>
        private static readonly Func<AllyshipDbContext, string, int, CancellationToken, Task<PledgeProgram?>> EnrolledProgram = EF.CompileAsyncQuery(
            (AllyshipDbContext db, string mentorId, int programId, CancellationToken ct) => db.Enrolments.AsNoTracking()
                .Where(Enrolment.InProgram).Where(e => e.MentorId == mentorId && e.ProgramId == programId)
                .Select(e => e.Program)
                .SingleOrDefault());

        /// <summary>
        /// The action this same form already logged (a double click, a retry), found by its submission id — when it is what
        /// was sent again. A page kept as rendered for a minute (PersonalPageCache) hands one submission id to every tab
        /// opened in that minute, so a different action under a known id is a second form, not a repeat: it is logged under
        /// <c>Id</c>, an id drawn from the sent one and what was sent, where its own repeat finds it — never dropped.
        /// </summary>
        private async Task<(int? Repeat, Guid? Id)> EarlierAsync(Command command, ActionKind kind, CancellationToken ct)
        {
            var input = command.Input;
            if (input.SubmissionId is not { } sent)
            {
                return (null, null);
            }

            var second = SecondFormId(sent, kind, input);
            var earlier = await db.Actions.AsNoTracking()
                .Where(a => a.MentorId == command.MentorId && (a.SubmissionId == sent || a.SubmissionId == second))
                .Select(a => new { a.Id, a.SubmissionId, a.Kind, a.ProgramId, a.OccurredOn, a.ColleagueId }).ToListAsync(ct);
            var repeat = earlier.FirstOrDefault(a => a.SubmissionId == second
                || (a.Kind == kind && a.ProgramId == input.ProgramId && a.OccurredOn == input.OccurredOn
                    && (input.ColleagueId is null || input.ColleagueId == a.ColleagueId)));
            return repeat is not null ? (repeat.Id, null) : (null, earlier.Count == 0 ? sent : second);
        }

        /// <summary>The same every time for one form id and what was sent with it (so a repeat finds it), another for anything else.</summary>
        private static Guid SecondFormId(Guid sent, ActionKind kind, ActionInput input)
        {
            var what = string.Join('|', sent, kind, input.ProgramId, input.OccurredOn, input.ColleagueId, input.NewColleagueEmail?.Trim().ToUpperInvariant());
            return new Guid(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(what)).AsSpan(0, 16));
        }

        private static Result Fail(string field, string message) => new(null, [new FieldError(field, message)]);
    }
}
