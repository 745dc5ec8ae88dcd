using System.Text.RegularExpressions;

namespace Allyship.UnitTests;

/// <summary>
/// Rule 14, checked in the source: a rule with one home is spelled nowhere else (issue 32). Each row is the rule, its
/// home, and the pattern of a second spelling.
/// </summary>
public sealed partial class RuleHomeTests
{
    public static TheoryData<string, string, string> Rules => new()
    {
        { "program is live", "src/Allyship.Data/PledgeProgram.cs", @"ArchivedUtc\s*(==|!=|is)\s*(not\s+)?null" },
        { "still in the program", "src/Allyship.Data/Enrolment.cs", @"Status\s*!=\s*EnrolmentStatus\.Left" },
        { "local time to UTC", "src/Allyship.Web/Features/Pledge/LocalTime.cs", @"ConvertTimeToUtc\(" },
        // Who a colleague may be shown to (Colleague.Present, Nameable, Pickable, Emailable): her fields asked in a condition.
        { "colleague is present (not erased)", "src/Allyship.Data/Colleague.cs", @"(EndsWith|StartsWith|Contains)\([^)]*ErasedDomain" },
        { "colleague may be named", "src/Allyship.Data/Colleague.cs", @"!\s*[A-Za-z_][\w.]*\.NotNamed\b|\.NotNamed\s*(\?|&&|\|\||[!=]=)|(&&|\|\|)\s*[A-Za-z_][\w.]*\.NotNamed\b" },
        { "colleague is still here (has not left)", "src/Allyship.Data/Colleague.cs", @"LeftUtc\s*(==|!=|is)\s*(not\s+)?null" },
        { "colleague may be emailed", "src/Allyship.Data/Colleague.cs", @"!\s*[A-Za-z_][\w.]*\.EmailsStopped\b|\.EmailsStopped\s*(\?|&&|\|\||[!=]=)|(&&|\|\|)\s*[A-Za-z_][\w.]*\.EmailsStopped\b" },
        { "week complete (a closed week, from its done flags)", "src/Allyship.Data/WeeklyRollup.cs", @"CoffeeDone\s*&&" },
        { "counted week (not paused)", "src/Allyship.Data/WeeklyRollup.cs", @"!\s*\w+\.Paused\b" },
        { "active week (counted, anything logged)", "src/Allyship.Data/WeeklyRollup.cs", @"Coffees\s*\+\s*(\w+\.)?ShoutOuts\s*\+\s*(\w+\.)?SponsorNotes\s*>\s*0|\.Counts\.Any\b" },
        { "lapsed (the program's number of idle weeks)", "src/Allyship.Data/PledgeProgram.cs", @">=\s*(\w+\.)?LapsedAfterWeeks\b|LapsedAfterWeeks\s*<=|IdleWeeks\s*>=" },
        // The small-group rule: a size compared with the minimum anywhere but SmallGroups.
        { "small groups (Reporting:MinGroupSize)", "src/Allyship.Web/Features/Insights/SmallGroups.cs", @"(?<!=)[<>]=?\s*(\w+\.)?[mM]inGroupSize\b|[mM]inGroupSize\s*[<>]" },
        // The one cache (ADR 20): only DataChanges drops what is kept, and only CacheSetup makes the memory it is kept in.
        { "dropping kept values (the commit hook's DataChanges)", "src/Allyship.Web/Infrastructure/Database/DataChanges.cs", @"\b(cache|Cache|_cache)\.(RemoveByTagAsync|RemoveAsync|Remove|Compact|Clear)\(|\.RemoveByTagAsync\(|\.EvictByTagAsync\(" },
        { "a cache's memory (the one cache's, bounded in bytes)", "src/Allyship.Web/Infrastructure/CacheSetup.cs", @"IMemoryCache|AddMemoryCache|MemoryCacheOptions|AddDistributedMemoryCache|IDistributedCache" },
        // A date in an import file (issue 36): ISO, the chosen day/month order and Excel serials are read in one place.
        { "a date read from an import file", "src/Allyship.Web/Infrastructure/Csv/ImportDate.cs", @"\bnew\s*(Date(Only|Time))?\(\s*1899\s*,\s*12\s*,\s*30\b|FromOADate\(|(Parse|ParseExact)\([^)]*""(d{1,2}|M{1,2})[/.-]" },
        { "fiscal today (in a time zone)", "src/Allyship.Web/Features/Insights/FiscalCalendar.cs", @"(FiscalQuarter\.Containing|AskedAbout)\(\s*(DateOnly\.FromDateTime|PledgeWeek\.LocalDate|\w+\.Today\()" },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void A_rule_is_spelled_only_in_its_home(string rule, string home, string pattern)
    {
        var root = Allyship.TestSupport.Repository.Root;
        File.Exists(Path.Combine(root, home)).ShouldBeTrue($"{home} holds {rule}");
        var spelling = new Regex(pattern);
        File.ReadAllText(Path.Combine(root, home)).ShouldMatch(pattern, $"the home of {rule} spells it");

        var elsewhere = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains("Allyship.Migrations.", StringComparison.Ordinal))
            .Where(f => Path.GetRelativePath(root, f).Replace('\\', '/') != home)
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(root, f), Line: i + 1, Text: line)))
            .Where(l => spelling.IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        elsewhere.ShouldBeEmpty($"{rule} is spelled outside {home}");
    }
}
