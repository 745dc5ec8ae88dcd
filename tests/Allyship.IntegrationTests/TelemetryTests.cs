using System.Diagnostics;
using Allyship.Web.Data;
using Allyship.Web.Features.Rollups;
using Allyship.Web.Infrastructure.Email;
using Allyship.Web.Infrastructure.Telemetry;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Xunit.Abstractions;
using static Allyship.TestSupport.Moments;

namespace Allyship.IntegrationTests;

/// <summary>
/// The app's OpenTelemetry: its own instruments and job spans seen by an in-memory exporter, and the OTLP export reaching
/// a receiver. In the collection that runs alone: OpenTelemetry listens to meters and activity sources by name across the
/// process, so another class's app logging coffees at the same moment would add to these counts.
/// </summary>
[Collection(JobServerGroup.Name)]
public sealed class TelemetryTests(ITestOutputHelper output)
{
    /// <summary>An app with telemetry on and no endpoint, exporting to lists the test reads.</summary>
    private sealed class InMemoryApp : AppFixtureBase
    {
        public InMemoryApp()
        {
            Settings["Telemetry:Enabled"] = "true";
        }

        public List<Metric> Metrics { get; } = [];

        public List<Activity> Spans { get; } = [];

        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(Metrics));
                services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans));
            });
        }

        /// <summary>Everything measured so far, exported now (the periodic reader would wait a minute).</summary>
        public void Flush()
        {
            Services.GetRequiredService<MeterProvider>().ForceFlush().ShouldBeTrue();
            Services.GetRequiredService<TracerProvider>().ForceFlush().ShouldBeTrue();
        }

        /// <summary>The sum of a counter's points whose attributes include <paramref name="tags"/> (the last export: counters are cumulative).</summary>
        public double Sum(string instrument, params (string Key, object Value)[] tags)
        {
            var metric = Metrics.LastOrDefault(m => m.Name == instrument);
            if (metric is null)
            {
                return 0;
            }

            double sum = 0;
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                var attributes = new Dictionary<string, object?>();
                foreach (var tag in point.Tags)
                {
                    attributes[tag.Key] = tag.Value;
                }

                if (tags.All(t => attributes.TryGetValue(t.Key, out var v) && Equals(v, t.Value)))
                {
                    sum += metric.MetricType switch
                    {
                        MetricType.LongSum => point.GetSumLong(),
                        MetricType.DoubleSum => point.GetSumDouble(),
                        MetricType.LongGauge => point.GetGaugeLastValueLong(),
                        MetricType.DoubleGauge => point.GetGaugeLastValueDouble(),
                        MetricType.Histogram => point.GetHistogramCount(),
                        _ => 0,
                    };
                }
            }

            return sum;
        }
    }

    /// <summary>A program, a mentor signed in, a colleague: Wednesday 25 November 2026, a week that closes on Monday 30th.</summary>
    private static async Task<(PledgeProgram Program, Browser Mentor, Colleague Colleague)> MentorAsync(AppFixtureBase app)
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var data = new TestData(app);
        var program = await data.ProgramAsync(start: new DateOnly(2026, 11, 2));
        var mentor = await data.MentorAsync(program);
        return (program, await Browser.SignedInAsync(app, mentor), await data.ColleagueAsync());
    }

    private static async Task LogCoffeeAsync(Browser mentor, Colleague colleague) =>
        (await mentor.SubmitAsync("/week", "Log coffee", new() { ["Input.ColleagueId"] = colleague.Id.ToString() })).StatusCode
            .ShouldBe(System.Net.HttpStatusCode.Redirect);

    [Fact]
    public async Task A_coffee_the_outbox_and_the_rollup_show_in_the_instruments_and_the_rollup_run_is_a_trace_of_its_own()
    {
        await using var app = new InMemoryApp();
        app.LogTo(output);
        var (program, mentor, colleague) = await MentorAsync(app);

        await LogCoffeeAsync(mentor, colleague);
        // The same form sent twice (a double click) is one action, and counts once.
        var week = await mentor.GetPageAsync("/week");
        await mentor.SubmitAsync(week, "/week", "Log coffee", new() { ["Input.ColleagueId"] = colleague.Id.ToString() });
        await mentor.SubmitAsync(week, "/week", "Log coffee", new() { ["Input.ColleagueId"] = colleague.Id.ToString() });

        app.Clock.SetUtcNow(Utc(2026, 11, 30, 8)); // Monday: last week has ended in London
        (await app.RunAsync<WeeklyRollupJob, int>(job => job.RunAsync())).ShouldBeGreaterThan(0);
        app.Flush();
        var queued = app.Sum("allyship.email.queued", ("allyship.email.kind", "weekly_summary"));
        queued.ShouldBeGreaterThanOrEqualTo(1, "the mentor's weekly summary was queued");
        app.Sum("allyship.email.pending").ShouldBeGreaterThanOrEqualTo(queued);

        var sent = await app.RunAsync<OutboxDispatcher, DispatchReport>(job => job.RunAsync());
        app.Clock.SetUtcNow(Utc(2026, 11, 30, 8) + EmailBacklog.Fresh); // the backlog is read again at most this often
        app.Flush();

        app.Sum("allyship.action.logged", ("allyship.action.kind", "coffee")).ShouldBe(2);
        app.Sum("allyship.action.logged", ("allyship.action.kind", "shout_out")).ShouldBe(0);
        app.Sum("allyship.email.sent").ShouldBe(sent.Sent);
        app.Sum("allyship.email.sent", ("allyship.email.kind", "weekly_summary")).ShouldBe(queued);
        app.Sum("allyship.email.failed").ShouldBe(0);
        app.Sum("allyship.email.pending").ShouldBe(0);
        app.Sum("allyship.job.run", ("allyship.job.name", "weekly-rollup"), ("allyship.job.outcome", "success")).ShouldBe(1);
        app.Sum("allyship.job.run", ("allyship.job.name", "email-outbox"), ("allyship.job.outcome", "success")).ShouldBe(1);
        app.Sum("allyship.job.duration", ("allyship.job.name", "weekly-rollup")).ShouldBe(1, "one run in the histogram");
        app.Sum("allyship.job.consecutive_failures", ("allyship.job.name", "weekly-rollup")).ShouldBe(0);
        app.Sum("allyship.signin.attempt", ("allyship.signin.outcome", "success")).ShouldBe(1);
        app.Sum("allyship.cache.lookup").ShouldBeGreaterThan(0);
        app.Metrics.ShouldContain(m => m.Name == "http.server.request.duration", "ASP.NET Core's own instruments are on");

        // The rollup run: a root span (its own trace), its week closed as a child, ids and dates only.
        var run = app.Spans.Single(s => s.OperationName == "weekly-rollup");
        run.ParentSpanId.ShouldBe(default);
        run.Source.Name.ShouldBe(AllyshipMetrics.Name);
        run.GetTagItem("allyship.job.name").ShouldBe("weekly-rollup");
        run.GetTagItem("allyship.job.outcome").ShouldBe("success");
        // The program started on 2 November: the first run closes its four weeks, each a child span.
        var closed = app.Spans.Where(s => s.OperationName == "close-week" && s.TraceId == run.TraceId).ToList();
        closed.Select(s => s.GetTagItem("allyship.week")).ShouldBe(["2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23"]);
        closed.ShouldAllBe(s => s.ParentSpanId == run.SpanId && Equals(s.GetTagItem("allyship.program.id"), program.Id));
        var outbox = app.Spans.Single(s => s.OperationName == "email-outbox");
        outbox.TraceId.ShouldNotBe(run.TraceId, "each run is a trace of its own");

        // A request span names the route, never a path that could carry a colleague's token.
        var paths = app.Spans.Where(s => s.Kind == ActivityKind.Server).Select(s => s.GetTagItem("url.path") as string).ToList();
        paths.ShouldContain("/week");
        paths.ShouldAllBe(p => p != null && !p.Contains("token", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_job_that_fails_three_times_in_a_row_says_so()
    {
        await using var app = new InMemoryApp();
        app.LogTo(output);
        var metrics = app.Services.GetRequiredService<AllyshipMetrics>();
        for (var i = 0; i < 3; i++)
        {
            await Should.ThrowAsync<InvalidOperationException>(() => metrics.RunJobAsync<int>("weekly-rollup", () => throw new InvalidOperationException("the database is read-only")));
        }

        app.Flush();
        app.Sum("allyship.job.consecutive_failures", ("allyship.job.name", "weekly-rollup")).ShouldBe(3);
        app.Sum("allyship.job.run", ("allyship.job.name", "weekly-rollup"), ("allyship.job.outcome", "failure")).ShouldBe(3);
        app.Spans.Where(s => s.OperationName == "weekly-rollup").ShouldAllBe(s => s.Status == ActivityStatusCode.Error);

        (await metrics.RunJobAsync("weekly-rollup", () => Task.FromResult(1))).ShouldBe(1);
        app.Flush();
        app.Sum("allyship.job.consecutive_failures", ("allyship.job.name", "weekly-rollup")).ShouldBe(0, "a run that succeeds ends the series");
    }

    [Fact]
    public async Task With_an_OTLP_endpoint_set_metrics_and_traces_arrive_at_the_collector()
    {
        await using var collector = new TestWebhookServer();
        await using var app = new OtlpApp(collector.Url(""));
        app.LogTo(output);
        var (_, mentor, colleague) = await MentorAsync(app);
        await LogCoffeeAsync(mentor, colleague);
        app.Clock.SetUtcNow(Utc(2026, 11, 30, 8));
        await app.RunAsync<WeeklyRollupJob, int>(job => job.RunAsync());

        // What the exporters hold goes out when they are flushed (a stopping app flushes too).
        app.Services.GetRequiredService<MeterProvider>().ForceFlush().ShouldBeTrue();
        app.Services.GetRequiredService<TracerProvider>().ForceFlush().ShouldBeTrue();

        var metrics = collector.Requests.Where(r => r.Path == "/v1/metrics").Select(r => r.Body).ToList();
        var traces = collector.Requests.Where(r => r.Path == "/v1/traces").Select(r => r.Body).ToList();
        metrics.ShouldNotBeEmpty("OTLP/HTTP metrics posted to /v1/metrics");
        traces.ShouldNotBeEmpty("OTLP/HTTP traces posted to /v1/traces");
        // Protobuf keeps strings as they are: the instrument, the resource and the job span can be read in the bytes.
        metrics.ShouldContain(b => b.Contains("allyship.action.logged", StringComparison.Ordinal));
        metrics.ShouldContain(b => b.Contains("service.instance.id", StringComparison.Ordinal) && b.Contains(TelemetrySetup.ServiceName, StringComparison.Ordinal));
        traces.ShouldContain(b => b.Contains("weekly-rollup", StringComparison.Ordinal));
        collector.Requests.ShouldNotContain(r => r.Path == "/v1/logs", "logs stay on the console");
    }

    [Fact]
    public async Task Provisioning_requests_are_counted_by_resource_and_status()
    {
        await using var app = new InMemoryApp();
        app.LogTo(output);
        using var client = app.NewClient();
        (await client.GetAsync(new Uri("/scim/v2/Users", UriKind.Relative))).StatusCode.ShouldBe(System.Net.HttpStatusCode.Unauthorized);
        double counted = 0;
        for (var i = 0; i < 50 && counted == 0; i++) // counted once the response has completed
        {
            await Task.Delay(20);
            app.Flush();
            counted = app.Sum("allyship.scim.request", ("allyship.scim.resource", "Users"), ("http.response.status_code", 401), ("http.request.method", "GET"));
        }

        counted.ShouldBe(1);
    }

    private sealed class OtlpApp : AppFixtureBase
    {
        public OtlpApp(string endpoint)
        {
            Settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint;
            Settings["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        }
    }

    [Fact]
    public async Task Without_an_endpoint_nothing_is_collected()
    {
        await using var app = new AppFixture();
        app.LogTo(output);
        _ = app.Services; // started
        app.Services.GetService<MeterProvider>().ShouldBeNull();
        app.Services.GetService<TracerProvider>().ShouldBeNull();
        app.Services.GetRequiredService<AllyshipMetrics>().ShouldNotBeNull("the instruments exist; nothing listens to them");
    }
}
