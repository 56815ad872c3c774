"""`mkdocs serve` collects the last build's cycles once the build is over, never during the next."""

from __future__ import annotations

import gc
import weakref

from emptychair.plugin.idle_collection import IdleCollection


class _Node:
    cycle: _Node | None = None


def test_the_last_build_s_cycles_are_collected_after_it_and_what_lives_on_is_frozen_again() -> None:
    idle = IdleCollection(delay=0)
    try:
        garbage = _Node()
        garbage.cycle = garbage
        gone = weakref.ref(garbage)
        kept = _Node()
        # As a build leaves what it read: frozen, out of the collector's way while the pages are made.
        gc.freeze()
        del garbage
        gc.collect()
        assert gone() is not None
        idle.after_build()
        idle.wait()
        assert gone() is None
        assert kept.cycle is None
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_a_rebuild_that_starts_first_puts_the_collection_off_to_after_it() -> None:
    idle = IdleCollection(delay=0.2)
    try:
        garbage = _Node()
        garbage.cycle = garbage
        gone = weakref.ref(garbage)
        gc.freeze()
        del garbage
        idle.after_build()
        idle.cancel()
        idle.wait()
        assert gone() is not None
        idle.after_build()
        idle.wait()
        assert gone() is None
    finally:
        gc.unfreeze()
