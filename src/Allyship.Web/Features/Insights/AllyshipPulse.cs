using Allyship.Web.Data;
using Allyship.Web.Features.Pledge;
using Allyship.Web.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Insights;

/// <summary>
/// The quarterly allyship pulse: in the first two weeks of each quarter, mentors (on their week page) and the colleagues
/// named in the program last quarter (by email) answer one question about the quarter just ended, on a five-point
/// agreement scale. Answers are stored without the person (<see cref="PulseTally"/>: counts per score); a separate row
/// (<see cref="PulseResponse"/>) only says that someone answered, so nobody answers twice.
/// </summary>
public static class AllyshipPulse
{
    public const string MentorQuestion = "In the last quarter I actively supported the careers of women colleagues.";
    public const string ColleagueQuestion = "In the last quarter senior leaders here actively supported my career.";

    /// <summary>How long the question is asked from the first day of a quarter.</summary>
    public const int AskedForDays = 14;

    public static readonly IReadOnlyList<(int Score, string Label)> Scale =
    [
        (1, "Strongly disagree"), (2, "Disagree"), (3, "Neither agree nor disagree"), (4, "Agree"), (5, "Strongly agree"),
    ];

    public static string QuestionFor(PulseSide side) => side == PulseSide.Mentor ? MentorQuestion : ColleagueQuestion;

    /// <summary>The quarter asked about on <paramref name="today"/> (the one just ended), or null outside the asking window.</summary>
    public static FiscalQuarter? AskedAbout(DateOnly today, int fiscalYearStartMonth)
    {
        var current = FiscalQuarter.Containing(today, fiscalYearStartMonth);
        return today.DayNumber - current.Start.DayNumber < AskedForDays ? current.Previous(fiscalYearStartMonth) : null;
    }

    public enum Outcome
    {
        Counted,
        AlreadyAnswered,
        NotAsked,
        Invalid,
    }

    public sealed class Handler(AllyshipDbContext db)
    {
        public Task<bool> HasAnsweredAsync(int programId, DateOnly quarterStart, string respondent, CancellationToken ct) =>
            db.PulseResponses.AnyAsync(r => r.ProgramId == programId && r.QuarterStart == quarterStart && r.Respondent == respondent, ct);

        /// <summary>
        /// Records one answer for each program given, in one transaction: the "answered" rows (with the person) and the
        /// answers (without). A second answer, or two at once, finds the unique key and changes nothing.
        /// </summary>
        public async Task<Outcome> AnswerAsync(IReadOnlyCollection<int> programIds, FiscalQuarter quarter, PulseSide side, string respondent, int score,
            CancellationToken ct)
        {
            if (score is < 1 or > 5)
            {
                return Outcome.Invalid;
            }

            if (programIds.Count == 0)
            {
                return Outcome.NotAsked;
            }

            try
            {
                var outcome = await db.InTransactionAsync(
                    async () =>
                    {
                        if (await db.PulseResponses.AnyAsync(r => programIds.Contains(r.ProgramId) && r.QuarterStart == quarter.Start && r.Respondent == respondent, ct))
                        {
                            return Outcome.AlreadyAnswered;
                        }

                        foreach (var programId in programIds)
                        {
                            db.PulseResponses.Add(new PulseResponse { ProgramId = programId, QuarterStart = quarter.Start, Respondent = respondent });

                            // One more for this score, atomically (two answers at once on PostgreSQL add two); the first
                            // answer with a score inserts its tally, and if another's insert wins, the rerun adds to it.
                            var counted = await db.PulseTallies
                                .Where(t => t.ProgramId == programId && t.QuarterStart == quarter.Start && t.Side == side && t.Score == score)
                                .ExecuteUpdateAsync(s => s.SetProperty(t => t.Count, t => t.Count + 1), ct);
                            if (counted == 0)
                            {
                                db.PulseTallies.Add(new PulseTally { ProgramId = programId, QuarterStart = quarter.Start, Side = side, Score = score, Count = 1 });
                            }
                        }

                        return Outcome.Counted;
                    },
                    ct,
                    retryWhenBeatenTo: true);
                return outcome;
            }
            catch (Exception ex) when (DbErrors.IsUniqueViolation(ex))
            {
                return Outcome.AlreadyAnswered;
            }
        }

        /// <summary>The programs that ask the pulse in which the colleague was named during the quarter.</summary>
        public Task<List<int>> ProgramsNamingAsync(int colleagueId, FiscalQuarter quarter, CancellationToken ct)
        {
            var (first, last) = quarter.Mondays();
            return db.Actions.Where(a => a.ColleagueId == colleagueId && a.WeekStart >= first && a.WeekStart <= last && a.Program.AskPulse)
                .Select(a => a.ProgramId).Distinct().ToListAsync(ct);
        }
    }
}
