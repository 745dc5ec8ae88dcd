using System.Security.Claims;
using Allyship.Web.Data;
using Allyship.Web.Features.Pledge;
using Allyship.Web.Infrastructure;
using Allyship.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Allyship.Web.Features.Admin.Programs;

/// <summary>
/// The participation dashboard of one program and period. Closed weeks are read from the weekly rollups; the open
/// week (and any ended week not rolled up yet) is counted live from the actions. Counts and names only: no notes.
/// </summary>
public static class Dashboard
{
    public const int MaxWeeks = 104;

    public sealed record Period(string Key, PledgeWeek First, PledgeWeek Last, string Label);

    public sealed record WeekRow(PledgeWeek Week, bool Live, int Counted, int Complete, int Minutes, int Active, int CoffeesDone, int ShoutOutsDone, int SponsorNotesDone)
    {
        public double CompletionRate => Counted == 0 ? 0 : (double)Complete / Counted;
    }

    public sealed record Reach(int Coffee, int ShoutOut, int SponsorNote, int Any);

    public sealed record LapsedMentor(string MentorId, string Name, string Email, DateOnly? LastAction, bool NudgedThisWeek);

    public sealed record DepartmentRow(string Department, int Enrolled, int Counted, int Complete, int Minutes)
    {
        public double CompletionRate => Counted == 0 ? 0 : (double)Complete / Counted;
    }

    public sealed record Model(
        PledgeProgram Program, Period Period, PledgeWeek Current, int Enrolled, int Paused, int ActiveThisWeek,
        IReadOnlyList<WeekRow> Weeks, Reach Reach, IReadOnlyList<LapsedMentor> Lapsed, IReadOnlyList<DepartmentRow> Departments)
    {
        public int Counted => Weeks.Sum(w => w.Counted);
        public double Completion => Counted == 0 ? 0 : (double)Weeks.Sum(w => w.Complete) / Counted;
        public double KindRate(Func<WeekRow, int> done) => Counted == 0 ? 0 : (double)Weeks.Sum(done) / Counted;
        public int Minutes => Weeks.Sum(w => w.Minutes);
    }

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

    public sealed class Handler(AllyshipDbContext db, ProgramCalendar calendar, AuditLog audit, TimeProvider clock, IOptions<AppOptions> app)
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
            if (period is null)
            {
                (period, _) = ResolvePeriod("12", null, null, current, program.StartDate);
            }

            var t = program.Targets;
            var firstMonday = period!.First.Monday;
            var lastMonday = period.Last.Monday;
            var enrolments = db.Enrolments.AsNoTracking().Where(e => e.ProgramId == programId && e.Status != EnrolmentStatus.Left);
            var today = calendar.Today(program);
            var enrolled = await enrolments.CountAsync(ct);
            var paused = await enrolments.CountAsync(e => e.Status == EnrolmentStatus.Paused && (e.PausedUntil == null || e.PausedUntil >= today), ct);
            var activeThisWeek = await db.Actions.AsNoTracking().Where(a => a.ProgramId == programId && a.WeekStart == current.Monday)
                .Select(a => a.MentorId).Distinct().CountAsync(ct);

            // Closed weeks: the frozen rollups.
            var closed = await db.ClosedWeeks.AsNoTracking()
                .Where(c => c.ProgramId == programId && c.WeekStart >= firstMonday && c.WeekStart <= lastMonday)
                .Select(c => c.WeekStart).ToListAsync(ct);
            var rolled = await db.WeeklyRollups.AsNoTracking()
                .Where(r => r.ProgramId == programId && r.WeekStart >= firstMonday && r.WeekStart <= lastMonday)
                .GroupBy(r => r.WeekStart)
                .Select(g => new
                {
                    Week = g.Key,
                    Counted = g.Count(r => !r.Paused),
                    Complete = g.Count(r => r.Complete),
                    Minutes = g.Sum(r => r.Minutes),
                    Active = g.Count(r => r.Coffees + r.ShoutOuts + r.SponsorNotes > 0),
                    Coffees = g.Count(r => !r.Paused && r.Coffees >= t.Coffees),
                    ShoutOuts = g.Count(r => !r.Paused && r.ShoutOuts >= t.ShoutOuts),
                    SponsorNotes = g.Count(r => !r.Paused && r.SponsorNotes >= t.SponsorNotes),
                })
                .ToDictionaryAsync(x => x.Week, ct);

