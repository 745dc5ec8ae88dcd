using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Allyship.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class CoffeeAnswers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_PlannedCoffees_ColleagueId",
                table: "PlannedCoffees");

            migrationBuilder.AddColumn<int>(
                name: "Answer",
                table: "PlannedCoffees",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AnswerNote",
                table: "PlannedCoffees",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "AnsweredUtc",
                table: "PlannedCoffees",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "SuggestedStartsUtc",
                table: "PlannedCoffees",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_PlannedCoffees_ColleagueId_StartsUtc",
                table: "PlannedCoffees",
                columns: new[] { "ColleagueId", "StartsUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_PlannedCoffees_ColleagueId_StartsUtc",
                table: "PlannedCoffees");

            migrationBuilder.DropColumn(
                name: "Answer",
                table: "PlannedCoffees");

            migrationBuilder.DropColumn(
                name: "AnswerNote",
                table: "PlannedCoffees");

            migrationBuilder.DropColumn(
                name: "AnsweredUtc",
                table: "PlannedCoffees");

            migrationBuilder.DropColumn(
                name: "SuggestedStartsUtc",
                table: "PlannedCoffees");

            migrationBuilder.CreateIndex(
                name: "IX_PlannedCoffees_ColleagueId",
                table: "PlannedCoffees",
                column: "ColleagueId");
        }
    }
}
