"""The county database: three townships with every ledger merged, reported and re-merged.

The townships and their October 2026 figures (worked out by hand) are in ``tests.helpers.county``.
"""

from __future__ import annotations

import gc
import json
import sqlite3

import pytest

from tests.helpers import county as data
from tests.helpers.cli import Runner

TOWNSHIPS = ("T1", "T2", "T3")
NOT_COPIED = {"merge_log", "audit", "ledger_versions"}  # the last two stay with each file


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    """Three township files built from their YAML, and the county database merged from them."""
    cli, tmp = Runner(), tmp_path_factory.mktemp("county")
    files = {}
    for code in TOWNSHIPS:
        (tmp / f"{code}-roster.yaml").write_text(data.roster(code), encoding="utf-8")
        (tmp / f"{code}-ledger.yaml").write_text(data.LEDGERS[code], encoding="utf-8")
        files[code] = tmp / f"{code}.db"
        result = cli("--db", files[code], "import", tmp / f"{code}-roster.yaml", tmp / f"{code}-ledger.yaml")
        assert result.exit_code == 0, result.output
    merged = tmp / "county.db"
    result = cli("merge", *files.values(), "--into", merged, "--format", "json")
    assert result.exit_code == 0, result.output
    gc.collect()
    return {"files": files, "county": merged, "merge": json.loads(result.stdout), "tmp": tmp}


def run_json(cli, db, *args):
    result = cli("--db", db, *args, "--format", "json")
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)


def query(path, sql, params=()):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def tables(path) -> list[str]:
    return [r[0] for r in query(path, "SELECT name FROM sqlite_master WHERE type = 'table' "
                                      "AND name NOT LIKE 'sqlite_%' ORDER BY name")]


def count(path, table) -> int:
    return query(path, f'SELECT count(*) FROM "{table}"')[0][0]


def qualify(rows: list[dict], township: str, keys=("code",)) -> list[dict]:
    """A township report's rows as the county reports them: the given code fields qualified."""
    return [{k: (f"{township}/{v}" if k in keys and v is not None else v) for k, v in row.items()} for row in rows]


# --- every table ----------------------------------------------------------------------------------

def test_every_ledger_table_is_copied(county):
    merged, files = county["county"], county["files"]
    schema = tables(merged)
    # Every ledger's tables are in the schema and hold rows in at least one township file.
    for table in ("consultations", "requests", "request_events", "positions", "organizations",
                  "organization_members", "organization_households", "services", "activities", "decisions",
                  "decision_steps", "disclosures", "party_meetings", "moral_list", "points"):
        assert table in schema and sum(count(f, table) for f in files.values()) > 0, table
    for table in set(schema) - NOT_COPIED:
        assert count(merged, table) == sum(count(f, table) for f in files.values()), table
    assert query(merged, "SELECT count(*) FROM pragma_foreign_key_check") == [(0,)]
    assert [r["rows"] for r in county["merge"]] == [
        sum(count(files[t], table) for table in set(schema) - NOT_COPIED) for t in TOWNSHIPS]


def test_keys_qualified_values_kept(county):
    merged = county["county"]
    # decision_steps is keyed by (decision, step): the decision is a code, the step a value.
    assert query(merged, "SELECT decision, step, date FROM decision_steps WHERE decision = 'T2/D1' "
                         "AND step = 'result_published'") == [("T2/D1", "result_published", "2026-10-15")]
    assert query(merged, "SELECT count(*) FROM decision_steps WHERE step LIKE '%/%'") == [(0,)]
    # request_events: integer ids renumbered without collisions, each pointing at its own township's request.
    ids = query(merged, "SELECT id, request FROM request_events ORDER BY id")
    assert len({i for i, _ in ids}) == len(ids) == sum(count(f, "request_events") for f in county["files"].values())
    for code, path in county["files"].items():
        own = query(path, "SELECT request, date, status, source FROM request_events ORDER BY id")
        assert query(merged, "SELECT substr(request, 4), date, status, source FROM request_events "
                             "WHERE request LIKE ? ORDER BY id", [code + "/%"]) == own
    # Codes inside JSON and plain text columns are values: topics, posts, functions, rule, referred_to.
    assert query(merged, "SELECT topics FROM consultations WHERE code = 'T2/C1'") == [('["民生实事"]',)]
    assert query(merged, "SELECT posts FROM cadres WHERE code = 'T1/V2/M6'") == query(
        county["files"]["T1"], "SELECT posts FROM cadres WHERE code = 'V2/M6'")
    assert query(merged, "SELECT rule FROM points WHERE code = 'T1/PT1'") == [("第四条",)]
    assert query(merged, "SELECT referred_to FROM requests WHERE code = 'T3/R2'") == [("镇综治中心",)]
    assert query(merged, "SELECT organization, member FROM organization_members WHERE organization = 'T1/O5' "
                         "ORDER BY member") == [("T1/O5", "T1/M2"), ("T1/O5", "T1/M3")]
    assert query(merged, "SELECT provider_org, household, position FROM services WHERE code = 'T1/S2'") == [
        ("T1/O5", "T1/H2", "T1/PS2")]