            // Open (and not yet rolled-up) weeks: live, per mentor, then summed.
            var liveWeeks = PledgeWeek.Range(period.First, period.Last).Where(w => !closed.Contains(w.Monday)).Select(w => w.Monday).ToList();
            var live = liveWeeks.Count == 0
                ? []
                : await db.Actions.AsNoTracking()
                    .Where(a => a.ProgramId == programId && liveWeeks.Contains(a.WeekStart))
                    .GroupBy(a => new { a.WeekStart, a.MentorId })
                    .Select(g => new
                    {
                        g.Key.WeekStart,
                        g.Key.MentorId,
                        Coffees = g.Count(a => a.Kind == ActionKind.Coffee),
                        ShoutOuts = g.Count(a => a.Kind == ActionKind.ShoutOut),
                        SponsorNotes = g.Count(a => a.Kind == ActionKind.SponsorNote),
                        Minutes = g.Sum(a => a.Minutes),
                    })
                    .ToListAsync(ct);
            var counted = enrolled - paused;
            var weeks = new List<WeekRow>();
            foreach (var week in PledgeWeek.Range(period.First, period.Last))
            {
                if (closed.Contains(week.Monday))
                {
                    rolled.TryGetValue(week.Monday, out var r);
                    weeks.Add(new WeekRow(week, false, r?.Counted ?? 0, r?.Complete ?? 0, r?.Minutes ?? 0, r?.Active ?? 0, r?.Coffees ?? 0, r?.ShoutOuts ?? 0, r?.SponsorNotes ?? 0));
                    continue;
                }

                var mentors = live.Where(l => l.WeekStart == week.Monday).ToList();
                weeks.Add(new WeekRow(week, true, counted,
                    mentors.Count(m => m.Coffees >= t.Coffees && m.ShoutOuts >= t.ShoutOuts && m.SponsorNotes >= t.SponsorNotes),
                    mentors.Sum(m => m.Minutes), mentors.Count,
                    mentors.Count(m => m.Coffees >= t.Coffees), mentors.Count(m => m.ShoutOuts >= t.ShoutOuts), mentors.Count(m => m.SponsorNotes >= t.SponsorNotes)));
            }

