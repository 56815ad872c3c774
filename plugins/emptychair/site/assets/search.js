// emptychair's search box: Pagefind's JavaScript API over the index shards the plugin writes
// (pagefind/shards.json, newest first). The newest shard is searched first; older shards follow
// until a screenful of results is shown, then when the reader asks. Everything from the index is
// shown as text; only Pagefind's excerpt keeps its <mark> highlights, rebuilt element by element.

const SCREENFUL = 10; // results that end a step of searching back in time
const SHARDS_PER_STEP = 4; // shards searched back at most before the reader is asked to go on
const PER_GROUP = 5; // results shown at first for each period; the rest on request
const DEBOUNCE_MS = 80; // one search per pause in typing; each must finish before the next starts
const FILTERS = ["department", "touchpoint", "kind", "sentiment", "week"];
// English endings that stemming takes off, longest first: "refunded", "refunds" and "refund" are one word.
const ROUGH_SUFFIXES = ["ational", "ization", "fulness", "iveness", "ations", "ation", "ments", "ment", "ness",
  "ings", "ing", "edly", "ies", "ied", "ed", "es", "ly", "s", "y", "e"];

const box = document.querySelector("[data-ec-search]");
if (box) setUp(box);

function setUp(box) {
  const dialog = box.querySelector("dialog");
  const trigger = box.querySelector(".ec-search__trigger");
  const form = box.querySelector("form");
  const input = box.querySelector("input[type=search]");
  const status = box.querySelector("[role=status]");
  const results = box.querySelector("[data-ec-results]");
  const earlier = box.querySelector("[data-ec-earlier]");
  const selects = Object.fromEntries(FILTERS.map((name) => [name, box.querySelector(`[data-ec-filter="${name}"]`)]));
  const indexUrl = new URL(box.dataset.index, location.href);
  const rootPath = new URL(box.dataset.root, location.href).pathname;

  let loading = null; // the manifest and Pagefind's module, loaded on first use
  const instances = new Map();
  let search = null; // the search under way: {query, filters, shards, next, found, generation}
  let generation = 0;
  let timer = 0;

  function load() {
    loading ??= Promise.all([
      fetch(new URL("shards.json", indexUrl)).then((response) => {
        if (!response.ok) throw new Error(`no search index (${response.status})`);
        return response.json();
      }),
      import(new URL("pagefind.js", indexUrl).href),
    ]).then(([manifest, pagefind]) => {
      for (const name of FILTERS) {
        for (const option of manifest.filters[name] || []) {
          const element = document.createElement("option");
          element.value = option.value;
          element.textContent = option.label;
          selects[name].append(element);
        }
      }
      return { manifest, pagefind };
    });
    return loading;
  }

  function instanceFor(pagefind, shard) {
    let instance = instances.get(shard.path);
    if (!instance) {
      instance = pagefind.createInstance({
        basePath: new URL(shard.path, indexUrl).pathname,
        baseUrl: rootPath,
        excerptLength: 24,
      });
      instances.set(shard.path, instance);
    }
    return instance;
  }

  function open() {
    if (!dialog.open) dialog.showModal();
    input.focus();
    input.select();
    // While the reader types, the newest shard gets ready: Pagefind's code, its list of stories and
    // then the part of its index for the words typed so far.
    load()
      .then(({ manifest, pagefind }) => manifest.shards[0] && instanceFor(pagefind, manifest.shards[0]).init())
      .catch(() => say("Search is not available: the site has no search index yet."));
  }

  function preload() {
    const query = input.value.trim();
    if (!query || !loading) return;
    const filters = chosenFilters();
    loading
      .then(({ manifest, pagefind }) => {
        const newest = manifest.shards.find((shard) => !filters.week || shard.weeks.includes(filters.week));
        if (newest) return instanceFor(pagefind, newest).preload(query, { filters });
      })
      .catch(() => {});
  }

  function say(text) {
    status.textContent = text;
  }

  function chosenFilters() {
    const chosen = {};
    for (const name of FILTERS) if (selects[name].value) chosen[name] = selects[name].value;
    return chosen;
  }

  async function start() {
    const query = input.value.trim();
    const filters = chosenFilters();
    const mine = ++generation;
    results.replaceChildren();
    delete results.dataset.query;
    earlier.hidden = true;
    if (!query && !Object.keys(filters).length) {
      search = null;
      say("");
      return;
    }
    say("Searching…");
    let loaded;
    try {
      loaded = await load();
    } catch {
      say("Search is not available: the site has no search index yet.");
      return;
    }
    if (mine !== generation) return;
    const shards = loaded.manifest.shards.filter((shard) => !filters.week || shard.weeks.includes(filters.week));
    search = { query, filters, shards, next: 0, found: 0, generation: mine, pagefind: loaded.pagefind };
    await goBack(search);
  }

  // Searches older shards until a screenful of results is shown or SHARDS_PER_STEP were searched.
  async function goBack(current) {
    earlier.hidden = true;
    let shown = 0;
    let searched = 0;
    while (current.next < current.shards.length && searched < SHARDS_PER_STEP && shown < SCREENFUL) {
      const shard = current.shards[current.next];
      current.next += 1;
      searched += 1;
      let response;
      try {
        response = await instanceFor(current.pagefind, shard).search(current.query || null, {
          filters: current.filters,
        });
      } catch (error) {
        if (current.generation === generation) say(`Search failed: ${error.message}`);
        return;
      }
      if (current.generation !== generation) return;
      if (response.results.length && current.query && !(await foundTheWords(current.query, response.results[0]))) {
        response = { results: [] };
      }
      if (current.generation !== generation) return;
      if (response.results.length) {
        current.found += response.results.length;
        shown += Math.min(response.results.length, PER_GROUP);
        await showGroup(current, shard, response.results);
        if (current.generation !== generation) return;
      }
    }
    report(current);
  }

  // A shard without any word that starts like a typed word makes Pagefind fall back on the longest
  // word it has that the typed word starts with: "luggage" found the size "L" of clothing reviews in
  // every week without luggage. Pagefind joins the words of a query with AND and falls back for a
  // whole shard at once, so its best result tells whether the shard found the words themselves.
  async function foundTheWords(query, best) {
    let data;
    try {
      data = await best.data();
    } catch {
      return true; // the results are shown, and fail, as they would have
    }
    const words = (data.content || "").split(/\s+/);
    const matched = (data.locations || []).map((at) => plainWord(words[at] || ""));
    return query
      .split(/\s+/)
      .map(plainWord)
      .filter(Boolean)
      .every((typed) => matched.some((word) => sameWord(word, typed)));
  }

  function report(current) {
    const all = current.shards;
    const done = all.slice(0, current.next);
    const words = current.query ? `“${current.query}”` : "these filters";
    if (!done.length) {
      say(`No results for ${words}: no stories match the filters.`);
      return;
    }
    const since = done[done.length - 1].from;
    const more = current.next < all.length;
    if (!current.found) {
      say(`No results for ${words} in stories since ${since}.`);
    } else {
      const count = current.found === 1 ? "1 story" : `${current.found.toLocaleString("en")} stories`;
      say(`${count} for ${words} since ${since}${more ? "; earlier stories not searched yet" : ""}.`);
    }
    if (more) {
      earlier.textContent = `Search earlier stories (before ${since})`;
      earlier.hidden = false;
    }
  }

  async function showGroup(current, shard, found) {
    const group = document.createElement("section");
    group.className = "ec-search__group";
    const heading = document.createElement("h3");
    heading.className = "ec-search__period";
    const count = found.length === 1 ? "1 story" : `${found.length.toLocaleString("en")} stories`;
    heading.textContent = `${shard.from} – ${shard.to}: ${count}`;
    const list = document.createElement("ol");
    list.className = "ec-search__list";
    group.append(heading, list);
    results.append(group);
    results.dataset.query = current.query; // which words the results shown are for
    await showMore(current, found, list, group, 0);
  }

  async function showMore(current, found, list, group, from) {
    const page = found.slice(from, from + (from ? SCREENFUL : PER_GROUP));
    const data = await Promise.all(page.map((result) => result.data()));
    if (current.generation !== generation) return;
    for (const item of data) {
      const entry = resultItem(item);
      if (entry) list.append(entry);
    }
    const shown = from + page.length;
    group.querySelector(".ec-search__more")?.remove();
    if (shown < found.length) {
      const more = document.createElement("button");
      more.type = "button";
      more.className = "ec-search__more";
      more.textContent = `More from these weeks (${(found.length - shown).toLocaleString("en")})`;
      more.addEventListener("click", async () => {
        const first = list.children.length;
        await showMore(current, found, list, group, shown);
        list.children[first]?.querySelector("a")?.focus();
      });
      group.append(more);
    }
  }

  function resultItem(item) {
    // Result links stay on this site: Pagefind's URL is the story page's path from the site root.
    if (typeof item.url !== "string" || !item.url.startsWith(rootPath)) return null;
    const entry = document.createElement("li");
    entry.className = "ec-search-result";
    const title = document.createElement("a");
    title.className = "ec-search-result__link";
    title.href = item.url;
    title.textContent = item.meta?.title || item.url;
    const facts = document.createElement("p");
    facts.className = "ec-search-result__meta";
    for (const [key, className] of [["kind", "ec-search-result__kind"], ["date", "ec-search-result__date"]]) {
      if (!item.meta?.[key]) continue;
      if (facts.childNodes.length) facts.append(" · ");
      const fact = document.createElement("span");
      fact.className = className;
      fact.textContent = item.meta[key];
      facts.append(fact);
    }
    const excerpt = document.createElement("p");
    excerpt.className = "ec-search-result__excerpt";
    excerpt.append(...excerptNodes(item.excerpt || ""));
    entry.append(title, facts, excerpt);
    return entry;
  }

  // Pagefind's excerpt is the story's text with its own <mark> elements around the matched words.
  // It is parsed inert (a <template> runs nothing) and rebuilt from its text and marks alone.
  function excerptNodes(html) {
    const template = document.createElement("template");
    template.innerHTML = html;
    const nodes = [];
    for (const node of template.content.childNodes) {
      if (node.nodeType === Node.ELEMENT_NODE && node.tagName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        nodes.push(mark);
      } else {
        nodes.push(document.createTextNode(node.textContent));
      }
    }
    return nodes;
  }

  function plainWord(text) {
    return text.normalize("NFD").replace(/[^\p{L}\p{N}]/gu, "").toLocaleLowerCase();
  }

  // Whether a word of a story is the typed word, a longer word it begins (the reader is still typing)
  // or a form of the same stem: Pagefind stems both; its stems are only compared here, roughly.
  function sameWord(word, typed) {
    if (word.startsWith(typed)) return true;
    const stem = roughStem(word);
    const typedStem = roughStem(typed);
    return stem.startsWith(typedStem) || (typedStem.startsWith(stem) && stem.length >= typedStem.length - 1);
  }

  function roughStem(word) {
    for (const suffix of ROUGH_SUFFIXES) {
      if (word.endsWith(suffix) && word.length - suffix.length >= 3) return word.slice(0, -suffix.length);
    }
    return word;
  }

  function resultLinks() {
    return [...results.querySelectorAll(".ec-search-result__link")];
  }

  trigger.addEventListener("click", open);
  box.querySelector("[data-ec-close]").addEventListener("click", () => dialog.close());
  dialog.addEventListener("click", (event) => {
    if (event.target === dialog) dialog.close(); // a click on the backdrop
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    resultLinks()[0]?.click();
  });
  input.addEventListener("input", () => {
    preload();
    clearTimeout(timer);
    timer = setTimeout(start, DEBOUNCE_MS);
  });
  for (const select of Object.values(selects)) select.addEventListener("change", start);
  earlier.addEventListener("click", () => {
    if (search) goBack(search);
  });
  dialog.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      // A search box would clear itself on the first Escape; Material's search closes, so does this.
      event.preventDefault();
      dialog.close();
      trigger.focus();
      return;
    }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const links = resultLinks();
    if (!links.length || event.target.tagName === "SELECT") return;
    const at = links.indexOf(document.activeElement);
    if (event.target === input && event.key === "ArrowDown") {
      links[0].focus();
    } else if (at >= 0) {
      if (event.key === "ArrowDown") links[Math.min(at + 1, links.length - 1)].focus();
      else if (at === 0) input.focus();
      else links[at - 1].focus();
    } else {
      return;
    }
    event.preventDefault();
  });
  // Material opens its search on "/", "s" and "f": so does this one, unless the reader is typing.
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || dialog.open) return;
    if (event.key !== "/" && event.key !== "s" && event.key !== "f") return;
    const target = event.target;
    if (target.closest && target.closest("input, textarea, select, [contenteditable]")) return;
    event.preventDefault();
    open();
  });
}
