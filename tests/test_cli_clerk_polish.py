"""Small things a township clerk meets every month: choice lists in Chinese, a points ledger that shows
"published" like the moral list does, an empty organization tree that says why, English labels that
do not look like catalog keys."""

import json

import pytest

from tests.helpers.rosters import TWO_TOWNSHIPS
from village_gov.core.i18n import choices_zh

POINTS = """
points:
  - {code: PT1, date: 2026-10-05, household: H1, points: 10, reason: 参加义务劳动, rule: 第四条}
  - {code: PT2, date: 2026-10-20, household: H1, points: 5, reason: 环境卫生评比, rule: 第三条}
"""


@pytest.fixture
def ledger(cli, write_yaml, db_path, monkeypatch):
    monkeypatch.setenv("VILLAGE_GOV_TODAY", "2026-11-01")
    result = cli("import", write_yaml(TWO_TOWNSHIPS + POINTS))
    assert result.exit_code == 0, result.output
    return db_path


def test_choices_in_chinese_are_a_plain_list():
    assert choices_zh("'代办服务', '志愿服务' or '其他'") == "代办服务、志愿服务、其他"
    assert choices_zh("'党务'") == "党务"
    assert choices_zh("anything else") == "anything else"


def test_bad_choice_on_a_log_command_reads_as_chinese(cli, ledger):
    result = cli("service", "log", "--village", "V1", "--kind", "foo", "--provider", "M1")
    assert result.exit_code == 2
    # One line naming the option once, the choices joined with 、 (no English "or", no quotes).
    assert result.stderr.splitlines()[0] == "--kind 的值 foo 无效，可选：代办服务、志愿服务、帮扶、调解、其他"


def test_bad_choice_in_english_keeps_the_english_list(cli, ledger):
    result = cli("--lang", "en", "service", "log", "--village", "V1", "--kind", "foo", "--provider", "M1")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        "--kind: foo is not allowed; expected '代办服务', '志愿服务', '帮扶', '调解' or '其他'")


def test_points_show_marks_published_like_the_moral_list(cli, ledger):
    # H1: PT1 10 + PT2 5 → balance 15; one red-list entry ML-V1-1, published.
    data = json.loads(cli("points", "show", "H1", "--format", "json").stdout)
    assert data["balance"] == 15
    assert data["moral_list"][0]["published"] is True  # JSON true, not 1
    assert data["moral_list"] == [{"date": "2026-10-12", "code": "ML-V1-1", "list": "红榜", "reason": "孝老爱亲",
                                   "published": True}]
    table = cli("points", "show", "H1").stdout.splitlines()
    assert table[0] == "H1 陈一（V1 · G1） 累计积分：15"
    red = next(line for line in table if "ML-V1-1" in line)
    assert red.split()[-1] == "✓"
    assert cli("--lang", "en", "points", "show", "H1").stdout.splitlines()[0] == "H1 陈一（V1 · G1） balance: 15"


def test_org_tree_on_an_empty_database_says_why(cli, db_path):
    from village_gov.store.db import open_db

    open_db(db_path).conn.close()  # a ledger created but holding no roster yet
    result = cli("org", "tree")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "数据库中没有乡镇，请先导入花名册\n"


def test_monthly_english_label_is_not_a_key_lookalike(cli, ledger):
    result = cli("--lang", "en", "report", "monthly", "--month", "2026-10", "--township", "T1")
    assert result.exit_code == 0, result.output
    header = next(line for line in result.stdout.splitlines() if line.startswith("code"))
    assert header.split() == ["code", "village", "consults", "people", "yard", "mtgs", "held"]


@pytest.mark.parametrize("command", [["consult", "list"], ["report", "monthly"], ["export"], ["notice"],
                                     ["disclose", "list"], ["points", "ranking"]])
def test_every_month_option_shows_its_format_in_help(cli, command):
    # The same option reads the same everywhere: "--month 月份 YYYY-MM" ("--month YYYY-MM" in English),
    # never "--month <str>".
    help_text = cli(*command, "--help").stdout
    assert "--month 月份 YYYY-MM" in help_text
    assert "--month <str>" not in help_text
    assert "--month YYYY-MM" in cli("--lang", "en", *command, "--help").stdout
