"""How an import keeps the records it has validated: a record of a plain section as a tuple of its
fields (:mod:`village_gov.core.compact`), validated without a model instance where the model checks
nothing but its fields; the problems, their order and their positions as the models give them,
whatever the chunks (:data:`village_gov.core.validate.CHUNK`) the records are validated in.
"""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

from tests.helpers.rosters import SMALL_ROSTER
from village_gov.core import compact, validate
from village_gov.core.validate import validate_documents
from village_gov.core.yamlio import parse_yaml
from village_gov.ledgers import by_name
from village_gov.ledgers.roster import models


def _batch(text: str):
    data, problems = parse_yaml(text, "r.yaml")
    assert problems == []
    return validate_documents([("r.yaml", data)])


def test_plain_sections_kept_as_tuples_that_answer_as_the_models():
    batch, problems = _batch(SMALL_ROSTER)
    assert problems == []
    household = batch.section("households")["H1"].record
    assert not isinstance(household, BaseModel) and isinstance(household, tuple)
    # SMALL_ROSTER's H1: {code: H1, head: 陈一, group: G1, size: 4, phone: "13900000002"}.
    assert (household.code, household.head, household.group, household.size, household.phone) == (
        "H1", "陈一", "G1", 4, "13900000002")
    assert household.model_dump() == models.Household(code="H1", head="陈一", group="G1", size=4,
                                                      phone="13900000002").model_dump()
    member = batch.section("members")["M1"].record  # a model with validators of its own: compacted after them
    assert isinstance(member, tuple) and member.households == ["H1"]
    sections = by_name()
    assert sections["households"].row(household) == ("陈一", "G1", 4, "13900000002")
    assert compact.fast_validator(sections["households"]) is not None
    assert compact.fast_validator(sections["members"]) is None  # born in the future, joined before born
    # A section whose model holds a model (a decision's steps) or adds methods (an organization's
    # member_codes) keeps its models.
    assert compact.compact_class(sections["decisions"]) is None
    assert compact.compact_class(sections["organizations"]) is None


# Values that go wrong in as many ways as the fields allow: missing, unknown key, wrong types, too
# long, a control character, true/false for a number, a number for a text, a bad date.
ODD = [None, True, 0, -1, 2**70, 1.5, float("nan"), "", "  ", " x ", "a\x01b", "x" * 300, [], ["a"], {"a": 1},
       "1970-13-01", 13800000000, "13800000000", "男", " 12 ", dt.date(2099, 1, 1)]
VALID = {
    "townships": {"code": "T1", "name": "青竹镇", "kind": "镇"},
    "villages": {"code": "V1", "name": "青竹村", "township": "T1", "population": 1200, "area_km2": 3.5},
    "groups": {"code": "G1", "name": "一组", "village": "V1"},
    "households": {"code": "H1", "head": "陈一", "group": "G1", "size": 3, "phone": "13800000000"},
}


def _outcome(validate_list, items):
    try:
        return validate_list(items), None
    except ValidationError as error:
        return None, repr(error.errors(include_url=False))


@pytest.mark.parametrize("name", sorted(VALID))
def test_fast_validator_gives_the_models_errors_and_values(name):
    section = by_name()[name]
    fast = compact.fast_validator(section)
    assert fast is not None
    model = TypeAdapter(list[section.model])  # type: ignore[name-defined]  # the section's model
    cases = [VALID[name], {**VALID[name], "unknown": 1}]
    cases += [{k: v for k, v in VALID[name].items() if k != field} for field in VALID[name]]
    cases += [{**VALID[name], field: odd} for field in VALID[name] for odd in ODD]
    valid = 0
    for case in cases:
        items = [VALID[name], case, {**case, "code": "Z"}]  # the bad one between two others
        (by_model, model_errors), (by_fast, fast_errors) = _outcome(model.validate_python, items), _outcome(
            fast.validate_python, items)
        assert fast_errors == model_errors, case  # types, places, inputs, contexts, order
        if by_model is not None:
            valid += 1
            assert [tuple(r.__dict__.values()) for r in by_model] == [tuple(r.values()) for r in by_fast]
            assert [list(r.__dict__) for r in by_model] == [list(r) for r in by_fast]  # fields in order
    assert valid >= 3  # the valid record, a field left out that has a default or strips, …


