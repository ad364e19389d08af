"""A rich progress bar for long imports (terminals only)."""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.progress import TaskID


class ImportProgress:
    """Context manager giving a ``progress(stage, done, total)`` callback."""

    def __enter__(self):
        from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn

        from village_gov.render.output import console

        self._progress = Progress(TextColumn("{task.description}", markup=False), BarColumn(), TaskProgressColumn(),
                                  console=console(stderr=True), transient=True)
        self._progress.__enter__()
        self._tasks: dict[str, TaskID] = {}
        return self.update

    def update(self, stage: str, done: int, total: int) -> None:
        if stage not in self._tasks:
            from village_gov.core.i18n import label
            from village_gov.render.safe import terminal

            # The stage in the clerk's language; shown as text (the column reads no markup), controls
            # as placeholders.
            name = label(f"cmd.progress_{stage}", stage)
            self._tasks[stage] = self._progress.add_task(terminal(name, one_line=True), total=total)
        self._progress.update(self._tasks[stage], completed=done, total=total)

    @contextmanager
    def paused(self):
        """Take the bar off the screen while the user is asked something."""
        self._progress.stop()
        try:
            yield
        finally:
            self._progress.start()

    def __exit__(self, *exc):
        return self._progress.__exit__(*exc)
