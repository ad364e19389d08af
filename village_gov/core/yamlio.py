"""Reading YAML files safely, keeping the line and column of every mapping and value.

Only plain YAML is accepted: no ``!!python/...`` tags (the safe loader refuses
them), no anchors or aliases (so an alias bomb is refused at its first alias),
no duplicate keys in one mapping.  Files must be UTF-8 (a BOM is allowed); a
GBK or UTF-16 file is refused with a message saying how to convert it.  Files
larger than :func:`village_gov.core.config.max_file_bytes` (``$VILLAGE_GOV_MAX_FILE_MB``) are refused
before they are read.
"""

from __future__ import annotations

import codecs
import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from village_gov.core.errors import Problem, os_reason
from village_gov.core.import_files import YAML_SUFFIXES as YAML_SUFFIXES  # moved: no yaml needed to find files
from village_gov.core.import_files import collect_files as collect_files
from village_gov.core.yamlscan import NESTING_REPORTED, _BaseLoader, deep_nesting_mark, tab_at, too_many_events


class Mapping(dict):
    """A dict that remembers where it stood in its file.

    ``line``/``column`` are 1-based positions of the mapping itself;
    :meth:`mark_of` gives the (line, column) of the value of a key and
    :meth:`key_mark` that of the key itself.  ``marks``/``key_marks`` keep the
    parser's own (0-based) mark objects, converted only when asked for, which
    costs less time and memory than a tuple per value.
    """

    __slots__ = ("file", "line", "column", "marks", "key_marks")
    file: str
    line: int | None  # None for a mapping built in code (see procedures.ledger.as_mapping)
    column: int | None
    marks: dict
    key_marks: dict

    def mark_of(self, key: Any) -> tuple[int | None, int | None]:
        mark = self.marks.get(key)
        return _position(mark) if mark is not None else (self.line, self.column)

    def key_mark(self, key: Any) -> tuple[int | None, int | None]:
        """Where ``key`` itself stands: differs from :meth:`mark_of` when the value starts on a later line."""
        mark = getattr(self, "key_marks", {}).get(key)
        return _position(mark) if mark is not None else self.mark_of(key)


def _position(mark: Any) -> tuple[int, int]:
    """A parser mark (0-based) as 1-based (line, column); a mapping built in code may hold the tuple itself."""
    if isinstance(mark, tuple):
        return mark
    return mark.line + 1, mark.column + 1


class _Refused(yaml.MarkedYAMLError):
    """A construct we refuse (alias, duplicate key); carries a catalog key."""

    def __init__(self, msg_key: str, mark: Any, **params: Any) -> None:
        super().__init__(problem=msg_key, problem_mark=mark)
        self.msg_key = msg_key
        self.params = params


_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_NULL = "tag:yaml.org,2002:null"
_MERGE = "tag:yaml.org,2002:merge"
_ScalarNode, _SequenceNode, _MappingNode = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode


