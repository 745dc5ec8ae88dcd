using Allyship.Web.Data;
using Allyship.Web.Features.Pledge;
using Allyship.Web.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Insights;

/// <summary>
/// The perception gap, computed once for the program dashboard and HR's Voice sheet alike: the confirmation rate
/// (confirmed / asked) per week, per action kind and per mentor department; the share of answers that said "it didn't
/// happen"; the average usefulness; and the pulse, mentors against colleagues, for a quarter and the one before.
/// Groups smaller than Reporting:MinGroupSize are merged (departments) or not shown (pulse sides), by <see cref="SmallGroups"/>.
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
        public bool Shown => SmallGroups.Shows(Answers, MinGroupSize);

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

    /// <summary>One program week's confirmations: per kind, and per mentor department with the mentors counted in it.</summary>
    public sealed record WeekNumbers(DateOnly Week, IReadOnlyDictionary<ActionKind, Rate> Kinds, IReadOnlyDictionary<string, (Rate Rate, IReadOnlySet<string> Mentors)> Departments)
    {
        public Rate Total => Kinds.Values.Aggregate(Rate.None, (a, b) => a + b);
    }

    /// <summary>
    /// The numbers, with each program week's confirmations kept (<see cref="DataChanges"/>, 10 minutes, like the
    /// closed-week rollups) until the week's rows or any confirmation change: questions are only asked about ended weeks,
    /// and asking or answering commits confirmations, which drops them on every instance.
    /// </summary>
    public sealed class Handler(AllyshipDbContext db, DataChanges changes)
    {
        public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(10);

        public async Task<Model> LoadAsync(IReadOnlyCollection<int> programIds, DateOnly firstMonday, DateOnly lastMonday, FiscalQuarter pulseQuarter,
            int fiscalYearStartMonth, int minGroupSize, CancellationToken ct) =>
            programIds.Count != 1
                ? await ComputeAsync(programIds, firstMonday, lastMonday, pulseQuarter, fiscalYearStartMonth, minGroupSize, ct)
                // One program's numbers (its dashboard) are kept whole under the program's live tags: answers, pulse
                // answers, the weekly batch and action edits drop them.
                : await changes.GetOrReadAsync($"voice:{programIds.First()}:{firstMonday:yyyy-MM-dd}:{lastMonday:yyyy-MM-dd}:{pulseQuarter.Key}:{fiscalYearStartMonth}:{minGroupSize}",
                    [.. LiveNumbers.Tags(programIds.First()), DataChanges.Of<PulseTally>()], LiveNumbers.Lifetime,
                    () => ComputeAsync(programIds, firstMonday, lastMonday, pulseQuarter, fiscalYearStartMonth, minGroupSize, ct),
                    model => LiveNumbers.ListBytes(model.Departments.Count, 200) + 4096, ct);

        private async Task<Model> ComputeAsync(IReadOnlyCollection<int> programIds, DateOnly firstMonday, DateOnly lastMonday, FiscalQuarter pulseQuarter,
            int fiscalYearStartMonth, int minGroupSize, CancellationToken ct)
        {
            var weekOf = new List<(int Program, WeekNumbers Numbers)>();
            Dictionary<string, string>? departmentOf = null;
            foreach (var programId in programIds)
            {
                for (var week = firstMonday; week <= lastMonday; week = week.AddDays(7))
                {
                    var (id, monday) = (programId, week);
                    weekOf.Add((id, await changes.GetOrReadAsync($"voice:{id}:{monday:yyyy-MM-dd}",
                        [DataChanges.OfWeek(id, monday), DataChanges.AnyProgram, DataChanges.Of<Confirmation>()], CacheFor,
                        async () => await WeekAsync(id, monday, departmentOf ??= await DepartmentsAsync(programIds, ct), ct),
                        numbers => LiveNumbers.ListBytes(numbers.Departments.Count, 160) + numbers.Departments.Values.Sum(d => LiveNumbers.ListBytes(d.Mentors.Count, 80)), ct)));
                }
            }

            static Rate Sum(IEnumerable<Rate> rates) => rates.Aggregate(Rate.None, (a, b) => a + b);
            var byDepartment = weekOf.SelectMany(w => w.Numbers.Departments.Select(d => (w.Program, Department: d.Key, d.Value.Rate, d.Value.Mentors)))
                .GroupBy(d => d.Department, StringComparer.Ordinal)
                .Select(g => (Department: g.Key, Rate: Sum(g.Select(x => x.Rate)), Mentors: g.SelectMany(x => x.Mentors).ToHashSet(StringComparer.Ordinal),
                    Parts: programIds.Select(p => new SmallGroups.Group(g.Key, g.Where(x => x.Program == p).SelectMany(x => x.Mentors).Distinct(StringComparer.Ordinal).Count())).ToList()))
                .ToList();
            // Departments by their mentors asked about (SmallGroups); merged ones counted as the distinct mentors among them.
            var plan = SmallGroups.Merge(
                byDepartment.Select(d => new SmallGroups.Group(d.Department, d.Mentors.Count)),
                minGroupSize, GroupNames.OtherDepartment(minGroupSize),
                keys => byDepartment.Where(d => keys.Contains(d.Department)).SelectMany(d => d.Mentors).Distinct(StringComparer.Ordinal).Count(),
                programIds.Count < 2 ? null : programIds.Select((_, i) => (IReadOnlyList<SmallGroups.Group>)byDepartment.Select(d => d.Parts[i]).ToList()).ToList());
            var departments = plan.Rows(byDepartment, d => d.Department, (name, g) => (name, Sum(g.Select(x => x.Rate))));

            var earlierQuarter = pulseQuarter.Previous(fiscalYearStartMonth);
            var pulse = await db.PulseTallies.AsNoTracking()
                .Where(t => programIds.Contains(t.ProgramId) && (t.QuarterStart == pulseQuarter.Start || t.QuarterStart == earlierQuarter.Start))
                .GroupBy(t => new { t.QuarterStart, t.Side })
                .Select(g => new { g.Key.QuarterStart, g.Key.Side, Answers = g.Sum(t => t.Count), Agree = g.Where(t => t.Score >= PulseTally.AgreeFrom).Sum(t => t.Count) })
                .ToListAsync(ct);
            PulseQuarter PulseOf(FiscalQuarter q)
            {
                PulseSideNumbers SideOf(PulseSide side) =>
                    pulse.FirstOrDefault(p => p.QuarterStart == q.Start && p.Side == side) is { } p
                        ? new PulseSideNumbers(p.Answers, p.Agree, minGroupSize)
                        : new PulseSideNumbers(0, 0, minGroupSize);
                return new PulseQuarter(q, SideOf(PulseSide.Mentor), SideOf(PulseSide.Colleague));
            }

            var asked = weekOf.Select(w => w.Numbers).Where(w => w.Kinds.Count > 0).ToList();
            return new Model(
                Sum(asked.Select(w => w.Total)),
                asked.GroupBy(w => w.Week).OrderBy(g => g.Key).Select(g => (g.Key, Sum(g.Select(w => w.Total)))).ToList(),
                ActionKindsInOrder.Select(k => (k, Sum(asked.Select(w => w.Kinds.GetValueOrDefault(k) ?? Rate.None)))).ToList(),
                departments,
                PulseOf(pulseQuarter),
                PulseOf(earlierQuarter));
        }

        /// <summary>The enrolled mentors' departments (today's), read once for the weeks not cached.</summary>
        private async Task<Dictionary<string, string>> DepartmentsAsync(IReadOnlyCollection<int> programIds, CancellationToken ct) =>
            (await db.Enrolments.AsNoTracking().Where(e => programIds.Contains(e.ProgramId))
                .Join(db.Users, e => e.MentorId, u => u.Id, (e, u) => new { u.Id, u.Department })
                .Distinct().ToListAsync(ct))
            .DistinctBy(u => u.Id)
            .ToDictionary(u => u.Id, u => u.Department ?? GroupNames.NoDepartment, StringComparer.Ordinal);

        /// <summary>One grouped read of a program week: the actions' covering index, joined to the questions by key.</summary>
        private async Task<WeekNumbers> WeekAsync(int programId, DateOnly week, Dictionary<string, string> departmentOf, CancellationToken ct)
        {
            var rows = await db.Actions.AsNoTracking()
                .Where(a => a.ProgramId == programId && a.WeekStart == week)
                .Join(db.Confirmations, a => a.Id, c => c.ActionId, (a, c) => new { a.Kind, a.MentorId, c.Answer, c.Usefulness })
                .GroupBy(x => new { x.Kind, x.MentorId })
                .Select(g => new
                {
                    g.Key.Kind, g.Key.MentorId,
                    Rate = new Rate(g.Count(), g.Count(x => x.Answer == ConfirmationAnswer.Happened), g.Count(x => x.Answer == ConfirmationAnswer.DidNotHappen),
                        g.Sum(x => x.Usefulness ?? 0), g.Count(x => x.Usefulness != null)),
                })
                .ToListAsync(ct);
            var kinds = rows.GroupBy(r => r.Kind).ToDictionary(g => g.Key, g => g.Aggregate(Rate.None, (a, r) => a + r.Rate));
            var departments = rows.GroupBy(r => departmentOf.GetValueOrDefault(r.MentorId) ?? GroupNames.NoDepartment)
                .ToDictionary(g => g.Key, g => (g.Aggregate(Rate.None, (a, r) => a + r.Rate), (IReadOnlySet<string>)g.Select(r => r.MentorId).ToHashSet(StringComparer.Ordinal)));
            return new WeekNumbers(week, kinds, departments);
        }
    }

    private static readonly ActionKind[] ActionKindsInOrder = [ActionKind.Coffee, ActionKind.ShoutOut, ActionKind.SponsorNote];
}