def test_audit_trails_stay_in_the_township_files(county, tmp_path):
    merged, files = county["county"], county["files"]
    assert all(count(f, "audit") >= 1 for f in files.values())  # each import left its entry there
    # The county's own trail: the creation of its schema, then one entry for the merge, naming every file.
    (entry,) = query(merged, "SELECT command, sources, counts FROM audit WHERE counts LIKE '%merge%'")
    assert entry[0].startswith("village-gov merge")
    sources = json.loads(entry[1])
    assert [s["file"] for s in sources] == [str(files[t].resolve()) for t in TOWNSHIPS]
    assert [s["sha256"] for s in sources] == [r[0] for r in query(merged, "SELECT file_sha256 FROM merge_log "
                                                                          "ORDER BY id")]
    assert {c["township"]: c["rows"] for c in json.loads(entry[2])["merge"]} == {
        r["township"]: r["rows"] for r in county["merge"]}
    assert Runner()("--db", merged, "audit", "verify").exit_code == 0


# --- the county's monthly report ------------------------------------------------------------------

COUNTS = ("consultations", "attendees", "secretary_meetings", "secretary_meeting_held", "requests_raised",
          "answered_on_spot", "requests_resolved", "open_at_month_end", "overdue", "referred", "services",
          "households_served", "activities", "activity_participants", "decisions_started",
          "decisions_completed", "decisions_stalled", "red_list", "black_list")


def test_county_monthly_totals_are_the_sums_of_the_townships(county):
    cli = Runner()
    own = {t: run_json(cli, county["files"][t], "report", "monthly", "--month", data.MONTH) for t in TOWNSHIPS}
    merged = run_json(cli, county["county"], "report", "monthly", "--month", data.MONTH)
    total = merged["total"]
    for key in COUNTS:
        assert total[key] == sum(own[t]["total"][key] for t in TOWNSHIPS), key
    assert total["service_hours"] == pytest.approx(sum(own[t]["total"]["service_hours"] for t in TOWNSHIPS))
    assert total["disclosures"] == {k: sum(own[t]["total"]["disclosures"][k] for t in TOWNSHIPS)
                                    for k in ("党务", "村务", "财务")}
    # The rate from the summed counts: each township's resolved-by-month-end is its rate × raised.
    resolved_by_end = sum(round(own[t]["total"]["resolution_rate"] * own[t]["total"]["requests_raised"])
                          for t in TOWNSHIPS)
    assert total["resolution_rate"] == round(resolved_by_end / total["requests_raised"], 4) == 0.5455
    # Each township's own rate and median, and the county's, as worked out by hand.
    assert {t: (own[t]["total"]["resolution_rate"], own[t]["total"]["median_days_to_resolve"])
            for t in TOWNSHIPS} == data.TOWNSHIP_RATES
    assert total == data.COUNTY_OCTOBER
    by_category = {c["category"]: c["requests_raised"] for c in merged["by_category"]}
    assert by_category == {c["category"]: sum(next(x["requests_raised"] for x in own[t]["by_category"]
                                                   if x["category"] == c["category"]) for t in TOWNSHIPS)
                           for c in merged["by_category"]}


