using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Allyship.Migrations.Postgres.Migrations
{
    /// <summary>
    /// Issue 32: a rollup stores each kind's "target met" flag (complete is derived from them) and the mentor's idle run;
    /// a program says after how many idle weeks a mentor is lapsed. Existing rows are filled in with SQL valid for both
    /// providers: the three flags from the old Complete column (all true when it was complete, all false otherwise: which
    /// kinds an incomplete week met was not stored), the idle run from the rows before it.
    /// </summary>
    public partial class RollupDoneFlags : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WeeklyRollups_Dashboard",
                table: "WeeklyRollups");

            foreach (var flag in new[] { "CoffeeDone", "ShoutOutDone", "SponsorNoteDone" })
            {
                migrationBuilder.AddColumn<bool>(
                    name: flag,
                    table: "WeeklyRollups",
                    type: "boolean",
                    nullable: false,
                    defaultValue: false);
            }

            migrationBuilder.AddColumn<int>(
                name: "IdleWeeks",
                table: "WeeklyRollups",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "LapsedAfterWeeks",
                table: "Programs",
                type: "integer",
                nullable: false,
                defaultValue: 2);

            migrationBuilder.Sql("""
                UPDATE "WeeklyRollups" SET "CoffeeDone" = "Complete", "ShoutOutDone" = "Complete", "SponsorNoteDone" = "Complete";
                """);

            // The idle run: counted weeks up to this one with no active week (counted, anything logged) from them to this one.
            migrationBuilder.Sql("""
                UPDATE "WeeklyRollups" SET "IdleWeeks" = (
                    SELECT COUNT(*) FROM "WeeklyRollups" AS e
                    WHERE e."ProgramId" = "WeeklyRollups"."ProgramId" AND e."MentorId" = "WeeklyRollups"."MentorId"
                      AND e."WeekStart" <= "WeeklyRollups"."WeekStart" AND NOT e."Paused"
                      AND NOT EXISTS (
                          SELECT 1 FROM "WeeklyRollups" AS a
                          WHERE a."ProgramId" = e."ProgramId" AND a."MentorId" = e."MentorId"
                            AND a."WeekStart" >= e."WeekStart" AND a."WeekStart" <= "WeeklyRollups"."WeekStart"
                            AND NOT a."Paused" AND a."Coffees" + a."ShoutOuts" + a."SponsorNotes" > 0));
                """);

            migrationBuilder.DropColumn(
                name: "Complete",
                table: "WeeklyRollups");

            migrationBuilder.CreateIndex(
                name: "IX_WeeklyRollups_Dashboard",
                table: "WeeklyRollups",
                columns: new[] { "ProgramId", "WeekStart", "Department", "Paused", "CoffeeDone", "ShoutOutDone", "SponsorNoteDone", "Minutes", "Coffees", "ShoutOuts", "SponsorNotes", "MentorId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WeeklyRollups_Dashboard",
                table: "WeeklyRollups");

            migrationBuilder.AddColumn<bool>(
                name: "Complete",
                table: "WeeklyRollups",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.Sql("""
                UPDATE "WeeklyRollups" SET "Complete" = "CoffeeDone" AND "ShoutOutDone" AND "SponsorNoteDone";
                """);

            foreach (var column in new[] { "CoffeeDone", "ShoutOutDone", "SponsorNoteDone", "IdleWeeks" })
            {
                migrationBuilder.DropColumn(
                    name: column,
                    table: "WeeklyRollups");
            }

            migrationBuilder.DropColumn(
                name: "LapsedAfterWeeks",
                table: "Programs");

            migrationBuilder.CreateIndex(
                name: "IX_WeeklyRollups_Dashboard",
                table: "WeeklyRollups",
                columns: new[] { "ProgramId", "WeekStart", "Department", "Paused", "Complete", "Minutes", "Coffees", "ShoutOuts", "SponsorNotes", "MentorId" });
        }
    }
}
