"""The one pipeline, in stages: load -> publish -> analyse. The build runs them all; `emptychair check`
runs the stages that find problems, so it reports exactly what the build would."""

from __future__ import annotations

import gc
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import cast
from zoneinfo import ZoneInfo

from mkdocs.plugins import get_plugin_logger

from ..balance.classifier import Classification, Classifier, WordLists
from ..balance.learned import PRIOR_FILE
from ..balance.report import (
    BalanceReport,
    balance_report,
    classify_memos,
    labelled_memos,
    leadership_items,
    memo_text,
)
from ..balance.word_lists import load_word_lists
from ..digests.weekly import build_digests
from ..index.story_index import StoryIndex
from ..mail.recipients import mailing_list_problems
from ..publishing.privacy import Redactor, RedactorSources, Spellings, redactor_sources, spellings_of
from ..publishing.publish import (
    PublishedStory,
    RenderedIntro,
    RendererRecipe,
    StoryLinks,
    broken_links,
    publish_all,
)
from ..publishing.rendering import Links, StoryRenderer
from ..site.data import SiteData
from ..stories.choice_reads import ChoiceReads, fact_values
from ..stories.folder import folder_contents
from ..stories.intros import DigestIntro, intro_files, load_intros
from ..stories.loading import (
    FileRead,
    FileReader,
    Rejected,
    display_path,
    load_stories,
    read_story_file,
    story_files,
)
from ..stories.model import Directory, Story
from ..stories.problems import Problem, Severity
from ..stories.site_config import load_directory
from ..stories.weeks import IsoWeek
from ..themes.apart import ThemeProcess, discover_apart
from ..themes.found import LIBRARIES, FoundTheme
from ..themes.taxonomy import NamedTheme, load_taxonomy
from ..themes.weekly import themes_by_week, week_texts
from .cache import (
    BuildCache,
    cached_per_input,
    code_fingerprint,
    key_of,
    library_versions,
    open_cache,
    stable_repr,
)
from .facts import Facts
from .fingerprints import strict_repr
from .known_files import KnownFiles
from .settings import Settings

log = get_plugin_logger(__name__)

NAMED_IN_FILE_NAME = (
    "names a customer who has not consented, and a file name is the page's public address: rename the "
    "file (or, if they agreed to be named, set consent: true in their story)"
)


@dataclass(frozen=True, slots=True)
class Loaded:
    """Stage 1: every file read and validated."""

    directory: Directory
    words: WordLists
    """balance.yml's word lists: read with the rest of site_config, so `check` refuses what the build does."""
    stories: list[Story]
    """Valid stories, drafts left out unless the settings include them."""
    every_story: list[Story]
    """Drafts too: who has not consented is decided from every story."""
    intros: list[DigestIntro]
    rejected: list[Rejected]
    problems: list[Problem]
    files_read: int
    refused: list[Rejected] = field(default_factory=list)
    """Files under the stories folder that are neither read nor published (an .html, a link out of the
    repository), each with why; their problems are among `problems` too."""
    assets: frozenset[str] = frozenset()
    """The images below the stories folder that the site copies as they are (MkDocs' src_uri)."""
    taxonomy: tuple[NamedTheme, ...] = ()
    """The company's own theme names, from site_config/themes.yml."""
    file_keys: Mapping[str, bytes] = field(default_factory=dict)
    """Each story file's build-cache key (its bytes, path, the code and site_config), by its path as
    shown: everything the story read from it depends on. Empty without a cache."""
    files_afresh: int = 0
    """Story files the build cache did not hold (new, or changed since); 0 without a cache."""


@dataclass(frozen=True, slots=True)
class Published:
    """Stage 2: stories and intros safe to show, rendered once."""

    loaded: Loaded
    stories: list[PublishedStory]
    intros: dict[tuple[IsoWeek, str | None], RenderedIntro]
    rejected: list[Rejected]
    """Every file that could not be published, as the site may show it (customers withheld)."""
    problems: list[Problem]
    """Every problem of both stages, in file order, as the site may show them."""
    refused: list[Rejected] = field(default_factory=list)
    """The stories folder's files that are not stories and are not published, as the site may show
    them (a path naming a withheld customer masked)."""
    story_keys: dict[str, str] = field(default_factory=dict)
    """By slug, what each story published through the build cache is known by there (`SiteData`)."""


