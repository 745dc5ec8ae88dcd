using Allyship.Web.Data;
using Allyship.Web.Features.Insights;
using Allyship.Web.Infrastructure;
using Allyship.Web.Infrastructure.Database;
using Allyship.Web.Infrastructure.Email;
using Allyship.Web.Infrastructure.Telemetry;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Allyship.Web.Features.Shared;

namespace Allyship.Web.Features.Voice;

/// <summary>
/// In the first two weeks of a quarter, emails the pulse question once to every colleague named last quarter in a
/// program that asks it (with an email, not opted out): one email each, whatever the number of programs, in one
/// transaction with the <see cref="PulseRound"/> marker. Mentors are asked on their week page instead.
/// </summary>
public sealed class PulseJob(AllyshipDbContext db, VoiceLinks links, TimeProvider clock, FiscalCalendar fiscal, EmailRenderer renderer,
    JobLeases leases, AllyshipMetrics metrics, Infrastructure.Localisation.OfferedLanguages languages, ILogger<PulseJob> log)
{
    /// <summary>The recurring job: one run at a time across instances (<see cref="JobLeases"/>); when another run holds the lease, nothing.</summary>
    [AutomaticRetry(Attempts = 1)]
    public Task<int> RunAsync(CancellationToken ct = default) => leases.RunAsync(JobsSetup.Ids.Pulse, AskThisQuarterAsync, 0, ct);

    private async Task<int> AskThisQuarterAsync(CancellationToken ct)
    {
        var nowUtc = clock.GetUtcNow().UtcDateTime;
        // One round for every program: a colleague may have been named in several, each in its own zone, so the
        // organisation's zone decides when the quarter has turned.
        if (fiscal.PulseAskedAbout(fiscal.OrganisationZone) is not { } quarter
            || await db.PulseRounds.AnyAsync(r => r.QuarterStart == quarter.Start, ct)
            || !await db.Programs.Where(PledgeProgram.Live).AnyAsync(p => p.AskPulse, ct))
        {
            return 0;
        }

        var (first, last) = quarter.Mondays();
        links.EnsureKey();
        var asked = 0;
        var done = await db.RunOnceAsync(new PulseRound { QuarterStart = quarter.Start, SentUtc = nowUtc }, async round =>
        {
            var named = db.Actions.Where(PledgeProgram.Live.Through((PledgeAction a) => a.Program)).Where(a => a.WeekStart >= first && a.WeekStart <= last && a.Program.AskPulse)
                .Select(a => a.ColleagueId);
            var colleagues = await db.Colleagues.AsNoTracking().Where(Colleague.Emailable).Where(c => named.Contains(c.Id))
                .OrderBy(c => c.Id).Select(c => new { c.Id, c.Name, c.Email, c.Language }).ToListAsync(ct);
            await using (var insert = await BulkInsert<EmailMessage>.CreateAsync(db, ct))
            {
                foreach (var c in colleagues)
                {
                    using var inHerLanguage = Infrastructure.Localisation.Cultures.Use(languages.For(c.Language));
                    var token = links.NewToken(VoicePurpose.Pulse, c.Id, quarter.Start);
                    var content = await VoiceEmails.PulseAsync(renderer, c.Name, quarter.Label, links.Pulse(token), links.Footer(token));
                    await insert.AddAsync(new OutgoingEmail(c.Email, c.Name, content.Subject, content.Html, content.Text, EmailKind.Pulse,
                        $"pulse:{quarter.Start:yyyy-MM-dd}:{c.Id}", UnsubscribeUrl: links.Stop(token)).ToRow(nowUtc), ct);
                }
            }

            round.Colleagues = asked = colleagues.Count;
        }, ct);
        if (!done)
        {
            log.LogInformation("The pulse about {Quarter} was asked concurrently elsewhere", quarter.Label);
            return 0;
        }

        metrics.EmailsQueued(EmailKind.Pulse, asked);
        log.LogInformation("Asked {Colleagues} colleagues the pulse about {Quarter}", asked, quarter.Label);
        return asked;
    }
}
