"""The command-line options that several commands share, each defined once.

A command module imports its option types from here; an option used by one command only stays in
that command's signature. The help texts are the msgids of the gettext catalog
(``village_gov/locale/zh_CN/LC_MESSAGES/village_gov.po``): change one here and there together.
``tests/test_cli_plumbing.py`` fails when an option type is defined twice.
"""

from pathlib import Path
from typing import Annotated, Literal

import typer

# --- output -----------------------------------------------------------------------------------------

Format = Literal["table", "json", "csv", "markdown"]
FormatOption = Annotated[Format, typer.Option(
    "--format", "-f",
    help="Output format: table (for screens), json, csv or markdown.")]
LimitOption = Annotated[int, typer.Option(
    "--limit", min=0, help="Rows shown in table format (0 = all); json/csv always give all.")]
UnmaskOption = Annotated[bool, typer.Option(
    "--unmask", help="Show phone and ID numbers in full (personal data).")]
ArchivedOption = Annotated[bool, typer.Option("--archived", help="Include archived records.")]

ReportFormat = Literal["table", "json", "csv", "markdown", "xlsx", "html"]
FILE_FORMATS = ("xlsx", "html")
"""The report formats written to a file (``--output`` required) rather than printed."""
ReportFormatOption = Annotated[ReportFormat, typer.Option(
    "--format", "-f",
    help="Output format: table (for screens), json, csv, markdown, or xlsx/html (need --output).")]
ReportOutputOption = Annotated[Path | None, typer.Option(
    "--output", "-o", help="Write to this file (required for xlsx and html).")]
ScreenOutputOption = Annotated[Path | None, typer.Option(
    "--output", "-o", help="Write to this file instead of the screen.")]
StampOption = Annotated[bool, typer.Option(
    "--stamp", help="Record the time of writing in the file (then two runs differ).")]

# --- where: township, village, organization ---------------------------------------------------------

TownshipOption = Annotated[str | None, typer.Option("--township", help="Only this township.")]
CountyTownshipOption = Annotated[str | None, typer.Option(
    "--township", help="Only this township (e.g. in a merged county database).")]
VillageOption = Annotated[str | None, typer.Option("--village", help="Only this village.")]
VillageCodeOption = Annotated[str, typer.Option("--village", help="Village code.")]
OrgOption = Annotated[str | None, typer.Option("--org", help="Only this party organization.")]
TopicOption = Annotated[str | None, typer.Option("--topic", help="What it was about.")]
PositionOption = Annotated[str | None, typer.Option("--position", help="Position code where it took place.")]

# --- when ---------------------------------------------------------------------------------------------

ReportMonthOption = Annotated[str, typer.Option(
    "--month", metavar="YYYY-MM", help="The month YYYY-MM.", show_default=False)]
MonthFilterOption = Annotated[str | None, typer.Option("--month", metavar="YYYY-MM", help="Only this month.")]
FromDateOption = Annotated[str | None, typer.Option(
    "--from", metavar="DATE", help="From this date (inclusive).")]
ToDateOption = Annotated[str | None, typer.Option("--to", metavar="DATE", help="Up to this date (inclusive).")]
LogDateOption = Annotated[str | None, typer.Option(
    "--date", metavar="DATE", help="Date (YYYY-MM-DD, default today; not in the future).")]
ReportDateOption = Annotated[str | None, typer.Option(
    "--as-of", metavar="DATE", help="Report date (default today).")]
StepDateOption = Annotated[str, typer.Option("--date", metavar="YYYY-MM-DD", help="Date of the step.")]
OverdueOption = Annotated[int, typer.Option("--overdue-days", min=0,
                                            help="An open request is overdue after this many days.")]

# --- the root command ---------------------------------------------------------------------------------

DbOption = Annotated[str | None, typer.Option(
    "--db", metavar="FILE", envvar="VILLAGE_GOV_DB",
    help="Database file (default data/village_gov.db; or $VILLAGE_GOV_DB).")]
LangOption = Annotated[Literal["zh", "en"] | None, typer.Option(
    "--lang", envvar="VILLAGE_GOV_LANG",
    help="Language of labels and messages: zh (default) or en.")]

# check
AsOfCheckOption = Annotated[
    str | None,
    typer.Option("--as-of", metavar="YYYY-MM-DD", help="Date the dated rules are judged at (default today)."),
]

NameDistanceOption = Annotated[int, typer.Option(
    "--name-distance", min=0,
    help="duplicate-person: most characters two names of one person differ by (0: none; "
    "equal and same-sounding names are always compared).")]

CadenceOption = Annotated[
    list[str] | None,
    typer.Option(
        "--cadence",
        metavar="KIND=month|quarter|year|none",
        help="disclosure-overdue: how often a kind must be disclosed (repeatable; "
        "default 财务=month, 党务=quarter, 村务=quarter).",
    ),
]

SelfGovernanceOption = Annotated[
    list[str] | None,
    typer.Option(
        "--self-governance",
        help="village-missing-self-governance-org: a required category (repeatable; "
        "default 村民议事会 红白理事会 道德评议会 禁毒禁赌会).",
    ),
]

# --- corrections (edit, void, unvoid) and the lists that show voided records --------------------------
SectionArgument = Annotated[str, typer.Argument(
    metavar="SECTION", help="Section: its name (consultations) or label (议事活动).", show_default=False)]
OptionalSectionArgument = Annotated[str | None, typer.Argument(
    metavar="SECTION", help="Only this section (default: every section).", show_default=False)]
CodeArgument = Annotated[str, typer.Argument(metavar="CODE", help="Record code.", show_default=False)]
SetOption = Annotated[list[str], typer.Option(
    "--set", metavar="FIELD=VALUE", help="A field's new value (repeatable); field in English or Chinese.",
    show_default=False)]
ConfirmYesOption = Annotated[bool, typer.Option(
    "--yes", "-y", help="Write without asking (scripts); without it a terminal asks first.")]
ReasonOption = Annotated[str, typer.Option("--reason", help="Why the record is void.", show_default=False)]
IncludeVoidOption = Annotated[bool, typer.Option(
    "--include-void", help="Also list voided records, marked 作废.")]

PlanOutputOption = Annotated[Path | None, typer.Option(
    "--output", "-o", metavar="FILE",
    help="With --dry-run: also write the plan as a workbook (.xlsx), changed cells highlighted.",
    show_default=False)]
PlanUnmaskOption = Annotated[bool, typer.Option(
    "--unmask", help="With --dry-run: show phone and ID numbers in full in the plan (personal data).")]