def load(
    settings: Settings, *, only: Iterable[Path] | None = None, cache: BuildCache | None = None
) -> Loaded:
    """Stage 1. With `only`, just those files are validated; slugs are still compared with every story."""
    directory = load_directory(settings.site_config_dir, root=settings.root)
    words = load_word_lists(settings.site_config_dir, root=settings.root)
    contents = folder_contents(settings.stories_dir, root=settings.root)
    every_story, every_intro = _story_and_intro_files(settings)
    taxonomy = load_taxonomy(settings.site_config_dir, root=settings.root)
    only = None if only is None else [path.absolute() for path in only]
    files = tuple(path for path in every_story if contents.readable(path))
    reader, file_keys, afresh = (
        (None, {}, 0)
        if cache is None
        else _cached_reader(settings, directory, cache, files if only is None else only)
    )
    loaded = load_stories(
        settings.stories_dir, directory, root=settings.root, only=only, files=files, reader=reader
    )
    stories = [story for story in loaded.stories if settings.include_drafts or not story.draft]
    intros = load_intros(
        settings.stories_dir,
        directory,
        root=settings.root,
        story_slugs=_slugs_to_compare(settings, stories, only),
        files=[path for path in every_intro if contents.readable(path)],
    )
    kept_intros, intro_problems, folder_problems = intros.intros, intros.problems, contents.problems
    if only is not None:
        kept_intros, intro_problems, folder_problems = _only_wanted(
            settings, only, kept_intros, intro_problems, folder_problems
        )
    return Loaded(
        directory=directory,
        words=words,
        stories=stories,
        every_story=loaded.stories,
        intros=kept_intros,
        rejected=[*loaded.rejected, *intros.rejected],
        problems=loaded.problems + intro_problems + folder_problems,
        files_read=loaded.files_read
        + len({problem.path for problem in intro_problems} | {intro.source for intro in kept_intros}),
        refused=[Rejected(problem.path, None, (problem,)) for problem in folder_problems],
        assets=contents.assets,
        taxonomy=taxonomy,
        files_afresh=afresh,
        file_keys=file_keys,
    )


def _story_and_intro_files(settings: Settings) -> tuple[Sequence[Path], Sequence[Path]]:
    """The story and intro files: those MkDocs collected when the build gave them, else the folder's."""
    every_story = (
        settings.story_files if settings.story_files is not None else story_files(settings.stories_dir)
    )
    every_intro = (
        settings.intro_files if settings.intro_files is not None else intro_files(settings.stories_dir)
    )
    return every_story, every_intro


def _slugs_to_compare(
    settings: Settings, stories: Sequence[Story], only: Sequence[Path] | None
) -> Collection[str]:
    """The slugs an intro's links are checked against: every story's, also when only some are checked."""
    if only is None:
        return {story.slug for story in stories}
    every = settings.story_files
    return {path.stem.lower() for path in every} if every is not None else _all_slugs(settings)


def _only_wanted(
    settings: Settings,
    only: Sequence[Path],
    intros: list[DigestIntro],
    intro_problems: list[Problem],
    folder_problems: list[Problem],
) -> tuple[list[DigestIntro], list[Problem], list[Problem]]:
    """The intros and problems of the files in `only` (named in messages as the user sees them)."""
    wanted = {path.absolute() for path in only}

    def is_wanted(shown: str) -> bool:
        return (settings.root / shown).absolute() in wanted

    return (
        [intro for intro in intros if is_wanted(intro.source)],
        [problem for problem in intro_problems if is_wanted(problem.path)],
        [problem for problem in folder_problems if is_wanted(problem.path)],
    )


