using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;
using Allyship.Web.Data;

namespace Allyship.Web.Infrastructure.Telemetry;

/// <summary>
/// The app's own instruments (meter <c>Allyship</c>) and its job spans (activity source <c>Allyship</c>): what an operator
/// graphs and alerts on (docs/operations.md, Telemetry and Alerts). Names and units follow OpenTelemetry's conventions;
/// attributes are kinds and outcomes, never a person, an address or a text. Created from the host's
/// <see cref="IMeterFactory"/>, so each host (and each test host) has meters of its own; cheap when nothing listens.
/// </summary>
public sealed class AllyshipMetrics
{
    public const string Name = "Allyship";

    public static readonly string Version = typeof(AllyshipMetrics).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>Spans of the app's own work: one trace per job run.</summary>
    public static readonly ActivitySource Jobs = new(Name, Version);

    private readonly Counter<long> _actions;
    private readonly Counter<long> _emailsQueued;
    private readonly Counter<long> _emailsSent;
    private readonly Counter<long> _emailsFailed;
    private readonly Counter<long> _chatPosts;
    private readonly Counter<long> _jobRuns;
    private readonly Histogram<double> _jobDuration;
    private readonly Counter<long> _confirmationsAsked;
    private readonly Counter<long> _confirmationsAnswered;
    private readonly Counter<long> _signIns;
    private readonly Counter<long> _rateLimited;
    private readonly Counter<long> _cacheLookups;
    private readonly Counter<long> _writeErrors;
    private readonly Counter<long> _scimRequests;
    private readonly ConcurrentDictionary<string, int> _failuresInARow = new(StringComparer.Ordinal);

