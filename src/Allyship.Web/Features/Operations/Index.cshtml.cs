using Allyship.Web.Features.Shared;
using Allyship.Web.Infrastructure;
using Hangfire;
using Hangfire.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Allyship.Web.Features.Operations;

/// <summary>
/// /operations, for operators (issue 36): the app's scheduled jobs by what they do, when each last ran and how, and
/// when it runs next, in the reader's zone. The raw jobs dashboard (Hangfire's) is one link further, for digging in.
/// </summary>
[Authorize(Policy = Policies.Operator)]
public sealed class IndexModel(JobStorage storage, ViewerTime viewer) : PageModel
{
    /// <summary>What each job does, in an operator's words; its id is the dashboard's name for it.</summary>
    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [JobsSetup.Ids.Reminders] = "Mid-week reminders and last calls",
        [JobsSetup.Ids.WeeklyRollup] = "Closing the week: rollups, summaries and the admin digest",
        [JobsSetup.Ids.EmailOutbox] = "Sending emails",
        [JobsSetup.Ids.ChatOutbox] = "Posting shout-outs to chat",
        [JobsSetup.Ids.Backup] = "Database backup",
        [JobsSetup.Ids.Retention] = "Deleting what is past its retention",
        [JobsSetup.Ids.Confirmations] = "Asking colleagues to confirm",
        [JobsSetup.Ids.LeaderDigests] = "Senior leaders' digests",
        [JobsSetup.Ids.Pulse] = "The quarterly pulse",
        [JobsSetup.Ids.ConcernReminders] = "Reminders about concerns waiting for a reply",
    };

    public sealed record Job(string Id, string Name, string Schedule, DateTime? LastRunUtc, string? LastState, DateTime? NextRunUtc, string? Error);

    public IReadOnlyList<Job> Jobs { get; private set; } = [];

    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    public string When(DateTime? utc) => utc is { } u ? ViewerTime.Format(u, Zone) : "—";

    public async Task OnGetAsync(CancellationToken ct)
    {
        Zone = await viewer.ZoneAsync(User, ct);
        using var connection = storage.GetConnection();
        Jobs = connection.GetRecurringJobs()
            .Select(j => new Job(j.Id, Names.TryGetValue(j.Id, out var name) ? name : j.Id, j.Cron, j.LastExecution, StateName(j.LastJobState), j.NextExecution, j.Error))
            .OrderBy(j => j.Name, StringComparer.CurrentCulture)
            .ToList();
    }

    /// <summary>Hangfire's state names, as an operator says them.</summary>
    private static string? StateName(string? state) => state switch
    {
        null => null,
        "Succeeded" => "Done",
        "Failed" => "Failed",
        "Processing" => "Running now",
        "Enqueued" => "Waiting to run",
        "Scheduled" => "Scheduled",
        "Deleted" => "Cancelled",
        _ => state,
    };
}
