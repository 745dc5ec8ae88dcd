namespace Allyship.Web.Features.Insights;

/// <summary>The names of department groups in every aggregate (report sheets, the dashboard's voice section).</summary>
public static class GroupNames
{
    public const string NoDepartment = "No department";

    /// <summary>The one name departments below Reporting:MinGroupSize share, so none of them is ever named.</summary>
    public static string OtherDepartment(int minGroupSize) => $"Other (fewer than {minGroupSize} mentors each)";
}
