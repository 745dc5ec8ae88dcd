using Allyship.Web.Data;
using Allyship.Web.Features.Insights;
using Allyship.Web.Features.Pledge;
using Allyship.Web.Infrastructure;
using Allyship.Web.Infrastructure.Database;
using Allyship.Web.Infrastructure.Email;
using Allyship.Web.Infrastructure.Telemetry;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Allyship.Web.Features.Rollups;

/// <summary>
/// Closes each program's ended weeks in order: one rollup row per enrolled mentor (set-based), then a summary to each
/// mentor and a digest to each program admin, all in one transaction with the <see cref="ClosedWeek"/> marker whose
/// unique key makes a second run (or a second server) a no-op. Weeks closed while catching up on a long outage are
/// rolled up silently: only the week that just ended is mailed.
/// </summary>
public sealed class WeeklyRollupJob(
    AllyshipDbContext db,
    WeekTotals totals,
    TimeProvider clock,
    UnsubscribeTokens unsubscribe,
    EmailRenderer renderer,
    IOptions<AppOptions> app,
    JobLeases leases,
    AllyshipMetrics metrics,
    Infrastructure.Localisation.OfferedLanguages languages,
    ILogger<WeeklyRollupJob> log)
{
    /// <summary>The recurring job: one run at a time across instances (<see cref="JobLeases"/>); when another run holds the lease, nothing.</summary>
    [AutomaticRetry(Attempts = 1)]
    public Task<int> RunAsync(CancellationToken ct = default) => leases.RunAsync(JobsSetup.Ids.WeeklyRollup, CloseEndedWeeksAsync, 0, ct);

    /// <summary>Closes every ended week, without the job's lease: safe beside another run (the markers), as tests run two at once.</summary>
    public async Task<int> CloseEndedWeeksAsync(CancellationToken ct = default)
    {
        var closed = 0;
        var failures = new List<Exception>();
        foreach (var program in await db.Programs.AsNoTracking().Where(PledgeProgram.Live).OrderBy(p => p.Id).ToListAsync(ct))
        {
            try
            {
                closed += await CatchUpAsync(program, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // This program's catch-up stops at the week that failed (a later week's streak needs this one's row);
                // the other programs go on; the run then fails visibly and the next one starts again at the gap.
                log.LogError(ex, "Rolling up program {ProgramId} failed; its weeks from the first one without a marker are retried by the next run", program.Id);
                failures.Add(ex);
            }
        }

        if (failures.Count > 0)
        {
            throw new AggregateException("The weekly rollup failed for some programs; see the log.", failures);
        }

        return closed;
    }

    /// <summary>
    /// Every ended week of the program without a marker, oldest first: a gap left by an earlier failure is filled, never
    /// jumped. Only the week that just ended is mailed.
    /// </summary>
    private async Task<int> CatchUpAsync(PledgeProgram program, CancellationToken ct)
    {
        var lastClosable = ProgramCalendar.LastClosableWeek(PledgeWeek.Containing(clock.GetUtcNow(), TimeZones.Find(program.TimeZoneId)));
        var closedWeeks = (await db.ClosedWeeks.Where(c => c.ProgramId == program.Id).Select(c => c.WeekStart).ToListAsync(ct)).ToHashSet();
        var closed = 0;
        foreach (var week in PledgeWeek.Range(PledgeWeek.Containing(program.StartDate), lastClosable))
        {
            if (program.EndDate is { } end && week.Monday > end)
            {
                break;
            }

            if (!closedWeeks.Contains(week.Monday) && await CloseWeekAsync(program, week, sendEmails: week == lastClosable, ct))
            {
                closed++;
            }
        }

        return closed;
    }

    /// <summary>Rolls up one program week; false when it was already closed (by an earlier or concurrent run).</summary>
    public async Task<bool> CloseWeekAsync(PledgeProgram program, PledgeWeek week, bool sendEmails, CancellationToken ct)
    {
        // In the job run's trace, a span per program week it closes (ids and dates only).
        using var span = AllyshipMetrics.Jobs.StartActivity("close-week");
        span?.SetTag("allyship.program.id", program.Id);
        span?.SetTag("allyship.week", week.Monday.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        var now = clock.GetUtcNow().UtcDateTime;
        List<WeeklyRollup> rows = [];
        List<OutgoingEmail> emails = [];
        if (sendEmails)
        {
            unsubscribe.EnsureKey();
        }

        // The marker first (BatchRound): its unique key is the guard against a second run or a second server. On SQLite
        // the transaction holds the write lock from its start, so the totals read below include every edit committed
        // before it; an edit after it waits for this commit and then rewrites its row (RollupRefresher).
        var done = await db.RunOnceAsync(new ClosedWeek { ProgramId = program.Id, WeekStart = week.Monday, ClosedUtc = now, Targets = program.Targets.Copy() }, async marker =>
        {
            // On PostgreSQL, wait for action commands of this program already under way and hold new ones until this
            // commits (they then find the row and refresh it); SQLite's write lock, held since BEGIN, does the same.
            await db.LockProgramForRollupAsync(program.Id, ct);

            var mentorWeeks = await totals.LoadAsync(program, week, onlyMentorId: null, ct);
            rows = mentorWeeks.Select(m => RollupCalculator.Row(program.Id, week.Monday, marker.Targets, m, now)).ToList();
            emails = sendEmails ? await ComposeEmailsAsync(program, week, rows, ct) : [];
            marker.Mentors = rows.Count;
            marker.EmailsQueued = emails.Count;
            await db.SaveChangesAsync(ct);

            await InsertRowsAsync(rows, ct);

            await using (var insertEmail = await BulkInsert<EmailMessage>.CreateAsync(db, ct))
            {
                foreach (var email in emails)
                {
                    await insertEmail.AddAsync(email.ToRow(now), ct);
                }
            }
        }, ct);
        if (!done)
        {
            // The marker (or a row) exists: another run or server closed this week first. Anything else (a timeout, a
            // deadlock, a cancelled statement) propagates: the run fails visibly, Hangfire retries, and the catch-up
            // starts again from the first week not closed.
            log.LogInformation("Week {Week} of program {ProgramId} was closed concurrently elsewhere", week.Monday, program.Id);
            return false;
        }

        foreach (var kind in emails.GroupBy(e => e.Kind))
        {
            metrics.EmailsQueued(kind.Key, kind.Count());
        }

        log.LogInformation("Closed week {Week} of program {ProgramId}: {Mentors} rollups, {Emails} emails", week.Monday, program.Id, rows.Count, emails.Count);
        return true;
    }

    /// <summary>
    /// Rolls up a closed week once more from its actions, judged by the targets it closed with (<see cref="ClosedWeek.Targets"/>),
    /// in one transaction; the marker and its emails stay as they were, nothing is mailed. What an operator runs after
    /// repairing data by hand, and how the agreement test proves a rollup is a function of the data alone. False when
    /// the week is not closed.
    /// </summary>
    public async Task<bool> RollUpAgainAsync(PledgeProgram program, PledgeWeek week, CancellationToken ct)
    {
        try
        {
            return await db.InTransactionAsync(async () =>
            {
                await db.LockProgramForRollupAsync(program.Id, ct);
                var marker = await db.ClosedWeeks.AsNoTracking().SingleOrDefaultAsync(c => c.ProgramId == program.Id && c.WeekStart == week.Monday, ct);
                if (marker is null)
                {
                    return false;
                }

                await db.WeeklyRollups.Where(r => r.ProgramId == program.Id && r.WeekStart == week.Monday).ExecuteDeleteAsync(ct);
                var now = clock.GetUtcNow().UtcDateTime;
                var rows = (await totals.LoadAsync(program, week, onlyMentorId: null, ct))
                    .Select(m => RollupCalculator.Row(program.Id, week.Monday, marker.Targets, m, now)).ToList();
                await InsertRowsAsync(rows, ct);
                log.LogInformation("Rolled up week {Week} of program {ProgramId} again: {Mentors} rollups", week.Monday, program.Id, rows.Count);
                return true;
            }, ct);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Thousands of rows: one prepared INSERT each, in the caller's transaction (see BulkInsert and docs/performance.md).</summary>
    private async Task InsertRowsAsync(List<WeeklyRollup> rows, CancellationToken ct)
    {
        Infrastructure.Database.DataChangesInterceptor.Wrote(db, typeof(WeeklyRollup));
        await using var insertRollup = await BulkInsert<WeeklyRollup>.CreateAsync(db, ct);
        foreach (var row in rows)
        {
            await insertRollup.AddAsync(row, ct);
        }
    }

    private async Task<List<OutgoingEmail>> ComposeEmailsAsync(PledgeProgram program, PledgeWeek week, List<WeeklyRollup> rows, CancellationToken ct)
    {
        var emails = new List<OutgoingEmail>();
        // Everyone with a row (one who left after the week ended still has hers, and is named in the lapsed list); only
        // those still in the program get a summary.
        var people = await db.Users.AsNoTracking()
            .Where(u => db.Enrolments.Any(e => e.ProgramId == program.Id && e.MentorId == u.Id))
            .Select(u => new
            {
                u.Id, u.Email, u.DisplayName, u.PreferredName, u.Language, Prefs = db.MentorPreferences.FirstOrDefault(p => p.UserId == u.Id),
                InProgram = db.Enrolments.Where(Enrolment.InProgram).Any(e => e.ProgramId == program.Id && e.MentorId == u.Id),
            })
            .ToDictionaryAsync(u => u.Id, ct);
        var colleaguesMet = (await db.Actions.AsNoTracking()
                .Where(a => a.ProgramId == program.Id && a.WeekStart == week.Monday)
                .Select(a => new { a.MentorId, a.Colleague.Name })
                .Distinct()
                .ToListAsync(ct))
            .ToLookup(a => a.MentorId, a => a.Name);

        foreach (var row in rows.Where(r => r.IsCounted))
        {
            if (!people.TryGetValue(row.MentorId, out var person) || person.Email is null || !person.InProgram
                || !(person.Prefs ?? new MentorPreferences()).ReceiveWeeklySummary)
            {
                continue;
            }

            var link = unsubscribe.Link(person.Id, EmailCategory.WeeklySummary);
            using var inTheirLanguage = Infrastructure.Localisation.Cultures.Use(languages.For(person.Language));
            var content = await RollupEmails.MentorSummaryAsync(renderer, new RollupEmails.SummaryModel(Shared.Words.Greeting(person.PreferredName, person.DisplayName), program.Name, week, row,
                program.Targets.TotalMinutes, colleaguesMet[row.MentorId].OrderBy(n => n, StringComparer.CurrentCulture).ToList(),
                app.Value.Link($"/week?program={program.Id}&week={week.Monday:yyyy-MM-dd}"), link));
            emails.Add(new OutgoingEmail(person.Email, person.DisplayName, content.Subject, content.Html, content.Text, EmailKind.WeeklySummary,
                $"summary:{program.Id}:{week.Monday:yyyy-MM-dd}:{person.Id}", person.Id, link));
        }

        // No empty digests: a week with nobody counted (no enrolments, or everyone paused) tells an admin nothing.
        if (!rows.Any(r => r.IsCounted))
        {
            return emails;
        }

        // Lapsed as of this week: each row carries the mentor's idle run, so no earlier week is read (PledgeProgram.IsLapsed).
        var lapsed = rows
            .Where(r => program.IsLapsed(r.IdleWeeks, latest: r))
            .Select(r => people.TryGetValue(r.MentorId, out var p) ? NameOrAddress(p.DisplayName, p.Email) : r.MentorId)
            .OrderBy(n => n, StringComparer.CurrentCulture)
            .ToList();
        var numbers = new RollupEmails.DigestNumbers(rows.Count, rows.Count(r => !r.IsCounted),
            rows.Count(r => r.IsActive), rows.Count(r => r.Complete), rows.Sum(r => r.Minutes), lapsed, program.LapsedAfterWeeks);

        var adminRoleId = await db.Roles.Where(r => r.Name == Roles.ProgramAdmin).Select(r => r.Id).SingleAsync(ct);
        var admins = await db.Users.AsNoTracking()
            .Where(AppUser.Active)
            .Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == adminRoleId) && u.Email != null)
            .Select(u => new { u.Id, u.Email, u.DisplayName, u.PreferredName, u.Language, Prefs = db.MentorPreferences.FirstOrDefault(p => p.UserId == u.Id) })
            .ToListAsync(ct);
        foreach (var admin in admins.Where(a => (a.Prefs ?? new MentorPreferences()).ReceiveAdminDigest))
        {
            var link = unsubscribe.Link(admin.Id, EmailCategory.AdminDigest);
            using var inTheirLanguage = Infrastructure.Localisation.Cultures.Use(languages.For(admin.Language));
            var content = await RollupEmails.AdminDigestAsync(renderer, new RollupEmails.DigestModel(Shared.Words.Greeting(admin.PreferredName, admin.DisplayName), program.Name, week, numbers,
                app.Value.Link($"/admin/programs/{program.Id}?period=custom&from={week.Monday:yyyy-MM-dd}&to={week.Sunday:yyyy-MM-dd}"), link));
            emails.Add(new OutgoingEmail(admin.Email!, admin.DisplayName, content.Subject, content.Html, content.Text, EmailKind.AdminDigest,
                $"digest:{program.Id}:{week.Monday:yyyy-MM-dd}:{admin.Id}", admin.Id, link));
        }

        return emails;
    }

    private static string NameOrAddress(string? name, string? fallback = null) =>
        string.IsNullOrWhiteSpace(name) ? fallback ?? "there" : name;
}
