"""The ledger contract: everything one ledger adds to the program, named by one object.

Each package under ``village_gov/ledgers/`` exposes ``LEDGER``, a :class:`Ledger`, and
:data:`village_gov.ledgers.LEDGERS` lists them in dependency order.  The importer, ``check``,
``report monthly``, ``export``, ``dump``, ``merge``, the schema check and the message catalog
iterate that tuple: no other list of ledgers exists.

The object names its parts by reference (``"package.module"`` or ``"package.module:attribute"``)
and loads them on first use, so importing the list of ledgers imports neither pydantic nor
yaml, and a command loads only the parts it uses.

Parts (every field but ``name`` and ``sections`` may stay empty):

* ``sections``: the input sections (``list[Section]``, with their references), in dependency order;
* ``import_rules``: modules whose ``@semantic_check`` functions are the cross-record rules an
  import must pass (run in the order they are defined);
* ``check_rules``: modules whose ``@rule`` functions are the ``check`` rules;
  ``check_options``: the typed dataclass of their thresholds (``CheckOptions.for_ledger(name)``);
* ``monthly``: the ``MonthlyFigures`` of the monthly report (shown in their ``order``);
* ``reports``: the :class:`Report` parts: each names a report's builder and, for a report that has
  a sheet in the month's ``export``, how export gathers it for the month and the sheet built from it
  (sheets in their ``sheet_order``);
* ``dump_hooks``: modules whose ``@dump_hook`` functions dump a section differently from the
  generic query;
* ``messages``: ``{key: (zh, en)}`` of the ledger's texts;
* ``migrations``: ``[(version, function)]`` creating the ledger's own tables, applied after the
  global migrations and tracked per ledger in ``ledger_versions`` (the four first ledgers keep
  their tables in the global migrations: their lists are empty).

Where an order differs between outputs, ``*_order`` fields place a part before (lower) or after
(higher) the others; ledgers with equal orders keep the order of ``LEDGERS``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

DEFAULT_ORDER = 100


def resolve(ref: str) -> Any:
    """``"package.module:attribute"`` → the attribute; ``"package.module"`` → the module."""
    module, _, attribute = ref.partition(":")
    loaded = importlib.import_module(module)
    return getattr(loaded, attribute) if attribute else loaded


def marked(module_ref: str, marker: str) -> list[Callable[..., Any]]:
    """The functions of a module carrying the attribute ``marker``, in the order they are defined
    (a marked function imported from another module is not the module's own and is left out)."""
    module = resolve(module_ref)
    return [value for value in vars(module).values()
            if callable(value) and getattr(value, marker, None) is not None
            and getattr(value, "__module__", None) == module.__name__]


@dataclass(frozen=True)
class Report:
    """One report a ledger builds and, when the month's ``export`` has a sheet of it, how that sheet is made.

    ``export`` gathers the report for the month, ``(db, ExportMonth) -> ExportPart | None``
    (:mod:`village_gov.reports.registry`; ``None``: no sheet this month).  ``sheet`` is the
    ``(report, *part.sheet_args) -> Sheet`` builder in ``village_gov.render``: only the command line
    resolves it (the library names it and never imports render).  The sheets follow the monthly
    report and the trend, in their ``sheet_order`` (ties keep the order of ``LEDGERS``), and come
    before the check findings.
    """

    key: str
    builder: str
    export: str | None = None
    sheet: str | None = None
    sheet_order: int = DEFAULT_ORDER

    def __post_init__(self) -> None:
        if (self.export is None) != (self.sheet is None):
            raise ValueError(f"report {self.key!r}: name both its export and its sheet, or neither")

    def load_export(self) -> Callable[..., Any]:
        return resolve(self._named(self.export))

    def load_sheet(self) -> Callable[..., Any]:
        return resolve(self._named(self.sheet))

    def _named(self, ref: str | None) -> str:
        if ref is None:
            raise LookupError(f"report {self.key!r} has no sheet in export")
        return ref


@dataclass(frozen=True)
class Ledger:
    """One ledger's parts; see the module docstring for each field."""

    name: str
    sections: str
    import_rules: tuple[str, ...] = ()
    import_rules_order: int = DEFAULT_ORDER
    check_rules: tuple[str, ...] = ()
    check_rules_order: int = DEFAULT_ORDER
    check_options: str | None = None
    monthly: tuple[str, ...] = ()
    reports: tuple[Report, ...] = ()
    dump_hooks: tuple[str, ...] = ()
    messages: str | None = None
    migrations: str | None = None

    def load_sections(self) -> list[Any]:
        return list(resolve(self.sections))

    def load_import_rules(self) -> list[Callable[..., Any]]:
        return [f for ref in self.import_rules for f in marked(ref, "semantic_check")]

    def load_check_rules(self) -> list[Callable[..., Any]]:
        return [f for ref in self.check_rules for f in marked(ref, "check_rule")]

    def default_check_options(self) -> Any:
        return resolve(self.check_options)() if self.check_options else None

    def load_monthly(self) -> list[Any]:
        return [resolve(ref) for ref in self.monthly]

    def report(self, key: str) -> Callable[..., Any] | None:
        return next((resolve(r.builder) for r in self.reports if r.key == key), None)

    def load_dump_hooks(self) -> dict[str, Callable[..., Any]]:
        return {f.dump_section: f for ref in self.dump_hooks  # type: ignore[attr-defined]
                for f in marked(ref, "dump_section")}

    def load_messages(self) -> dict[str, tuple[str, str]]:
        return dict(resolve(self.messages)) if self.messages else {}

    def load_migrations(self) -> list[tuple[int, Callable[..., Any]]]:
        return list(resolve(self.migrations)) if self.migrations else []


def ordered(ledgers: Iterable[Ledger], field: str) -> list[Ledger]:
    """The ledgers sorted by their ``field`` order (ties keep the order of ``ledgers``)."""
    return sorted(ledgers, key=lambda ledger: getattr(ledger, field))
