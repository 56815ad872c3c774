"""What every process the build starts through multiprocessing runs first."""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import shutil
import threading
from pathlib import Path


def end_with_parent(work: Path | None = None) -> None:
    """Ends this process when the one that started it ends, however it ends (a pool's initializer). A
    build stopped by SIGTERM or SIGKILL (a CI job's timeout, a stopped container, `mkdocs serve` ended
    from outside) never shuts its pools down: a pool's worker holds its own queue's other end, so it would
    wait for work forever, and with it any pipe it inherited, such as the build's standard error read by
    whatever started the build. `work`: a folder the parent made for this process and would have
    removed, removed on the way out."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def wait_for_parent() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
        os._exit(0)

    threading.Thread(target=wait_for_parent, name="emptychair-end-with-parent", daemon=True).start()