class MarkedLoader(_BaseLoader):  # the C loader when libyaml is there
    """libyaml's C parser (when present) with a constructor that records positions.

    The common shapes (mappings, lists, strings, numbers, dates, booleans,
    nulls) are built by :meth:`_build` in one pass over the node tree, without
    PyYAML's generic per-node bookkeeping; anything else (``!!set``,
    ``!!binary``, unknown tags, which the safe constructor refuses) falls back to
    PyYAML's constructor.  Aliases are refused: when the text has no ``&`` it
    can hold no anchor, hence no alias, and the check is skipped.
    """

    _seen: set | None = None
    constructed_objects: dict
    recursive_objects: dict
    state_generators: list
    max_keys: int = 1_000
    """Keys one mapping may hold (set from :func:`village_gov.core.config.max_keys` by :func:`parse_yaml`)."""

    def check_aliases(self, text: str) -> None:
        """Track visited nodes only if ``text`` could define an anchor."""
        self._seen = set() if "&" in text else None

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        """PyYAML's implicit tag resolution, without its per-call list building (no path resolvers here)."""
        if kind is _ScalarNode:
            if implicit[0]:
                for tag, regexp in _IMPLICIT.get(value[:1], _WILDCARD):
                    if regexp.match(value):
                        return tag
            return _STR
        return _MAP if kind is _MappingNode else _SEQ

    def construct_document(self, node: Any) -> Any:
        try:
            return self._build(node)
        finally:
            self.constructed_objects = {}
            self.recursive_objects = {}
            self.state_generators = []

    def _build(self, node: Any) -> Any:
        seen = self._seen
        if seen is not None:
            if id(node) in seen:
                raise _Refused("yaml.alias", node.start_mark)
            seen.add(id(node))
        cls = node.__class__
        tag = node.tag
        if cls is _ScalarNode:
            if tag == _STR:
                return node.value
            if tag == _NULL:
                return None
            builder = _SCALAR_BUILDERS.get(tag)
            if builder is not None:
                return builder(self, node)
        elif cls is _MappingNode and tag == _MAP:
            return self._build_mapping(node)
        elif cls is _SequenceNode and tag == _SEQ:
            build = self._build
            return [build(child) for child in node.value]
        return super().construct_object(node, deep=True)

    def _build_mapping(self, node: Any) -> Mapping:
        result = Mapping()
        result.file = self.name
        mark = node.start_mark
        result.line = mark.line + 1
        result.column = mark.column + 1
        result.marks = marks = {}
        result.key_marks = key_marks = {}
        build = self._build
        plain = self._seen is None  # no aliases possible: strings can be taken as they are
        max_keys = self.max_keys
        if len(node.value) > max_keys:
            raise _Refused("yaml.too_many_keys", node.value[max_keys][0].start_mark, limit=max_keys)
        for key_node, value_node in node.value:
            if plain and key_node.tag == _STR and key_node.__class__ is _ScalarNode:
                key = key_node.value
            else:
                if key_node.tag == _MERGE:
                    raise _Refused("yaml.alias", key_node.start_mark)
                key = build(key_node)
            try:
                if key in result:
                    raise _Refused("yaml.duplicate_key", key_node.start_mark, key=str(key))
            except TypeError:
                raise _Refused("yaml.bad_key", key_node.start_mark) from None
            if plain and value_node.tag == _STR and value_node.__class__ is _ScalarNode:
                result[key] = value_node.value
            else:
                result[key] = build(value_node)
            mark = marks[key] = value_node.start_mark
            if mark.line != key_node.start_mark.line:
                # A block list or mapping under its key: keep the key's own line for messages about the key.
                key_marks[key] = key_node.start_mark
        return result

    # PyYAML's generic path (used below unusual tags) still records marks and refuses aliases.
    def construct_object(self, node: Any, deep: bool = False) -> Any:
        if node in self.constructed_objects or (self._seen is not None and id(node) in self._seen):
            # The same node reached twice can only come from an alias.
            raise _Refused("yaml.alias", node.start_mark)
        return super().construct_object(node, deep=deep)

    def construct_marked_mapping(self, node: Any) -> Mapping:
        if not isinstance(node, yaml.MappingNode):  # pragma: no cover - guarded by the resolver
            raise _Refused("yaml_not_mapping", node.start_mark)
        return self._build_mapping(node)

    def refuse_binary(self, node: Any) -> Any:
        """``!!binary`` data has no place in a roster: refused where it stands."""
        raise _Refused("yaml.binary", node.start_mark)

    def construct_lenient_timestamp(self, node: Any) -> Any:
        """A date-looking scalar that is no date (``1970-13-01``) stays text, so the record's model
        reports it at its position instead of the loader failing with a bare ``ValueError``."""
        try:
            return self.construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)

    # No path resolvers are ever registered on this loader: skip the per-node bookkeeping.
    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


MarkedLoader.add_constructor("tag:yaml.org,2002:map", MarkedLoader.construct_marked_mapping)
MarkedLoader.add_constructor("tag:yaml.org,2002:timestamp", MarkedLoader.construct_lenient_timestamp)
MarkedLoader.add_constructor("tag:yaml.org,2002:binary", MarkedLoader.refuse_binary)

# Plain scalar types built directly by MarkedLoader._build; any other tag goes through PyYAML's constructor.
_SCALAR_BUILDERS = {
    "tag:yaml.org,2002:int": yaml.constructor.SafeConstructor.construct_yaml_int,
    "tag:yaml.org,2002:float": yaml.constructor.SafeConstructor.construct_yaml_float,
    "tag:yaml.org,2002:bool": yaml.constructor.SafeConstructor.construct_yaml_bool,
    "tag:yaml.org,2002:timestamp": MarkedLoader.construct_lenient_timestamp,
}
# First character of a plain scalar -> the (tag, pattern) pairs PyYAML tries, wildcard ones appended.
_WILDCARD = tuple(MarkedLoader.yaml_implicit_resolvers.get(None, ()))
_IMPLICIT = {first: tuple(resolvers) + _WILDCARD
             for first, resolvers in MarkedLoader.yaml_implicit_resolvers.items() if first is not None}


