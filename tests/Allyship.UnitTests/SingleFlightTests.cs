using Allyship.Web.Infrastructure;

namespace Allyship.UnitTests;

public sealed class SingleFlightTests
{
    [Fact]
    public async Task Eight_callers_missing_the_same_key_together_share_one_read()
    {
        var flights = new SingleFlight();
        var reads = 0;
        var release = new TaskCompletionSource();
        async Task<string> ReadAsync()
        {
            Interlocked.Increment(ref reads);
            await release.Task;
            return "dashboard";
        }

        var callers = Enumerable.Range(0, 8).Select(_ => flights.RunAsync("program:1", ReadAsync)).ToList();
        release.SetResult();

        (await Task.WhenAll(callers)).ShouldAllBe(v => v == "dashboard");
        reads.ShouldBe(1);

        // Once it is done, the next miss reads again (the cache, not the flight, keeps values).
        await flights.RunAsync("program:1", ReadAsync);
        reads.ShouldBe(2);
    }

    [Fact]
    public async Task A_failed_read_fails_its_callers_and_the_next_one_tries_again()
    {
        var flights = new SingleFlight();
        await Should.ThrowAsync<InvalidOperationException>(() => flights.RunAsync<string>("k", () => throw new InvalidOperationException("disk")));
        (await flights.RunAsync("k", () => Task.FromResult("ok"))).ShouldBe("ok");
    }

    [Fact]
    public async Task A_read_cancelled_with_its_first_callers_request_is_read_again_by_each_waiting_caller()
    {
        var flights = new SingleFlight();
        var started = new TaskCompletionSource();
        var abort = new TaskCompletionSource();
        var first = flights.RunAsync<string>("k", async () =>
        {
            started.SetResult();
            await abort.Task;
            throw new OperationCanceledException(); // the first admin closed the tab
        });
        await started.Task;
        var second = flights.RunAsync("k", () => Task.FromResult("dashboard"));
        abort.SetResult();

        await Should.ThrowAsync<OperationCanceledException>(() => first);
        (await second).ShouldBe("dashboard");
    }
}
