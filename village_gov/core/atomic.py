"""Writing an output file whole or not at all, and leaving nothing behind.

Every file written for people (a report with ``--output``, an export, the notice, the dump's YAML
files) goes through :func:`write_atomically`:

* the content is written to a temporary file beside the target, named
  ``.<name>.village-gov-tmp-<pid>``, flushed to disk, then renamed over the target: a reader sees
  the old file or the new one, never half of one;
* if writing fails (a full disk, a read-only folder, a name under a file) the temporary file is
  removed and an :class:`~village_gov.core.errors.InputError` names the target (exit 2);
* while the temporary file exists, SIGTERM and SIGHUP remove it before the program exits (exit
  128 + the signal's number); a signal the caller ignores (``nohup``) stays ignored;
* a temporary file left by a run killed outright (SIGKILL, a power cut) cannot be removed by that
  run: the next run writing into the same folder removes it and names it on stderr.  Only files
  whose process id is no longer alive are removed, so a run still writing keeps its file.

A target that exists and is not a regular file (``/dev/stdout``, a pipe) is written directly.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

TEMP_MARK = ".village-gov-tmp-"
_TEMP_NAME = re.compile(r"^\..+" + re.escape(TEMP_MARK) + r"(\d+)$")

_live: set[Path] = set()
"""Temporary files this process is writing now (removed on SIGTERM/SIGHUP)."""


class Terminated(SystemExit):
    """Raised by the signal handler: unwinds the write (removing its temporary file) and exits."""


def temp_path(target: Path, pid: int | None = None) -> Path:
    """The temporary file written before it becomes ``target``."""
    return target.with_name(f".{target.name}{TEMP_MARK}{pid or os.getpid()}")


def write_atomically(output: str | os.PathLike, write: Callable[[Path], object], *, mode: int = 0o666) -> Path:
    """``write(path)`` into a temporary file beside ``output``, then move it into place.

    ``mode`` is the new file's permission bits (before the umask); a folder created for it is
    private (0700).  Returns ``output``.  Raises :class:`InputError` naming ``output`` if it cannot
    be written; nothing is left behind then, and an older file of the same name stays as it was.
    """
    from village_gov.core.errors import InputError

    output = Path(output)
    try:
        if output.is_dir():
            raise IsADirectoryError(21, os.strerror(21), str(output))
        if output.exists() and not output.is_file():
            write(output)  # a device or a pipe (/dev/stdout): there is nothing to replace
            return output
        target = output.resolve() if output.is_symlink() else output  # replace the file, keep the link
        make_private_folders(target.parent)
    except InputError:
        raise
    except OSError as exc:
        raise _error(exc, output) from None
    sweep(target.parent)
    temp = temp_path(target)
    with _removed_on_signal():
        try:
            _live.add(temp)
            fd = os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, mode)
            os.close(fd)
            write(temp)
            _flush_to_disk(temp)
            os.replace(temp, target)
        except BaseException as exc:
            with contextlib.suppress(OSError):
                temp.unlink()
            if isinstance(exc, Terminated):
                _say("file.write_interrupted", path=str(output))
            if isinstance(exc, OSError):
                raise _error(exc, output) from None
            raise
        finally:
            _live.discard(temp)
    return output


def write_text_atomically(output: str | os.PathLike, text: str, *, mode: int = 0o666) -> Path:
    """:func:`write_atomically` of ``text`` as UTF-8 with ``\\n`` line ends."""
    data = text.encode("utf-8")
    return write_atomically(output, lambda path: path.write_bytes(data), mode=mode)


def make_private_folders(folder: Path) -> None:
    """Create ``folder`` and any missing parents, each readable by its owner only (0700)."""
    folder = Path(folder)
    if folder.is_dir():
        return
    missing = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        with contextlib.suppress(FileExistsError):
            path.mkdir(mode=0o700)


def sweep(folder: Path) -> list[Path]:
    """Remove the temporary files a killed run left in ``folder``; each is named on stderr.  Returns them."""
    removed = []
    try:
        entries = list(os.scandir(Path(folder)))
    except OSError:
        return []
    for entry in entries:
        match = _TEMP_NAME.match(entry.name)
        if match is None or _alive(int(match.group(1))):
            continue
        path = Path(entry.path)
        if path in _live:
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            path.unlink()
        except OSError:
            continue
        removed.append(path)
        _say("file.temp_swept", path=str(path))
    return removed


def remove_live() -> None:
    """Remove every temporary file this process is writing (on a terminating signal)."""
    for path in list(_live):
        with contextlib.suppress(OSError):
            path.unlink()


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError, ValueError):
        return False
    except PermissionError:
        return True  # another user's process
    except OSError:
        return False
    return True


def _flush_to_disk(path: Path) -> None:
    """Make sure the content is on disk before the rename (a full disk may only say so here)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _error(exc: OSError, output: Path) -> Exception:
    from village_gov.core.errors import InputError, os_reason

    reason = os_reason(exc)
    if isinstance(exc, IsADirectoryError) and Path(output).is_dir():
        return InputError("file.os_error", path=str(output), reason=reason)
    return InputError("export.unwritable", path=str(output), reason=reason)


def _say(key: str, **params: Any) -> None:
    from village_gov.core.i18n import t

    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write(t(key, **params) + "\n")
        sys.stderr.flush()


def _handler(signum: int, frame: Any) -> None:
    remove_live()
    raise Terminated(128 + signum)


@contextlib.contextmanager
def _removed_on_signal() -> Iterator[None]:
    """While the block runs, SIGTERM/SIGHUP remove the temporary files and end the program."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {}
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is None:
            continue
        try:
            old = signal.getsignal(number)
            if old == signal.SIG_IGN:
                continue  # the caller asked for it to be ignored (nohup): keep it so
            signal.signal(number, _handler)
            previous[number] = old
        except (ValueError, OSError):
            continue
    try:
        yield
    finally:
        for number, old in previous.items():
            with contextlib.suppress(ValueError, OSError, TypeError):
                signal.signal(number, old if old is not None else signal.SIG_DFL)