def test_county_monthly_breaks_down_per_township(county):
    cli = Runner()
    merged = run_json(cli, county["county"], "report", "monthly", "--month", data.MONTH)
    assert [b["township"] for b in merged["townships"]] == [
        {"code": t, "name": data.TOWNSHIP_NAMES[t]} for t in TOWNSHIPS]
    for block in merged["townships"]:
        code = block["township"]["code"]
        own = run_json(cli, county["files"][code], "report", "monthly", "--month", data.MONTH)
        assert block["total"] == own["total"]
        assert block["villages"] == qualify(own["villages"], code)
        assert block["by_category"] == own["by_category"]
        # --township on the county file gives the township's own report, codes qualified.
        narrowed = run_json(cli, county["county"], "report", "monthly", "--month", data.MONTH, "--township", code)
        assert narrowed["total"] == own["total"] and narrowed["villages"] == qualify(own["villages"], code)
    assert [v["code"] for v in merged["townships"][1]["villages"]] == ["T2/V1", "T2/V2", "T2/V3"]


# --- other reports, check and lists, narrowed to a township ---------------------------------------

def test_micros_report_per_township(county):
    cli = Runner()
    args = ("report", "micros", "--as-of", "2026-10-31")
    merged = run_json(cli, county["county"], *args)
    assert [t["code"] for t in merged["townships"]] == list(TOWNSHIPS)
    for town in merged["townships"]:
        own = run_json(cli, county["files"][town["code"]], *args)
        assert town["total"] == own["total"] and town["name"] == own["township"]["name"]
        narrowed = run_json(cli, county["county"], *args, "--township", town["code"])
        assert narrowed["villages"] == qualify(own["villages"], town["code"])
        assert narrowed["total"] == own["total"] and "townships" not in narrowed
    # Counts summed; households served are distinct per township, so they add up too.
    for key in ("main_positions", "micro_positions", "groups", "organizations", "services",
                "households_served", "activities", "activity_participants", "villages"):
        assert merged["total"][key] == sum(t["total"][key] for t in merged["townships"]), key
    # Coverage from the summed counts: T1 2 of 3 groups, T2 0 of 4, T3 0 of 3 → 2 / 10 = 20 %.
    assert (merged["total"]["groups_covered"], merged["total"]["groups"], merged["total"]["group_coverage_pct"]) == (
        2, 10, 20.0)
    table = cli("--db", county["county"], *args).output
    assert "白鹤镇小计" in table and "合计" in table


def test_party_life_check_and_lists_narrowed(county):
    cli = Runner()
    for code in TOWNSHIPS:
        own_db = county["files"][code]
        own = run_json(cli, own_db, "report", "party-life", "--quarter", "2026Q4")
        narrowed = run_json(cli, county["county"], "report", "party-life", "--quarter", "2026Q4", "--township", code)
        assert narrowed["organizations"] == qualify(own["organizations"], code, ("code", "village"))
        assert narrowed["short"] == [f"{code}/{c}" for c in own["short"]]
        own_check = run_json(cli, own_db, "check", "--as-of", "2026-10-31")
        county_check = run_json(cli, county["county"], "check", "--as-of", "2026-10-31", "--township", code)
        assert sorted((f["rule"], f"{code}/{f['subject']}") for f in own_check["findings"]) == sorted(
            (f["rule"], f["subject"]) for f in county_check["findings"])
        assert county_check["summary"] == own_check["summary"]
        tree = run_json(cli, county["county"], "org", "tree", "--township", code)
        assert [t["code"] for t in tree] == [code]
        for noun in ("village", "household", "consult", "request", "org"):
            rows = run_json(cli, county["county"], noun, "list", "--township", code)
            assert len(rows) == len(run_json(cli, own_db, noun, "list")), noun
            assert all(r["code"].startswith(code + "/") for r in rows), noun
    everything = run_json(cli, county["county"], "check", "--as-of", "2026-10-31")
    assert len(everything["findings"]) == sum(
        len(run_json(cli, county["files"][t], "check", "--as-of", "2026-10-31")["findings"]) for t in TOWNSHIPS)


@pytest.mark.parametrize("command", [
    ("check",), ("org", "tree"), ("household", "list"), ("request", "list"), ("report", "micros"),
    ("report", "party-life", "--quarter", "2026Q4"), ("report", "monthly", "--month", "2026-10")])
def test_unknown_township_is_refused(county, command):
    result = Runner()("--db", county["county"], *command, "--township", "T9")
    assert result.exit_code == 2, result.output
    assert "找不到乡镇 T9" in result.output and "Traceback" not in result.output


# --- re-merging one township ----------------------------------------------------------------------

def copy_db(source, target):
    gc.collect()
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    src.backup(dst)
    src.close()
    dst.close()
    return target


