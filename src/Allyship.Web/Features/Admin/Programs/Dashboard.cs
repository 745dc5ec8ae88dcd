using System.Security.Claims;
using Allyship.Web.Data;
using Allyship.Web.Features.Pledge;
using Allyship.Web.Infrastructure;
using Allyship.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

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

    public sealed record LapsedMentor(string MentorId, string Name, string Email, DateOnly? LastAction, bool NudgedThisWeek);

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

    public sealed record MentorRow(string MentorId, string? Department, DateTime EnrolledUtc, bool Paused);

    public sealed class Handler(
        AllyshipDbContext db,
        IServiceScopeFactory scopes,
        ProgramCalendar calendar,
        AuditLog audit,
        TimeProvider clock,
        IOptions<AppOptions> app,
        ClosedWeekCache closedCache,
        IMemoryCache memory)
    {
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
            var today = calendar.Today(program);
            var enrolments = db.Enrolments.AsNoTracking().Where(e => e.ProgramId == programId && e.Status != EnrolmentStatus.Left);

            var closed = await db.ClosedWeeks.AsNoTracking()
                .Where(c => c.ProgramId == programId && c.WeekStart >= firstMonday && c.WeekStart <= lastMonday)
                .Select(c => c.WeekStart).ToListAsync(ct);

            // The open week's actions are read on a second connection while this one reads the mentors and closed weeks:
            // SQLite in WAL mode serves both at once, and the page waits for the slower, not the sum.
            var liveWeeks = PledgeWeek.Range(period.First, period.Last).Where(w => !closed.Contains(w.Monday)).Select(w => w.Monday).ToHashSet();
            var liveTask = liveWeeks.Count == 0 ? Task.FromResult(new LiveData([], [])) : Task.Run(() => LoadLiveAsync(programId, liveWeeks.Min(), liveWeeks.Max(), ct), ct);

            // 1. Who is enrolled, paused, and in which department (one row per mentor). Cached while the program's enrolments
            //    are unchanged: their count and latest UpdatedUtc are the fingerprint (every enrolment change stamps UpdatedUtc).
            var fingerprint = await enrolments.GroupBy(e => 1).Select(g => new { Count = g.Count(), Latest = g.Max(e => e.UpdatedUtc) }).FirstOrDefaultAsync(ct);
            var mentorsKey = $"dashboard:mentors:{programId}:{fingerprint?.Count}:{fingerprint?.Latest.Ticks}:{today:yyyy-MM-dd}";
            if (!memory.TryGetValue(mentorsKey, out List<MentorRow>? mentors) || mentors is null)
            {
                mentors = await enrolments
                    .Select(e => new MentorRow(e.MentorId, e.Mentor.Department, e.CreatedUtc, e.Status == EnrolmentStatus.Paused && (e.PausedUntil == null || e.PausedUntil >= today)))
                    .ToListAsync(ct);
                memory.Set(mentorsKey, mentors, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5), Size = 1 });
            }

            var departmentOf = mentors.ToDictionary(m => m.MentorId, m => m.Department ?? "");
            var enrolled = mentors.Count;
            var paused = mentors.Count(m => m.Paused);

            // 2. Closed weeks: per-week summaries of the frozen rollups and the week's reach, cached (ClosedWeekCache).
            var closedWeeks = new Dictionary<DateOnly, ClosedWeekCache.Week>();
            foreach (var monday in closed)
            {
                closedWeeks[monday] = await closedCache.GetAsync(db, programId, monday, t, ct);
            }

            // 3. The open week (and any ended week not rolled up yet): its actions through the covering index, summed per mentor here.
            var liveData = await liveTask;
            var live = liveData.Mentors.Where(m => liveWeeks.Contains(m.WeekStart))
                .Select(m => new
                {
                    m.WeekStart,
                    m.MentorId,
                    Department = departmentOf.GetValueOrDefault(m.MentorId, ""),
                    m.Coffees,
                    m.ShoutOuts,
                    m.SponsorNotes,
                    m.Minutes,
                })
                .Select(m => new
                {
                    m.WeekStart, m.MentorId, m.Department, m.Minutes,
                    Coffee = m.Coffees >= t.Coffees, ShoutOut = m.ShoutOuts >= t.ShoutOuts, SponsorNote = m.SponsorNotes >= t.SponsorNotes,
                })
                .ToList();
            var activeThisWeek = live.Count(m => m.WeekStart == current.Monday);

            var counted = enrolled - paused;
            var weeks = new List<WeekRow>();
            foreach (var week in PledgeWeek.Range(period.First, period.Last))
            {
                if (closedWeeks.TryGetValue(week.Monday, out var cw))
                {
                    var r = cw.Departments;
                    weeks.Add(new WeekRow(week, false, r.Sum(x => x.Counted), r.Sum(x => x.Complete), r.Sum(x => x.Minutes), r.Sum(x => x.Active),
                        r.Sum(x => x.Coffees), r.Sum(x => x.ShoutOuts), r.Sum(x => x.SponsorNotes)));
                    continue;
                }

                var m = live.Where(l => l.WeekStart == week.Monday).ToList();
                weeks.Add(new WeekRow(week, true, counted, m.Count(x => x.Coffee && x.ShoutOut && x.SponsorNote), m.Sum(x => x.Minutes), m.Count,
                    m.Count(x => x.Coffee), m.Count(x => x.ShoutOut), m.Count(x => x.SponsorNote)));
            }

            // 4. Reach: the distinct (kind, colleague) pairs of the period: the closed weeks' cached sets and the live actions.
            var pairs = closedWeeks.Values.SelectMany(w => w.Reached)
                .Concat(liveData.Reached)
                .ToHashSet();
            var reach = new Reach(pairs.Count(p => p.Kind == ActionKind.Coffee), pairs.Count(p => p.Kind == ActionKind.ShoutOut),
                pairs.Count(p => p.Kind == ActionKind.SponsorNote), pairs.Select(p => p.ColleagueId).Distinct().Count());

            // 5. Lapsed: enrolled for at least two full weeks, not paused, and nothing logged in the last two weeks or this one.
            //    Who was active comes from the cached closed weeks and the open week's actions; details only for the lapsed.
            var since = current.Previous.Previous;
            var sinceUtc = since.StartUtc(TimeZones.Find(program.TimeZoneId));
            var activeSince = new HashSet<string>(StringComparer.Ordinal);
            foreach (var w in new[] { since, since.Next })
            {
                if (await db.ClosedWeeks.AnyAsync(c => c.ProgramId == programId && c.WeekStart == w.Monday, ct))
                {
                    activeSince.UnionWith((await closedCache.GetAsync(db, programId, w.Monday, t, ct)).ActiveMentors);
                }
                else
                {
                    activeSince.UnionWith(await db.Actions.AsNoTracking().Where(a => a.ProgramId == programId && a.WeekStart == w.Monday)
                        .Select(a => a.MentorId).Distinct().ToListAsync(ct));
                }
            }

            activeSince.UnionWith(live.Where(l => l.WeekStart == current.Monday).Select(l => l.MentorId));
            var lapsedIds = mentors.Where(m => !m.Paused && m.EnrolledUtc < sinceUtc && !activeSince.Contains(m.MentorId)).Select(m => m.MentorId).ToList();
            var nudgePrefix = $"nudge:{programId}:{current.Monday:yyyy-MM-dd}:";
            var lapsed = new List<LapsedMentor>();
            int lapsedCount;
            foreach (var chunk in lapsedIds.Chunk(LapsedShown))
            {
                lapsed.AddRange(await db.Users.AsNoTracking()
                    .Where(u => chunk.Contains(u.Id))
                    .Select(u => new LapsedMentor(u.Id, u.DisplayName, u.Email ?? "",
                        db.Actions.Where(a => a.ProgramId == programId && a.MentorId == u.Id).Max(a => (DateOnly?)a.OccurredOn),
                        db.Emails.Any(m => m.DeduplicationKey == nudgePrefix + u.Id)))
                    .ToListAsync(ct));
                if (lapsed.Count >= LapsedShown)
                {
                    break;
                }
            }

            lapsedCount = lapsedIds.Count;
            lapsed = lapsed.OrderBy(l => l.Name, StringComparer.CurrentCulture).Take(LapsedShown).ToList();

            // 6. Departments: the rollups' frozen departments for closed weeks, today's for live ones.
            var rolled = closedWeeks.Values.SelectMany(w => w.Departments).ToList();
            var departments = mentors.Select(m => m.Department ?? "").Union(rolled.Select(r => r.Department))
                .Distinct()
                .Select(key =>
                {
                    var r = rolled.Where(x => x.Department == key).ToList();
                    var l = live.Where(x => x.Department == key).ToList();
                    var liveCounted = liveWeeks.Count * mentors.Count(m => (m.Department ?? "") == key && !m.Paused);
                    return new DepartmentRow(key.Length == 0 ? "No department" : key, mentors.Count(m => (m.Department ?? "") == key),
                        r.Sum(x => x.Counted) + liveCounted, r.Sum(x => x.Complete) + l.Count(x => x.Coffee && x.ShoutOut && x.SponsorNote),
                        r.Sum(x => x.Minutes) + l.Sum(x => x.Minutes));
                })
                .OrderBy(d => d.Department == "No department").ThenBy(d => d.Department, StringComparer.CurrentCulture)
                .ToList();

            return (new Model(program, period, current, enrolled, paused, activeThisWeek, weeks, reach, lapsed, lapsedCount, departments), error);
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
