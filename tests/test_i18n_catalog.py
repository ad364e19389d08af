"""The message catalog: one key style, each text once, every key used and every key used defined.

The scan of the code is static (``ast``): a key is a string literal of the form ``<owner>.<name>``
with an owner of :data:`village_gov.core.i18n.OWNERS`; a key built at run time is an f-string or a ``+``
whose leading literal is such a prefix, passed to ``t``, ``label``, an error or a ``Problem``.
"""

from __future__ import annotations

import ast
import re
import string
from collections import defaultdict
from pathlib import Path

import village_gov
import village_gov.core.i18n as i18n

PACKAGE = Path(village_gov.__file__).parent
KEY_RE = re.compile(r"^([a-z]+)\.([a-z0-9]+(?:_[a-z0-9]+)*)$")
KEY_TAKERS = {"t": 0, "label": 0, "InputError": 0, "DatabaseError": 0, "Problem": 3}

# Keys built from a whole owner and a name from the data: a family each, with the reason.  A key of
# ``label.`` or ``section.`` counts as used when its name is a literal somewhere in the package (a
# column, a field, a section); the names of ``valid.`` are pydantic's error types (and ours).
FAMILIES = {
    "label.": "column and field labels, looked up by the column's or field's name",
    "section.": "section labels (\"names an unknown village\"), looked up by the section's name",
    "valid.": "field errors, looked up by the pydantic error type",
}


def _catalog() -> dict[str, tuple[str, str]]:
    i18n._load_modules()
    return i18n.CATALOG


def _is_text_pair(node: ast.AST | None) -> bool:
    return (isinstance(node, ast.Tuple) and len(node.elts) == 2
            and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts))


def _catalog_dict_keys(tree: ast.AST) -> set[int]:
    """ids of the literal keys of the catalog's own dicts ``{key: (zh, en)}``: definitions, not uses."""
    return {id(k) for n in ast.walk(tree) if isinstance(n, ast.Dict) and n.values
            and all(_is_text_pair(v) for v in n.values) for k in n.keys if k is not None}


def _leading_literal(node: ast.AST) -> str | None:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left = node.left
        while isinstance(left, ast.BinOp):
            left = left.left
        if isinstance(left, ast.Constant) and isinstance(left.value, str):
            return left.value
    if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
        return node.values[0].value
    return None


def _scan():
    """(literal keys used, prefixes of keys built at run time, every string literal)."""
    literals: dict[str, list[str]] = defaultdict(list)
    strings: set[str] = set()
    prefixes: dict[str, list[str]] = defaultdict(list)
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        definitions = _catalog_dict_keys(tree)
        where = str(path.relative_to(PACKAGE.parent))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in definitions:
                strings.add(node.value)
                match = KEY_RE.match(node.value)
                if match and match.group(1) in i18n.OWNERS:
                    literals[node.value].append(f"{where}:{node.lineno}")
            if isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
                position = KEY_TAKERS.get(name)
                if position is None or len(node.args) <= position:
                    continue
                key = node.args[position]
                if isinstance(key, ast.Constant) and isinstance(key.value, str):
                    literals[key.value].append(f"{where}:{node.lineno}")
                for part in ast.walk(node.args[position]):
                    prefix = _leading_literal(part)
                    if prefix is not None:
                        prefixes[prefix].append(f"{where}:{node.lineno}")
    return literals, prefixes, strings


def test_every_key_is_owner_dot_snake_case_name():
    bad = [key for key in [*_catalog(), *i18n.ALIASES]
           if not KEY_RE.match(key) or KEY_RE.match(key).group(1) not in i18n.OWNERS]
    assert bad == []


def test_owners_are_a_small_fixed_set_each_in_use():
    owners = {key.split(".", 1)[0] for key in _catalog()}
    assert owners == set(i18n.OWNERS)


def test_every_key_has_chinese_and_english():
    incomplete = [key for key, pair in _catalog().items()
                  if not (isinstance(pair, tuple) and len(pair) == 2 and all(isinstance(s, str) and s.strip() for s in pair))]
    assert incomplete == []


def test_chinese_and_english_take_the_same_parameters():
    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    differ = {key: (fields(zh), fields(en)) for key, (zh, en) in _catalog().items() if fields(zh) != fields(en)}
    assert differ == {}


def test_each_distinct_text_is_defined_once():
    keys_of: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key, pair in _catalog().items():
        keys_of[pair].append(key)
    assert {pair: keys for pair, keys in keys_of.items() if len(keys) > 1} == {}


def test_aliases_point_to_a_text_and_are_not_texts_themselves():
    catalog = _catalog()
    assert [a for a, target in i18n.ALIASES.items() if target not in catalog or a in catalog] == []


def test_an_alias_shows_the_text_it_points_to():
    i18n.set_lang("en")
    try:
        assert i18n.label("section.villages") == i18n.label("label.village") == "village"
        assert i18n.t("valid.int_parsing", field="size", input="x") == "size should be a whole number, got x"
    finally:
        i18n.set_lang(None)


def test_every_key_the_code_names_is_defined():
    """Any ``<owner>.<name>`` literal, and any literal given to t(), label(), an error or a Problem."""
    known = set(_catalog()) | set(i18n.ALIASES)
    literals, _, _ = _scan()
    assert {key: where for key, where in literals.items() if key not in known} == {}


def test_every_key_built_at_run_time_has_an_owner_and_texts():
    known = set(_catalog()) | set(i18n.ALIASES)
    _, prefixes, _ = _scan()
    key_like = {p: w for p, w in prefixes.items() if re.match(r"^[a-z][a-z0-9_]*[._]", p)}
    wrong = {p: w for p, w in key_like.items()
             if p.split(".", 1)[0] not in i18n.OWNERS or "." not in p or not any(k.startswith(p) for k in known)}
    assert wrong == {}


def test_keys_built_from_a_whole_owner_are_the_named_families():
    _, prefixes, _ = _scan()
    assert {p for p in prefixes if p.endswith(".") and p[:-1] in i18n.OWNERS} == set(FAMILIES)


def test_every_key_is_used():
    literals, prefixes, strings = _scan()
    built = tuple(p for p in prefixes if "." in p and p.split(".", 1)[0] in i18n.OWNERS and p not in FAMILIES)

    def used(key: str) -> bool:
        if key in literals or key.startswith(built) or key.startswith("valid."):
            return True
        owner, name = key.split(".", 1)
        return f"{owner}." in FAMILIES and name in strings

    assert sorted(key for key in [*_catalog(), *i18n.ALIASES] if not used(key)) == []


def test_the_scan_finds_every_definition_of_the_catalog():
    found = set()
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        ids = _catalog_dict_keys(tree)
        found |= {n.value for n in ast.walk(tree) if id(n) in ids}
    assert set(_catalog()) <= found  # (other {name: (zh, en)} tables, such as report definitions, too)