def _cached_reader(
    settings: Settings, directory: Directory, cache: BuildCache, files: Iterable[Path]
) -> tuple[FileReader, dict[str, bytes], int]:
    """Reading a story file, from the cache when the same bytes at the same path were read before with
    the same code, and what validation read of site_config (`stories/choice_reads.py`: whether the ids
    the story names are defined...) is as it was: a new person validates again only the stories naming
    that id, a department's new description none. Every file's entry is looked up at once: a query per
    file was a second of 15,000. A file's key for the later stages (`file_keys`) holds those facts."""
    stories_dir, root = settings.stories_dir.absolute(), settings.root.absolute()
    context = code_fingerprint()
    choices = directory.choices
    facts = Facts(choices, partial(fact_values, choices))
    keys: dict[Path, bytes] = {}
    by_shown: dict[str, bytes] = {}
    known = KnownFiles(cache.held.file_keys if cache.held is not None else None, context)
    for path in files:
        relative = display_path(path, stories_dir)
        shown = display_path(path, root)
        state = known.state(path, relative, shown)
        key = known.key(state)
        if key is None:
            try:
                raw = path.read_bytes()
            except OSError:
                continue  # read_story_file says what is wrong with it
            key = key_of("story-file", context, relative, shown, raw)
            known.read(state, key)
        keys[path] = key
    if cache.held is not None:
        cache.held.file_keys = known.found()
    entries = cache.get_many(list(keys.values()))
    # An entry: what the file read, what its validation read of site_config (`Facts`).
    found = {
        key: (entry[0], entry[2])
        for key, entry in entries.items()
        if isinstance(entry, tuple)
        and len(entry) == 4
        and isinstance(entry[0], FileRead)
        and facts.hold(*entry[1:])
    }
    afresh = sum(key not in found for key in keys.values())

    def read(path: Path, shown: str, slug: str) -> FileRead:
        key = keys.get(path)
        entry = found.pop(key, None) if key is not None else None
        if key is not None and entry is not None:
            by_shown[shown] = key_of(key, entry[1])
            return entry[0]
        noting = ChoiceReads(choices)
        fresh = read_story_file(path, shown, slug, stories_dir, directory, noting)
        if key is not None:
            reads = noting.reads()
            digest = facts.of(reads)
            cache.put(key, (fresh, reads, digest, facts.whole))
            by_shown[shown] = key_of(key, digest)
        return fresh

    return read, by_shown, afresh


def publish(settings: Settings, loaded: Loaded, *, cache: BuildCache | None = None) -> Published:
    """Stage 2: redact, render and resolve links; a link that leads nowhere is a problem of its file."""
    links = StoryLinks(
        {story.src_uri: story.slug for story in loaded.stories},
        settings.stories_dir.absolute(),
        settings.addresses,
    )
    recipe = RendererRecipe(links, tuple(settings.markdown_extensions), dict(settings.markdown_configs))
    zone = ZoneInfo(settings.timezone)
    sources = redactor_sources(
        loaded.every_story,
        loaded.directory.public_handles,
        also_withheld=[rejected.customer for rejected in loaded.rejected if rejected.customer],
        phone_region=loaded.directory.phone_region,
    )
    redactor = Redactor(
        sources, spellings_of(sources) if cache is None else _cached_spellings(sources, cache)
    )
    # A file name is a page's public address: one that names a customer without consent is not
    # published, whoever's story or memo it is.
    named = [
        story
        for story in loaded.stories
        if redactor.names_withheld(story.slug, story.customer if story.consent else None)
    ]
    refused = [
        Rejected(
            story.source,
            story.title,
            (Problem(story.source, NAMED_IN_FILE_NAME, field="file name"),),
            story.customer if story.customer and not story.consent else None,
        )
        for story in named
    ]
    kept = [story for story in loaded.stories if story not in named] if named else loaded.stories
    story_keys: dict[str, str] = {}
    if cache is None:
        stories, link_problems, renderer = publish_all(kept, recipe, zone, redactor, workers=settings.workers)
    else:
        stories, link_problems, renderer = _publish_cached(
            settings, kept, recipe, redactor, cache, loaded.file_keys, story_keys
        )
    intros: dict[tuple[IsoWeek, str | None], RenderedIntro] = {}
    for intro in map(redactor.redact_intro, loaded.intros):
        body_html, broken = renderer.render(intro.src_uri, intro.body)
        link_problems += broken_links(intro.source, broken)
        intros[(intro.week, intro.department)] = RenderedIntro(intro, body_html)
    name_problems = [problem for item in refused for problem in item.problems]
    problems = sorted(
        map(redactor.redact_problem, loaded.problems + link_problems + name_problems),
        key=lambda problem: problem.path,
    )
    rejected = [redactor.redact_rejected(item) for item in [*loaded.rejected, *refused]]
    not_stories = [redactor.redact_rejected(item) for item in loaded.refused]
    return Published(loaded, stories, intros, rejected, problems, not_stories, story_keys)


