using Allyship.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Allyship.Web.Features.Pledge;

public static class ColleagueSearch
{
    /// <summary>
    /// Colleagues whose name, email or department contains the text, ignoring case on every database (SQLite's LIKE
    /// ignores ASCII case, PostgreSQL's does not: ILIKE there). % and _ in the text are taken literally by dropping them.
    /// </summary>
    public static IQueryable<Colleague> Matching(this IQueryable<Colleague> query, DatabaseFacade database, string text)
    {
        var pattern = $"%{text.Replace("%", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal)}%";
        return database.IsNpgsql()
            ? query.Where(c => EF.Functions.ILike(c.Name, pattern) || EF.Functions.ILike(c.Email, pattern) || EF.Functions.ILike(c.Department!, pattern))
            : query.Where(c => EF.Functions.Like(c.Name, pattern) || EF.Functions.Like(c.Email, pattern) || EF.Functions.Like(c.Department!, pattern));
    }
}