def _households(count: int, bad: dict[int, str]) -> str:
    """A roster of ``count`` households in G1, one per line from line 8 (household i on line 8 + i);
    household i of ``bad`` has that text as its size."""
    lines = ["townships:", "  - {code: T1, name: 镇, kind: 镇}", "villages:", "  - {code: V1, name: 村, township: T1}",
             "groups:", "  - {code: G1, name: 组, village: V1}", "households:"]
    lines += [f"  - {{code: H{i:05d}, head: 户, group: G1, size: {bad.get(i, 2)}}}" for i in range(count)]
    return "\n".join(lines) + "\n"


def _problems(problems):
    return [(p.line, p.column, p.key, p.record, p.params.get("field")) for p in problems]


# Households 5 (in the middle of the first chunk), 1999 (its last), 2000 (the first of the next) and
# 2400 are invalid: size 0 (below 1), a text, true, 101 (above 100).  Each problem stands on its
# household's line (8 + i) at the size's column: "  - {code: H00005, head: 户, group: G1, size: " is
# 2 + 2 + 1 + 14 ("code: H00005, ") + 9 ("head: 户, ") + 11 ("group: G1, ") + 6 ("size: ") = 45
# characters, so the value is at column 46.
BAD = {5: "0", 1999: "many", 2000: "true", 2400: "101"}
EXPECTED = [(13, 46, "valid.greater_than_equal", "H00005", "size"),
            (2007, 46, "valid.int_parsing", "H01999", "size"),
            (2008, 46, "valid.bool_not_number", "H02000", "size"),
            (2408, 46, "valid.less_than_equal", "H02400", "size")]


def test_bad_records_in_chunks_reported_in_file_order_at_their_places():
    assert validate.CHUNK == 2000  # the test's households 1999 and 2000 stand either side of a boundary
    batch, problems = _batch(_households(2500, BAD))
    assert _problems(problems) == EXPECTED
    households = batch.section("households")
    assert len(households) == 2500 - 4 and "H00005" not in households and "H00006" in households
    assert households["H02001"].line == 2009  # a valid record after a bad one keeps its own place


def test_chunk_boundaries_and_the_fast_validator_change_no_problem(monkeypatch):
    roster = _households(2500, BAD)
    _, chunked = _batch(roster)
    monkeypatch.setattr(validate, "CHUNK", 7)  # boundaries everywhere else
    _, small_chunks = _batch(roster)
    # Without the fast validator: the models, as a command validates a record.
    monkeypatch.setattr(compact, "fast_validator", lambda section: None)
    assert compact.fast_validator(by_name()["households"]) is None
    batch, by_models = _batch(roster)
    assert _problems(chunked) == _problems(small_chunks) == _problems(by_models) == EXPECTED
    assert [p.params for p in chunked] == [p.params for p in small_chunks] == [p.params for p in by_models]
    assert isinstance(batch.section("households")["H00006"].record, tuple)  # compacted from the model


def test_member_households_lists_not_kept_in_the_batch_string_table():
    batch, problems = _batch(SMALL_ROSTER)
    assert problems == []
    # Codes a record names one at a time (a household's group) are shared; a member's list of
    # households is not (each household is named by about one member).
    assert "G1" in batch.strings and "H1" not in batch.strings


def test_numbers_bounded_by_their_model_not_looked_at_again():
    from village_gov.core.value_problems import numeric_columns

    sections = by_name()
    # A household's size is an int from 1 to 100 and a village's population one from 0 to 100,000,000:
    # nothing SQLite cannot store gets through.  An area is a float (NaN passes any bound) and a
    # population before the reform has no upper bound: both are still looked at.
    assert numeric_columns(sections["households"]) == ()
    assert numeric_columns(sections["villages"]) == ("area_km2",)
    assert numeric_columns(sections["villages_before"]) == ("reform", "population", "area_km2", "party_orgs")


