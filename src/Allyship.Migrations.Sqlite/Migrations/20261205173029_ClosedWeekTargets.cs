using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Allyship.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ClosedWeekTargets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "CoffeeMinutes",
                table: "ClosedWeeks",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "ShoutOutMinutes",
                table: "ClosedWeeks",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "SponsorNoteMinutes",
                table: "ClosedWeeks",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "TargetCoffees",
                table: "ClosedWeeks",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "TargetShoutOuts",
                table: "ClosedWeeks",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "TargetSponsorNotes",
                table: "ClosedWeeks",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            // Weeks closed before their targets were kept were judged by the program's targets of the time, which only
            // the program still holds: copy them, the best record there is.
            migrationBuilder.Sql(
                """
                UPDATE "ClosedWeeks" SET
                    "TargetCoffees" = (SELECT p."TargetCoffees" FROM "Programs" p WHERE p."Id" = "ClosedWeeks"."ProgramId"),
                    "TargetShoutOuts" = (SELECT p."TargetShoutOuts" FROM "Programs" p WHERE p."Id" = "ClosedWeeks"."ProgramId"),
                    "TargetSponsorNotes" = (SELECT p."TargetSponsorNotes" FROM "Programs" p WHERE p."Id" = "ClosedWeeks"."ProgramId"),
                    "CoffeeMinutes" = (SELECT p."CoffeeMinutes" FROM "Programs" p WHERE p."Id" = "ClosedWeeks"."ProgramId"),
                    "ShoutOutMinutes" = (SELECT p."ShoutOutMinutes" FROM "Programs" p WHERE p."Id" = "ClosedWeeks"."ProgramId"),
                    "SponsorNoteMinutes" = (SELECT p."SponsorNoteMinutes" FROM "Programs" p WHERE p."Id" = "ClosedWeeks"."ProgramId");
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CoffeeMinutes",
                table: "ClosedWeeks");

            migrationBuilder.DropColumn(
                name: "ShoutOutMinutes",
                table: "ClosedWeeks");

            migrationBuilder.DropColumn(
                name: "SponsorNoteMinutes",
                table: "ClosedWeeks");

            migrationBuilder.DropColumn(
                name: "TargetCoffees",
                table: "ClosedWeeks");

            migrationBuilder.DropColumn(
                name: "TargetShoutOuts",
                table: "ClosedWeeks");

            migrationBuilder.DropColumn(
                name: "TargetSponsorNotes",
                table: "ClosedWeeks");
        }
    }
}
