"""``check`` (table) formats only the findings it shows: a county can have hundreds of thousands."""

from __future__ import annotations

import village_gov.core.checks as checks_module
from tests.helpers.rosters import places

# One village with its party branch (secretary M1, also the director), one group with its party group;
# 30 households nobody liaises with:
# 30 household-unlinked warnings (H01 … H30), nothing else.
ROSTER = places() + "\n".join([
    "party_orgs:", "  - {code: P1, name: 青竹村党支部, level: 党支部, village: V1, secretary: M1}",
    "  - {code: P2, name: 一组党小组, level: 党小组, village: V1, group: G1, parent: P1}",
    "members:", *[f"  - {{code: M{i}, name: 党员{i}, org: P1}}" for i in (1, 2, 3)],
    "households:", *[f"  - {{code: H{i:02d}, head: 户主{i}, group: G1, size: 2}}" for i in range(1, 31)],
    "cadres:", "  - {village: V1, member: M1, posts: [党组织书记, 村委会主任]}",
]) + "\n"


def test_table_formats_only_the_findings_shown(cli, write_yaml, monkeypatch):
    assert cli("import", write_yaml(ROSTER)).exit_code == 0
    formatted = []
    real = checks_module.Finding.as_dict

    def counted(self):
        formatted.append(self.subject)
        return real(self)

    monkeypatch.setattr(checks_module.Finding, "as_dict", counted)
    result = cli("check", "--limit", "5")
    assert result.exit_code == 0, result.output  # warnings only
    lines = result.stdout.splitlines()
    assert lines[0] == "警告 · household-unlinked (30)"
    assert [line.split()[0] for line in lines[1:6]] == ["H01", "H02", "H03", "H04", "H05"]
    assert "另有 25 条未显示（用 --limit 0 显示全部，或 --format csv）" in result.stdout
    assert "0 个错误，30 个警告，0 条提示" in result.stdout
    assert formatted == []  # no finding turned into a dict for the table
    # CSV and JSON give all 30 (each formatted once).
    assert len(cli("check", "--format", "csv").stdout.splitlines()) == 31
    assert len(formatted) == 30
