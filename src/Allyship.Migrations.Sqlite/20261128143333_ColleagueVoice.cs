using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Allyship.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ColleagueVoice : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "AskColleaguesToConfirm",
                table: "Programs",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "AskPulse",
                table: "Programs",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTime>(
                name: "ConsentChangedUtc",
                table: "Colleagues",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "EmailsStopped",
                table: "Colleagues",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "NotNamed",
                table: "Colleagues",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "Concerns",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ColleagueId = table.Column<int>(type: "INTEGER", nullable: true),
                    Message = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FirstReadUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Concerns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Concerns_Colleagues_ColleagueId",
                        column: x => x.ColleagueId,
                        principalTable: "Colleagues",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "ConfirmationRounds",
                columns: table => new
                {
                    WeekStart = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    SentUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Colleagues = table.Column<int>(type: "INTEGER", nullable: false),
                    Actions = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConfirmationRounds", x => x.WeekStart);
                });

            migrationBuilder.CreateTable(
                name: "Confirmations",
                columns: table => new
                {
                    ActionId = table.Column<int>(type: "INTEGER", nullable: false),
                    ColleagueId = table.Column<int>(type: "INTEGER", nullable: false),
                    AskedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Answer = table.Column<int>(type: "INTEGER", nullable: true),
                    Usefulness = table.Column<int>(type: "INTEGER", nullable: true),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    CommentShared = table.Column<bool>(type: "INTEGER", nullable: false),
                    AnsweredUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Confirmations", x => x.ActionId);
                    table.ForeignKey(
                        name: "FK_Confirmations_Actions_ActionId",
                        column: x => x.ActionId,
                        principalTable: "Actions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Confirmations_Colleagues_ColleagueId",
                        column: x => x.ColleagueId,
                        principalTable: "Colleagues",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PulseAnswers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProgramId = table.Column<int>(type: "INTEGER", nullable: false),
                    QuarterStart = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Side = table.Column<int>(type: "INTEGER", nullable: false),
                    Score = table.Column<int>(type: "INTEGER", nullable: false)
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

            migrationBuilder.CreateTable(
                name: "PulseResponses",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProgramId = table.Column<int>(type: "INTEGER", nullable: false),
                    QuarterStart = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Respondent = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PulseResponses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PulseResponses_Programs_ProgramId",
                        column: x => x.ProgramId,
                        principalTable: "Programs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PulseRounds",
                columns: table => new
                {
                    QuarterStart = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    SentUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Colleagues = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PulseRounds", x => x.QuarterStart);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Concerns_ColleagueId",
                table: "Concerns",
                column: "ColleagueId");

            migrationBuilder.CreateIndex(
                name: "IX_Concerns_CreatedUtc",
                table: "Concerns",
                column: "CreatedUtc");

            migrationBuilder.CreateIndex(
                name: "IX_Confirmations_ColleagueId_ActionId",
                table: "Confirmations",
                columns: new[] { "ColleagueId", "ActionId" });

            migrationBuilder.CreateIndex(
                name: "IX_PulseAnswers_ProgramId_QuarterStart_Side_Score",
                table: "PulseAnswers",
                columns: new[] { "ProgramId", "QuarterStart", "Side", "Score" });

            migrationBuilder.CreateIndex(
                name: "IX_PulseResponses_ProgramId_QuarterStart_Respondent",
                table: "PulseResponses",
                columns: new[] { "ProgramId", "QuarterStart", "Respondent" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Concerns");

            migrationBuilder.DropTable(
                name: "ConfirmationRounds");

            migrationBuilder.DropTable(
                name: "Confirmations");

            migrationBuilder.DropTable(
                name: "PulseAnswers");

            migrationBuilder.DropTable(
                name: "PulseResponses");

            migrationBuilder.DropTable(
                name: "PulseRounds");

            migrationBuilder.DropColumn(
                name: "AskColleaguesToConfirm",
                table: "Programs");

            migrationBuilder.DropColumn(
                name: "AskPulse",
                table: "Programs");

            migrationBuilder.DropColumn(
                name: "ConsentChangedUtc",
                table: "Colleagues");

            migrationBuilder.DropColumn(
                name: "EmailsStopped",
                table: "Colleagues");

            migrationBuilder.DropColumn(
                name: "NotNamed",
                table: "Colleagues");
        }
    }
}