def _cached_spellings(sources: RedactorSources, cache: BuildCache) -> Spellings:
    """The Redactor's spellings as the cache keeps them, by every customer (in order) and the masking of
    contacts, and emptychair's code; made again when any differs."""
    key = key_of("redactor-spellings", code_fingerprint(), strict_repr(sources))
    found = cache.get_many([key]).get(key)
    if isinstance(found, Spellings):
        return found
    spellings = spellings_of(sources)
    cache.put(key, spellings)
    return spellings


def _publish_cached(
    settings: Settings,
    originals: Sequence[Story],
    recipe: RendererRecipe,
    redactor: Redactor,
    cache: BuildCache,
    file_keys: Mapping[str, bytes],
    story_keys: dict[str, str],
) -> tuple[list[PublishedStory], list[Problem], StoryRenderer]:
    """`publish_all`, rendering only the stories whose HTML is not in the cache; `story_keys` gets what
    each published story is made from (by slug): its redacted story's key, its HTML's and the timezone.

    A story's HTML depends on its redacted body and path, the Markdown settings and code, and the other
    stories and files only through the links it resolves. Redaction runs on every story (one scan of
    the site-wide automaton): the key is what it leaves, so a customer newly withheld re-renders just
    the stories that name them. A cached story's links are resolved again and must lead where they led.
    """
    zone = ZoneInfo(settings.timezone)
    context = code_fingerprint() + stable_repr([recipe.extensions, recipe.configs])
    redacted, redacted_keys = _redacted(originals, redactor, cache, file_keys)
    keys = [key_of("story-html", context, story.src_uri, story.body) for story in redacted]
    found = cache.get_many(keys)
    results: list[PublishedStory | None] = []
    problems: dict[int, list[Problem]] = {}
    for position, (original, story, key) in enumerate(zip(originals, redacted, keys, strict=True)):
        entry = _still_valid(found.get(key), story.src_uri, recipe.links)
        if entry is None:
            results.append(None)
            continue
        body_html, excerpt_html, broken, resolved = entry
        week = IsoWeek.of_datetime(story.published, zone)
        results.append(PublishedStory(story, week, body_html, excerpt_html, resolved))
        problems[position] = [Problem(original.source, message, severity="warning") for message in broken]
    missing = [position for position, item in enumerate(results) if item is None]
    rendered, rendered_problems, renderer = publish_all(
        [originals[position] for position in missing], recipe, zone, redactor, workers=settings.workers
    )
    by_source: dict[str, list[Problem]] = {}
    for problem in rendered_problems:
        by_source.setdefault(problem.path, []).append(problem)
    for position, item in zip(missing, rendered, strict=True):
        own = problems[position] = by_source.get(originals[position].source, [])
        broken = tuple(problem.message for problem in own)
        cache.put(keys[position], (item.body_html, item.excerpt_html, broken, item.links))
        results[position] = item
    stories = [item for item in results if item is not None]
    for original, key, item in zip(originals, keys, stories, strict=True):
        made_from = redacted_keys.get(original.source)
        if made_from is not None:
            # The links too: a story whose link now leads elsewhere is rendered again under the same key.
            parts = (made_from, key, settings.timezone, stable_repr(item.links))
            story_keys[item.slug] = key_of("published-story", *parts).hex()
    return (
        stories,
        [problem for position in range(len(originals)) for problem in problems[position]],
        renderer,
    )


