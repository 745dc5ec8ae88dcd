using Allyship.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Shared;

/// <summary>
/// The perception gap, computed once for the program dashboard and HR's Voice sheet alike: the confirmation rate
/// (confirmed / asked) per week, per action kind and per mentor department; the share of answers that said "it didn't
/// happen"; the average usefulness; and the pulse, mentors against colleagues, for a quarter and the one before.
/// Groups smaller than Reporting:MinGroupSize are merged (departments) or not shown (pulse sides).
/// </summary>
public static class VoiceNumbers
{
    public sealed record Rate(int Asked, int Confirmed, int DidNotHappen, int UsefulnessSum, int UsefulnessCount)
    {
        public static readonly Rate None = new(0, 0, 0, 0, 0);

        public int Answered => Confirmed + DidNotHappen;

        /// <summary>Confirmed / asked: an unanswered question counts as not confirmed.</summary>
        public double ConfirmationRate => Asked == 0 ? 0 : (double)Confirmed / Asked;

        /// <summary>"It didn't happen" among the answers given.</summary>
        public double DidNotHappenShare => Answered == 0 ? 0 : (double)DidNotHappen / Answered;

        public double? AverageUsefulness => UsefulnessCount == 0 ? null : Math.Round((double)UsefulnessSum / UsefulnessCount, 1, MidpointRounding.AwayFromZero);

        public static Rate operator +(Rate a, Rate b) => new(a.Asked + b.Asked, a.Confirmed + b.Confirmed, a.DidNotHappen + b.DidNotHappen,
            a.UsefulnessSum + b.UsefulnessSum, a.UsefulnessCount + b.UsefulnessCount);
    }

    /// <summary>One side's pulse answers; the share is hidden below the group size.</summary>
    public sealed record PulseSideNumbers(int Answers, int Agree, int MinGroupSize)
    {
        public bool Shown => Answers >= MinGroupSize && Answers > 0;

        public double? AgreeShare => Shown ? (double)Agree / Answers : null;
    }

    public sealed record PulseQuarter(FiscalQuarter Quarter, PulseSideNumbers Mentors, PulseSideNumbers Colleagues)
    {
        /// <summary>Mentors' agreement minus colleagues' agreement, in percentage points: 77% vs 41% is a gap of 36.</summary>
        public int? GapPoints => Mentors.AgreeShare is { } m && Colleagues.AgreeShare is { } c ? Points(m) - Points(c) : null;
    }

    public sealed record Model(
        Rate Total,
        IReadOnlyList<(DateOnly Week, Rate Rate)> Weeks,
        IReadOnlyList<(ActionKind Kind, Rate Rate)> Kinds,
        IReadOnlyList<(string Department, Rate Rate)> Departments,
        PulseQuarter Latest,
        PulseQuarter Earlier);

    /// <summary>A share as whole percentage points, rounded the one way every page and sheet rounds it.</summary>
    public static int Points(double share) => (int)Math.Round(share * 100, MidpointRounding.AwayFromZero);

    public sealed class Handler(AllyshipDbContext db)
    {
        public async Task<Model> LoadAsync(IReadOnlyCollection<int> programIds, DateOnly firstMonday, DateOnly lastMonday, FiscalQuarter pulseQuarter,
            int fiscalYearStartMonth, int minGroupSize, CancellationToken ct)
        {
            var asked = db.Confirmations.AsNoTracking()
                .Where(c => programIds.Contains(c.Action.ProgramId) && c.Action.WeekStart >= firstMonday && c.Action.WeekStart <= lastMonday)
                .Join(db.Users, c => c.Action.MentorId, u => u.Id, (c, u) => new
                {
                    c.Action.WeekStart, c.Action.Kind, u.Department, c.Action.MentorId, c.Answer, c.Usefulness,
                });
            var groups = await asked
                .GroupBy(x => new { x.WeekStart, x.Kind, x.Department })
                .Select(g => new
                {
                    g.Key.WeekStart, g.Key.Kind, g.Key.Department,
                    Rate = new Rate(g.Count(), g.Count(x => x.Answer == ConfirmationAnswer.Happened), g.Count(x => x.Answer == ConfirmationAnswer.DidNotHappen),
                        g.Sum(x => x.Usefulness ?? 0), g.Count(x => x.Usefulness != null)),
                })
                .ToListAsync(ct);
            var mentorsPerDepartment = await asked.Select(x => new { x.Department, x.MentorId }).Distinct()
                .GroupBy(x => x.Department).Select(g => new { g.Key, Mentors = g.Count() })
                .ToDictionaryAsync(x => x.Key ?? "", x => x.Mentors, ct);

            static Rate Sum(IEnumerable<Rate> rates) => rates.Aggregate(Rate.None, (a, b) => a + b);
            var other = GroupNames.OtherDepartment(minGroupSize);
            var departments = groups
                .GroupBy(g => mentorsPerDepartment.GetValueOrDefault(g.Department ?? "") >= minGroupSize ? g.Department ?? GroupNames.NoDepartment : other)
                .Select(g => (g.Key, Sum(g.Select(x => x.Rate))))
                .OrderBy(d => d.Key == other).ThenBy(d => d.Key == GroupNames.NoDepartment).ThenBy(d => d.Key, StringComparer.CurrentCulture)
                .ToList();

            var earlierQuarter = pulseQuarter.Previous(fiscalYearStartMonth);
            var pulse = await db.PulseAnswers.AsNoTracking()
                .Where(a => programIds.Contains(a.ProgramId) && (a.QuarterStart == pulseQuarter.Start || a.QuarterStart == earlierQuarter.Start))
                .GroupBy(a => new { a.QuarterStart, a.Side })
                .Select(g => new { g.Key.QuarterStart, g.Key.Side, Answers = g.Count(), Agree = g.Count(a => a.Score >= PulseAnswer.AgreeFrom) })
                .ToListAsync(ct);
            PulseQuarter PulseOf(FiscalQuarter q)
            {
                PulseSideNumbers SideOf(PulseSide side) =>
                    pulse.FirstOrDefault(p => p.QuarterStart == q.Start && p.Side == side) is { } p
                        ? new PulseSideNumbers(p.Answers, p.Agree, minGroupSize)
                        : new PulseSideNumbers(0, 0, minGroupSize);
                return new PulseQuarter(q, SideOf(PulseSide.Mentor), SideOf(PulseSide.Colleague));
            }

            return new Model(
                Sum(groups.Select(g => g.Rate)),
                groups.GroupBy(g => g.WeekStart).OrderBy(g => g.Key).Select(g => (g.Key, Sum(g.Select(x => x.Rate)))).ToList(),
                ActionKindsInOrder.Select(k => (k, Sum(groups.Where(g => g.Kind == k).Select(g => g.Rate)))).ToList(),
                departments,
                PulseOf(pulseQuarter),
                PulseOf(earlierQuarter));
        }
    }

    private static readonly ActionKind[] ActionKindsInOrder = [ActionKind.Coffee, ActionKind.ShoutOut, ActionKind.SponsorNote];
}
