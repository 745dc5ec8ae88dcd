using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Allyship.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PlanSubmissionIds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "SubmissionId",
                table: "PlannedCoffees",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_PlannedCoffees_MentorId_SubmissionId",
                table: "PlannedCoffees",
                columns: new[] { "MentorId", "SubmissionId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_PlannedCoffees_MentorId_SubmissionId",
                table: "PlannedCoffees");

            migrationBuilder.DropColumn(
                name: "SubmissionId",
                table: "PlannedCoffees");
        }
    }
}