def _redacted(
    stories: Sequence[Story], redactor: Redactor, cache: BuildCache, file_keys: Mapping[str, bytes]
) -> tuple[list[Story], dict[str, bytes]]:
    """Every story as `redactor` redacts it, from the cache when the same file was redacted by a redactor
    built from the same customers (whose consent is site-wide: one customer newly withheld redacts every
    story again; their HTML is still reused unless what redaction left changed). Redacting every story
    was most of a command's second at 15,000. Most stories come out as they went in: their entry says
    so (None) instead of holding a copy."""
    # What the redactor is built from (what it pickles to send to the rendering processes), written in
    # the same order in every process: its pickle writes the company's handles, a set, in an order that
    # changes with each process's string hashing, and a command found no redaction a build had kept.
    built_from = key_of(strict_repr(redactor.__getstate__()))
    keys = {
        story.source: key_of("story-redacted", built_from, file_keys[story.source])
        for story in stories
        if story.source in file_keys
    }
    found = cache.get_many(list(keys.values()))
    result: list[Story] = []
    for story in stories:
        key = keys.get(story.source)
        entry = found.get(key, False) if key is not None else False
        if entry is None or isinstance(entry, Story):
            result.append(entry or story)
            continue
        done = redactor.redact(story)
        if key is not None:
            cache.put(key, None if done == story else done)
        result.append(done)
    return result, keys


_CachedHtml = tuple[str, str, tuple[str, ...], Links]
"""A story's body HTML, excerpt, the messages of its broken links, the links it resolved."""


def _still_valid(entry: object, src_uri: str, links: StoryLinks) -> _CachedHtml | None:
    """The cached HTML, if every link it resolved still leads where it led."""
    if not (isinstance(entry, tuple) and len(entry) == 4):
        return None
    if all(links(src_uri, target) == resolved for target, resolved in entry[3]):
        return cast(_CachedHtml, entry)
    return None


def analyse(
    settings: Settings,
    published: Published,
    *,
    digest_weeks: Collection[IsoWeek] | None = None,
    cache: BuildCache | None = None,
    theme_process: ThemeProcess | None = None,
) -> SiteData:
    """Stage 3: the index, the themes, each memo's focus, the balance and the weekly digests (of every week, or of
    `digest_weeks`: a command asking for one week makes only its digests)."""
    directory = published.loaded.directory
    index = StoryIndex.build(directory, published.stories)
    found = None if cache is None else discovered_themes(index, cache, theme_process)
    themes = themes_by_week(index, published.loaded.taxonomy, found)
    intros = published.intros
    memo_focus, balance_of_site = _balance(settings, index, published, cache)
    balance = settings.balance
    return SiteData(
        directory=directory,
        index=index,
        digests=build_digests(
            index,
            intros,
            ZoneInfo(settings.timezone),
            memo_focus=memo_focus,
            max_internal=balance.max_internal_per_digest,
            max_stories=settings.digest_max_stories,
            themes=themes,
            weeks=digest_weeks,
        ),
        themes=themes,
        memo_focus=memo_focus,
        balance=balance_of_site,
        rejected=published.rejected,
        refused=published.refused,
        problems=published.problems,
        assets=published.loaded.assets,
        story_keys=published.story_keys,
    )


def discovered_themes(
    index: StoryIndex, cache: BuildCache, process: ThemeProcess | None = None
) -> dict[IsoWeek, list[FoundTheme]]:
    """Each week's discovered themes, found again only for a week whose texts changed: the slugs and
    names that follow from the weeks before and the taxonomy are given afresh (`themes.weekly`)."""
    texts = {week: week_texts(stories) for week, stories in index.by_week.items()}
    context = code_fingerprint() + library_versions(LIBRARIES)
    found, reused = cached_per_input(
        cache, "week-themes", context, texts, discover_apart if process is None else process.discover
    )
    log.info("themes: %d of %d weeks found in the build cache", reused, len(texts))
    return found


def _balance(
    settings: Settings, index: StoryIndex, published: Published, cache: BuildCache | None = None
) -> tuple[dict[str, Classification], BalanceReport]:
    intros = published.intros
    labelled = labelled_memos(index)
    classifier = Classifier(published.loaded.words).taught(labelled)
    if cache is None:
        memo_focus = classify_memos(index, classifier)
    else:
        # Taught by the word lists, the labelled memos and the built-in prior (a data file, which the
        # code's fingerprint does not cover).
        taught_by = key_of(strict_repr((published.loaded.words, labelled)), PRIOR_FILE.read_bytes())
        memo_focus = _cached_focus(index, classifier, taught_by, cache)
    items = leadership_items(index, intros.values(), memo_focus, classifier, settings.addresses)
    balance = settings.balance
    report = balance_report(
        index, items, intros.values(), target=balance.target, window=balance.window, today=settings.today
    )
    return memo_focus, report


