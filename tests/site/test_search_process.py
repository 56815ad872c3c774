"""The search index's process ends with the build that started it."""

from __future__ import annotations

import os
import time
from pathlib import Path

from ..processes import alive, assert_ended, killed_after, spawned_children

# Starts the indexing process as a build does, on a work folder whose stories never come: its file is a
# FIFO no one writes to, so the process waits in its first read until it is ended.
_INDEXING = """
import multiprocessing, sys
from pathlib import Path
from emptychair.site.search_index import index_shards

work = Path(sys.argv[1])
process = multiprocessing.get_context("spawn").Process(target=index_shards, args=(Path("pagefind"), work, work / "out"))
process.start()
print(process.pid, flush=True)
process.join()
"""


def test_a_build_killed_while_indexing_leaves_no_search_process_behind(tmp_path: Path) -> None:
    work = tmp_path / "emptychair-search-work"
    work.mkdir()
    os.mkfifo(work / "shards.pickle")
    with killed_after(_INDEXING, str(work)) as (process, output):
        indexing = int(output.readline())
        deadline = time.monotonic() + 30
        while indexing not in spawned_children(process.pid):
            assert time.monotonic() < deadline, "the indexing process was not started"
            time.sleep(0.05)
        time.sleep(1)  # waiting for its stories
        assert alive(indexing)
    assert_ended([indexing], "the search index's process")
    # And the stories it was given are not left in the temporary folder.
    assert not work.exists()
