// minhbach search: finds procedures the way citizens type them (without accents,
// half a word, everyday words). Progressive enhancement: every page works without it.
// The same module runs in Node for the accuracy evaluation (tests/search/).

const MARKS = /[\u0300-\u036f]/g;
const TONES = /[\u0300\u0301\u0303\u0309\u0323]/g;

/** Accent-insensitive form: strip every mark, đ → d, lowercase (mirrors text::fold). */
export function fold(s) {
  return s.normalize("NFD").replace(MARKS, "").replace(/[đĐ]/g, "d").toLowerCase();
}

/** Accented form with the tone moved to the end, so hoà and hòa are equal (mirrors search::accent_forms). */
export function canon(word) {
  const d = word.normalize("NFD").toLowerCase();
  return d.replace(TONES, "") + (d.match(TONES) || []).join("");
}

/** Query words as {w: folded token, a: canonical accented form or null} (mirrors search::tokens). */
export function words(query) {
  const out = [];
  for (const raw of query.normalize("NFC").split(/[^\p{L}\p{M}\p{N}.]+/u)) {
    const original = raw.replace(/^\.+|\.+$/g, "");
    if (!original) continue;
    const w = fold(original);
    if (w.includes(".") && !/\d/.test(w)) {
      for (const part of original.split(".").filter(Boolean)) out.push({ w: fold(part), a: accent(part) });
    } else {
      out.push({ w, a: original.includes(".") ? null : accent(original) });
    }
  }
  return out;
}

function accent(original) {
  const c = canon(original);
  return c === fold(original) ? null : c;
}

// Where a token occurs (bits of a posting) and how much that counts.
const WEIGHTS = [[1, 10], [2, 8], [4, 12], [8, 4], [16, 3], [32, 2], [64, 1]];
const REPEALED = 128;
const weight = (bits) => WEIGHTS.reduce((best, [bit, w]) => (bits & bit ? Math.max(best, w) : best), 0);

function shardFile(key) {
  return [...key].map((c) => (/[a-z0-9.]/.test(c) ? c : "_" + c.codePointAt(0).toString(16))).join("");
}

/**
 * A search over one site's index. `load(path)` returns the parsed JSON of a file
 * under the index folder; files are fetched once, and only when a query needs them.
 */
