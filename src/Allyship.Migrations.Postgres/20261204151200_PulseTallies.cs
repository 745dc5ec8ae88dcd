using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Allyship.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PulseTallies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PulseTallies",
                columns: table => new
                {
                    ProgramId = table.Column<int>(type: "integer", nullable: false),
                    QuarterStart = table.Column<DateOnly>(type: "date", nullable: false),
                    Side = table.Column<int>(type: "integer", nullable: false),
                    Score = table.Column<int>(type: "integer", nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PulseTallies", x => new { x.ProgramId, x.QuarterStart, x.Side, x.Score });
                    table.ForeignKey(
                        name: "FK_PulseTallies_Programs_ProgramId",
                        column: x => x.ProgramId,
                        principalTable: "Programs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            // The answers so far, as counts per score (issue 31): the rows that could be matched to who answered go.
            migrationBuilder.Sql(@"INSERT INTO ""PulseTallies"" (""ProgramId"", ""QuarterStart"", ""Side"", ""Score"", ""Count"")
                SELECT ""ProgramId"", ""QuarterStart"", ""Side"", ""Score"", COUNT(*) FROM ""PulseAnswers""
                GROUP BY ""ProgramId"", ""QuarterStart"", ""Side"", ""Score"";");

            migrationBuilder.DropTable(
                name: "PulseAnswers");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PulseTallies");

            migrationBuilder.CreateTable(
                name: "PulseAnswers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ProgramId = table.Column<int>(type: "integer", nullable: false),
                    QuarterStart = table.Column<DateOnly>(type: "date", nullable: false),
                    Score = table.Column<int>(type: "integer", nullable: false),
                    Side = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PulseAnswers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PulseAnswers_Programs_ProgramId",
                        column: x => x.ProgramId,
                        principalTable: "Programs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PulseAnswers_ProgramId_QuarterStart_Side_Score",
                table: "PulseAnswers",
                columns: new[] { "ProgramId", "QuarterStart", "Side", "Score" });
        }
    }
}
