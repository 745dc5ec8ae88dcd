using Allyship.Web.Data;
using Allyship.Web.Features.Pledge;

namespace Allyship.Web.Features.Demo;

/// <summary>
/// Deterministic history: for a given seed the same mentors log the same actions. Each mentor has a habit
/// (how reliably they keep the pledge) and a handful of colleagues they support, as real mentors do.
/// </summary>
internal sealed class PledgeDataGenerator(Random random)
{
    public IEnumerable<PledgeAction> History(string mentorId, int programId, IReadOnlyList<int> colleagueIds,
        PledgeWeek firstWeek, PledgeWeek lastWeek, DateOnly today, double reliability, DateTime stamp)
    {
        var circle = Enumerable.Range(0, Math.Min(colleagueIds.Count, random.Next(2, 6)))
            .Select(_ => colleagueIds[random.Next(colleagueIds.Count)]).Distinct().ToArray();

        foreach (var week in PledgeWeek.Range(firstWeek, lastWeek))
        {
            foreach (var kind in new[] { ActionKind.Coffee, ActionKind.ShoutOut, ActionKind.SponsorNote })
            {
                // Sponsor notes follow shout-outs in real life: slightly rarer.
                var p = kind == ActionKind.SponsorNote ? reliability * 0.92 : reliability;
                if (random.NextDouble() > p)
                {
                    continue;
                }

                var day = week.Monday.AddDays(random.Next(0, 5));
                if (day > today)
                {
                    continue;
                }

                yield return Make(kind, mentorId, programId, circle[random.Next(circle.Length)], week, day, stamp);
            }
        }
    }

    /// <summary>The directory's senior leaders: when set, sponsor notes name one of them by reference.</summary>
    public IReadOnlyList<(int Id, string Name)>? Leaders { get; set; }

    public PledgeAction Make(ActionKind kind, string mentorId, int programId, int colleagueId, PledgeWeek week, DateOnly day, DateTime stamp)
    {
        var a = new PledgeAction
        {
            Kind = kind,
            MentorId = mentorId,
            ProgramId = programId,
            ColleagueId = colleagueId,
            WeekStart = week.Monday,
            OccurredOn = day,
            CreatedUtc = stamp,
            UpdatedUtc = stamp,
        };
        switch (kind)
        {
            case ActionKind.Coffee:
                a.Minutes = random.Next(10) == 0 ? 45 : 30;
                a.Topics = Pick(DemoText.Topics);
                break;
            case ActionKind.ShoutOut:
                a.Minutes = 5;
                a.Achievement = Pick(DemoText.Achievements);
                a.WhereGiven = Pick(DemoText.Venues);
                break;
            case ActionKind.SponsorNote:
                a.Minutes = 1;
                var leader = random.Next(DemoText.SeniorLeaders.Length);
                a.SeniorLeader = Leaders is { Count: > 0 } ? Leaders[leader % Leaders.Count].Name : DemoText.SeniorLeaders[leader];
                a.SeniorLeaderId = Leaders is { Count: > 0 } ? Leaders[leader % Leaders.Count].Id : null;
                a.Accomplishment = Pick(DemoText.Achievements);
                break;
        }

        return a;
    }

    /// <summary>
    /// A year of outcome events to <paramref name="today"/>: the sponsored favourites are promoted more often and leave
    /// less often than the rest, so the Outcomes section has a pattern to show (and its sentence a reason to exist).
    /// </summary>
    public List<OutcomeEvent> Outcomes(IReadOnlyList<int> colleagueIds, ISet<int> favourites, DateOnly today, DateTime stamp)
    {
        var events = new List<OutcomeEvent>();
        foreach (var id in colleagueIds)
        {
            var favourite = favourites.Contains(id);
            var on = today.AddDays(-random.Next(1, 365));
            if (random.NextDouble() < (favourite ? 0.05 : 0.15))
            {
                events.Add(new OutcomeEvent { ColleagueId = id, OccurredOn = on, Kind = OutcomeKind.Exit, ImportedUtc = stamp });
                continue;
            }

            if (random.NextDouble() < (favourite ? 0.45 : 0.15))
            {
                events.Add(new OutcomeEvent { ColleagueId = id, OccurredOn = on, Kind = OutcomeKind.Promotion, ImportedUtc = stamp });
            }

            if (random.NextDouble() < 0.1)
            {
                events.Add(new OutcomeEvent { ColleagueId = id, OccurredOn = today.AddDays(-random.Next(1, 365)), Kind = OutcomeKind.RoleChange, ImportedUtc = stamp });
            }
        }

        return events.DistinctBy(e => (e.ColleagueId, e.OccurredOn, e.Kind)).ToList();
    }

    public string Pick(string[] values) => values[random.Next(values.Length)];

    public string DeterministicId() => new Guid(Enumerable.Range(0, 16).Select(_ => (byte)random.Next(256)).ToArray()).ToString();
}
