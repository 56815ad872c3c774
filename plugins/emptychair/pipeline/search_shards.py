"""What earlier builds learnt of the search index's shards, kept in the build cache: a shard is found by
what its records are made from, so an unchanged shard is copied from the shard store without the
indexing process making its records again (`site.search_index.KnownShards`). Making every story's record
to find each shard's key by its records was most of that process's work on a warm build (its stories
sent to it, 20 MB at 10,000 stories, and 10,000 records rendered), for a shard or two indexed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..site.renderer import PACKAGE_TEMPLATES
from ..site.search_index import KnownShards, Learnt, RecordTemplate, Shard
from .cache import BuildCache, code_fingerprint, key_of
from .context_digests import ContextDigests
from .fingerprints import pickled_digest, template_dirs_fingerprint


def shard_inputs(
    shards: Sequence[Shard], template: RecordTemplate, digests: ContextDigests
) -> dict[str, str]:
    """Each shard's input key: its stories (each by the digest of everything it holds) with their themes'
    labels, in order; the record template's folders, the site's addresses, directory and language, and
    the code. Not the day: what was made after a use of it is learnt for that day only."""
    context = key_of(
        "search-shard-inputs",
        code_fingerprint(),
        template_dirs_fingerprint([*template.theme_dirs, str(PACKAGE_TEMPLATES)]),
        pickled_digest((template.addresses, template.directory, template.language)),
    )
    return {
        shard.name: key_of(
            context,
            *(digests.of(item) + repr(tuple(template.themes.get(item.slug, ()))) for item in shard.stories),
        ).hex()
        for shard in shards
    }


def known_shards(cache: BuildCache, inputs: Mapping[str, str], day: str) -> KnownShards:
    """The key of the records each shard's inputs gave in an earlier build, where the cache holds it."""
    keys = {key: _entry_key(key) for key in inputs.values()}
    found = cache.get_many(list(keys.values()))
    records = {}
    for key, entry_key in keys.items():
        entry = found.get(entry_key)
        if (
            isinstance(entry, tuple)
            and len(entry) == 2
            and isinstance(entry[0], str)
            and entry[1] in (None, day)
        ):
            records[key] = entry[0]
    return KnownShards(inputs=dict(inputs), records=records)


def remember_shards(cache: BuildCache, learnt: Learnt, day: str) -> None:
    """What the indexing process learnt, for the next build: records made after a use of the day are
    that day's only."""
    for key, (records, used_day) in learnt.items():
        cache.put(_entry_key(key), (records, day if used_day else None))


def _entry_key(inputs: str) -> bytes:
    return key_of("search-shard-records", inputs)
