using Allyship.Web.Data;
using Allyship.Web.Features.Insights;
using Allyship.Web.Features.Pledge;
using Allyship.Web.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Admin.Programs;

/// <summary>
/// The participation dashboard of one program and period. Closed weeks are read from the weekly rollups; the open
/// week (and any ended week not rolled up yet) is counted live from the actions. Counts and names only: no notes.
/// </summary>
public static class Dashboard
{
    public const int MaxWeeks = 104;

    /// <summary>Lapsed mentors listed on the dashboard; the count says how many more there are.</summary>
    public const int LapsedShown = 50;

    public sealed record Period(string Key, PledgeWeek First, PledgeWeek Last, string Label);

    public sealed record WeekRow(PledgeWeek Week, bool Live, int Counted, int Complete, int Minutes, int Active, int CoffeesDone, int ShoutOutsDone, int SponsorNotesDone)
    {
        public double CompletionRate => Counted == 0 ? 0 : (double)Complete / Counted;
    }

    public sealed record Reach(int Coffee, int ShoutOut, int SponsorNote, int Any);

    public sealed record LapsedMentor(string MentorId, string Name, string Email, DateOnly? LastAction, bool NudgedThisWeek, bool RemindedToday = false);

    public sealed record DepartmentRow(string Department, int Enrolled, int Counted, int Complete, int Minutes)
    {
        public double CompletionRate => Counted == 0 ? 0 : (double)Complete / Counted;
    }

    public sealed record Model(
        PledgeProgram Program, Period Period, PledgeWeek Current, int Enrolled, int Paused, int ActiveThisWeek,
        IReadOnlyList<WeekRow> Weeks, Reach Reach, IReadOnlyList<LapsedMentor> Lapsed, int LapsedCount, IReadOnlyList<DepartmentRow> Departments)
    {
        public int Counted => Weeks.Sum(w => w.Counted);
        public double Completion => Counted == 0 ? 0 : (double)Weeks.Sum(w => w.Complete) / Counted;
        public double KindRate(Func<WeekRow, int> done) => Counted == 0 ? 0 : (double)Weeks.Sum(done) / Counted;
        public int Minutes => Weeks.Sum(w => w.Minutes);
    }

    /// <summary>A rough size of a kept model: its rows, and the program it was read with.</summary>
    private static long Bytes(Model model) =>
        2048 + LiveNumbers.ListBytes(model.Weeks.Count, 120) + LiveNumbers.ListBytes(model.Lapsed.Count, 200) + LiveNumbers.ListBytes(model.Departments.Count, 120);

    /// <summary>Turns the period picker's choice into a range of weeks; null with a sentence when it can't.</summary>
    public static (Period? Period, string? Error) ResolvePeriod(string? key, DateOnly? from, DateOnly? to, PledgeWeek current, DateOnly programStart)
    {
        var start = PledgeWeek.Containing(programStart);
        PledgeWeek Clamp(PledgeWeek w) => w < start ? start : w;
        switch (key)
        {
            case null or "" or "12":
                return (new Period("12", Clamp(new PledgeWeek(current.Monday.AddDays(-7 * 11))), current, "Last 12 weeks"), null);
            case "week":
                return (new Period("week", current, current, "This week"), null);
            case "4":
                return (new Period("4", Clamp(new PledgeWeek(current.Monday.AddDays(-7 * 3))), current, "Last 4 weeks"), null);
            case "52":
                return (new Period("52", Clamp(new PledgeWeek(current.Monday.AddDays(-7 * 51))), current, "Last 52 weeks"), null);
            case "custom":
                if (from is null || to is null)
                {
                    return (null, "Enter both dates of the custom period.");
                }

                if (to < from)
                {
                    return (null, "The end of the period can't be before its start.");
                }

                var first = Clamp(PledgeWeek.Containing(from.Value));
                var last = PledgeWeek.Containing(to.Value) > current ? current : PledgeWeek.Containing(to.Value);
                if (last < first)
                {
                    return (null, "That period is before the program started or in the future.");
                }

                if ((last.Monday.DayNumber - first.Monday.DayNumber) / 7 + 1 > MaxWeeks)
                {
                    return (null, $"Choose at most {MaxWeeks} weeks.");
                }

                return (new Period("custom", first, last, $"{first.Monday:d MMM yyyy} – {last.Sunday:d MMM yyyy}"), null);
            default:
                return (null, "Choose a period from the list.");
        }
    }

