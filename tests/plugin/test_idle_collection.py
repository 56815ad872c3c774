"""`mkdocs serve` collects the last build's cycles once the build is over, never during the next."""

from __future__ import annotations

import gc
import weakref

from emptychair.plugin.idle_collection import IdleCollection


class _Node:
    cycle: _Node | None = None


def _frozen_cycle() -> weakref.ref[_Node]:
    """A cycle no one refers to, frozen as a build leaves what it read; a weak reference to it."""
    garbage = _Node()
    garbage.cycle = garbage
    gc.freeze()
    return weakref.ref(garbage)


def test_the_last_build_s_cycles_are_collected_after_it_and_what_lives_on_is_frozen_again() -> None:
    idle = IdleCollection(delay=0)
    try:
        kept = _Node()
        gone = _frozen_cycle()
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
        gone = _frozen_cycle()
        idle.after_build()
        idle.cancel()
        idle.wait()
        assert gone() is not None
        idle.after_build()
        idle.wait()
        assert gone() is None
    finally:
        gc.unfreeze()
