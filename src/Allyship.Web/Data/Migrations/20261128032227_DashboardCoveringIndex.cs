using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Allyship.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class DashboardCoveringIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Actions_ProgramId_WeekStart_Kind_ColleagueId",
                table: "Actions");

            migrationBuilder.CreateIndex(
                name: "IX_Actions_Dashboard",
                table: "Actions",
                columns: new[] { "ProgramId", "WeekStart", "Kind", "ColleagueId", "MentorId", "Minutes" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Actions_Dashboard",
                table: "Actions");

            migrationBuilder.CreateIndex(
                name: "IX_Actions_ProgramId_WeekStart_Kind_ColleagueId",
                table: "Actions",
                columns: new[] { "ProgramId", "WeekStart", "Kind", "ColleagueId" });
        }
    }
}
