using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Allyship.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DerivedPausesAndSubmissionIds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // "Paused" is no longer a status: it is derived from the enrolment's pauses, which every pause already wrote.
            migrationBuilder.Sql("UPDATE \"Enrolments\" SET \"Status\" = 1 WHERE \"Status\" = 2;");

            migrationBuilder.DropIndex(
                name: "IX_Actions_MentorId",
                table: "Actions");

            migrationBuilder.DropColumn(
                name: "PausedUntil",
                table: "Enrolments");

            migrationBuilder.AddColumn<Guid>(
                name: "SubmissionId",
                table: "Actions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Actions_MentorId_SubmissionId",
                table: "Actions",
                columns: new[] { "MentorId", "SubmissionId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Actions_MentorId_SubmissionId",
                table: "Actions");

            migrationBuilder.DropColumn(
                name: "SubmissionId",
                table: "Actions");

            migrationBuilder.AddColumn<DateOnly>(
                name: "PausedUntil",
                table: "Enrolments",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Actions_MentorId",
                table: "Actions",
                column: "MentorId");
        }
    }
}
