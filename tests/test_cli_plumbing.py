"""The report plumbing: each shared option defined once, one report runner, each vocabulary spelled once."""

from __future__ import annotations

import ast
import json
from collections import defaultdict
from pathlib import Path

import pytest
import typer

from tests.helpers.procedures import ROSTER

PACKAGE = Path(__file__).resolve().parent.parent / "village_gov"
CLI = PACKAGE / "cli"
OPTIONS = CLI / "options.py"


def _parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _is_option_call(node: ast.AST) -> bool:
    """``typer.Option(…)`` or ``typer.Argument(…)``."""
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name) and node.func.value.id == "typer"
            and node.func.attr in ("Option", "Argument"))


def _option_type(node: ast.AST | None) -> ast.Call | None:
    """The ``typer.Option(…)`` call of ``Annotated[T, typer.Option(…)]``, else None."""
    if (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id == "Annotated"
            and isinstance(node.slice, ast.Tuple)):
        calls = [e for e in node.slice.elts if _is_option_call(e)]
        return calls[0] if calls else None
    return None


def _flags_and_help(call: ast.Call) -> tuple[tuple[str, ...], str | None]:
    flags = tuple(a.value for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str))
    helps = [k.value for k in call.keywords if k.arg == "help"]
    text = helps[0].value if helps and isinstance(helps[0], ast.Constant) else None
    return flags, text


def _module_level_option_types() -> list[tuple[Path, str, ast.Subscript]]:
    """``NAME = Annotated[T, typer.Option(…)]`` at module level, in every module of cli/."""
    found = []
    for path in sorted(CLI.glob("*.py")):
        for node in _parse(path).body:
            if (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                    and _option_type(node.value) is not None):
                found.append((path, node.targets[0].id, node.value))
    return found