    public AllyshipMetrics(IMeterFactory meters, EmailBacklog backlog)
    {
        var meter = meters.Create(Name, Version);
        _actions = meter.CreateCounter<long>("allyship.action.logged", "{action}", "Actions mentors logged (coffee, shout-out, told leaders).");
        _emailsQueued = meter.CreateCounter<long>("allyship.email.queued", "{email}", "Emails added to the outbox.");
        _emailsSent = meter.CreateCounter<long>("allyship.email.sent", "{email}", "Emails the mail server accepted.");
        _emailsFailed = meter.CreateCounter<long>("allyship.email.failed", "{email}", "Send attempts that failed; final when no retry is left.");
        meter.CreateObservableGauge("allyship.email.pending", () => backlog.Read() is { } b ? [new Measurement<long>(b.Pending)] : Array.Empty<Measurement<long>>(), "{email}", "Emails waiting in the outbox (the whole outbox, seen by every instance).");
        meter.CreateObservableGauge("allyship.email.pending.oldest_age", () => backlog.Read() is { } b ? [new Measurement<double>(b.OldestAgeSeconds)] : Array.Empty<Measurement<double>>(), "s", "How long the oldest pending email has waited; 0 when none.");
        _chatPosts = meter.CreateCounter<long>("allyship.chat.post", "{post}", "Posts to chat channels, by outcome.");
        _jobRuns = meter.CreateCounter<long>("allyship.job.run", "{run}", "Runs of the recurring jobs, by job and outcome.");
        _jobDuration = meter.CreateHistogram("allyship.job.duration", "s", "How long a job run took.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 120, 300, 600] });
        meter.CreateObservableGauge("allyship.job.consecutive_failures", FailuresInARow, "{run}", "Runs of a job on this instance that failed in a row, up to now.");
        _confirmationsAsked = meter.CreateCounter<long>("allyship.confirmation.asked", "{confirmation}", "Actions a colleague was asked to confirm.");
        _confirmationsAnswered = meter.CreateCounter<long>("allyship.confirmation.answered", "{confirmation}", "Confirmations a colleague answered, by answer.");
        _signIns = meter.CreateCounter<long>("allyship.signin.attempt", "{attempt}", "Sign-in attempts, by outcome.");
        _rateLimited = meter.CreateCounter<long>("allyship.rate_limit.rejected", "{request}", "Requests refused by a rate limit, by policy.");
        _cacheLookups = meter.CreateCounter<long>("allyship.cache.lookup", "{lookup}", "Lookups in the kept-data cache: hit or miss.");
        _scimRequests = meter.CreateCounter<long>("allyship.scim.request", "{request}", "Requests from the identity provider's provisioning (SCIM), by method, resource and status.");
        _writeErrors = meter.CreateCounter<long>("allyship.db.save.failed", "{error}", "Database writes that failed (not counting duplicate keys and edit conflicts, which the app handles).");
    }

    public void ActionLogged(ActionKind kind) => _actions.Add(1, new KeyValuePair<string, object?>("allyship.action.kind", Words.Of(kind)));

    public void EmailsQueued(EmailKind kind, long count = 1)
    {
        if (count > 0)
        {
            _emailsQueued.Add(count, new KeyValuePair<string, object?>("allyship.email.kind", Words.Of(kind)));
        }
    }

    public void EmailSent(EmailKind kind) => _emailsSent.Add(1, new KeyValuePair<string, object?>("allyship.email.kind", Words.Of(kind)));

    public void EmailFailed(EmailKind kind, bool final) => _emailsFailed.Add(1,
        new KeyValuePair<string, object?>("allyship.email.kind", Words.Of(kind)), new KeyValuePair<string, object?>("allyship.email.final", final));

    /// <summary>An attempt to post to chat: <c>sent</c>, <c>failed</c> (nothing reached the channel; tried again up to a limit) or <c>uncertain</c> (no answer: left for an admin).</summary>
    public void ChatPost(string outcome) => _chatPosts.Add(1, new KeyValuePair<string, object?>("allyship.chat.outcome", outcome));

    public void ConfirmationsAsked(long count)
    {
        if (count > 0)
        {
            _confirmationsAsked.Add(count);
        }
    }

    public void ConfirmationAnswered(bool happened) =>
        _confirmationsAnswered.Add(1, new KeyValuePair<string, object?>("allyship.confirmation.answer", happened ? "yes" : "no"));

    /// <summary>A sign-in: <c>success</c>, <c>failure</c>, <c>locked_out</c> or <c>two_factor_required</c>.</summary>
    public void SignIn(string outcome) => _signIns.Add(1, new KeyValuePair<string, object?>("allyship.signin.outcome", outcome));

    public void RateLimited(string policy) => _rateLimited.Add(1, new KeyValuePair<string, object?>("allyship.rate_limit.policy", policy));

    public void CacheLookup(bool hit) => _cacheLookups.Add(1, new KeyValuePair<string, object?>("allyship.cache.result", hit ? "hit" : "miss"));

    public void WriteFailed() => _writeErrors.Add(1);

    /// <summary>A SCIM request answered: <c>Users</c>, <c>Groups</c> or <c>other</c>, and the HTTP status.</summary>
    public void ScimRequest(string method, string resource, int status) => _scimRequests.Add(1, new TagList
    {
        { "http.request.method", method }, { "allyship.scim.resource", resource }, { "http.response.status_code", status },
    });

    /// <summary>
    /// One run of a recurring job (<see cref="JobsSetup.Ids"/>): a span that starts a trace of its own, whatever called it,
    /// and the run, its duration and its outcome counted. The work may tag the span (<see cref="TagRun"/>).
    /// </summary>
    public async Task<T> RunJobAsync<T>(string job, Func<Task<T>> work)
    {
        var caller = Activity.Current;
        Activity.Current = null; // a run is a trace of its own, not a child of whatever request or job started it
        using var span = Jobs.StartActivity(job, ActivityKind.Internal);
        Activity.Current = span ?? caller;
        span?.SetTag("allyship.job.name", job);
        var started = Stopwatch.GetTimestamp();
        var outcome = "failure";
        try
        {
            var result = await work();
            outcome = "success";
            return result;
        }
        catch (Exception ex)
        {
            span?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            span?.AddException(ex);
            throw;
        }
        finally
        {
            var tags = new TagList { { "allyship.job.name", job }, { "allyship.job.outcome", outcome } };
            _jobRuns.Add(1, tags);
            _jobDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
            _failuresInARow[job] = outcome == "success" ? 0 : _failuresInARow.GetValueOrDefault(job) + 1;
            span?.SetTag("allyship.job.outcome", outcome);
            Activity.Current = caller;
        }
    }

    /// <summary>Tags the job run in progress with the program or week it works on (numbers and dates only).</summary>
    public static void TagRun(string key, object? value) => Activity.Current?.SetTag(key, value);

    private IEnumerable<Measurement<int>> FailuresInARow() =>
        _failuresInARow.Select(p => new Measurement<int>(p.Value, new KeyValuePair<string, object?>("allyship.job.name", p.Key)));

    /// <summary>Attribute values: the enum's name in snake case (<c>ShoutOut</c> is <c>shout_out</c>), made once per value.</summary>
    private static class Words
    {
        private static readonly ConcurrentDictionary<Enum, string> Made = new();

        public static string Of(Enum value) => Made.GetOrAdd(value, static v => SnakeCase(v.ToString()));

        private static string SnakeCase(string name)
        {
            var words = new System.Text.StringBuilder(name.Length + 4);
            for (var i = 0; i < name.Length; i++)
            {
                if (char.IsUpper(name[i]) && i > 0)
                {
                    words.Append('_');
                }

                words.Append(char.ToLowerInvariant(name[i]));
            }

            return words.ToString();
        }
    }
}