            var inPeriod = db.Actions.AsNoTracking().Where(a => a.ProgramId == programId && a.WeekStart >= firstMonday && a.WeekStart <= lastMonday);
            var reachByKind = await inPeriod.GroupBy(a => a.Kind).Select(g => new { g.Key, Count = g.Select(a => a.ColleagueId).Distinct().Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
            var reachAny = await inPeriod.Select(a => a.ColleagueId).Distinct().CountAsync(ct);
            var reach = new Reach(reachByKind.GetValueOrDefault(ActionKind.Coffee), reachByKind.GetValueOrDefault(ActionKind.ShoutOut),
                reachByKind.GetValueOrDefault(ActionKind.SponsorNote), reachAny);

            // Lapsed: enrolled for at least two full weeks, not paused, and nothing logged in the last two weeks or this one.
            var since = current.Previous.Previous;
            var sinceUtc = since.StartUtc(TimeZones.Find(program.TimeZoneId));
            var nudgePrefix = $"nudge:{programId}:{current.Monday:yyyy-MM-dd}:";
            var lapsed = await enrolments
                .Where(e => e.CreatedUtc < sinceUtc
                            && !(e.Status == EnrolmentStatus.Paused && (e.PausedUntil == null || e.PausedUntil >= today))
                            && !db.Actions.Any(a => a.ProgramId == programId && a.MentorId == e.MentorId && a.WeekStart >= since.Monday))
                .OrderBy(e => e.Mentor.DisplayName)
                .Take(200)
                .Select(e => new LapsedMentor(e.MentorId, e.Mentor.DisplayName, e.Mentor.Email ?? "",
                    db.Actions.Where(a => a.ProgramId == programId && a.MentorId == e.MentorId).Max(a => (DateOnly?)a.OccurredOn),
                    db.Emails.Any(m => m.DeduplicationKey == nudgePrefix + e.MentorId)))
                .ToListAsync(ct);

            var departmentEnrolled = await enrolments.GroupBy(e => e.Mentor.Department).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
            var departmentWeeks = await db.WeeklyRollups.AsNoTracking()
                .Where(r => r.ProgramId == programId && r.WeekStart >= firstMonday && r.WeekStart <= lastMonday)
                .Join(db.Users, r => r.MentorId, u => u.Id, (r, u) => new { u.Department, r.Paused, r.Complete, r.Minutes })
                .GroupBy(x => x.Department)
                .Select(g => new { g.Key, Counted = g.Count(x => !x.Paused), Complete = g.Count(x => x.Complete), Minutes = g.Sum(x => x.Minutes) })
                .ToListAsync(ct);
            // Weeks not rolled up yet count live here too, by each mentor's department.
            var liveDepartments = new Dictionary<string, (int Counted, int Complete, int Minutes)>();
            if (live.Count > 0)
            {
                var departmentOf = await enrolments.Select(e => new { e.MentorId, e.Mentor.Department }).ToDictionaryAsync(x => x.MentorId, x => x.Department ?? "", ct);
                foreach (var week in live.GroupBy(l => l.WeekStart))
                {
                    foreach (var dept in departmentOf.GroupBy(x => x.Value))
                    {
                        var mentorsOfDept = week.Where(m => departmentOf.TryGetValue(m.MentorId, out var dep) && dep == dept.Key).ToList();
                        var sum = liveDepartments.GetValueOrDefault(dept.Key);
                        liveDepartments[dept.Key] = (sum.Counted + dept.Count(),
                            sum.Complete + mentorsOfDept.Count(m => m.Coffees >= t.Coffees && m.ShoutOuts >= t.ShoutOuts && m.SponsorNotes >= t.SponsorNotes),
                            sum.Minutes + mentorsOfDept.Sum(m => m.Minutes));
                    }
                }
            }

            var departments = departmentEnrolled.Select(d => d.Key ?? "").Union(departmentWeeks.Select(d => d.Key ?? ""))
                .Select(key =>
                {
                    var w = departmentWeeks.FirstOrDefault(x => (x.Key ?? "") == key);
                    var l = liveDepartments.GetValueOrDefault(key);
                    return new DepartmentRow(key.Length == 0 ? "No department" : key, departmentEnrolled.FirstOrDefault(x => (x.Key ?? "") == key)?.Count ?? 0,
                        (w?.Counted ?? 0) + l.Counted, (w?.Complete ?? 0) + l.Complete, (w?.Minutes ?? 0) + l.Minutes);
                })
                .OrderBy(d => d.Department == "No department").ThenBy(d => d.Department, StringComparer.CurrentCulture)
                .ToList();

            return (new Model(program, period, current, enrolled, paused, activeThisWeek, weeks, reach, lapsed, departments), error);
        }

        /// <summary>Queues one nudge email; at most one per mentor per week, whatever is clicked.</summary>
        public async Task<string> NudgeAsync(ClaimsPrincipal actor, int programId, string mentorId, CancellationToken ct)
        {
            var enrolment = await db.Enrolments.AsNoTracking().Include(e => e.Program).Include(e => e.Mentor)
                .SingleOrDefaultAsync(e => e.ProgramId == programId && e.MentorId == mentorId && e.Status != EnrolmentStatus.Left, ct);
            if (enrolment?.Mentor.Email is not { } email)
            {
                return "That mentor is not in this program.";
            }

            var week = calendar.CurrentWeek(enrolment.Program);
            var key = $"nudge:{programId}:{week.Monday:yyyy-MM-dd}:{mentorId}";
            if (await db.Emails.AnyAsync(e => e.DeduplicationKey == key, ct))
            {
                return $"{enrolment.Mentor.DisplayName} was already nudged this week.";
            }

            var name = string.IsNullOrWhiteSpace(enrolment.Mentor.DisplayName) ? "there" : enrolment.Mentor.DisplayName;
            var link = app.Value.Link($"/log/coffee?program={programId}");
            var e = System.Text.Encodings.Web.HtmlEncoder.Default;
            var text = $"Hi {name},\n\nWe've missed you in {enrolment.Program.Name}. Thirty minutes over coffee with a junior colleague this week would mean a lot to her, and to the program.\n\nLog it here when it's done: {link}\n";
            var html = $"<p>Hi {e.Encode(name)},</p><p>We've missed you in <strong>{e.Encode(enrolment.Program.Name)}</strong>. Thirty minutes over coffee with a junior colleague this week would mean a lot to her, and to the program.</p><p><a href=\"{e.Encode(link)}\">Log it here</a> when it's done.</p>";
            db.Emails.Add(new OutgoingEmail(email, enrolment.Mentor.DisplayName, $"A coffee this week? {enrolment.Program.Name} misses you", html, text,
                EmailKind.Other, key, mentorId).ToRow(clock.GetUtcNow().UtcDateTime));
            audit.Record(actor, "mentor.nudge", email, $"program \"{enrolment.Program.Name}\", week of {week.Monday:yyyy-MM-dd}");
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                return $"{enrolment.Mentor.DisplayName} was already nudged this week.";
            }

            return $"Nudge queued for {enrolment.Mentor.DisplayName}.";
        }
    }
}
