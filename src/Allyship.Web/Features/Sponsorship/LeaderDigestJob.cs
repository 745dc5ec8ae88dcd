using Allyship.Web.Data;
using Allyship.Web.Features.Pledge;
using Allyship.Web.Infrastructure;
using Allyship.Web.Infrastructure.Database;
using Allyship.Web.Infrastructure.Email;
using Allyship.Web.Infrastructure.Telemetry;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Allyship.Web.Features.Shared;

namespace Allyship.Web.Features.Sponsorship;

/// <summary>
/// The weekly leader digest. Once a week has ended in every program, each senior leader picked on that week's sponsor
/// notes (a directory leader who may be emailed) gets one email for the week across programs: the colleagues mentors
/// told them about, each accomplishment with its mentor. A colleague who asked not to be named is left out. One read,
/// one prepared insert, in one transaction with the <see cref="LeaderDigestRound"/> marker whose key makes a second run
/// (or a second server) a no-op; each email's key (<c>leader:{week}:{leader}</c>) makes a second copy impossible.
/// </summary>
public sealed class LeaderDigestJob(AllyshipDbContext db, VoiceLinks links, TimeProvider clock, EmailRenderer renderer, JobLeases leases, AllyshipMetrics metrics,
    Infrastructure.Localisation.OfferedLanguages languages, ILogger<LeaderDigestJob> log)
{
    public sealed record Result(DateOnly? Week, int Leaders, int Notes);

    /// <summary>The recurring job: one run at a time across instances (<see cref="JobLeases"/>); when another run holds the lease, nothing.</summary>
    [AutomaticRetry(Attempts = 1)]
    public Task<Result> RunAsync(CancellationToken ct = default) =>
        leases.RunAsync(JobsSetup.Ids.LeaderDigests, SendForWeekJustEndedAsync, new Result(null, 0, 0), ct);

    private async Task<Result> SendForWeekJustEndedAsync(CancellationToken ct)
    {
        var zones = await db.Programs.AsNoTracking().Where(PledgeProgram.Live).Select(p => p.TimeZoneId).Distinct().ToListAsync(ct);
        if (zones.Count == 0)
        {
            return new Result(null, 0, 0);
        }

        var week = PledgeWeek.EndedEverywhere(clock.GetUtcNow(), zones);
        if (await db.LeaderDigestRounds.AnyAsync(r => r.WeekStart == week.Monday, ct))
        {
            return new Result(week.Monday, 0, 0);
        }

        return await SendAsync(week, ct);
    }

    /// <summary>Sends one week's digests; a week already sent (by an earlier or concurrent run) sends nothing.</summary>
    public async Task<Result> SendAsync(PledgeWeek week, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        links.EnsureKey();
        var sent = 0;
        var notes = 0;
        var done = await db.RunOnceAsync(new LeaderDigestRound { WeekStart = week.Monday, SentUtc = now }, async round =>
        {
            var leaders = db.Colleagues.Where(Colleague.Emailable).Where(c => c.IsLeader);
            var named = db.Colleagues.Where(Colleague.Pickable).Select(c => c.Id);
            var rows = await db.Actions.AsNoTracking()
                .Where(PledgeProgram.Live.Through((PledgeAction a) => a.Program)).Where(a => a.WeekStart == week.Monday && a.Kind == ActionKind.SponsorNote)
                .Where(a => named.Contains(a.ColleagueId))
                .Join(leaders, a => a.SeniorLeaderId, l => l.Id, (a, l) => new { a, Leader = l })
                .Join(db.Users, x => x.a.MentorId, u => u.Id, (x, u) => new { x.a, x.Leader, Mentor = u.DisplayName })
                .OrderBy(x => x.Leader.Id).ThenBy(x => x.a.Colleague.Name).ThenBy(x => x.a.OccurredOn).ThenBy(x => x.a.Id)
                .Select(x => new
                {
                    LeaderId = x.Leader.Id, LeaderName = x.Leader.Name, LeaderEmail = x.Leader.Email, LeaderLanguage = x.Leader.Language,
                    x.a.ColleagueId,
                    Note = new LeaderDigestEmails.Note(x.a.Colleague.Name, x.a.Colleague.Department, x.a.Accomplishment, x.Mentor),
                })
                .ToListAsync(ct);

            await using (var insertEmail = await BulkInsert<EmailMessage>.CreateAsync(db, ct))
            {
                foreach (var leader in rows.GroupBy(r => r.LeaderId))
                {
                    var first = leader.First();
                    var token = links.NewToken(VoicePurpose.LeaderDigest, leader.Key, week.Monday);
                    using var inTheirLanguage = Infrastructure.Localisation.Cultures.Use(languages.For(first.LeaderLanguage));
                    var content = await LeaderDigestEmails.ComposeAsync(renderer, first.LeaderName, week.Monday, leader.Select(r => r.Note).ToList(), links.Stop(token), links.Choices(token));
                    var email = new OutgoingEmail(first.LeaderEmail, first.LeaderName, content.Subject, content.Html, content.Text,
                        EmailKind.LeaderDigest, Key(week.Monday, leader.Key), UnsubscribeUrl: links.Stop(token));
                    await insertEmail.AddAsync(email.ToRow(now), ct);
                    sent++;
                }
            }

            notes = rows.Count;
            (round.Leaders, round.Notes) = (sent, notes);
        }, ct);
        if (!done)
        {
            log.LogInformation("The leader digests of the week of {Week} were sent concurrently elsewhere", week.Monday);
            return new Result(week.Monday, 0, 0);
        }

        metrics.EmailsQueued(EmailKind.LeaderDigest, sent);
        log.LogInformation("Sent {Leaders} leader digests about {Notes} sponsor notes of the week of {Week}", sent, notes, week.Monday);
        return new Result(week.Monday, sent, notes);
    }

    /// <summary>The outbox key of a leader's digest: one per leader per week, across programs.</summary>
    public static string Key(DateOnly week, int leaderId) => $"leader:{week:yyyy-MM-dd}:{leaderId}";
}
