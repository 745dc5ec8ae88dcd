using Allyship.Web.Infrastructure;
using Hangfire.InMemory;
using Hangfire.Server;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Allyship.UnitTests;

public sealed class JobServerHealthCheckTests
{
    private static Task<HealthCheckResult> CheckAsync(InMemoryStorage storage, bool serverEnabled) =>
        new JobServerHealthCheck(storage, new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Jobs:ServerEnabled"] = serverEnabled ? "true" : "false" })
                .Build())
            .CheckHealthAsync(new HealthCheckContext());

    [Fact]
    public async Task No_heartbeat_is_unhealthy_where_a_server_should_run_and_degraded_where_none_should()
    {
        using var storage = new InMemoryStorage();
        (await CheckAsync(storage, serverEnabled: true)).Status.ShouldBe(HealthStatus.Unhealthy);
        (await CheckAsync(storage, serverEnabled: false)).Status.ShouldBe(HealthStatus.Degraded);
    }

    [Fact]
    public async Task A_fresh_heartbeat_from_any_server_is_healthy()
    {
        using var storage = new InMemoryStorage();
        using (var connection = storage.GetConnection())
        {
            connection.AnnounceServer("web-2:1", new ServerContext { Queues = ["default"], WorkerCount = 2 });
            connection.Heartbeat("web-2:1");
        }

        var result = await CheckAsync(storage, serverEnabled: false);
        result.Status.ShouldBe(HealthStatus.Healthy);
        result.Description!.ShouldContain("1 job server");
    }
}