    public sealed record LiveMentorWeek(DateOnly WeekStart, string MentorId, int Coffees, int ShoutOuts, int SponsorNotes, int Minutes);

    public sealed record LiveData(List<LiveMentorWeek> Mentors, List<(ActionKind Kind, int ColleagueId)> Reached);

    /// <summary>An enrolled mentor with their pauses: paused today, and which live weeks are paused, come from the enrolment's rules.</summary>
    public sealed record MentorRow(string MentorId, string Department, Enrolment Enrolment);

    public sealed class Handler(
        AllyshipDbContext db,
        IServiceScopeFactory scopes,
        ProgramCalendar calendar,
        ClosedWeekNumbers closedWeeks,
        WeekTotals totals,
        DataChanges changes)
    {
        public async Task<(Model? Model, string? Error)> LoadAsync(int programId, string? periodKey, DateOnly? from, DateOnly? to, CancellationToken ct)
        {
            var program = await db.Programs.AsNoTracking().SingleOrDefaultAsync(p => p.Id == programId, ct);
            if (program is null)
            {
                return (null, null);
            }

            var current = calendar.CurrentWeek(program);
            var (period, error) = ResolvePeriod(periodKey, from, to, current, program.StartDate);
            period ??= ResolvePeriod("12", null, null, current, program.StartDate).Period!;
            var today = calendar.Today(program);

            var closed = await db.ClosedWeeks.AsNoTracking()
                .Where(c => c.ProgramId == programId && c.WeekStart >= period.First.Monday && c.WeekStart <= period.Last.Monday)
                .Select(c => c.WeekStart).ToListAsync(ct);
            var liveWeeks = PledgeWeek.Range(period.First, period.Last).Where(w => !closed.Contains(w.Monday)).Select(w => w.Monday).ToHashSet();

            // The whole model is kept under the program's live tags: every action change of the program, an answer, a pulse
            // answer or a nudge drops it; a week closing, a change of enrolments or of the program's settings changes the key.
            var enrolled = await EnrolmentFingerprintAsync(programId, ct);
            var key = $"dashboard:{period.First.Monday:yyyy-MM-dd}:{period.Last.Monday:yyyy-MM-dd}:{today:yyyy-MM-dd}:{closed.Count}:{(closed.Count == 0 ? "" : closed.Max().ToString("yyyy-MM-dd"))}:{program.UpdatedUtc.Ticks}:{enrolled}";
            var model = await changes.GetOrReadAsync($"dashboard:{programId}:{key}", LiveNumbers.Tags(programId), LiveNumbers.Lifetime,
                () => ComputeAsync(program, period, current, today, closed, liveWeeks, enrolled, ct), Bytes, ct);
            return (model, error);
        }

        private async Task<Model> ComputeAsync(PledgeProgram program, Period period, PledgeWeek current, DateOnly today, List<DateOnly> closed,
            HashSet<DateOnly> liveWeeks, string enrolled, CancellationToken ct)
        {
            var programId = program.Id;

            // The live weeks' actions are read on a second connection while this one reads the mentors and closed weeks:
            // SQLite in WAL mode serves both at once, and the page waits for the slower, not the sum. Awaited on every path.
            // Both reads are awaited together, so neither is left running (or failing) unobserved.
            var liveRead = liveWeeks.Count == 0 ? Task.FromResult(new LiveData([], [])) : LoadLiveAsync(programId, liveWeeks.Min(), liveWeeks.Max(), ct);
            var hereRead = ReadHereAsync();
            await Task.WhenAll(liveRead, hereRead);
            var (mentors, closedWeeks) = await hereRead;
            var liveData = await liveRead;

            async Task<(List<MentorRow>, Dictionary<DateOnly, ClosedWeekNumbers.Week>)> ReadHereAsync() =>
                (await MentorsAsync(programId, today, enrolled, ct), await ClosedWeeksAsync(programId, closed, ct));

            // The open week's actions count for "active this week" and end a lapse, whatever the period shown.
            var openWeekData = liveWeeks.Contains(current.Monday) ? liveData : await LoadLiveAsync(programId, current.Monday, current.Monday, ct);
            var live = LiveRows(program, liveWeeks, mentors, liveData);
            var openWeek = LiveRows(program, [current.Monday], mentors, openWeekData)[current.Monday].ToDictionary(r => r.MentorId, StringComparer.Ordinal);

            var weeks = WeekRows(period, closedWeeks, live);
            var reach = ReachOf(closedWeeks.Values, liveData.Reached);
            var (lapsed, lapsedCount) = await LapsedAsync(program, current, today, mentors, openWeek, ct);
            var departments = Departments(mentors, closedWeeks.Values, live);
            return new Model(program, period, current, mentors.Count, mentors.Count(m => m.Enrolment.IsPausedOn(today)),
                openWeek.Values.Count(r => r.IsActive), weeks, reach, lapsed, lapsedCount, departments);
        }

        /// <summary>
        /// Each live (not rolled-up) week as the rows it will have when it closes: one per enrolled mentor, judged by
        /// the same calculation as the rollup job (<see cref="RollupCalculator.Row"/>), so counted, complete, active and
        /// each kind done mean the same for a live week as for a closed one.
        /// </summary>
        private Dictionary<DateOnly, List<WeeklyRollup>> LiveRows(PledgeProgram program, IEnumerable<DateOnly> weeks, List<MentorRow> mentors, LiveData data)
        {
            var logged = data.Mentors.ToDictionary(m => (m.WeekStart, m.MentorId));
            return weeks.ToDictionary(monday => monday, monday => mentors.Select(m =>
            {
                var l = logged.GetValueOrDefault((monday, m.MentorId));
                return RollupCalculator.Row(program.Id, monday, program.Targets, new RollupCalculator.MentorWeek(m.MentorId, m.Enrolment.IsPausedWeek(monday),
                    l?.Coffees ?? 0, l?.ShoutOuts ?? 0, l?.SponsorNotes ?? 0, l?.Minutes ?? 0, Colleagues: 0, Department: m.Department), calendar.UtcNow);
            }).ToList());
        }

        /// <summary>The live weeks summed per mentor, and their distinct (kind, colleague) pairs: two reads of the covering index.</summary>
        private async Task<LiveData> LoadLiveAsync(int programId, DateOnly from, DateOnly to, CancellationToken ct)
        {
            await using var scope = scopes.CreateAsyncScope(); // its own DbContext, so its own connection
            var second = scope.ServiceProvider.GetRequiredService<AllyshipDbContext>();
            var actions = second.Actions.AsNoTracking().Where(a => a.ProgramId == programId && a.WeekStart >= from && a.WeekStart <= to);
            var mentors = await actions
                .GroupBy(a => new { a.WeekStart, a.MentorId })
                .Select(g => new LiveMentorWeek(g.Key.WeekStart, g.Key.MentorId,
                    g.Count(a => a.Kind == ActionKind.Coffee), g.Count(a => a.Kind == ActionKind.ShoutOut),
                    g.Count(a => a.Kind == ActionKind.SponsorNote), g.Sum(a => a.Minutes)))
                .ToListAsync(ct);
            var reached = (await actions.Select(a => new { a.Kind, a.ColleagueId }).Distinct().ToListAsync(ct))
                .Select(p => (p.Kind, p.ColleagueId)).ToList();
            return new LiveData(mentors, reached);
        }

        private IQueryable<Enrolment> Enrolments(int programId) =>
            db.Enrolments.AsNoTracking().Where(Enrolment.InProgram).Where(e => e.ProgramId == programId);

        /// <summary>
        /// The program's enrolments' count and latest change: every join, leave and pause stamps it. A read of every
        /// enrolment, so kept until an enrolment changes (<see cref="DataChanges"/>; another instance's within the live
        /// cache's lifetime): at 30,000 mentors it was most of a cached dashboard view.
        /// </summary>
        private Task<string> EnrolmentFingerprintAsync(int programId, CancellationToken ct) =>
            changes.GetOrReadAsync($"enrolled:{programId}", [.. DataChanges.ForProgram(programId), DataChanges.Of<EnrolmentPause>()], LiveNumbers.Lifetime, async () =>
            {
                var fingerprint = await Enrolments(programId).GroupBy(e => 1).Select(g => new { Count = g.Count(), Latest = g.Max(e => e.UpdatedUtc) }).FirstOrDefaultAsync(ct);
                return $"{fingerprint?.Count}:{fingerprint?.Latest.Ticks}";
            }, ct: ct);

        /// <summary>
        /// 1. Who is enrolled, with their department and pauses (one row per mentor). Cached while the program's enrolments
        /// are unchanged: their count and latest UpdatedUtc are the fingerprint (every enrolment change, a pause included, stamps it).
        /// </summary>
        private Task<List<MentorRow>> MentorsAsync(int programId, DateOnly today, string fingerprint, CancellationToken ct) =>
            changes.GetOrReadAsync($"dashboard:mentors:{programId}:{fingerprint}:{today:yyyy-MM-dd}", [.. DataChanges.ForProgram(programId), DataChanges.Of<EnrolmentPause>()],
                TimeSpan.FromMinutes(5),
                async () => (await Enrolments(programId).Include(e => e.Pauses).Select(e => new { Enrolment = e, e.Mentor.Department }).ToListAsync(ct))
                    .Select(x => new MentorRow(x.Enrolment.MentorId, x.Department ?? "", x.Enrolment))
                    .ToList(),
                mentors => LiveNumbers.ListBytes(mentors.Count, 400), ct);

        /// <summary>2. Closed weeks: per-week summaries of the frozen rollups and the week's reach (ClosedWeekNumbers).</summary>
        private async Task<Dictionary<DateOnly, ClosedWeekNumbers.Week>> ClosedWeeksAsync(int programId, IEnumerable<DateOnly> closed, CancellationToken ct)
        {
            var weeks = new Dictionary<DateOnly, ClosedWeekNumbers.Week>();
            foreach (var monday in closed)
            {
                weeks[monday] = await closedWeeks.GetAsync(db, programId, monday, ct);
            }

            return weeks;
        }

        /// <summary>3. One row per week of the period: closed weeks from their rollups, live ones from the rows they will have.</summary>
        private static List<WeekRow> WeekRows(Period period, Dictionary<DateOnly, ClosedWeekNumbers.Week> closedWeeks, Dictionary<DateOnly, List<WeeklyRollup>> live)
        {
            var weeks = new List<WeekRow>();
            foreach (var week in PledgeWeek.Range(period.First, period.Last))
            {
                var isLive = !closedWeeks.TryGetValue(week.Monday, out var cw);
                var r = isLive ? [LiveTotals("", live.GetValueOrDefault(week.Monday) ?? [])] : cw!.Departments;
                weeks.Add(new WeekRow(week, isLive, r.Sum(x => x.Counted), r.Sum(x => x.Complete), r.Sum(x => x.Minutes), r.Sum(x => x.Active),
                    r.Sum(x => x.Coffees), r.Sum(x => x.ShoutOuts), r.Sum(x => x.SponsorNotes)));
            }

            return weeks;
        }

        private static ClosedWeekNumbers.DepartmentTotals LiveTotals(string department, IEnumerable<WeeklyRollup> rows) =>
            ClosedWeekNumbers.DepartmentTotals.Of(department, rows.Select(r => (r, 1)).ToList());

        /// <summary>4. Reach: the distinct (kind, colleague) pairs of the period: the closed weeks' cached sets and the live actions.</summary>
        private static Reach ReachOf(IEnumerable<ClosedWeekNumbers.Week> closedWeeks, IEnumerable<(ActionKind Kind, int ColleagueId)> live)
        {
            var pairs = closedWeeks.SelectMany(w => w.Reached).Concat(live).ToHashSet();
            return new Reach(pairs.Count(p => p.Kind == ActionKind.Coffee), pairs.Count(p => p.Kind == ActionKind.ShoutOut),
                pairs.Count(p => p.Kind == ActionKind.SponsorNote), pairs.Select(p => p.ColleagueId).Distinct().Count());
        }

        /// <summary>
        /// 5. Lapsed (<see cref="PledgeProgram.IsLapsed"/>): the idle run as of the last ended week, from its rollup or, when
        /// it has not been rolled up yet, from the rows the rollup will write, asked in the open week (logging or a pause
        /// in it ends a lapse at once). A mentor on a break today is not listed either: there is nobody to nudge. Details
        /// only for the lapsed.
        /// </summary>
        private async Task<(List<LapsedMentor> Shown, int Count)> LapsedAsync(PledgeProgram program, PledgeWeek current, DateOnly today,
            List<MentorRow> mentors, Dictionary<string, WeeklyRollup> openWeek, CancellationToken ct)
        {
            var idleWeeks = await IdleWeeksAsync(program, ProgramCalendar.LastClosableWeek(current), ct);
            var lapsedIds = mentors.Where(m => !m.Enrolment.IsPausedOn(today)
                    && program.IsLapsed(idleWeeks.GetValueOrDefault(m.MentorId), latest: openWeek[m.MentorId]))
                .Select(m => m.MentorId).ToList();
            var nudgePrefix = NudgeMentor.KeyPrefix(program.Id, current);
            var lapsed = new List<LapsedMentor>();
            foreach (var chunk in lapsedIds.Chunk(LapsedShown))
            {
                lapsed.AddRange(await db.Users.AsNoTracking()
                    .Where(u => chunk.Contains(u.Id))
                    .Select(u => new LapsedMentor(u.Id, u.DisplayName, u.Email ?? "",
                        db.Actions.Where(a => a.ProgramId == program.Id && a.MentorId == u.Id).Max(a => (DateOnly?)a.OccurredOn),
                        db.Emails.Any(m => m.DeduplicationKey == nudgePrefix + u.Id)))
                    .ToListAsync(ct));
                if (lapsed.Count >= LapsedShown)
                {
                    break;
                }
            }

            // Who had a reminder-type email in the last day: the Nudge button says so instead (Shared/ReminderCap).
            var shown = lapsed.OrderBy(l => l.Name, StringComparer.CurrentCulture).Take(LapsedShown).ToList();
            var reminded = await ReminderCap.RemindedAsync(db, shown.Select(l => l.MentorId).ToList(), calendar.UtcNow, ct);
            return (shown.Select(l => l with { RemindedToday = reminded.Contains(l.MentorId) }).ToList(), lapsedIds.Count);
        }

        /// <summary>
        /// Each mentor's idle run as of <paramref name="week"/>: read from its rollup when closed; otherwise the weeks since
        /// the last closed one are judged as the rollup job will judge them, oldest first, each run carried to the next.
        /// </summary>
        private async Task<IReadOnlyDictionary<string, int>> IdleWeeksAsync(PledgeProgram program, PledgeWeek week, CancellationToken ct)
        {
            var started = PledgeWeek.Containing(program.StartDate);
            if (week < started)
            {
                return new Dictionary<string, int>();
            }

            var lastClosed = await db.ClosedWeeks.Where(c => c.ProgramId == program.Id && c.WeekStart <= week.Monday)
                .MaxAsync(c => (DateOnly?)c.WeekStart, ct);
            var idle = lastClosed is { } monday ? (await closedWeeks.GetAsync(db, program.Id, monday, ct)).IdleWeeks : new Dictionary<string, int>();
            var from = lastClosed is { } closedMonday ? new PledgeWeek(closedMonday).Next : started;
            foreach (var open in PledgeWeek.Range(from, week))
            {
                var carried = idle;
                idle = (await totals.LoadAsync(program, open, onlyMentorId: null, ct))
                    .Select(m => RollupCalculator.Row(program.Id, open.Monday, program.Targets, m with { PreviousIdleWeeks = carried.GetValueOrDefault(m.MentorId) }, calendar.UtcNow))
                    .ToDictionary(r => r.MentorId, r => r.IdleWeeks, StringComparer.Ordinal);
            }

            return idle;
        }

        /// <summary>6. Departments: the rollups' frozen departments for closed weeks, today's for live ones.</summary>
        private static List<DepartmentRow> Departments(List<MentorRow> mentors, IEnumerable<ClosedWeekNumbers.Week> closedWeeks, Dictionary<DateOnly, List<WeeklyRollup>> live)
        {
            var weeks = closedWeeks.SelectMany(w => w.Departments)
                .Concat(live.Values.SelectMany(rows => rows.GroupBy(r => r.Department ?? "").Select(d => LiveTotals(d.Key, d))))
                .ToList();
            return mentors.Select(m => m.Department).Union(weeks.Select(r => r.Department))
                .Distinct()
                .Select(key =>
                {
                    var r = weeks.Where(x => x.Department == key).ToList();
                    return new DepartmentRow(key.Length == 0 ? "No department" : key, mentors.Count(m => m.Department == key),
                        r.Sum(x => x.Counted), r.Sum(x => x.Complete), r.Sum(x => x.Minutes));
                })
                .OrderBy(d => d.Department == "No department").ThenBy(d => d.Department, StringComparer.CurrentCulture)
                .ToList();
        }
    }
}