def _inline_option_types() -> list[tuple[str, ast.Subscript]]:
    """The ``Annotated[T, typer.Option(…)]`` written in a command's own signature, with where."""
    found = []
    for path in sorted(CLI.glob("*.py")):
        for node in ast.walk(_parse(path)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for arg in node.args.args + node.args.kwonlyargs:
                    if _option_type(arg.annotation) is not None:
                        found.append((f"{path.name}:{node.name}({arg.arg})", arg.annotation))
    return found


def _key(annotation: ast.AST) -> str:
    return ast.dump(annotation, annotate_fields=False, include_attributes=False)


def test_shared_option_types_are_defined_only_in_the_options_module():
    defined = _module_level_option_types()
    elsewhere = [f"{path.name}: {name}" for path, name, _ in defined if path != OPTIONS]
    assert elsewhere == [], "define shared option types in village_gov/cli/options.py, not in " + ", ".join(elsewhere)
    assert len({name for _, name, _ in defined}) == len(defined)
    assert len(defined) >= 10  # the test looks at the right thing


def test_no_option_is_defined_twice():
    """Two option types with the same flags and the same help are one option defined twice.

    (Different help texts for the same flag, e.g. --township "Only this township." and the
    county lists' longer one, are different options and both stay.)"""
    by_flags_and_help = defaultdict(list)
    for _, name, value in _module_level_option_types():
        by_flags_and_help[_flags_and_help(_option_type(value))].append(name)
    assert {k: v for k, v in by_flags_and_help.items() if len(v) > 1} == {}


def test_no_command_spells_out_a_shared_option_again():
    shared = {_key(value): name for _, name, value in _module_level_option_types()}
    inline = _inline_option_types()
    assert inline, "the test looks at the right thing"
    repeated_shared = [f"{where}: use {shared[_key(a)]}" for where, a in inline if _key(a) in shared]
    assert repeated_shared == []
    by_key = defaultdict(list)
    for where, annotation in inline:
        by_key[_key(annotation)].append(where)
    # The same option written out in two signatures belongs in village_gov/cli/options.py.
    assert [places for places in by_key.values() if len(places) > 1] == []


def test_no_command_module_takes_its_options_from_another_command():
    offenders = []
    for path in sorted(CLI.glob("*.py")):
        for node in ast.walk(_parse(path)):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("village_gov.cli."):
                source = node.module.rsplit(".", 1)[1]
                names = {a.name for a in node.names if a.name.endswith("Option") or a.name == "FILE_FORMATS"}
                if names and source != "options":
                    offenders.append(f"{path.name} imports {sorted(names)} from {source}")
    assert offenders == []


def _file_format_branches() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(_parse(path)):
            if isinstance(node, ast.Compare) and any(isinstance(op, (ast.In, ast.NotIn)) for op in node.ops):
                names = [c.id if isinstance(c, ast.Name) else getattr(c, "attr", None) for c in node.comparators]
                if "FILE_FORMATS" in names:
                    found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    return found


def test_the_file_formats_branch_exists_in_one_place():
    branches = _file_format_branches()
    assert len(branches) == 1, branches
    assert branches[0].startswith("cli/report_runner.py:")


REPORT_COMMANDS = [
    ("check", "--as-of", "2026-10-31"),
    ("report", "monthly", "--month", "2026-10"),
    ("report", "trend", "--from", "2026-08", "--to", "2026-10"),
    ("report", "micros", "--as-of", "2026-10-31"),
    ("report", "party-life", "--quarter", "2026Q3", "--as-of", "2026-10-31"),
    ("report", "reform"),
    ("report", "development", "--year", "2026"),
]


def test_every_report_command_is_registered_through_the_runner():
    """The report commands are the ones the runner serves (each calls run_report), and no other."""
    callers = set()
    for path in sorted(CLI.glob("*.py")):
        for node in ast.walk(_parse(path)):
            if isinstance(node, ast.FunctionDef) and any(
                    isinstance(c, ast.Call) and getattr(c.func, "id", None) == "run_report" for c in ast.walk(node)):
                callers.add(node.name)
    assert callers == {"check", "monthly", "trend", "report_micros", "party_life", "reform",
                       "report_development", "report_cadres"}


@pytest.fixture
def roster(cli, write_yaml, db_path):
    assert cli("import", write_yaml(ROSTER, "roster.yaml")).exit_code == 0
    return db_path


@pytest.mark.parametrize("command", REPORT_COMMANDS, ids=[" ".join(c[:2]) for c in REPORT_COMMANDS])
@pytest.mark.parametrize("fmt", ["xlsx", "html"])
def test_a_document_format_needs_output_in_every_report(cli, roster, command, fmt):
    result = cli(*command, "--format", fmt)
    assert result.exit_code == 2, result.output
    assert f"--format {fmt}" in result.stderr and "--output" in result.stderr


@pytest.mark.parametrize("command", REPORT_COMMANDS, ids=[" ".join(c[:2]) for c in REPORT_COMMANDS])
def test_output_file_holds_what_the_screen_shows_in_every_report(cli, roster, tmp_path, command):
    shown = cli(*command, "--format", "json")
    target = tmp_path / "report.json"
    written = cli(*command, "--format", "json", "--output", target)
    assert written.exit_code == shown.exit_code and shown.exit_code in (0, 1), written.output
    assert written.stdout == ""
    assert str(target) in written.stderr
    assert target.read_text(encoding="utf-8") == shown.stdout
    json.loads(shown.stdout)


# --- vocabulary spelled out once ----------------------------------------------------------------------

def _string_sequences() -> dict[tuple[str, ...], list[str]]:
    """Every tuple/list literal of three or more strings in the package, with where it is written."""
    found = defaultdict(list)
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(_parse(path)):
            if (isinstance(node, (ast.Tuple, ast.List)) and len(node.elts) >= 3
                    and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts)):
                found[tuple(sorted(e.value for e in node.elts))].append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    return found


def test_the_meeting_kind_keys_are_spelled_out_once():
    from village_gov.ledgers.procedures import terms

    keys = tuple(terms.MEETING_KEYS.values())
    assert keys == ("members_assembly", "branch_committee", "group_meeting", "party_lecture", "party_day")
    assert _string_sequences().get(tuple(sorted(keys)), []) == []  # only the owner's dict names them


@pytest.mark.parametrize("name", ["STEPS", "DISCLOSURE_KINDS", "MEETING_KINDS"])
def test_the_procedures_vocabularies_are_spelled_out_once(name):
    from village_gov.ledgers.procedures import terms

    assert len(_string_sequences()[tuple(sorted(getattr(terms, name)))]) == 1


def test_the_chart_colours_are_spelled_out_once():
    from village_gov.render.document import CHART_COLOURS

    assert len(_string_sequences()[tuple(sorted(CHART_COLOURS))]) == 1


def test_the_meeting_kind_help_lists_the_vocabulary_in_order():
    """The help text is a literal (it is a msgid of the catalog): it must still name every kind, in order."""
    from village_gov.cli import app
    from village_gov.ledgers.procedures.terms import MEETING_KEYS, MEETING_KINDS

    log = typer.main.get_command(app).commands["party-meeting"].commands["log"]
    kind = next(p for p in log.params if p.name == "kind")
    assert kind.help == (" | ".join(MEETING_KINDS) + " (" + " | ".join(MEETING_KEYS[k] for k in MEETING_KINDS)
                         + ").")


