using Allyship.Web.Data;
using Allyship.Web.Features.Sponsorship;
using Allyship.Web.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

/// <summary>
/// The one way a batch job does a round (BatchRound): marker first, then the work, in one command; a second run of the
/// same round, at the same moment or later, does nothing; a failed round leaves nothing, so the next run does it.
/// </summary>
public sealed class BatchRoundTests(AppFixture app, ITestOutputHelper output) : IClassFixture<AppFixture>
{
    private readonly AppFixtureBase _app = app.LogTo(output);

    [Fact]
    public async Task Two_runs_of_one_round_at_the_same_moment_do_the_work_once()
    {
        var quarter = new DateOnly(2026, 1, 1);
        var ran = 0;
        var firstIsWorking = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var letFirstFinish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        Task<bool> RunAsync(bool first) => _app.WithDbAsync(db => db.RunOnceAsync(new PulseRound { QuarterStart = quarter, SentUtc = DateTime.UnixEpoch }, async round =>
        {
            Interlocked.Increment(ref ran);
            round.Colleagues = 7;
            if (first)
            {
                firstIsWorking.SetResult();
                await letFirstFinish.Task; // the second run starts while the first holds its marker, uncommitted
            }
        }, CancellationToken.None));

        var one = RunAsync(first: true);
        await firstIsWorking.Task;
        var two = RunAsync(first: false);
        letFirstFinish.SetResult();

        (await one).ShouldBeTrue();
        (await two).ShouldBeFalse();
        ran.ShouldBe(1);
        (await _app.WithDbAsync(db => db.PulseRounds.AsNoTracking().Where(r => r.QuarterStart == quarter).Select(r => r.Colleagues).ToListAsync())).ShouldBe([7]);
    }

    [Fact]
    public async Task A_round_that_fails_leaves_no_marker_so_the_next_run_does_it()
    {
        var quarter = new DateOnly(2026, 4, 1);
        await Should.ThrowAsync<InvalidOperationException>(() => _app.WithDbAsync(db =>
            db.RunOnceAsync(new PulseRound { QuarterStart = quarter }, _ => throw new InvalidOperationException("The mail template failed."), CancellationToken.None)));
        (await _app.WithDbAsync(db => db.PulseRounds.CountAsync(r => r.QuarterStart == quarter))).ShouldBe(0);

        (await _app.WithDbAsync(db => db.RunOnceAsync(new PulseRound { QuarterStart = quarter }, _ => Task.CompletedTask, CancellationToken.None))).ShouldBeTrue();
        (await _app.WithDbAsync(db => db.RunOnceAsync(new PulseRound { QuarterStart = quarter }, _ => Task.CompletedTask, CancellationToken.None))).ShouldBeFalse();
    }

    [Fact]
    public async Task Two_leader_digest_runs_for_one_week_at_the_same_moment_send_each_leader_one_digest()
    {
        var data = new TestData(_app);
        var program = await data.ProgramAsync(start: new DateOnly(2026, 11, 2));
        var mentor = await data.MentorAsync(program);
        var amara = await data.ColleagueAsync("Amara Okafor");
        var dana = await data.ColleagueAsync("Dana Whitfield", department: "Leadership");
        await _app.WithDbAsync(db => db.Colleagues.Where(c => c.Id == dana.Id).ExecuteUpdateAsync(u => u.SetProperty(c => c.IsLeader, true)));
        var note = await data.ActionAsync(mentor, program, amara, ActionKind.SponsorNote, new DateOnly(2026, 11, 17));
        await _app.WithDbAsync(db => db.Actions.Where(a => a.Id == note.Id).ExecuteUpdateAsync(u => u
            .SetProperty(a => a.SeniorLeaderId, dana.Id).SetProperty(a => a.SeniorLeader, dana.Name).SetProperty(a => a.Accomplishment, "Shipped billing")));

        var week = new Allyship.Web.Features.Pledge.PledgeWeek(new DateOnly(2026, 11, 16));
        var results = await Task.WhenAll(
            _app.RunAsync<LeaderDigestJob, LeaderDigestJob.Result>(job => job.SendAsync(week, default)),
            _app.RunAsync<LeaderDigestJob, LeaderDigestJob.Result>(job => job.SendAsync(week, default)));

        results.Select(r => r.Leaders).Order().ShouldBe([0, 1]);
        (await _app.WithDbAsync(db => db.Emails.CountAsync(e => e.Kind == EmailKind.LeaderDigest))).ShouldBe(1);
        (await _app.WithDbAsync(db => db.LeaderDigestRounds.Where(r => r.WeekStart == week.Monday).Select(r => r.Leaders).SingleAsync())).ShouldBe(1);
    }
}