export function createSearch({ manifest, load }) {
  const cache = new Map();
  const get = (path) => {
    if (!cache.has(path)) cache.set(path, load(`${path}?v=${manifest.v}`));
    return cache.get(path);
  };
  const shards = new Set(manifest.shards);

  // doc -> {score, exact} for one query word; the last word also matches as a prefix.
  // The shard of a token: the longest shard key that begins it (shards split
  // by more characters where they grew large).
  const shardOf = (w) => {
    const chars = [...w];
    for (let n = Math.min(6, chars.length); n >= 1; n--) {
      const key = chars.slice(0, n).join("");
      if (shards.has(key)) return key;
    }
    return null;
  };

  async function match(word, prefix) {
    const found = new Map();
    const key = shardOf(word.w);
    // A short last word whose group was split: also read the longer shards it begins.
    const keys = new Set(key ? [key] : []);
    if (prefix && [...word.w].length >= 2) {
      const longer = [...shards].filter((k) => k.startsWith(word.w) && k !== key);
      // Too short to narrow down (e.g. "th"): wait for the next letter rather than download many shards.
      if (longer.length <= 3) longer.forEach((k) => keys.add(k));
    }
    if (keys.size === 0) return found;
    const loaded = await Promise.all([...keys].map((k) => get(`t/${shardFile(k)}.json`)));
    const shard = Object.assign({}, ...loaded);
    const add = (token, factor) => {
      let doc = 0;
      const list = shard[token];
      for (let i = 0; i < list.length; i += 2) {
        doc += list[i];
        const bits = list[i + 1];
        const score = weight(bits) * factor;
        const seen = found.get(doc);
        if (!seen || seen.score < score) found.set(doc, { score, repealed: (bits & REPEALED) !== 0 });
      }
    };
    if (Object.hasOwn(shard, word.w)) add(word.w, 1);
    if (prefix && [...word.w].length >= 2) {
      for (const token of Object.keys(shard)) {
        if (token !== word.w && token[0] !== "@" && token.startsWith(word.w)) add(token, 0.75);
      }
    }
    // Typed with accents: docs whose name has exactly these accents rank first.
    const forms = word.a && shard["@" + word.w];
    if (forms && forms[word.a]) {
      let doc = 0;
      for (const d of forms[word.a]) {
        doc += d;
        const seen = found.get(doc);
        if (seen) seen.score += 6;
      }
    }
    return found;
  }

  async function passesFilters(ids, filters) {
    const active = ["field", "level", "agency", "online", "free"].some((k) => filters[k]);
    if (!active) return ids;
    const attrs = await get("f.json");
    return ids.filter((id) => {
      const a = attrs[id];
      if (filters.field !== undefined && filters.field !== "" && !a.f.includes(Number(filters.field))) return false;
      if (filters.level !== undefined && filters.level !== "" && !a.l.includes(Number(filters.level))) return false;
      if (filters.agency !== undefined && filters.agency !== "" && !a.a.includes(Number(filters.agency))) return false;
      if (filters.online === "partial" && a.o < 1) return false;
      if (filters.online === "full" && a.o < 2) return false;
      if (filters.free && !a.z) return false;
      return true;
    });
  }

  async function records(ids) {
    const chunks = [...new Set(ids.map((id) => Math.floor(id / manifest.chunk)))];
    const loaded = await Promise.all(chunks.map((n) => get(`d/${n}.json`)));
    const byChunk = new Map(chunks.map((n, i) => [n, loaded[i]]));
    return ids.map((id) => ({ id, ...byChunk.get(Math.floor(id / manifest.chunk))[id % manifest.chunk] }));
  }

  /**
   * Ranked results for `query`: {results, total, partial}. `partial` is true when no
   * procedure matched every word and the best partial matches are shown instead.
   */
  async function search(query, filters = {}, limit = 20) {
    const ws = words(query);
    if (ws.length === 0) return { results: [], total: 0, partial: false };
    const matches = await Promise.all(ws.map((w, i) => match(w, i === ws.length - 1)));
    const scores = new Map();
    matches.forEach((found) => {
      for (const [doc, m] of found) {
        if (m.repealed && !filters.repealed) continue;
        const s = scores.get(doc) || { score: 0, words: 0 };
        s.score += m.score;
        s.words += 1;
        scores.set(doc, s);
      }
    });
    let ids = [...scores.keys()];
    let partial = false;
    if (!ids.some((id) => scores.get(id).words === ws.length)) {
      partial = ids.length > 0;
    } else {
      ids = ids.filter((id) => scores.get(id).words === ws.length);
    }
    ids = await passesFilters(ids, filters);
    ids.sort((a, b) => scores.get(b).words - scores.get(a).words || scores.get(b).score - scores.get(a).score || a - b);
    const top = await records(ids.slice(0, limit));
    // Among the shown results: the query as a phrase in the name, then shorter names first.
    const phrase = ws.map((w) => w.w).join(" ");
    const spaced = (s) => " " + s.replace(/[^\p{L}\p{N}.|]+/gu, " ") + " ";
    for (const r of top) {
      const name = spaced(fold(r.name));
      const keywords = r.keywords ? spaced(r.keywords) : "";
      const asPhrase = ` ${phrase}`;
      r.rank =
        scores.get(r.id).words * 1000 +
        scores.get(r.id).score +
        (name.includes(asPhrase) || keywords.includes(asPhrase) ? 15 : 0) +
        (name.startsWith(asPhrase) ? 5 : 0) -
        name.length / 100;
    }
    top.sort((a, b) => b.rank - a.rank || a.id - b.id);
    return { results: top, total: ids.length, partial };
  }

  return { search };
}

// ---- Browser: enhance the search forms ------------------------------------------------