def test_rows_of_compact_records_are_the_rows_of_their_models():
    from pathlib import Path

    from village_gov.core.changes import _row_function
    from village_gov.core.importer import load_documents

    examples = Path(__file__).resolve().parents[1] / "examples"
    folders = [examples / name for name in ("roster", "micros", "procedures", "consultations", "cadres")]
    _, documents, problems = load_documents(folders)
    assert problems == []
    batch, problems = validate_documents(documents)
    sections, compared = by_name(), 0
    for name, entries in batch.entries.items():
        row = _row_function(sections[name], entries)
        for entry in entries.values():
            record = entry.record
            model = sections[name].model.model_validate(record.model_dump()) if isinstance(record, tuple) else record
            assert row(record, entry.parent) == sections[name].row(model, entry.parent), (name, record)
            compared += 1
    assert compared > 600  # 455 households, 124 members, … and the micros', procedures' and others' records


def test_models_that_check_more_than_their_fields_keep_their_models():
    from pydantic import Field, model_validator

    from village_gov.core.records import Record
    from village_gov.core.sections import Section

    class Aliased(Record):
        label: str = Field(alias="name")

    class Checked(Record):
        size: int

        @model_validator(mode="after")
        def _even(self) -> Checked:
            return self

    class Method(Record):
        size: int

        def doubled(self) -> int:
            return 2 * self.size

    def section(model, columns):
        return Section(name="test_compact", table="test_compact", model=model, columns=columns)

    # A field read under another name: kept as a tuple, but validated by its model (a typed dict
    # would not read the alias the same way).
    assert compact.compact_class(section(Aliased, ("label",))) is not None
    assert compact.fast_validator(section(Aliased, ("label",))) is None
    # A validator of the model's own: compacted after the model is built, never validated as a dict.
    assert compact.compact_class(section(Checked, ("size",))) is not None
    assert compact.fast_validator(section(Checked, ("size",))) is None
    # A method a rule could call: the model is kept.
    assert compact.compact_class(section(Method, ("size",))) is None
    # A column that is no field (computed by the section): the model is kept.
    assert compact.compact_class(section(Checked, ("size", "total"))) is None


def test_numbers_looked_at_by_the_model_of_the_section_not_its_name_alone():
    from pydantic import Field

    from village_gov.core.records import Record
    from village_gov.core.sections import Section
    from village_gov.core.value_problems import numeric_columns

    class Bounded(Record):
        size: int = Field(ge=1, le=100)

    class Unbounded(Record):
        size: int

    def section(model):
        return Section(name="test_numeric", table="test_numeric", model=model, columns=("size",))

    # The same section name with another model (as a ledger of the tests may have): a size from 1 to
    # 100 cannot overflow SQLite's integers, a bare int can (2**70), so only the second is looked at.
    assert numeric_columns(section(Bounded)) == ()
    assert numeric_columns(section(Unbounded)) == ("size",)
    assert numeric_columns(section(Bounded)) == ()


def test_models_whose_dump_is_not_their_values_keep_their_models():
    from typing import Annotated

    from pydantic import Field, PlainSerializer

    from village_gov.core.records import Record
    from village_gov.core.sections import Section

    class Hidden(Record):
        size: int
        note: str = Field(default="", exclude=True)

    class Written(Record):
        size: Annotated[int, PlainSerializer(str)]

    class WrittenInList(Record):
        sizes: list[Annotated[int, PlainSerializer(str)]]

    # model_dump() of each leaves "note" out, or gives the size as the text "3": a tuple of the values
    # would answer otherwise, so these sections keep their models (and their own model_dump).
    for model, columns in ((Hidden, ("size",)), (Written, ("size",)), (WrittenInList, ("sizes",))):
        section = Section(name="test_dump", table="test_dump", model=model, columns=columns)
        assert compact.compact_class(section) is None, model
        assert compact.fast_validator(section) is None, model
    assert Hidden(code="A", size=3).model_dump() == {"code": "A", "size": 3}
    assert Written(code="A", size=3).model_dump() == {"code": "A", "size": "3"}
