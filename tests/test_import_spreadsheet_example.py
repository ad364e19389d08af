"""The example township typed into the template as a clerk's Excel saves it imports to the same
ledger as its YAML: the same ``check`` and ``report monthly`` (October and the open November)."""

from __future__ import annotations

import json

from tests.helpers.paths import EXAMPLES
from tests.helpers.sheets import example_sections, fill_template

FOLDERS = ("roster", "micros", "consultations", "procedures")


def _without_audit_head(text: str) -> dict:
    # The audit trail's head hashes the files imported (names and sha256): a workbook and four YAML
    # folders differ there by nature, and nowhere else.
    data = json.loads(text)
    data.pop("audit_head", None)
    return data


def test_filled_template_gives_the_same_check_and_monthly_reports(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("VILLAGE_GOV_TODAY", "2026-11-01")  # as tests/data/golden/regenerate.py pins it
    monkeypatch.setenv("VILLAGE_GOV_TZ", "Asia/Shanghai")
    template, filled = tmp_path / "台账模板.xlsx", tmp_path / "白鹤镇台账.xlsx"
    assert cli("template", "--output", template).exit_code == 0
    fill_template(template, filled, example_sections(*FOLDERS))
    yaml_db, sheet_db = tmp_path / "yaml.db", tmp_path / "sheet.db"
    result = cli("--db", yaml_db, "import", *(EXAMPLES / f for f in FOLDERS))
    assert result.exit_code == 0, result.output
    result = cli("--db", sheet_db, "import", filled)
    assert result.exit_code == 0, result.output
    for args in (("check", "--as-of", "2026-10-31"), ("report", "monthly", "--month", "2026-10"),
                 ("report", "monthly", "--month", "2026-11")):
        from_yaml = cli("--db", yaml_db, *args, "--format", "json")
        from_sheet = cli("--db", sheet_db, *args, "--format", "json")
        assert from_yaml.exit_code == from_sheet.exit_code
        assert _without_audit_head(from_sheet.stdout) == _without_audit_head(from_yaml.stdout), args
    # Not an empty comparison: the example's 20 planted findings (examples/README.md) and its 455 households.
    check = json.loads(cli("--db", sheet_db, "check", "--as-of", "2026-10-31", "--format", "json").stdout)
    assert check["summary"]["households"] == 455
    assert len(check["findings"]) == 20


def test_filled_template_reimported_changes_nothing(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("VILLAGE_GOV_TODAY", "2026-11-01")
    template, filled = tmp_path / "t.xlsx", tmp_path / "f.xlsx"
    assert cli("template", "--output", template, "--ledger", "roster").exit_code == 0
    fill_template(template, filled, {k: v for k, v in example_sections("roster").items()})
    assert cli("import", filled).exit_code == 0
    again = cli("import", filled, "--force", "--format", "json")
    assert again.exit_code == 0, again.output
    assert not any(s["added"] or s["changed"] for s in json.loads(again.stdout)["sections"])


def test_the_example_spreadsheets_import_to_the_example_roster(cli, tmp_path):
    # examples/spreadsheets: the roster's workbook as a clerk edits it (a merged title row, a blank
    # row, the 村民小组 sheet moved to a GB18030 CSV) gives, record for record, the roster of
    # examples/roster: the two dumps are the same files with the same bytes.
    sheets = EXAMPLES / "spreadsheets"
    yaml_db, sheet_db = tmp_path / "yaml.db", tmp_path / "sheet.db"
    assert cli("--db", yaml_db, "import", EXAMPLES / "roster").exit_code == 0
    result = cli("--db", sheet_db, "import", sheets / "花名册.xlsx", sheets / "村民小组.csv")
    assert result.exit_code == 0, result.output
    assert "村民小组.csv：按 GB18030 编码读取" in result.stderr
    assert cli("--db", yaml_db, "dump", "--output", tmp_path / "from_yaml").exit_code == 0
    assert cli("--db", sheet_db, "dump", "--output", tmp_path / "from_sheets").exit_code == 0
    names = sorted(p.name for p in (tmp_path / "from_yaml").iterdir())
    assert "households.yaml" in names and "members.yaml" in names and "groups.yaml" in names
    assert sorted(p.name for p in (tmp_path / "from_sheets").iterdir()) == names
    for name in names:
        assert (tmp_path / "from_sheets" / name).read_bytes() == (tmp_path / "from_yaml" / name).read_bytes(), name
