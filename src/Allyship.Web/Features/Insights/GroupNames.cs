namespace Allyship.Web.Features.Insights;

/// <summary>The names of department groups in every aggregate (report sheets, the dashboard's voice and spread sections).</summary>
public static class GroupNames
{
    public const string NoDepartment = "No department";

    /// <summary>
    /// The one name departments merged by <see cref="SmallGroups"/> share, so none of them is ever named; it may hold a
    /// department larger than the minimum (merged so that the small ones cannot be found by subtraction).
    /// </summary>
    public static string OtherDepartment(int minGroupSize, string people = "mentors") => people == "colleagues"
        ? Infrastructure.Localisation.Text.Words["Other departments (merged so no group under {0} colleagues shows)", minGroupSize].Value
        : Infrastructure.Localisation.Text.Words["Other departments (merged so no group under {0} mentors shows)", minGroupSize].Value;
}
