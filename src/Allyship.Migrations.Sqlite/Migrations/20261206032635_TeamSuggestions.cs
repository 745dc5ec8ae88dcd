using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Allyship.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class TeamSuggestions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "TeamSuggestions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProgramId = table.Column<int>(type: "INTEGER", nullable: false),
                    MentorId = table.Column<string>(type: "TEXT", nullable: false),
                    ColleagueId = table.Column<int>(type: "INTEGER", nullable: false),
                    SuggestedById = table.Column<string>(type: "TEXT", nullable: true),
                    SuggestedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TeamSuggestions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TeamSuggestions_AspNetUsers_MentorId",
                        column: x => x.MentorId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_TeamSuggestions_AspNetUsers_SuggestedById",
                        column: x => x.SuggestedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_TeamSuggestions_Colleagues_ColleagueId",
                        column: x => x.ColleagueId,
                        principalTable: "Colleagues",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_TeamSuggestions_Programs_ProgramId",
                        column: x => x.ProgramId,
                        principalTable: "Programs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_TeamSuggestions_ColleagueId",
                table: "TeamSuggestions",
                column: "ColleagueId");

            migrationBuilder.CreateIndex(
                name: "IX_TeamSuggestions_MentorId",
                table: "TeamSuggestions",
                column: "MentorId");

            migrationBuilder.CreateIndex(
                name: "IX_TeamSuggestions_ProgramId_ColleagueId",
                table: "TeamSuggestions",
                columns: new[] { "ProgramId", "ColleagueId" });

            migrationBuilder.CreateIndex(
                name: "IX_TeamSuggestions_ProgramId_MentorId_ColleagueId",
                table: "TeamSuggestions",
                columns: new[] { "ProgramId", "MentorId", "ColleagueId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TeamSuggestions_SuggestedById",
                table: "TeamSuggestions",
                column: "SuggestedById");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "TeamSuggestions");
        }
    }
}
