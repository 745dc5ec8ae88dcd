using Allyship.Web.Data;
using Allyship.Web.Features.Pledge;
using Allyship.Web.Infrastructure;
using Allyship.Web.Infrastructure.Database;
using Allyship.Web.Infrastructure.Email;
using Allyship.Web.Infrastructure.Telemetry;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Allyship.Web.Features.Shared;

namespace Allyship.Web.Features.Voice;

/// <summary>
/// The weekly confirmation batch. Once a week has ended in every program that asks colleagues to confirm, each
/// colleague named in that week's actions (with an email, not opted out) gets one email for the week: every mentor's
/// actions about her together, across programs. Set-based: one read, one prepared insert for the questions and one
/// for the emails, in one transaction with the <see cref="ConfirmationRound"/> marker whose key makes a second run
/// (or a second server) a no-op. Only the week that just ended is asked about; weeks missed in an outage are not.
/// </summary>
public sealed class ConfirmationJob(AllyshipDbContext db, VoiceLinks links, TimeProvider clock,
    EmailRenderer renderer, JobLeases leases, AllyshipMetrics metrics, Chat.ChatAppStore chatApps, Infrastructure.Localisation.OfferedLanguages languages,
    ILogger<ConfirmationJob> log)
{
    public sealed record Result(DateOnly? Week, int Colleagues, int Actions);

    /// <summary>The recurring job: one run at a time across instances (<see cref="JobLeases"/>); when another run holds the lease, nothing.</summary>
    [AutomaticRetry(Attempts = 1)]
    public Task<Result> RunAsync(CancellationToken ct = default) =>
        leases.RunAsync(JobsSetup.Ids.Confirmations, AskAboutWeekJustEndedAsync, new Result(null, 0, 0), ct);

    private async Task<Result> AskAboutWeekJustEndedAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var zones = await db.Programs.AsNoTracking()
            .Where(PledgeProgram.Live).Where(p => p.AskColleaguesToConfirm)
            .Select(p => p.TimeZoneId).Distinct().ToListAsync(ct);
        if (zones.Count == 0)
        {
            return new Result(null, 0, 0);
        }

        var week = PledgeWeek.EndedEverywhere(now, zones);
        if (await db.ConfirmationRounds.AnyAsync(r => r.WeekStart == week.Monday, ct))
        {
            return new Result(week.Monday, 0, 0);
        }

        return await AskAsync(week, ct);
    }

    /// <summary>Asks about one week; a week already asked (by an earlier or concurrent run) asks nothing.</summary>
    public async Task<Result> AskAsync(PledgeWeek week, CancellationToken ct)
    {
        AllyshipMetrics.TagRun("allyship.week", week.Monday.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        var now = clock.GetUtcNow().UtcDateTime;
        links.EnsureKey();
        var colleagues = 0;
        var programs = new List<int>();
        var asked = 0;
        // With the Slack app installed, each colleague is also asked in a direct message, if the workspace has someone
        // under her directory email (looked up when it is sent, never guessed); the same answers as her email's link.
        var slackTeam = await chatApps.SlackTeamAsync(ct);
        var done = await db.RunOnceAsync(new ConfirmationRound { WeekStart = week.Monday, SentUtc = now }, async round =>
        {
            var rows = await db.Actions.AsNoTracking()
                .Where(PledgeProgram.Live.Through((PledgeAction a) => a.Program)).Where(a => a.WeekStart == week.Monday && a.Program.AskColleaguesToConfirm)
                .Where(a => !db.Confirmations.Any(c => c.ActionId == a.Id))
                .Where(a => db.Colleagues.Where(Colleague.Emailable).Select(c => c.Id).Contains(a.ColleagueId))
                .Join(db.Users, a => a.MentorId, u => u.Id, (a, u) => new { a, Mentor = u.DisplayName })
                .OrderBy(x => x.a.ColleagueId).ThenBy(x => x.a.OccurredOn).ThenBy(x => x.a.Id)
                .Select(x => new
                {
                    x.a.ColleagueId, x.a.ProgramId, ColleagueName = x.a.Colleague.Name, ColleagueEmail = x.a.Colleague.Email, ColleagueLanguage = x.a.Colleague.Language,
                    Asked = new AskedAction(x.a.Id, x.a.Kind, x.a.OccurredOn, x.Mentor, x.a.Program.Name,
                        x.a.Topics, x.a.Achievement, x.a.WhereGiven, x.a.SeniorLeader, x.a.Accomplishment),
                })
                .ToListAsync(ct);

            DataChangesInterceptor.Wrote(db, typeof(Confirmation)); // rows inserted past SaveChanges: their commit drops what was kept of them
            await using (var insertConfirmation = await BulkInsert<Confirmation>.CreateAsync(db, ct))
            await using (var insertEmail = await BulkInsert<EmailMessage>.CreateAsync(db, ct))
            {
                foreach (var group in rows.GroupBy(r => r.ColleagueId))
                {
                    var first = group.First();
                    using var inHerLanguage = Infrastructure.Localisation.Cultures.Use(languages.For(first.ColleagueLanguage));
                    var token = links.NewToken(VoicePurpose.Confirm, group.Key, week.Monday);
                    var content = await VoiceEmails.ConfirmationAsync(renderer, first.ColleagueName, week.Monday, group.Select(g => g.Asked).ToList(),
                        links.Confirm(token), links.Footer(token));
                    var email = new OutgoingEmail(first.ColleagueEmail, first.ColleagueName, content.Subject, content.Html, content.Text,
                        EmailKind.Confirmation, $"confirm:{week.Monday:yyyy-MM-dd}:{group.Key}", UnsubscribeUrl: links.Stop(token));
                    await insertEmail.AddAsync(email.ToRow(now), ct);
                    if (slackTeam is not null)
                    {
                        var message = Chat.SlackBlocks.Confirmation(first.ColleagueName,
                            group.Select(g => (g.Asked.ActionId, g.Asked.Title, g.Asked.When, g.Asked.Describe())).ToList(), token, links.Confirm(token));
                        Chat.ChatCalls.Queue(db, slackTeam, "chat.postMessage", message, $"confirm:{week.Monday:yyyy-MM-dd}:{group.Key}:slack", now, lookupEmail: first.ColleagueEmail);
                    }

                    foreach (var action in group)
                    {
                        await insertConfirmation.AddAsync(new Confirmation { ActionId = action.Asked.ActionId, ColleagueId = group.Key, AskedUtc = now }, ct);
                    }

                    colleagues++;
                }
            }

            (round.Colleagues, round.Actions) = (colleagues, rows.Count);
            (asked, programs) = (rows.Count, rows.Select(r => r.ProgramId).Distinct().ToList());
        }, ct);
        if (!done)
        {
            log.LogInformation("The week of {Week} was asked about concurrently elsewhere", week.Monday);
            return new Result(week.Monday, 0, 0);
        }

        metrics.EmailsQueued(EmailKind.Confirmation, colleagues);
        metrics.ConfirmationsAsked(asked);
        log.LogInformation("Asked {Colleagues} colleagues to confirm {Actions} actions of the week of {Week}", colleagues, asked, week.Monday);
        return new Result(week.Monday, colleagues, asked);
    }
}