def _cached_focus(
    index: StoryIndex, classifier: Classifier, taught_by: bytes, cache: BuildCache
) -> dict[str, Classification]:
    """`classify_memos`, each memo's focus from the cache when the same text was classified by a
    classifier taught the same (`taught_by`)."""
    memos = {item.slug: item for item in index.by_kind.get("memo", [])}
    inputs = {
        slug: (memo_text(item), item.body_html, strict_repr(item.story.focus), strict_repr(item.story.quote))
        for slug, item in memos.items()
    }

    def classify(missing: Mapping[str, Sequence[str]]) -> dict[str, Classification]:
        return classify_memos(index, classifier, only=missing.keys())

    return cached_per_input(cache, "memo-focus", code_fingerprint() + taught_by.hex(), inputs, classify)[0]


BALANCE = "balance"
"""Where a balance finding is said to be: it belongs to no one file."""


def below_target(settings: Settings, report: BalanceReport) -> list[Problem]:
    """Each leader and department below the balance target, as a problem (unless `balance.enforce` is
    off): a warning, which a strict build fails on, or under `enforce: strict` an error."""
    if settings.balance.enforce == "off":
        return []
    severity: Severity = "error" if settings.balance.enforce == "strict" else "warning"
    return [Problem(BALANCE, finding.message(), severity=severity) for finding in report.findings]


def site_config_problems(settings: Settings, directory: Directory) -> list[Problem]:
    """What site_config holds that the site is built without but a later step stops on, said by the build
    and by `emptychair check` alike: every mailing-list entry that is not one e-mail address."""
    return mailing_list_problems(directory, settings.site_config_dir, root=settings.root)


def read_site(
    settings: Settings,
    *,
    digest_weeks: Collection[IsoWeek] | None = None,
    cache: BuildCache | None = None,
    theme_process: ThemeProcess | None = None,
) -> SiteData:
    """The whole pipeline: what the build and the digest and balance commands work from. With `cache`,
    that open store (the build keeps it open for its pages, and alone may drop the entries it did not
    use), else the project's own, opened and closed, never pruned. With `theme_process`, that process
    finds the themes and is left running (the plugin's, maybe started before the stories are read), else
    one started here and let go after."""
    with (
        _collector_paused(),
        nullcontext(cache) if cache is not None else _cache(settings) as store,
        nullcontext(theme_process) if theme_process is not None else ThemeProcess() as themes,
    ):
        loaded = load(settings, cache=store)
        # A new or changed story is likely to change its week's themes: their process imports what it
        # needs while the stories are published.
        if store is not None and loaded.files_afresh:
            themes.start()
        published = publish(settings, loaded, cache=store)
        return analyse(settings, published, digest_weeks=digest_weeks, cache=store, theme_process=themes)


def analysed(settings: Settings, published: Published) -> SiteData:
    """Stage 3 of what `check_files` found, with the project's build cache (a command's: never pruned)."""
    with _cache(settings) as cache:
        return analyse(settings, published, cache=cache)


def check_files(settings: Settings, *, only: Iterable[Path] | None = None) -> Published:
    """What `emptychair check` reports: the stages of the pipeline that find problems, run as the build
    runs them."""
    with _collector_paused(), _cache(settings) as cache:
        return publish(settings, load(settings, only=only, cache=cache), cache=cache)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while the site is read: reading makes tens of thousands of objects
    that all live on (stories, their HTML), and the collector walked them again and again, half a second
    of a command's three at 15,000 stories. The stages make no cycles to collect."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _cache(settings: Settings, *, prune: bool = False) -> AbstractContextManager[BuildCache | None]:
    if settings.cache_dir is None:
        return nullcontext(None)
    return open_cache(settings.cache_dir, prune=prune)


def balance_problems(settings: Settings, published: Published) -> list[Problem]:
    """The balance below target, as a strict build reports it, without the digests a build also makes."""
    if settings.balance.enforce == "off":
        return []
    index = StoryIndex.build(published.loaded.directory, published.stories)
    return below_target(settings, _balance(settings, index, published)[1])


def _all_slugs(settings: Settings) -> set[str]:
    return {path.stem.lower() for path in story_files(settings.stories_dir)}
