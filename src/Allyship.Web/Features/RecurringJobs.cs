using Allyship.Web.Features.Reminders;
using Allyship.Web.Features.Rollups;
using Allyship.Web.Infrastructure;
using Allyship.Web.Infrastructure.Backups;
using Allyship.Web.Infrastructure.Email;
using Hangfire;
using Microsoft.Extensions.Options;

namespace Allyship.Web.Features;

public static class RecurringJobs
{
    /// <summary>
    /// Every recurring job, registered in one place with a stable id and an explicit time zone (UTC: the jobs work out
    /// each program's and mentor's local time themselves, so they only need to run often). Here rather than in
    /// Infrastructure, which knows no feature: Infrastructure runs the job server, the features own the jobs.
    /// </summary>
    public static void RegisterRecurringJobs(this WebApplication app)
    {
        var jobs = app.Services.GetRequiredService<IRecurringJobManager>();
        var utc = new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc };
        jobs.AddOrUpdate<ReminderJob>(JobsSetup.Ids.Reminders, job => job.RunAsync(CancellationToken.None), "*/5 * * * *", utc);
        jobs.AddOrUpdate<WeeklyRollupJob>(JobsSetup.Ids.WeeklyRollup, job => job.RunAsync(CancellationToken.None), "*/15 * * * *", utc);
        jobs.AddOrUpdate<OutboxDispatcher>(JobsSetup.Ids.EmailOutbox, job => job.RunAsync(CancellationToken.None), Cron.Minutely(), utc);
        jobs.AddOrUpdate<Chat.ChatDispatcher>(JobsSetup.Ids.ChatOutbox, job => job.RunAsync(CancellationToken.None), Cron.Minutely(), utc);
        jobs.AddOrUpdate<Chat.ChatCalls>(JobsSetup.Ids.ChatCalls, job => job.RunAsync(CancellationToken.None), Cron.Minutely(), utc);
        jobs.AddOrUpdate<Notifications.PushDispatcher>(JobsSetup.Ids.PushOutbox, job => job.RunAsync(CancellationToken.None), Cron.Minutely(), utc);
        var backup = app.Services.GetRequiredService<IOptions<BackupOptions>>().Value;
        jobs.AddOrUpdate<SqliteBackupJob>(JobsSetup.Ids.Backup, job => job.RunAsync(CancellationToken.None), backup.Cron, utc);
        jobs.AddOrUpdate<Voice.ConfirmationJob>(JobsSetup.Ids.Confirmations, job => job.RunAsync(CancellationToken.None), "5-59/15 * * * *", utc);
        jobs.AddOrUpdate<Sponsorship.LeaderDigestJob>(JobsSetup.Ids.LeaderDigests, job => job.RunAsync(CancellationToken.None), "10-59/15 * * * *", utc);
        jobs.AddOrUpdate<Voice.PulseJob>(JobsSetup.Ids.Pulse, job => job.RunAsync(CancellationToken.None), "40 * * * *", utc);
        jobs.AddOrUpdate<Concerns.ConcernReminderJob>(JobsSetup.Ids.ConcernReminders, job => job.RunAsync(CancellationToken.None), "25 * * * *", utc);
        jobs.AddOrUpdate<People.RetentionJob>(JobsSetup.Ids.Retention, job => job.RunAsync(CancellationToken.None), "15 3 * * *", utc);

        // Weeks that closed while the app was down are rolled up now, not at the next quarter-hour: dashboards and
        // reports read rollups. (Safe to run twice: the ClosedWeeks marker makes a second run a no-op.)
        if (app.Configuration.GetValue("Jobs:ServerEnabled", true))
        {
            jobs.Trigger(JobsSetup.Ids.WeeklyRollup);
            jobs.Trigger(JobsSetup.Ids.Confirmations);
            jobs.Trigger(JobsSetup.Ids.LeaderDigests);
            // Emails queued while the app was down, or left claimed by a crash, go out now rather than at the next minute.
            jobs.Trigger(JobsSetup.Ids.EmailOutbox);
        }
    }
}
