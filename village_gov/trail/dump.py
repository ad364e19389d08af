"""The whole database as YAML in the import format: one file per section, for handover.

Generic over the sections of :data:`~village_gov.ledgers.LEDGERS`: each section's
table gives its columns, its child tables give the list fields (a member's
``households`` from ``liaisons``).  The output is stable, so dumping the same
database twice gives identical files:

* records ordered by ``code``; keys in the model's field order (``code`` first);
* ``None`` values and empty optional lists left out; every other value written,
  defaults included (a later release changing a default cannot change a
  handed-over ledger);
* dates as ``YYYY-MM-DD``; list/dict columns (stored as JSON) as YAML lists/maps;
* archived records kept, marked ``archived: true``; the importer accepts the
  key on any record and stores the record archived.

A section that needs more than its table and child tables has a hook in its ledger's package
(marked with :func:`village_gov.trail.dump_sections.dump_hook`, named by the ledger's ``dump_hooks``),
returning the records (dicts) to write; the generic query is
:func:`village_gov.trail.records.generic_records`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from village_gov.core.atomic import make_private_folders
from village_gov.core.errors import InputError, os_reason
from village_gov.core.sections import Section
from village_gov.ledgers import sections
from village_gov.trail.dump_sections import dump_hooks
from village_gov.trail.records import generic_records


@dataclass
class DumpResult:
    files: list[Path] = field(default_factory=list)
    records: int = 0


def section_records(db, section: Section) -> list[dict]:
    """The section's records as import-format dicts, ordered by code."""
    hook = dump_hooks().get(section.name)
    if hook is not None:
        return hook(db, section)
    return generic_records(db, section)


def render_section(section: Section, records: list[dict]) -> str:
    """YAML text of one section file."""
    import yaml

    data = records[0] if section.shape == "mapping" else records
    return yaml.safe_dump({section.name: data}, allow_unicode=True, sort_keys=False,
                          default_flow_style=False, width=1 << 16)


def _write_private(path: Path, text: str) -> None:
    """One section file, readable by its owner only, written whole (see :mod:`village_gov.core.atomic`)."""
    from village_gov.core.atomic import write_text_atomically

    write_text_atomically(path, text, mode=0o600)


def dump_database(db, output: Path) -> DumpResult:
    """Write every section with records to ``output/<section>.yaml`` (the folder is created, mode 0700).

    A file left from an earlier dump for a section that is now empty is removed,
    so the folder always imports as exactly this database.
    """
    output = Path(output)
    if output.exists() and not output.is_dir():
        raise InputError("store.dump_not_dir", path=str(output))
    try:
        make_private_folders(output)
    except OSError as exc:
        raise InputError("file.os_error", path=str(output), reason=os_reason(exc)) from None
    result = DumpResult()
    for section in sections():
        path = output / f"{section.name}.yaml"
        if section.within or not db[section.table].exists():
            path.unlink(missing_ok=True)  # written inside its mapping section
            continue
        records = section_records(db, section)
        if section.shape == "mapping":
            _dump_mappings(output, section, records, result)
            continue
        if not records:
            path.unlink(missing_ok=True)
            continue
        _write_private(path, render_section(section, records))
        result.files.append(path)
        result.records += len(records)
    _dump_voided(db, output, result)
    return result


def _dump_voided(db, output: Path, result: DumpResult) -> None:
    """``voided.yaml``: the voided records, with their reasons, so that importing the dump keeps them voided."""
    import yaml

    from village_gov.core.voids import VOID_KEY, dumped_voids

    path = output / f"{VOID_KEY}.yaml"
    voided = dumped_voids(db.conn)
    if not voided:
        path.unlink(missing_ok=True)
        return
    _write_private(path, yaml.safe_dump({VOID_KEY: voided}, allow_unicode=True, sort_keys=False,
                                        default_flow_style=False, width=1 << 16))
    result.files.append(path)
    result.records += len(voided)


def _dump_mappings(output: Path, section: Section, records: list[dict], result: DumpResult) -> None:
    """A mapping section holds ONE record per file: ``<name>.yaml``, then ``<name>-2.yaml`` …"""
    names = [f"{section.name}.yaml" if i == 0 else f"{section.name}-{i + 1}.yaml" for i in range(len(records))]
    for stale in output.glob(f"{section.name}*.yaml"):
        if stale.name not in names and (stale.stem == section.name or stale.stem.startswith(section.name + "-")):
            stale.unlink()
    for name, record in zip(names, records):
        path = output / name
        _write_private(path, render_section(section, [record]))
        result.files.append(path)
        inner = sum(len(record.get(key, [])) for key in section.inner)
        result.records += 1 + inner

