using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Allyship.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class WelcomeAndSelfCheck : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ChosenColleagues",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MentorId = table.Column<string>(type: "TEXT", nullable: false),
                    ProgramId = table.Column<int>(type: "INTEGER", nullable: false),
                    ColleagueId = table.Column<int>(type: "INTEGER", nullable: false),
                    ChosenUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChosenColleagues", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ChosenColleagues_AspNetUsers_MentorId",
                        column: x => x.MentorId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ChosenColleagues_Colleagues_ColleagueId",
                        column: x => x.ColleagueId,
                        principalTable: "Colleagues",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ChosenColleagues_Programs_ProgramId",
                        column: x => x.ProgramId,
                        principalTable: "Programs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SelfChecks",
                columns: table => new
                {
                    MentorId = table.Column<string>(type: "TEXT", nullable: false),
                    Answers = table.Column<string>(type: "TEXT", maxLength: 40000, nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SelfChecks", x => x.MentorId);
                    table.ForeignKey(
                        name: "FK_SelfChecks_AspNetUsers_MentorId",
                        column: x => x.MentorId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ChosenColleagues_ColleagueId",
                table: "ChosenColleagues",
                column: "ColleagueId");

            migrationBuilder.CreateIndex(
                name: "IX_ChosenColleagues_MentorId_ProgramId_ColleagueId",
                table: "ChosenColleagues",
                columns: new[] { "MentorId", "ProgramId", "ColleagueId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ChosenColleagues_ProgramId",
                table: "ChosenColleagues",
                column: "ProgramId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ChosenColleagues");

            migrationBuilder.DropTable(
                name: "SelfChecks");
        }
    }
}
