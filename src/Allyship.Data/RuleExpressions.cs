using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Query;

namespace Allyship.Web.Data;

/// <summary>Lets a rule written once on its entity be asked through a navigation, in queries, without a second spelling.</summary>
public static class RuleExpressions
{
    /// <summary>
    /// <paramref name="rule"/> asked of what <paramref name="path"/> leads to: <c>PledgeProgram.Live.Through((PledgeAction a) =&gt; a.Program)</c>
    /// is the program rule asked of <c>a.Program</c>, which EF translates as a join.
    /// </summary>
    public static Expression<Func<TOuter, bool>> Through<TOuter, TInner>(this Expression<Func<TInner, bool>> rule, Expression<Func<TOuter, TInner>> path) =>
        Expression.Lambda<Func<TOuter, bool>>(ReplacingExpressionVisitor.Replace(rule.Parameters[0], path.Body, rule.Body), path.Parameters);
}
