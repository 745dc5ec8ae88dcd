using Allyship.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Pledge;

/// <summary>A program the mentor is in, with their enrolment (and its pauses, from which "paused" is derived).</summary>
public sealed record ProgramChoice(int Id, string Name, string TimeZoneId, DateOnly StartDate, DateOnly? EndDate, WeeklyTargets Targets, Enrolment Enrolment)
{
    public DateTime EnrolledUtc => Enrolment.CreatedUtc;

    /// <summary>The program asks colleagues to confirm (its setting, read through the enrolment's program).</summary>
    public bool AsksColleaguesToConfirm => Enrolment.Program?.AskColleaguesToConfirm ?? false;

    public bool AsksPulse => Enrolment.Program?.AskPulse ?? false;

    public bool SuggestsColleagues => Enrolment.Program?.SuggestColleagues ?? false;

    /// <summary>The channel shout-outs may be posted to ("#kudos"), or null when the program has no chat webhook.</summary>
    public string? ChatChannel => Enrolment.Program is { PostsToChat: true } p ? (string.IsNullOrWhiteSpace(p.ChatChannel) ? "the team's chat" : p.ChatChannel) : null;

    public IReadOnlyList<string> TargetLevels => Enrolment.Program?.TargetLevelList ?? [];

    public LoggableDays LoggableDays(DateOnly today) => Pledge.LoggableDays.For(StartDate, EndDate, today);
}

/// <summary>The programs a mentor is enrolled in (not left), and which one a page shows.</summary>
public sealed class MentorPrograms(AllyshipDbContext db)
{
    public async Task<List<ProgramChoice>> ListAsync(string mentorId, CancellationToken ct) =>
        (await db.Enrolments.AsNoTracking().Include(e => e.Program).Include(e => e.Pauses)
            .Where(Enrolment.InProgram).Where(PledgeProgram.Live.Through((Enrolment e) => e.Program)).Where(e => e.MentorId == mentorId)
            .OrderBy(e => e.Program.Name)
            .ToListAsync(ct))
        .Select(e => new ProgramChoice(e.ProgramId, e.Program.Name, e.Program.TimeZoneId, e.Program.StartDate, e.Program.EndDate, e.Program.Targets, e))
        .ToList();

    /// <summary>The requested program if the mentor is in it, else their first one; null when they have none.</summary>
    public static ProgramChoice? Choose(IReadOnlyList<ProgramChoice> programs, int? requested) =>
        programs.FirstOrDefault(p => p.Id == requested) ?? (programs.Count > 0 ? programs[0] : null);

    /// <summary>How many people the log forms offer as one-tap chips: the most recently met, then the chosen ones.</summary>
    public const int RecentLimit = 6;

    /// <summary>Directories up to this size are listed whole in the colleague picker; larger ones are searched.</summary>
    public const int InlineDirectoryLimit = 150;

    public const int SearchResultLimit = 50;

