using Allyship.Web.Data;
using Allyship.Web.Features.Pledge;
using Allyship.Web.Infrastructure;
using Allyship.Web.Infrastructure.Database;
using Allyship.Web.Infrastructure.Email;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Allyship.Web.Features.Reminders;

/// <summary>
/// Queues the mid-week nudge and the last call for mentors whose week is not complete. Runs every few minutes and
/// derives everything from the database: what is due now, and what the outbox already holds (its unique key makes
/// a second run, a late run or a second server add nothing).
/// </summary>
public sealed class ReminderJob(
    AllyshipDbContext db,
    TimeProvider clock,
    UnsubscribeTokens unsubscribe,
    EmailRenderer renderer,
    IOptions<AppOptions> app,
    JobLeases leases,
    Chat.ChatAppStore chatApps,
    Notifications.PushDevices push,
    Infrastructure.Localisation.OfferedLanguages languages,
    ILogger<ReminderJob> log)
{
    /// <summary>The recurring job: one run at a time across instances (<see cref="JobLeases"/>); when another run holds the lease, nothing.</summary>
    [AutomaticRetry(Attempts = 1)]
    public Task<int> RunAsync(CancellationToken ct = default) => leases.RunAsync(JobsSetup.Ids.Reminders, QueueDueAsync, 0, ct);

    /// <summary>Queues what is due, without the job's lease: safe beside another run (the outbox's keys), as tests run two at once.</summary>
    public async Task<int> QueueDueAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var programs = await db.Programs.AsNoTracking().Where(PledgeProgram.Live).ToListAsync(ct);
        var queued = 0;
        var remindedThisRun = new HashSet<string>(StringComparer.Ordinal); // a mentor in two programs: one email, not two
        foreach (var program in programs)
        {
            queued += await QueueForProgramAsync(program, now, remindedThisRun, ct);
        }

        if (queued > 0)
        {
            log.LogInformation("Queued {Count} reminder emails", queued);
        }

        return queued;
    }

    private async Task<int> QueueForProgramAsync(PledgeProgram program, DateTimeOffset now, HashSet<string> remindedThisRun, CancellationToken ct)
    {
        var zone = TimeZones.Find(program.TimeZoneId);
        var today = PledgeWeek.LocalDate(now, zone);
        var week = PledgeWeek.Containing(today);
        if (today < program.StartDate || (program.EndDate is { } end && today > end))
        {
            return 0;
        }

        var enrolments = db.Enrolments.AsNoTracking().Where(Enrolment.InProgram).Where(e => e.ProgramId == program.Id && e.Mentor.Email != null);
        var preferences = await db.MentorPreferences.AsNoTracking()
            .Where(p => enrolments.Any(e => e.MentorId == p.UserId))
            .ToDictionaryAsync(p => p.UserId, ct);
        var mentors = (await enrolments.Include(e => e.Pauses).Include(e => e.Mentor).ToListAsync(ct))
            // Paused today (the enrolment's rule) or locked out (departed, or under attack): no nudges.
            // SQLite cannot compare DateTimeOffset, so in memory.
            .Where(e => !e.IsPausedOn(today) && (e.Mentor.LockoutEnd is null || e.Mentor.LockoutEnd < now))
            .Select(e => new { e.MentorId, e.Mentor.Email, e.Mentor.DisplayName, e.Mentor.PreferredName, e.Mentor.Language, Prefs = preferences.GetValueOrDefault(e.MentorId), EnrolledUtc = e.CreatedUtc })
            .ToList();

        var counts = (await db.Actions.AsNoTracking()
                .Where(a => a.ProgramId == program.Id && a.WeekStart == week.Monday)
                .GroupBy(a => new { a.MentorId, a.Kind })
                .Select(g => new { g.Key.MentorId, g.Key.Kind, Count = g.Count(), Minutes = g.Sum(a => a.Minutes) })
                .ToListAsync(ct))
            .ToLookup(c => c.MentorId);

        var prefix = KeyPrefix(program.Id, week);
        var existing = (await db.Emails.AsNoTracking().Where(e => e.DeduplicationKey.StartsWith(prefix)).Select(e => e.DeduplicationKey).ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);

        // At most one reminder-type email a day (Shared/ReminderCap): who had one, the mid-week reminder, a last call or an
        // admin's nudge, in the last 24 hours waits; the week's reminder stays due and goes on a later run.
        var reminded = await Pledge.ReminderCap.RemindedAsync(db, mentors.Select(m => m.MentorId).ToList(), now.UtcDateTime, ct);
        // Who chose Slack and has her account connected, in a workspace where the app is still installed: the reminder
        // goes there too (Both) or only there (Slack: its email row stays, marked as sent in Slack, for the daily cap).
        var wantSlack = mentors.Where(m => m.Prefs is { ReminderChannel: ReminderChannel.Slack or ReminderChannel.Both }).Select(m => m.MentorId).ToList();
        var slackAccounts = wantSlack.Count == 0 ? [] : await chatApps.SlackAccountsAsync(wantSlack, ct);
        var installed = slackAccounts.Count == 0 ? [] : (await db.ChatAppInstallations.AsNoTracking().Where(i => i.App == ChatApp.Slack).Select(i => i.TeamId).ToListAsync(ct)).ToHashSet();
        // Who turned notifications on in a browser: the reminder goes to each of those devices too, or instead of the email
        // (its row stays, marked AsNotification, for the daily cap, and is released if no device takes it).
        var devices = await push.ForAsync(mentors.Where(m => m.Prefs?.ReceiveReminders != false).Select(m => m.MentorId).ToList(), ct);
        var emails = new List<OutgoingEmail>();
        var notifications = new List<(string Key, string MentorId, string Title, string Body, bool EmailToo)>();
        var dms = new List<(string Key, string TeamId, System.Text.Json.Nodes.JsonObject Body, bool EmailToo)>();
        foreach (var m in mentors)
        {
            if (reminded.Contains(m.MentorId) || remindedThisRun.Contains(m.MentorId))
            {
                continue;
            }

            var prefs = m.Prefs ?? new MentorPreferences();
            if (!prefs.ReceiveReminders)
            {
                continue;
            }

            var progress = WeekProgress.FromTotals(week, program.Targets, counts[m.MentorId].Select(c => (c.Kind, c.Count, c.Minutes)));
            if (progress.IsComplete || ReminderDue.QuietInJoinWeek(week, zone, m.EnrolledUtc, loggedThisWeek: counts[m.MentorId].Any()))
            {
                continue;
            }

            var mentorZone = TimeZones.TryFind(prefs.TimeZoneId, out var own) ? own : zone;
            if (ReminderDue.DueKind(week, zone, mentorZone, prefs.ScheduleWith(program.Reminders), now) is not { } kind)
            {
                continue;
            }

            var key = $"{prefix}{(kind == EmailKind.LastCall ? "last-call" : "nudge")}:{m.MentorId}";
            if (existing.Contains(key))
            {
                continue;
            }

            var unsubscribeLink = unsubscribe.Link(m.MentorId, EmailCategory.Reminders);
            using var inTheirLanguage = Infrastructure.Localisation.Cultures.Use(languages.For(m.Language));
            var content = await ReminderEmails.ComposeAsync(renderer, kind, Shared.Words.Greeting(m.PreferredName, m.DisplayName), program.Name, progress,
                k => app.Value.Link($"/log/{k.Slug()}?program={program.Id}"), unsubscribeLink);
            emails.Add(new OutgoingEmail(m.Email!, m.DisplayName, content.Subject, content.Html, content.Text, kind, key, m.MentorId, unsubscribeLink));
            if (slackAccounts.TryGetValue(m.MentorId, out var slack) && installed.Contains(slack.TeamId))
            {
                var left = ActionKinds.All.Where(k => !progress.IsDone(k)).ToList();
                var body = Chat.SlackBlocks.Reminder($"{content.Subject}. {ReminderEmails.SoFar(progress, program.Name)}", left, program.Id);
                body["channel"] = slack.SlackUserId;
                dms.Add((key, slack.TeamId, body, prefs.ReminderChannel != ReminderChannel.Slack));
            }

            if (devices[m.MentorId].Any())
            {
                notifications.Add((key, m.MentorId, content.Subject, ReminderEmails.SoFar(progress, program.Name), !prefs.NotificationsInsteadOfEmail));
            }

            remindedThisRun.Add(m.MentorId);
        }

        if (emails.Count == 0)
        {
            return 0;
        }

        var added = db.QueueNew(emails, existing, now.UtcDateTime);
        // Notifications instead of email hold the email (one holder per email: notifications, when chosen, before Slack).
        var heldForNotifications = notifications.Where(n => !n.EmailToo).Select(n => n.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var dm in dms)
        {
            // Slack only: the email is held (InChat) and released if the message does not reach her.
            var holds = !dm.EmailToo && !heldForNotifications.Contains(dm.Key);
            Chat.ChatCalls.Queue(db, dm.TeamId, "chat.postMessage", dm.Body, dm.Key + ":slack", now.UtcDateTime, insteadOfEmailKey: holds ? dm.Key : null);
            if (holds && db.ChangeTracker.Entries<EmailMessage>().FirstOrDefault(e => e.Entity.DeduplicationKey == dm.Key) is { } row)
            {
                row.Entity.Status = EmailStatus.InChat;
            }
        }

        var weekEnds = week.EndUtc(zone);
        foreach (var n in notifications)
        {
            if (db.ChangeTracker.Entries<EmailMessage>().FirstOrDefault(e => e.Entity.DeduplicationKey == n.Key) is not { } row)
            {
                continue; // queued elsewhere already
            }

            push.Queue(devices[n.MentorId], n.MentorId, n.Key, n.Title, n.Body, "/week", weekEnds, insteadOfEmailKey: n.EmailToo ? null : n.Key);
            if (!n.EmailToo)
            {
                row.Entity.Status = EmailStatus.AsNotification;
            }
        }

        try
        {
            await db.SaveChangesAsync(ct);
            return added;
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            // Another server queued some of the same reminders a moment ago: its rows stand, ours are dropped. Anything
            // else is an error: it propagates, the job fails visibly and Hangfire retries it.
            db.ChangeTracker.Clear();
            log.LogInformation("Reminders for program {ProgramId} were queued concurrently elsewhere; this run added none", program.Id);
            return 0;
        }
    }

    public static string KeyPrefix(int programId, PledgeWeek week) => $"reminder:{programId}:{week.Monday:yyyy-MM-dd}:";
}