# --- the disclosure kinds' aliases: one list, so list and check take what add takes -------------------

def test_disclose_list_takes_every_alias_disclose_add_takes(cli, roster):
    added = cli("disclose", "add", "--village", "V01", "--date", "2026-10-05", "--kind", "finances")
    assert added.exit_code == 0, added.output
    assert added.stdout.strip() == "DS-V01-20261005-1"
    assert cli("disclose", "add", "--village", "V01", "--date", "2026-10-06", "--kind", "党务").exit_code == 0
    for alias in ("finances", "FINANCES", "finance", "财务"):
        listed = cli("disclose", "list", "--kind", alias, "--format", "json")
        assert listed.exit_code == 0, listed.output
        assert [(d["code"], d["kind"]) for d in json.loads(listed.stdout)] == [("DS-V01-20261005-1", "财务")]
    listed = cli("disclose", "list", "--kind", "party_affairs", "--format", "json")
    assert [d["code"] for d in json.loads(listed.stdout)] == ["DS-V01-20261006-1"]


def test_check_cadence_takes_every_alias_disclose_add_takes(cli, roster):
    assert cli("disclose", "add", "--village", "V01", "--date", "2026-07-05", "--kind", "finances").exit_code == 0

    def found(*cadence):
        result = cli("check", "--rule", "disclosure-overdue", "--format", "json", "--as-of", "2026-11-15", *cadence)
        assert result.exit_code in (0, 1), result.output
        return [(f["subject"], f["params"]) for f in json.loads(result.stdout)["findings"]]

    # 财务 monthly (the default): V01 disclosed in 07 only, so 08, 09 and 10 (over by 11-15) are missing;
    # quarterly: 2026Q3 has the one of 07-05 and 2026Q4 is not over.  党务 and 村务 are quarterly either way:
    # nothing of them in 2026Q3.  V02 has no disclosure at all.
    quarterly = [("V01", {"kind": "党务", "period": "2026Q3"}), ("V01", {"kind": "村务", "period": "2026Q3"}),
                 ("V02", {})]
    assert found("--cadence", "财务=quarter") == quarterly
    assert found("--cadence", "finances=quarter") == quarterly
    assert found("--cadence", "village_affairs=none", "--cadence", "finances=quarter") == quarterly[:1] + quarterly[2:]


# The help texts that list a vocabulary are literals (msgids of the catalog), so they cannot be built
# from it: each must still name every value of the vocabulary its ledger owns, in that order.
VOCABULARY_HELPS = [
    (("consult", "log"), "format", "village_gov.ledgers.consult.choices", "FORMATS"),
    (("request", "add"), "category", "village_gov.ledgers.consult.choices", "CATEGORIES"),
    (("request", "update"), "status", "village_gov.ledgers.consult.choices", "STATUSES"),
    (("service", "log"), "kind", "village_gov.ledgers.micros.fields", "SERVICE_KINDS"),
    (("activity", "log"), "kind", "village_gov.ledgers.micros.fields", "ACTIVITY_KINDS"),
    (("disclose", "add"), "kind", "village_gov.ledgers.procedures.terms", "DISCLOSURE_KINDS"),
    (("disclose", "list"), "kind", "village_gov.ledgers.procedures.terms", "DISCLOSURE_KINDS"),
    (("disclose", "add"), "channel", "village_gov.ledgers.procedures.terms", "CHANNELS"),
    (("party-meeting", "log"), "kind", "village_gov.ledgers.procedures.terms", "MEETING_KINDS"),
    (("decision", "step"), "name", "village_gov.ledgers.procedures.terms", "STEPS"),
    (("decision", "step"), "body", "village_gov.ledgers.procedures.terms", "RESOLVING_BODIES"),
]


@pytest.mark.parametrize("path, param, module, name", VOCABULARY_HELPS,
                         ids=[f"{' '.join(p)} {param}" for p, param, _, _ in VOCABULARY_HELPS])
def test_a_help_listing_a_vocabulary_names_all_of_it_in_order(path, param, module, name):
    import importlib

    from village_gov.cli import app

    command = typer.main.get_command(app)
    for part in path:
        command = command.commands[part]
    text = next(p for p in command.params if p.name == param).help
    values = getattr(importlib.import_module(module), name)
    if name == "STEPS":
        values = values[1:]  # "proposed" is the decision's first step, recorded by decision new
    places = [text.find(v) for v in values]
    assert -1 not in places, f"{' '.join(path)} {param}: {text!r} does not name {values}"
    assert places == sorted(places), f"{' '.join(path)} {param}: {text!r} not in the order of {values}"
