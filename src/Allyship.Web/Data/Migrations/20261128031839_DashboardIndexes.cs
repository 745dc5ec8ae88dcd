using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Allyship.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class DashboardIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WeeklyRollups_ProgramId_WeekStart",
                table: "WeeklyRollups");

            migrationBuilder.DropIndex(
                name: "IX_Actions_ProgramId_WeekStart",
                table: "Actions");

            migrationBuilder.AddColumn<string>(
                name: "Department",
                table: "WeeklyRollups",
                type: "TEXT",
                maxLength: 120,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_WeeklyRollups_Dashboard",
                table: "WeeklyRollups",
                columns: new[] { "ProgramId", "WeekStart", "Department", "Paused", "Complete", "Minutes", "Coffees", "ShoutOuts", "SponsorNotes" });

            migrationBuilder.CreateIndex(
                name: "IX_Actions_ProgramId_WeekStart_Kind_ColleagueId",
                table: "Actions",
                columns: new[] { "ProgramId", "WeekStart", "Kind", "ColleagueId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WeeklyRollups_Dashboard",
                table: "WeeklyRollups");

            migrationBuilder.DropIndex(
                name: "IX_Actions_ProgramId_WeekStart_Kind_ColleagueId",
                table: "Actions");

            migrationBuilder.DropColumn(
                name: "Department",
                table: "WeeklyRollups");

            migrationBuilder.CreateIndex(
                name: "IX_WeeklyRollups_ProgramId_WeekStart",
                table: "WeeklyRollups",
                columns: new[] { "ProgramId", "WeekStart" });

            migrationBuilder.CreateIndex(
                name: "IX_Actions_ProgramId_WeekStart",
                table: "Actions",
                columns: new[] { "ProgramId", "WeekStart" });
        }
    }
}
