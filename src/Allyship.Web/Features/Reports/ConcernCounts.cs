using Allyship.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Reports;

/// <summary>
/// HR's view of concern handling in a quarter: how many concerns arrived, by their state today and their age — counts
/// only, never a text, an owner or who raised them. Concerns belong to no program, so the numbers are the organisation's.
/// </summary>
public static class ConcernCounts
{
    /// <summary>The ages counted, in days since a concern arrived: under 7, 7 to 27, 28 or more.</summary>
    public static readonly IReadOnlyList<(string Label, int FromDays, int ToDays)> Ages =
        [("Under 1 week", 0, 7), ("1 to 4 weeks", 7, 28), ("Over 4 weeks", 28, int.MaxValue)];

    public sealed record Row(ConcernState State, IReadOnlyList<int> ByAge)
    {
        public int Total => ByAge.Sum();
    }

    /// <summary>The concerns raised in the quarter, by state (rows) and age on <c>AsOf</c> (columns); ages are at the quarter's end for a past quarter.</summary>
    public sealed record Model(DateOnly AsOf, IReadOnlyList<Row> Rows)
    {
        public int Total => Rows.Sum(r => r.Total);
    }

    public static async Task<Model> LoadAsync(AllyshipDbContext db, DateOnly start, DateOnly end, DateTime nowUtc, CancellationToken ct)
    {
        var from = start.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var to = end.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var asOf = nowUtc < to ? nowUtc : to;
        var raised = await db.Concerns.AsNoTracking().Where(c => c.CreatedUtc >= from && c.CreatedUtc < to)
            .Select(c => new { c.State, c.CreatedUtc }).ToListAsync(ct);
        var rows = Enum.GetValues<ConcernState>().Select(state => new Row(state, Ages.Select(age => raised.Count(c =>
        {
            var days = (asOf - c.CreatedUtc).TotalDays;
            return c.State == state && days >= age.FromDays && days < age.ToDays;
        })).ToList())).ToList();
        return new Model(DateOnly.FromDateTime(asOf), rows);
    }
}