def rows_not_of(path, township: str) -> dict[str, list]:
    """Every row of every copied table holding no value of ``township`` (its code or a code ``T2/…``)."""
    found = {}
    for table in set(tables(path)) - NOT_COPIED:
        found[table] = sorted(
            (r for r in query(path, f'SELECT * FROM "{table}"')
             if not any(isinstance(v, str) and (v == township or v.startswith(township + "/")) for v in r)),
            key=repr)
    return found


# T2's changes: R4 resolved on 10-28 (16 days), a new request R6 (30 days) and a new activity A2.
R4_BEFORE = "{code: R4, content: 茶园灌溉, category: 产业发展}"
R4_AFTER = "{code: R4, content: 茶园灌溉, category: 产业发展, status: 已办结, resolved: 2026-10-28}"
R6 = "  - {code: R6, village: V3, raised: 2026-10-01, content: 村道扩宽, category: 民生实事, status: 已办结, resolved: 2026-10-31}\n"
A2 = "  - {code: A2, date: 2026-10-25, village: V1, kind: 百家讲堂, title: 防诈讲座, participants: 20}\n"


def test_remerge_replaces_only_that_township(county, tmp_path):
    cli = Runner()
    merged = copy_db(county["county"], tmp_path / "county.db")
    t2 = copy_db(county["files"]["T2"], tmp_path / "T2.db")
    before = {t: rows_not_of(merged, "T2") for t in ("T1", "T3")}
    requests_before = count(merged, "requests")
    t2_rows = sum(count(merged, table) for table in set(tables(merged)) - NOT_COPIED) - sum(
        count(county["files"][t], table) for t in ("T1", "T3") for table in set(tables(merged)) - NOT_COPIED)
    ledger = data.LEDGERS["T2"].replace(R4_BEFORE, R4_AFTER).replace("requests:\n", "requests:\n" + R6, 1)
    (tmp_path / "T2-ledger.yaml").write_text(ledger.replace("activities:\n", "activities:\n" + A2, 1),
                                             encoding="utf-8")
    result = cli("--db", t2, "import", tmp_path / "T2-ledger.yaml")
    assert result.exit_code == 0, result.output
    result = cli("merge", t2, "--into", merged, "--format", "json")
    assert result.exit_code == 0, result.output
    (report,) = json.loads(result.stdout)
    # Every T2 row was deleted and the file copied again (a request, its events and an activity more).
    assert report["replaced"] and report["deleted"] == t2_rows
    assert report["rows"] == sum(count(t2, table) for table in set(tables(merged)) - NOT_COPIED)
    assert {t: rows_not_of(merged, "T2") for t in ("T1", "T3")} == before
    assert count(merged, "requests") == requests_before + 1
    assert query(merged, "SELECT count(*) FROM pragma_foreign_key_check") == [(0,)]
    assert query(merged, "SELECT township FROM merge_log ORDER BY id") == [("T1",), ("T2",), ("T3",), ("T2",)]
    assert cli("--db", merged, "audit", "verify").exit_code == 0

    monthly = run_json(cli, merged, "report", "monthly", "--month", data.MONTH)
    t2_total = monthly["townships"][1]["total"]
    # T2 now: raised R1–R4, R6 = 5, all resolved by 10-31 → 1.0; resolved in October R1 0, R2 21,
    # R3 7, R4 16, R5 121, R6 30 → median (16 + 21) / 2 = 18.5; nothing open.
    assert (t2_total["requests_raised"], t2_total["requests_resolved"], t2_total["resolution_rate"],
            t2_total["median_days_to_resolve"], t2_total["open_at_month_end"]) == (5, 6, 1.0, 18.5, 0)
    assert t2_total == run_json(cli, t2, "report", "monthly", "--month", data.MONTH)["total"]
    total = monthly["total"]
    # County: raised 5 + 5 + 2 = 12, resolved by month end 2 + 5 + 1 = 8 → 0.6667; October resolutions
    # 0, 12, 25 | 0, 21, 7, 16, 121, 30 | 3 → sorted 0 0 3 7 12 16 21 25 30 121: median (12 + 16) / 2 = 14.
    assert (total["requests_raised"], total["requests_resolved"], total["resolution_rate"],
            total["median_days_to_resolve"], total["open_at_month_end"]) == (12, 10, 0.6667, 14.0, 5)
    assert (total["activities"], total["activity_participants"]) == (6, 127)