@contextmanager
def gc_paused() -> Iterator[None]:
    """Switch the cyclic garbage collector off while building many small objects.

    Loading a large roster creates millions of dicts and strings, none of them
    cyclic; the collector's repeated passes over them triple the load time.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def decode(raw: bytes, file: str) -> tuple[str | None, Problem | None]:
    """Bytes to text, or a problem naming the encoding found and how to convert it."""
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None, Problem(file, 1, 1, "file.utf16", {"file": file})
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        if _looks_utf16(raw):
            return None, Problem(file, 1, 1, "file.utf16", {"file": file})
        try:
            raw.decode("gb18030")
        except UnicodeDecodeError:
            return None, Problem(file, line, column, "file.not_utf8", {"file": file})
        return None, Problem(file, line, column, "file.gbk", {"file": file})


def _looks_utf16(raw: bytes) -> bool:
    sample = raw[:200]
    return len(sample) >= 4 and sample.count(0) >= len(sample) // 4


def read_yaml(path: str | os.PathLike, display: str | None = None) -> tuple[Any, list[Problem]]:
    """Load one YAML file.  Returns ``(data, problems)``; ``data`` is None when unreadable."""
    path = Path(path)
    file = display or str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        return None, [Problem(file, None, None, "file.unreadable", {"file": file, "reason": os_reason(exc)})]
    from village_gov.core.config import max_file_bytes

    limit = max_file_bytes()
    if size > limit:
        return None, [Problem(file, None, None, "file.too_large", {
            "file": file, "size_mb": round(size / 1048576, 1), "limit_mb": round(limit / 1048576, 1)})]
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(file, None, None, "file.unreadable", {"file": file, "reason": os_reason(exc)})]
    text, problem = decode(raw, file)
    if problem:
        return None, [problem]
    assert text is not None  # decode gives the text when it finds no problem
    return parse_yaml(text, file)


def parse_yaml(text: str, file: str) -> tuple[Any, list[Problem]]:
    """Parse YAML text with positions.  Returns ``(data, problems)``."""
    deep = deep_nesting_mark(text)
    if deep is not None:
        return None, [Problem(file, *deep, "yaml.too_deep", {"depth": NESTING_REPORTED})]
    crowded = too_many_events(text, file)
    if crowded is not None:
        return None, [crowded]
    from village_gov.core.config import max_keys

    loader = MarkedLoader(text)
    loader.name = file
    loader.max_keys = max_keys()
    loader.check_aliases(text)
    try:
        with gc_paused():
            data = loader.get_single_data()
    except _Refused as exc:
        mark = exc.problem_mark
        return None, [Problem(file, mark.line + 1, mark.column + 1, exc.msg_key, exc.params)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        detail = (exc.problem or "").strip()
        if "could not determine a constructor" in detail or (exc.problem or "").startswith("could not determine"):
            return None, [Problem(file, mark.line + 1 if mark else None, mark.column + 1 if mark else None,
                                  "yaml.tag", {"detail": detail})]
        if tab_at(text, mark):
            return None, [Problem(file, mark.line + 1, mark.column + 1, "yaml.tab",
                                  {"line": mark.line + 1, "column": mark.column + 1})]
        return None, [Problem(file, mark.line + 1 if mark else None, mark.column + 1 if mark else None,
                              "yaml.syntax", {"detail": detail})]
    except RecursionError:
        return None, [Problem(file, None, None, "yaml.too_deep", {"depth": NESTING_REPORTED})]
    except yaml.YAMLError as exc:
        position = getattr(exc, "position", None)
        line = column = None
        if isinstance(position, int):
            line = text.count("\n", 0, position) + 1
            column = position - (text.rfind("\n", 0, position) + 1) + 1
        detail = getattr(exc, "reason", None) or str(exc).strip().splitlines()[0]
        return None, [Problem(file, line, column, "yaml.syntax", {"detail": str(detail)})]
    finally:
        loader.dispose()
    return data, []