function enhance() {
  const config = document.getElementById("search-config");
  const settings = config ? JSON.parse(config.textContent) : null;
  // Every search box submits to the search page when JavaScript runs (to the A–Z list without it).
  for (const form of document.querySelectorAll("form[data-search]")) {
    form.action = form.dataset.search;
  }
  // Print buttons exist only when a script can press them; the print stylesheet works without.
  for (const button of document.querySelectorAll("button[data-print]")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
  const page = document.getElementById("search-page");
  if (!page || !settings) return;
  page.hidden = false;
  for (const el of document.querySelectorAll("[data-no-js]")) el.hidden = true;

  const form = page.querySelector("form");
  const input = form.querySelector("input[name=q]");
  const list = page.querySelector("#search-results");
  const status = page.querySelector("#search-status");
  const notice = page.querySelector("#search-notice");
  const base = settings.index;
  let engine = null;
  const start = () => {
    if (!engine) {
      engine = createSearch({
        manifest: settings.manifest,
        load: (path) => fetch(base + path).then((r) => (r.ok ? r.json() : Promise.reject(new Error(r.status)))),
      });
    }
    return engine;
  };
  const t = settings.strings;
  const values = () => {
    const data = new FormData(form);
    return {
      q: (data.get("q") || "").toString(),
      field: (data.get("linh-vuc") || "").toString(),
      level: (data.get("cap") || "").toString(),
      agency: (data.get("co-quan") || "").toString(),
      online: (data.get("truc-tuyen") || "").toString(),
      free: data.get("mien-phi") === "1",
      repealed: data.get("bai-bo") === "1",
    };
  };
  let generation = 0;
  let shown = null; // the query string whose results are on screen
  async function run() {
    const v = values();
    const url = new URL(location.href);
    const params = [...new FormData(form)].filter(([, x]) => x !== "");
    // A box the site ticks by default (site.toml `[search] include_repealed`) and the citizen
    // unticked is kept in the address as `=0`, so a reload or a shared link searches the same.
    for (const box of form.querySelectorAll("input[type=checkbox]")) {
      if (box.defaultChecked && !box.checked) params.push([box.name, "0"]);
    }
    url.search = new URLSearchParams(params).toString();
    history.replaceState(null, "", url);
    const key = url.search;
    if (key === shown) {
      generation++; // a slower search for another query must not replace these results
      return;
    }
    const mine = ++generation;
    if (!v.q.trim()) {
      list.replaceChildren();
      status.textContent = "";
      notice.hidden = true;
      shown = key;
      return;
    }
    let found;
    try {
      found = await start().search(v.q, v, 20);
    } catch (e) {
      if (mine === generation) status.textContent = t.error;
      return;
    }
    if (mine !== generation) return;
    shown = key;
    notice.hidden = !found.partial;
    list.replaceChildren(...found.results.map(render));
    status.textContent = found.total === 0 ? t.none : t.count.replace("{n}", found.total.toLocaleString(document.documentElement.lang));
  }
  function render(r) {
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.href = r.url;
    a.textContent = r.name;
    li.append(a);
    if (r.repealed) {
      const badge = document.createElement("span");
      badge.className = "badge badge-repealed";
      badge.textContent = t.repealed;
      li.append(" ", badge);
    }
    const facts = document.createElement("span");
    facts.className = "facts";
    facts.textContent = [r.agency, r.deadline, r.fee, r.online].filter(Boolean).join(" · ");
    li.append(facts);
    return li;
  }
  let timer = 0;
  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(run, 150);
  };
  input.addEventListener("focus", start, { once: true });
  input.addEventListener("input", soon);
  // Typing is handled by "input"; the box's own "change" (fired when focus moves to a
  // result) must not re-render the list under the citizen's keyboard focus.
  form.addEventListener("change", (e) => e.target !== input && soon());
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    run();
  });
  // Arrow keys move between the box and the results; Escape goes back to the box.
  page.addEventListener("keydown", (e) => {
    const links = [...list.querySelectorAll("a")];
    const at = links.indexOf(document.activeElement);
    if (e.key === "ArrowDown" && (document.activeElement === input || at >= 0) && links.length) {
      e.preventDefault();
      links[Math.min(at + 1, links.length - 1)].focus();
    } else if (e.key === "ArrowUp" && at >= 0) {
      e.preventDefault();
      (at === 0 ? input : links[at - 1]).focus();
    } else if (e.key === "Escape" && at >= 0) {
      input.focus();
    }
  });
  const params = new URLSearchParams(location.search);
  for (const [k, v] of params) {
    const el = form.elements.namedItem(k);
    if (el && el.type === "checkbox") el.checked = v === "1";
    else if (el) el.value = v;
  }
  if (input.value) run();
}

if (typeof document !== "undefined") {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", enhance);
  else enhance();
}
