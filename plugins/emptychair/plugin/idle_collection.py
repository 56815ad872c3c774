"""Python's cycle collector in `mkdocs serve`: run while the server is idle, not during a rebuild.

A build's data is frozen (`gc.freeze`) once it is read, so that the collector does not walk it again and
again while the pages are made. A build used to give it back to the collector at its end; in `mkdocs
serve` the next rebuild's first allocations (MkDocs listing the stories) then set off a full collection
over everything the server holds: 0.55 s of a 6.2 s rebuild at 10,000 stories, freeing the last build's
240,000 objects (measured with `gc.callbacks`). Now the collection runs a moment after the build, while
the reader looks at the page, and what survives it is frozen again, so the next rebuild starts with
nothing for the collector to walk. The collector stays on during a build: paused for whole builds, the
server's peak memory at 10,000 stories grew from 446 to 685 MiB (benchmarks/run.py's serve case). A
rebuild that starts first cancels the collection: the last build's cycles wait, frozen, for the next
idle moment, and none is kept for longer.
"""

from __future__ import annotations

import gc
import threading

IDLE_DELAY_S = 1.0
"""How long after a build the collection runs: after the browser has reloaded the page."""


def collect_and_freeze() -> None:
    """Everything frozen is collected once, and what is still in use frozen again."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


class IdleCollection:
    """`after_build` schedules `collect_and_freeze` `delay` seconds later; `cancel` drops it."""

    def __init__(self, delay: float = IDLE_DELAY_S) -> None:
        self.delay = delay
        self._timer: threading.Timer | None = None

    def after_build(self) -> None:
        self.cancel()
        timer = threading.Timer(self.delay, collect_and_freeze)
        timer.daemon = True
        timer.name = "emptychair-idle-collection"
        self._timer = timer
        timer.start()

    def cancel(self) -> None:
        timer, self._timer = self._timer, None
        if timer is not None:
            timer.cancel()

    def wait(self) -> None:
        """Until the scheduled collection has run (or was cancelled)."""
        timer = self._timer
        if timer is not None:
            timer.join()
