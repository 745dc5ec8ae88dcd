using Allyship.Web.Data;
using Allyship.Web.Infrastructure;
using Allyship.Web.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Allyship.IntegrationTests;

/// <summary>The one cache (ADR 19): dropped by committed writes only, never keeping what a write replaced, bounded in bytes.</summary>
public sealed class CacheTests(AppFixture app) : IClassFixture<AppFixture>
{
    private readonly TestData _data = new(app);

    private DataChanges Changes => app.Services.GetRequiredService<DataChanges>();

    private static readonly string[] Directory = [DataChanges.Of<Colleague>()];

    /// <summary>A colleague's name changed through a committed transaction (the commit hook drops the Colleague tag).</summary>
    private async Task RenameAsync(Colleague colleague, string name)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AllyshipDbContext>();
        await db.InTransactionAsync(async () =>
        {
            (await db.Colleagues.SingleAsync(c => c.Id == colleague.Id)).Name = name;
            return true;
        }, CancellationToken.None);
    }

    [Fact]
    public async Task A_read_that_started_before_a_write_does_not_leave_the_old_value_kept()
    {
        var colleague = await _data.ColleagueAsync("Ada Before");
        var key = $"test:name:{colleague.Id}";
        var reading = new TaskCompletionSource();
        var release = new TaskCompletionSource();

        // A read of the old name that is still running when the rename commits...
        var slow = Changes.GetOrReadAsync(key, Directory, TimeSpan.FromMinutes(10), async () =>
        {
            reading.SetResult();
            await release.Task;
            return "Ada Before";
        });
        await reading.Task;
        await RenameAsync(colleague, "Ada After");
        release.SetResult();
        (await slow).ShouldBe("Ada Before", "the read began before the commit: its caller sees what it read");

        // ...is not what the next reader gets: it reads again.
        (await Changes.GetOrReadAsync(key, Directory, TimeSpan.FromMinutes(10), () => Task.FromResult("Ada After"))).ShouldBe("Ada After");
    }

    [Fact]
    public async Task A_committed_write_drops_what_was_kept_of_it_and_nothing_else()
    {
        var colleague = await _data.ColleagueAsync("Grace Before");
        var key = $"test:kept:{colleague.Id}";
        var other = $"test:other:{colleague.Id}";
        (await Changes.GetOrReadAsync(key, Directory, TimeSpan.FromMinutes(10), () => Task.FromResult("first"))).ShouldBe("first");
        (await Changes.GetOrReadAsync(other, [DataChanges.Of<PledgeProgram>()], TimeSpan.FromMinutes(10), () => Task.FromResult("first"))).ShouldBe("first");
        (await Changes.GetOrReadAsync(key, Directory, TimeSpan.FromMinutes(10), () => Task.FromResult("second"))).ShouldBe("first", "kept until a change");

        await RenameAsync(colleague, "Grace After");

        (await Changes.GetOrReadAsync(key, Directory, TimeSpan.FromMinutes(10), () => Task.FromResult("second"))).ShouldBe("second");
        (await Changes.GetOrReadAsync(other, [DataChanges.Of<PledgeProgram>()], TimeSpan.FromMinutes(10), () => Task.FromResult("second"))).ShouldBe("first");
    }

    [Fact]
    public async Task Kept_values_count_their_estimated_bytes_against_the_bound()
    {
        var memory = app.Services.GetRequiredService<KeptMemory>();
        var before = memory.Held().Bytes;
        await Changes.GetOrReadAsync($"test:big:{Guid.NewGuid()}", Directory, TimeSpan.FromMinutes(10), () => Task.FromResult("big"), _ => 3_000_000);
        (memory.Held().Bytes - before).ShouldBeGreaterThanOrEqualTo(3_000_000);
        memory.Cache.GetCurrentStatistics()!.CurrentEstimatedSize.ShouldNotBeNull();
    }

    [Fact]
    public async Task A_kept_page_is_found_until_a_change_to_one_of_its_tags()
    {
        var key = $"test:page:{Guid.NewGuid()}";
        var mark = Changes.Mark();
        await Changes.KeepAsync(key, new byte[] { 1, 2, 3 }, 3, Directory, TimeSpan.FromMinutes(1), mark, CancellationToken.None);
        (await Changes.FindAsync<byte[]>(key, CancellationToken.None)).ShouldNotBeNull();
        await RenameAsync(await _data.ColleagueAsync(), "Someone Else");
        (await Changes.FindAsync<byte[]>(key, CancellationToken.None)).ShouldBeNull();
    }
}
