"""Validated records of an import, kept small until they are written.

A pydantic model instance costs about 550 bytes besides its values (the object, its ``__dict__``, its
set of given fields); a county's million households held as models are half a gigabyte.  Once a
record of a plain section has been validated, nothing but its values is read again (the references
check, the import rules, the comparison with the database): such a record is kept as a
:func:`compact_class` instance, a named tuple of the model's fields in their order (about 100
bytes), which answers ``record.field`` and ``record.model_dump()`` as the model did.

A section is plain when its model's fields hold only plain values (text, numbers, dates, choices,
lists of them) that ``model_dump`` gives as they are (no field left out of it, no serializer), the
model adds nothing of its own that a rule could call (no property, no method, no private
attribute), and every column of the section is a field.  Other sections keep their models
(a decision's ``steps``, an organization's ``member_codes``).  A record checked for a command (one
record, :func:`~village_gov.core.validate.validate_record`) always keeps its model.
"""

from __future__ import annotations

import datetime as dt
from collections import namedtuple
from functools import cache
from types import NoneType, UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, PlainSerializer, WrapSerializer
from pydantic_core import SchemaValidator, core_schema

from village_gov.core.sections import Section

_PLAIN_TYPES = (str, int, float, bool, NoneType, dt.date, dt.datetime)
_SERIALIZERS = (PlainSerializer, WrapSerializer)  # model_dump would give what these make, not the value


@cache  # by the whole (frozen) section: a test's ledger may give another model a section's name
def compact_class(section: Section) -> type | None:
    """The named tuple that holds a valid record of ``section`` (None: the section keeps its models)."""
    model = section.model
    fields = tuple(model.model_fields)
    own = {name for klass in model.__mro__ if isinstance(klass, type) and issubclass(klass, BaseModel)
           and klass is not BaseModel for name in vars(klass) if not name.startswith("_")}
    if own - set(fields) - {"model_config"} or getattr(model, "__private_attributes__", None):
        return None
    if not set(section.columns) - ({section.within} if section.within else set()) <= set(fields):
        return None
    if not all(_plain(info.annotation) and not info.exclude and not _serialized(info.metadata)
               for info in model.model_fields.values()):
        return None  # a value model_dump would leave out or write otherwise than it is kept
    try:
        base = namedtuple(model.__name__, fields)  # type: ignore[misc]  # the model's fields, in order
    except ValueError:  # a field name a named tuple cannot have
        return None
    return type(model.__name__, (base,), {"__slots__": (), "model_dump": _model_dump,
                                          "__doc__": f"A valid {model.__name__}, compact."})


def _model_dump(self: Any) -> dict:
    """The record's values by field name, as ``BaseModel.model_dump`` gives those of a plain model."""
    return {name: list(value) if type(value) is list else value for name, value in zip(self._fields, self)}


def _plain(annotation: Any) -> bool:
    if annotation in _PLAIN_TYPES:
        return True
    origin = get_origin(annotation)
    if origin is Annotated:
        base, *metadata = get_args(annotation)
        return _plain(base) and not _serialized(metadata)
    if origin in (Union, UnionType):
        return all(_plain(a) for a in get_args(annotation))
    if origin is Literal:
        return True
    if origin in (list, tuple, set, frozenset):
        return all(_plain(a) for a in get_args(annotation) if a is not Ellipsis)
    return False


def _serialized(metadata: Any) -> bool:
    return any(isinstance(m, _SERIALIZERS) for m in metadata)


_DECORATORS = ("validators", "field_validators", "root_validators", "model_validators", "computed_fields")


@cache  # by the whole (frozen) section, as compact_class
def fast_validator(section: Section) -> SchemaValidator | None:
    """A validator of a list of the section's records that gives each valid one as a dict of its
    fields in their order, not as a model instance (about half the time); None where the section
    has no :func:`compact_class` or its model checks more than its fields (a validator of its own).

    It is the model's own validation, field by field (the same schema of each field, the same
    configuration, unknown keys refused): the same errors, with the same types, places and inputs,
    in the same order, and the same values.
    """
    model = section.model
    decorators = model.__pydantic_decorators__
    if compact_class(section) is None or any(getattr(decorators, name, None) for name in _DECORATORS):
        return None
    schema: Any = model.__pydantic_core_schema__
    if (schema.get("type") != "model" or schema.get("custom_init") or schema.get("root_model")
            or schema["schema"].get("type") != "model-fields" or schema["schema"].get("computed_fields")):
        return None  # a model built another way (definitions, a root model): validated as such
    given = schema["schema"]["fields"]
    if tuple(given) != tuple(model.model_fields) or any(set(field) - {"type", "schema", "metadata"}
                                                       for field in given.values()):
        return None  # a field with an alias, or anything else a typed dict would not read the same way
    fields = {name: core_schema.typed_dict_field(field["schema"], required=field["schema"]["type"] != "default")
              for name, field in given.items()}
    config: Any = schema.get("config") or {}
    records = core_schema.typed_dict_schema(fields, extra_behavior=config.get("extra_fields_behavior"), config=config)
    return SchemaValidator(core_schema.list_schema(records))


_FIELDS_SETS: dict[frozenset, set] = {}


class SharedValues:
    """A valid record as the batch keeps it, with what records can share shared (the records are
    frozen, so equal values can be one object):

    * the codes a record refers to, with the records referring to the same codes (a county's
      households name a few thousand groups: one string per group, not per household).  A list
      of codes (a member's liaison households) is left as it is: those codes are mostly each
      named once, and sharing them would cost a dictionary entry per code for nothing;
    * with ``compact``, the record as a :func:`compact_class` tuple where the section has one;
      else the model, its set of given fields shared with the records that gave the same fields
      (pydantic keeps one per instance, a few hundred bytes each, more than the record's values).
    """

    __slots__ = ("refs", "strings", "tuple_class", "validator")

    def __init__(self, section: Section, strings: dict[str, str], compact: bool = False) -> None:
        self.refs = tuple(ref.field for ref in section.refs if not ref.many)
        self.strings = strings
        self.tuple_class = compact_class(section) if compact else None
        self.validator = fast_validator(section) if compact else None
        """Where the section allows it (:func:`fast_validator`), what validates its records."""

    def validate(self, items: list) -> list:
        """``items`` validated by :attr:`validator`, as compact records (raises ``ValidationError``)."""
        assert self.validator is not None and self.tuple_class is not None
        records, new, kind = self.validator.validate_python(items), tuple.__new__, self.tuple_class
        strings = self.strings
        for name in self.refs:
            for values in records:
                value = values[name]
                if isinstance(value, str):
                    values[name] = strings.setdefault(value, value)
        return [new(kind, values.values()) for values in records]

    def __call__(self, record: Any) -> Any:
        if type(record) is self.tuple_class:
            return record  # validated as such (see validate)
        values, strings = record.__dict__, self.strings
        for name in self.refs:
            value = values.get(name)
            if isinstance(value, str):
                values[name] = strings.setdefault(value, value)
        if self.tuple_class is not None:
            return tuple.__new__(self.tuple_class, values.values())
        fields = record.__pydantic_fields_set__
        shared = _FIELDS_SETS.setdefault(frozenset(fields), fields)
        if shared is not fields:
            object.__setattr__(record, "__pydantic_fields_set__", shared)
        return record
