using Allyship.Web.Data;
using Allyship.Web.Infrastructure.Database;

namespace Allyship.Web.Features.Insights;

/// <summary>
/// What a program's dashboard computes from data that changes while a week is open (the open week's actions, the
/// colleagues' answers, pulse answers, nudges), kept under the program's tags (<see cref="DataChanges"/>): the commit of
/// any of these drops it, on every instance. <see cref="Lifetime"/> bounds what no tag names (a mentor's new department,
/// a reminder sent today).
/// </summary>
public static class LiveNumbers
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    /// <summary>The program's rows and settings, and what its numbers read that names no program (pauses, answers, the directory).</summary>
    public static IReadOnlyCollection<string> Tags(int programId) =>
        [.. DataChanges.ForProgram(programId), DataChanges.Of<EnrolmentPause>(), DataChanges.Of<Confirmation>(), DataChanges.Of<Colleague>()];

    /// <summary>A rough size of a list of <paramref name="count"/> small records (a row of numbers, a name or two).</summary>
    public static long ListBytes(int count, int perItem = 96) => 64 + (long)count * perItem;
}