    /// <summary>
    /// The colleague picker: the people this mentor already supports first, then the rest of the directory when it
    /// is small, or the matches for <paramref name="find"/> when it is large (a phone should not download thousands of names).
    /// Colleagues who asked not to be named are never offered, except <paramref name="keepId"/>: the one an edited action already names.
    /// </summary>
    public async Task<ColleaguePicker> PickerAsync(string mentorId, int programId, string? find, int? selectedId, CancellationToken ct, int? keepId = null)
    {
        // Hers: everyone she has logged an action with, and the colleagues she chose to support (on the welcome page).
        var mineIds = db.Actions.Where(a => a.MentorId == mentorId && a.ProgramId == programId).Select(a => a.ColleagueId)
            .Union(db.ChosenColleagues.Where(c => c.MentorId == mentorId && c.ProgramId == programId).Select(c => c.ColleagueId));
        var mine = await db.Colleagues.AsNoTracking().Where(c => mineIds.Contains(c.Id))
            .Where(Colleague.Present).Where(Colleague.Nameable.Or(c => c.Id == keepId))
            .OrderBy(c => c.Name)
            .Select(c => new ColleagueOption(c.Id, c.Name, c.Department))
            .ToListAsync(ct);

        // One-tap chips (nobody chosen for her: issue 35): the people of her latest actions, most recent first, then the
        // colleagues she chose to support; only people the list of hers offers (present, nameable).
        var latest = await db.Actions.AsNoTracking().Where(a => a.MentorId == mentorId && a.ProgramId == programId)
            .OrderByDescending(a => a.OccurredOn).ThenByDescending(a => a.Id).Select(a => a.ColleagueId).Take(40).ToListAsync(ct);
        var chosen = await db.ChosenColleagues.AsNoTracking().Where(c => c.MentorId == mentorId && c.ProgramId == programId)
            .OrderBy(c => c.ColleagueId).Select(c => c.ColleagueId).ToListAsync(ct);
        var byId = mine.ToDictionary(c => c.Id);
        var recent = latest.Concat(chosen).Distinct().Where(byId.ContainsKey).Take(RecentLimit).Select(id => byId[id]).ToList();

        // Senior leaders are offered on the sponsor-note form, not as colleagues to support (unless already supported).
        var others = db.Colleagues.AsNoTracking().Where(Colleague.Pickable).Where(c => !c.IsLeader && !mineIds.Contains(c.Id));
        var search = find?.Trim();
        var large = await others.CountAsync(ct) > InlineDirectoryLimit;
        if (!string.IsNullOrEmpty(search))
        {
            others = others.Matching(db.Database, search);
        }
        else if (large)
        {
            others = others.Where(c => c.Id == selectedId);
        }

        var listed = await others.OrderBy(c => c.Name).Take(large ? SearchResultLimit : InlineDirectoryLimit + 1)
            .Select(c => new ColleagueOption(c.Id, c.Name, c.Department))
            .ToListAsync(ct);
        return new ColleaguePicker(mine, listed, large, search, await LeadersAsync(ct)) { Recent = recent };
    }

    /// <summary>
    /// The type-ahead of the log forms' colleague list: the colleagues (not senior leaders) whose name, email or
    /// department contains the text, by name, at most <see cref="SearchResultLimit"/>; a LIKE over the directory in the
    /// database, so 20,000 rows answer in milliseconds (docs/performance.md, "Finding a colleague").
    /// </summary>
    public Task<List<ColleagueOption>> SearchAsync(string text, CancellationToken ct) =>
        db.Colleagues.AsNoTracking().Where(Colleague.Pickable).Where(c => !c.IsLeader)
            .Matching(db.Database, text.Trim())
            .OrderBy(c => c.Name).Take(SearchResultLimit)
            .Select(c => new ColleagueOption(c.Id, c.Name, c.Department))
            .ToListAsync(ct);

    /// <summary>The directory's senior leaders, offered on the sponsor-note form (type to search).</summary>
    public Task<List<ColleagueOption>> LeadersAsync(CancellationToken ct) =>
        db.Colleagues.AsNoTracking().Where(Colleague.Pickable).Where(c => c.IsLeader)
            .OrderBy(c => c.Name).Take(LeaderLimit)
            .Select(c => new ColleagueOption(c.Id, c.Name, c.Department))
            .ToListAsync(ct);

    /// <summary>More leaders than this are still linked when typed in full; the list offers the first ones.</summary>
    public const int LeaderLimit = 500;
}

public sealed record ColleaguePicker(IReadOnlyList<ColleagueOption> Mine, IReadOnlyList<ColleagueOption> Others, bool IsSearchable, string? Find,
    IReadOnlyList<ColleagueOption>? Leaders = null)
{
    /// <summary>The one-tap chips above the list: her most recently met colleagues, then those she chose to support.</summary>
    public IReadOnlyList<ColleagueOption> Recent { get; init; } = [];

    public int Count => Mine.Count + Others.Count;
}

public sealed record ColleagueOption(int Id, string Name, string? Department)
{
    public string Label => string.IsNullOrEmpty(Department) ? Name : $"{Name} ({Department})";
}
