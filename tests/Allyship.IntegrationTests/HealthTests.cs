using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Allyship.IntegrationTests;

[Collection(JobServerGroup.Name)]
public sealed class HealthTests(AppFixture app)
{
    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        response.Headers.CacheControl!.NoStore.ShouldBeTrue();
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
    }

    [Fact]
    public async Task Live_answers_without_signing_in()
    {
        var (status, body) = await GetAsync(app.NewClient(), "/health/live");
        status.ShouldBe(HttpStatusCode.OK);
        body.GetProperty("status").GetString().ShouldBe("Healthy");
    }

    [Fact]
    public async Task Ready_checks_the_database_and_the_job_server()
    {
        var (status, body) = await GetAsync(app.NewClient(), "/health/ready");
        status.ShouldBe(HttpStatusCode.OK);
        var checks = body.GetProperty("checks");
        checks.GetProperty("database").GetProperty("status").GetString().ShouldBe("Healthy");
        // The tests run no job server (Jobs:ServerEnabled=false) and none reports: serving, but degraded.
        checks.GetProperty("jobs").GetProperty("status").GetString().ShouldBe("Degraded");
        body.GetProperty("status").GetString().ShouldBe("Degraded");
    }

    [Fact]
    public async Task Ready_is_healthy_once_the_job_server_reports_a_heartbeat()
    {
        // The job server on (in-memory storage on SQLite, Hangfire.PostgreSql on PostgreSQL: its schema is created here).
        await using var withJobs = new AppWithJobServer();
        var client = withJobs.NewClient();
        JsonElement body = default;
        for (var attempt = 0; attempt < 40; attempt++)
        {
            (_, body) = await GetAsync(client, "/health/ready");
            if (body.GetProperty("status").GetString() == "Healthy")
            {
                break;
            }

            await Task.Delay(250);
        }

        body.GetProperty("checks").GetProperty("jobs").GetProperty("description").GetString()!.ShouldContain("1 job server");
        body.GetProperty("status").GetString().ShouldBe("Healthy");
    }

    private sealed class AppWithJobServer : AppFixtureBase
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Jobs:ServerEnabled", "true");
        }
    }

    [Fact]
    public async Task Ready_fails_while_a_migration_is_not_applied()
    {
        var last = await app.WithDbAsync(async db => (await db.Database.GetAppliedMigrationsAsync()).Last());
        await app.WithDbAsync(db => db.Database.ExecuteSqlAsync($"DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = {last}"));
        try
        {
            var (status, body) = await GetAsync(app.NewClient(), "/health/ready");
            status.ShouldBe(HttpStatusCode.ServiceUnavailable);
            var database = body.GetProperty("checks").GetProperty("database");
            database.GetProperty("status").GetString().ShouldBe("Unhealthy");
            database.GetProperty("description").GetString()!.ShouldContain(last);
        }
        finally
        {
            await app.WithDbAsync(db => db.Database.ExecuteSqlAsync(
                $"INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ({last}, '10.0.15')"));
        }
    }

    [Fact]
    public async Task Forwarded_https_is_believed_only_from_a_trusted_proxy()
    {
        await using var proxied = new ProxiedApp();
        var client = proxied.NewClient();

        // A browser keeps a Secure cookie from going back over plain http: the form's own cookie tells what the app believed.
        async Task<bool> FormCookieIsSecureAsync(string peer)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/account/sign-in", UriKind.Relative));
            request.Headers.Add("X-Test-Peer", peer);
            request.Headers.Add("X-Forwarded-Proto", "https");
            var response = await client.SendAsync(request);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            return response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("allyship.af", StringComparison.Ordinal))
                .Contains("secure", StringComparison.OrdinalIgnoreCase);
        }

        (await FormCookieIsSecureAsync("10.1.2.3")).ShouldBeTrue("10.0.0.0/8 is a trusted proxy network");
        (await FormCookieIsSecureAsync("192.0.2.7")).ShouldBeFalse("an unknown peer's X-Forwarded-Proto must be ignored");
    }

    /// <summary>The app behind a proxy network 10.0.0.0/8; each request's peer address comes from a test header.</summary>
    private sealed class ProxiedApp : AppFixtureBase
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Proxy:KnownNetworks:0", "10.0.0.0/8");
            builder.ConfigureServices(services => services.AddTransient<IStartupFilter, PeerFromHeader>());
        }
    }

    private sealed class PeerFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext context, Func<Task> nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers["X-Test-Peer"], out var peer))
                {
                    context.Connection.RemoteIpAddress = peer;
                }

                return nextMiddleware();
            });
            next(app);
        };
    }
}
