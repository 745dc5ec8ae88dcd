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

    /// <summary>
    /// Both rules at once, as one expression EF translates: how a rule is composed of others (<c>Colleague.Pickable</c> is
    /// <c>Present.And(Nameable)</c>) without spelling their parts again.
    /// </summary>
    public static Expression<Func<T, bool>> And<T>(this Expression<Func<T, bool>> left, Expression<Func<T, bool>> right) =>
        Expression.Lambda<Func<T, bool>>(Expression.AndAlso(left.Body, BodyOf(right, left)), left.Parameters);

    /// <summary>Either rule: <c>Colleague.Nameable.Or(c =&gt; c.Id == keepId)</c>, an exception spelled beside the rule, not instead of it.</summary>
    public static Expression<Func<T, bool>> Or<T>(this Expression<Func<T, bool>> left, Expression<Func<T, bool>> right) =>
        Expression.Lambda<Func<T, bool>>(Expression.OrElse(left.Body, BodyOf(right, left)), left.Parameters);

    /// <summary>The rule's opposite: <c>Colleague.Nameable.Not()</c> is "asked not to be named", without a second spelling.</summary>
    public static Expression<Func<T, bool>> Not<T>(this Expression<Func<T, bool>> rule) =>
        Expression.Lambda<Func<T, bool>>(Expression.Not(rule.Body), rule.Parameters);

    /// <summary><paramref name="rule"/>'s body asked of <paramref name="other"/>'s parameter, so the two can be joined.</summary>
    private static Expression BodyOf<T>(Expression<Func<T, bool>> rule, Expression<Func<T, bool>> other) =>
        ReplacingExpressionVisitor.Replace(rule.Parameters[0], other.Parameters[0], rule.Body);
}
