using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Allyship.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class LeadersAndOutcomes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "IsLeader",
                table: "Colleagues",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "SeniorLeaderId",
                table: "Actions",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "LeaderDigestRounds",
                columns: table => new
                {
                    WeekStart = table.Column<DateOnly>(type: "date", nullable: false),
                    SentUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Leaders = table.Column<int>(type: "integer", nullable: false),
                    Notes = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LeaderDigestRounds", x => x.WeekStart);
                });

            migrationBuilder.CreateTable(
                name: "Outcomes",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ColleagueId = table.Column<int>(type: "integer", nullable: false),
                    OccurredOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    ImportedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Outcomes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Outcomes_Colleagues_ColleagueId",
                        column: x => x.ColleagueId,
                        principalTable: "Colleagues",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Colleagues_IsLeader",
                table: "Colleagues",
                column: "IsLeader");

            migrationBuilder.CreateIndex(
                name: "IX_Actions_SeniorLeaderId",
                table: "Actions",
                column: "SeniorLeaderId");

            migrationBuilder.CreateIndex(
                name: "IX_Actions_WeekStart_SeniorLeaderId",
                table: "Actions",
                columns: new[] { "WeekStart", "SeniorLeaderId" });

            migrationBuilder.CreateIndex(
                name: "IX_Outcomes_ColleagueId_OccurredOn_Kind",
                table: "Outcomes",
                columns: new[] { "ColleagueId", "OccurredOn", "Kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Outcomes_OccurredOn",
                table: "Outcomes",
                column: "OccurredOn");

            migrationBuilder.AddForeignKey(
                name: "FK_Actions_Colleagues_SeniorLeaderId",
                table: "Actions",
                column: "SeniorLeaderId",
                principalTable: "Colleagues",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Actions_Colleagues_SeniorLeaderId",
                table: "Actions");

            migrationBuilder.DropTable(
                name: "LeaderDigestRounds");

            migrationBuilder.DropTable(
                name: "Outcomes");

            migrationBuilder.DropIndex(
                name: "IX_Colleagues_IsLeader",
                table: "Colleagues");

            migrationBuilder.DropIndex(
                name: "IX_Actions_SeniorLeaderId",
                table: "Actions");

            migrationBuilder.DropIndex(
                name: "IX_Actions_WeekStart_SeniorLeaderId",
                table: "Actions");

            migrationBuilder.DropColumn(
                name: "IsLeader",
                table: "Colleagues");

            migrationBuilder.DropColumn(
                name: "SeniorLeaderId",
                table: "Actions");
        }
    }
}
