namespace Allyship.Web.Infrastructure;

/// <summary>
/// Development only: the system clock moved by Dev:ClockOffset (for example "3.00:00:00"), so a person trying the
/// demo can see Wednesday's nudge or Monday's rollup without waiting for them.
/// </summary>
public sealed class ShiftedTimeProvider(TimeSpan offset) : TimeProvider
{
    public TimeSpan Offset { get; } = offset;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}
