/* gk-search.js — Chinese search over the prebuilt, split index in search/.
 *
 * A query fetches search/manifest.json once, then one shard per token and one
 * small document file per result shown; never the whole index (docs/search.md).
 * Normalisation and tokens must match plugins/core/search/tokenize.py.
 * Plain JavaScript, no dependencies, no request to any other host.
 */
(function () {
  "use strict";
  if (window.gkSearch) return; // instant navigation keeps the header: bind once

  var script = document.currentScript;
  var ROOT = new URL("../../", (script && script.src) || location.href); // assets/javascripts/ → site root
  var DATA = new URL("search/", ROOT);

  /* ---- normalisation and tokens (same rules as tokenize.py) ------------------ */

  var HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{3134f}";
  var RUN = new RegExp("([" + HAN + "]+)|((?:(?![" + HAN + "])[\\p{L}\\p{N}])+)", "gu");
  var MAX_WORD = 32;
  var t2s = new Map();
  var charCache = new Map();

  function astral(ch) { return ch.codePointAt(0) > 0xffff; }

  function normChar(ch) {
    var hit = charCache.get(ch);
    if (hit !== undefined) return hit;
    var x = ch.normalize("NFKC").toLowerCase();
    if (Array.from(x).length !== 1 || astral(x) !== astral(ch)) x = ch;
    x = t2s.get(x) || x;
    charCache.set(ch, x);
    return x;
  }

  /* Same UTF-16 length as the input, so offsets map back for highlighting. */
  function normalize(text) {
    var out = "";
    for (var ch of text) out += normChar(ch);
    return out;
  }

  /* ---- what a query matches (match.py; docs/search.md "搜索的含义") ---------------- */

  var HAN_CHAR = new RegExp("^[" + HAN + "]$", "u");
  var ALNUM = new RegExp("^(?![" + HAN + "])[\\p{L}\\p{N}]$", "u");
  var BETWEEN_HAN = new RegExp("(?<=[" + HAN + "])(?:(?!\\n)[^\\p{L}\\p{N}])+(?=[" + HAN + "])", "gu");
  var SEP_END = /[^\p{L}\p{N}]$/u, LEAD = /^[^\p{L}\p{N}]+/u;
  var INDEX_NO = /^(?:(?:[0-9a-z]{9}|[0-9a-z]{18})\/[0-9]{4}(?:[0-9]{2})?-[0-9]{5}|[0-9]{4}(?:[0-9]{2})?-[0-9]{5})$/;
  var INDEX_MARK = "#", MAX_GAP = 2;
  var CLOSERS = { "〕": "〔", "]": "[", ")": "(", "】": "【", "」": "「", "』": "『", "》": "《", "〉": "〈", "”": "“", "’": "‘" };

  function matchText(folded) { return folded.replace(BETWEEN_HAN, ""); }
  function fieldText(text) { return matchText(normalize(text)); }
  function isAlnum(ch) { return ch !== undefined && ALNUM.test(ch); }

  /* A query word without punctuation at its ends (a closing bracket opened inside it stays). */
  function stripWord(word) {
    word = word.replace(LEAD, "");
    while (word && SEP_END.test(word)) {
      var last = Array.from(word).pop(), opener = CLOSERS[last];
      if (opener && word.indexOf(opener) >= 0) break;
      word = word.slice(0, word.length - last.length);
    }
    return word;
  }

  function queryWords(query) {
    var out = [];
    for (var raw of normalize(query).split(/\s+/u)) {
      var word = stripWord(matchText(raw));
      if (word && /[\p{L}\p{N}]/u.test(word) && out.indexOf(word) < 0) out.push(word);
    }
    return out;
  }

  /* The word occurs in match text and no letter or digit continues it there (match.py found). */
  function found(word, text) {
    var chars = Array.from(word), lead = isAlnum(chars[0]), trail = isAlnum(chars[chars.length - 1]);
    for (var at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
      var end = at + word.length;
      if ((!lead || at === 0 || !isAlnum(text[at - 1])) && (!trail || end === text.length || !isAlnum(text[end]))) return true;
    }
    return false;
  }

  function indexMatches(word, indexNo) {
    var folded = normalize(indexNo || "").trim();
    return !!folded && (folded === word || folded.endsWith("/" + word));
  }

  /* Units of match text: single Han characters and letter/digit runs, with where they are. */
  function units(word) {
    var out = [];
    for (var m of word.matchAll(RUN)) {
      if (m[1]) { var at = m.index; for (var ch of m[1]) { out.push([ch, at, at + ch.length]); at += ch.length; } }
      else out.push([Array.from(m[2]).slice(0, MAX_WORD).join(""), m.index, m.index + m[2].length]);
    }
    return out;
  }

  function parseWord(word) {
    if (INDEX_NO.test(word)) return { text: word, tokens: [INDEX_MARK + word], exact: true, indexNo: true };
    var parts = units(word);
    var bare = parts[0][1] === 0 && parts[parts.length - 1][2] === word.length; // no bracket kept at an end: tokens don't hold it
    if (parts.length === 1) {
      var unit = parts[0][0];
      if (HAN_CHAR.test(unit)) return { text: word, tokens: [unit], exact: bare, single: true };
      return { text: word, tokens: [unit], exact: bare && parts[0][2] - parts[0][1] <= MAX_WORD };
    }
    var pairs = [], exact = bare && parts.length === 2;
    for (var i = 0; i + 1 < parts.length; i++) {
      var a = parts[i], b = parts[i + 1], gap = word.slice(a[2], b[1]);
      if (Array.from(gap).length <= MAX_GAP) pairs.push(a[0] + gap + b[0]);
      else { exact = false; [a[0], b[0]].forEach(function (u) { if (!HAN_CHAR.test(u)) pairs.push(u); }); }
    }
    for (var p of parts) if (p[2] - p[1] > MAX_WORD) exact = false;
    return { text: word, tokens: Array.from(new Set(pairs)), exact: exact };
  }

  /* Non-overlapping pairs plus the last one (match.py cover): recall stays 100%, fewer shards. */
  function cover(length) {
    var starts = [];
    for (var i = 0; i + 1 < length; i += 2) starts.push(i);
    if (starts.length && starts[starts.length - 1] !== length - 2) starts.push(length - 2);
    return starts;
  }

  var MAX_QUERY_TOKENS = 4;
  var common = new Map(); // token → entries, for tokens in many entries (manifest.common)
  var commonFile = new Map(); // such a token → its own file, common/<i>.bin

  function rarer(a, b) { return (common.get(a) || 0) - (common.get(b) || 0); }

  /* Words and the tokens to fetch (match.py parse_query): a long word fetches a covering
   * set of its pairs, swapped for rarer ones, at most 4 in all; exact when the entries with
   * every fetched token are exactly the matches, else each is checked before it is shown. */
  function parseQuery(query) {
    var words = queryWords(query).map(parseWord);
    if (words.length && words.every(function (w) { return w.single; })) {
      var units1 = Array.from(new Set(words.map(function (w) { return w.tokens[0]; })));
      return { words: words, tokens: units1, titleOnly: true, exact: words.every(function (w) { return w.exact; }) };
    }
    var required = [], exact = true;
    for (var w of words) {
      if (w.single) { exact = false; continue; }
      if (w.tokens.length > 2) {
        var starts = cover(w.tokens.length + 1);
        var order = starts.map(function (i) { return w.tokens[i]; }).concat(w.tokens.filter(function (_, i) { return starts.indexOf(i) < 0; }));
        required = required.concat(order.sort(rarer).slice(0, starts.length));
      } else required = required.concat(w.tokens);
      exact = exact && w.exact;
    }
    var tokens = Array.from(new Set(required));
    if (tokens.length > MAX_QUERY_TOKENS) {
      var keep = new Set(tokens.slice().sort(rarer).slice(0, MAX_QUERY_TOKENS));
      tokens = tokens.filter(function (t) { return keep.has(t); });
      exact = false;
    }
    return { words: words, tokens: tokens, titleOnly: false, exact: exact };
  }

  /* The check before an entry is shown (match.py matches): every word is in it. */
  function matchesDoc(parsed, doc) {
    if (!parsed.words.length) return false;
    var text = fieldText(parsed.titleOnly ? doc.h : doc.h + "\n" + doc.x);
    return parsed.words.every(function (w) { return w.indexNo ? indexMatches(w.text, doc.i) : found(w.text, text); });
  }

  function subjectKinds(parsed) {
    var kinds = [];
    for (var row of (manifest && manifest.subjects) || []) {
      if (parsed.words.some(function (w) { return !w.indexNo && w.text.indexOf(row[0]) >= 0; })) {
        for (var k of row[1]) if (kinds.indexOf(k) < 0) kinds.push(k);
      }
    }
    return kinds;
  }

  /* FNV-1a over code points + murmur3 finaliser (index.py token_hash). */
  function tokenHash(token) {
    var h = 0x811c9dc5;
    for (var ch of token) h = Math.imul(h ^ ch.codePointAt(0), 0x01000193) >>> 0;
    h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b) >>> 0;
    h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35) >>> 0;
    return (h ^ (h >>> 16)) >>> 0;
  }

  /* ---- fetching --------------------------------------------------------------- */

  var manifest = null;
  var manifestPromise = null;
  var files = new Map();
  var stats = { bytes: 0, requests: 0 };

  function loadManifest() {
    if (!manifestPromise) {
      manifestPromise = fetch(new URL("manifest.json", DATA), { cache: "no-cache" })
        .then(function (res) {
          if (!res.ok) throw new Error("manifest " + res.status);
          return res.json();
        })
        .then(function (data) {
          var pairs = Array.from(data.t2s);
          for (var i = 0; i + 1 < pairs.length; i += 2) t2s.set(pairs[i], pairs[i + 1]);
          charCache.clear();
          common = new Map(data.common || []);
          commonFile = new Map((data.common || []).map(function (row, i) { return [row[0], i]; }));
          manifest = data;
          return data;
        })
        .catch(function (error) { manifestPromise = null; throw error; });
    }
    return manifestPromise;
  }

  function fetchFile(path) {
    if (!files.has(path)) {
      var promise = fetch(new URL(path + "?v=" + manifest.build, DATA))
        .then(function (res) {
          if (!res.ok) throw new Error(path + " " + res.status);
          return res.arrayBuffer();
        })
        .then(function (buffer) {
          var bytes = new Uint8Array(buffer);
          stats.bytes += bytes.length;
          stats.requests += 1;
          return bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzip(bytes) : bytes;
        });
      promise.catch(function () { files.delete(path); });
      files.set(path, promise);
    }
    return files.get(path);
  }

  var inflateReady = null;
  function loadInflate() {
    if (!inflateReady) {
      inflateReady = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = new URL("assets/javascripts/gk-inflate.js", ROOT).href;
        tag.onload = resolve;
        tag.onerror = reject;
        document.head.appendChild(tag);
      });
    }
    return inflateReady;
  }

  function gunzip(bytes) {
    if (typeof DecompressionStream === "function") {
      var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
      return new Response(stream).arrayBuffer().then(function (b) { return new Uint8Array(b); });
    }
    return loadInflate().then(function () {
      var flags = bytes[3], pos = 10, n = bytes.length;
      if (flags & 4) pos += 2 + (bytes[pos] | (bytes[pos + 1] << 8));
      if (flags & 8) while (bytes[pos++]) { /* file name */ }
      if (flags & 16) while (bytes[pos++]) { /* comment */ }
      if (flags & 2) pos += 2;
      var size = (bytes[n - 4] | (bytes[n - 3] << 8) | (bytes[n - 2] << 16) | (bytes[n - 1] << 24)) >>> 0;
      var out = new Uint8Array(size);
      window.gkInflate(bytes.subarray(pos, n - 8), out);
      return out;
    });
  }

  var decoder = new TextDecoder();

  function readVarint(bytes, state) {
    var value = 0, shift = 0, b;
    do {
      b = bytes[state.pos++];
      value += (b & 0x7f) * Math.pow(2, shift);
      shift += 7;
    } while (b & 0x80);
    return value;
  }

  /* A shard: token directory (token, df, size), then the posting lists. */
  var shards = new Map();
  function loadShard(path) {
    if (!shards.has(path)) {
      shards.set(path, fetchFile(path).then(function (bytes) {
        var state = { pos: 0 }, count = readVarint(bytes, state), heads = [], map = new Map();
        for (var i = 0; i < count; i++) {
          var len = readVarint(bytes, state);
          var token = decoder.decode(bytes.subarray(state.pos, state.pos + len));
          state.pos += len;
          heads.push([token, readVarint(bytes, state), readVarint(bytes, state)]);
        }
        for (var h of heads) {
          map.set(h[0], { df: h[1], data: bytes.subarray(state.pos, state.pos + h[2]) });
          state.pos += h[2];
        }
        return map;
      }));
      shards.get(path).catch(function () { shards.delete(path); });
    }
    return shards.get(path);
  }

  function shardPath(token) {
    if (commonFile.has(token)) return "common/" + commonFile.get(token) + ".bin";
    var number = tokenHash(token) & ((1 << manifest.shardBits) - 1);
    return "shards/" + number.toString(16).padStart(manifest.shardWidth, "0") + ".bin";
  }

  /* Postings of one token: document numbers, and 1 where the token is in the title field (weight bit 4). */
  function decodePostings(entry) {
    var ids = new Int32Array(entry.df), score = new Uint16Array(entry.df), data = entry.data;
    var doc = -1, value = 0, shift = 0, k = 0;
    for (var i = 0; i < data.length; i++) {
      var b = data[i];
      value |= (b & 0x7f) << shift;
      if (b & 0x80) { shift += 7; continue; }
      doc += (value >>> 3) + 1;
      ids[k] = doc;
      score[k++] = (value & 4) ? 1 : 0;
      value = 0; shift = 0;
    }
    return { ids: ids, score: score };
  }

  function intersect(a, b) {
    var n = Math.min(a.ids.length, b.ids.length);
    var ids = new Int32Array(n), score = new Uint16Array(n), i = 0, j = 0, k = 0;
    while (i < a.ids.length && j < b.ids.length) {
      var x = a.ids[i], y = b.ids[j];
      if (x === y) { ids[k] = x; score[k++] = a.score[i++] & b.score[j++]; } // a title hit: every token in the title
      else if (x < y) i++;
      else j++;
    }
    return { ids: ids.subarray(0, k), score: score.subarray(0, k) };
  }

  var facetMasks = new Map();
  function loadFacet(facet, index) {
    var key = facet + "-" + index;
    if (!facetMasks.has(key)) {
      facetMasks.set(key, fetchFile("facets/" + key + ".bin").then(function (bytes) {
        var state = { pos: 0 }, count = readVarint(bytes, state), mask = new Uint8Array(manifest.docs), doc = -1;
        for (var i = 0; i < count; i++) { doc += readVarint(bytes, state) + 1; mask[doc] = 1; }
        return mask;
      }));
      facetMasks.get(key).catch(function () { facetMasks.delete(key); });
    }
    return facetMasks.get(key);
  }

  /* Document numbers by score, highest first (2: a kind whose subject the query names, 1: a title hit),
   * then newest: documents are numbered oldest first (index.py), so ties go highest number first. */
  function rank(hits) {
    var max = 0, n = hits.ids.length, i;
    for (i = 0; i < n; i++) if (hits.score[i] > max) max = hits.score[i];
    var starts = new Int32Array(max + 2);
    for (i = 0; i < n; i++) starts[max - hits.score[i] + 1]++;
    for (i = 1; i < starts.length; i++) starts[i] += starts[i - 1];
    var order = new Int32Array(n);
    for (i = n - 1; i >= 0; i--) order[starts[max - hits.score[i]]++] = hits.ids[i];
    return order;
  }

  async function search(query, filters) {
    filters = filters || {};
    var t0 = performance.now();
    await loadManifest();
    var parsed = parseQuery(query);
    var wanted = parsed.tokens.map(function (token) {
      return loadShard(shardPath(token)).then(function (map) { return map.get(token) || { df: 0, data: new Uint8Array(0) }; });
    });
    var masks = [];
    if (filters.kind !== undefined && filters.kind !== "") masks.push(loadFacet("kind", filters.kind));
    if (filters.organ !== undefined && filters.organ !== "") masks.push(loadFacet("organ", filters.organ));
    var subjects = parsed.tokens.length ? subjectKinds(parsed) : [];
    var boosts = Promise.all(subjects.map(function (k) { return loadFacet("kind", k); }));
    var lists = await Promise.all(wanted);
    masks = await Promise.all(masks);
    boosts = await boosts;
    var t1 = performance.now();
    var hits;
    if (lists.length) {
      lists.sort(function (a, b) { return a.df - b.df; });
      hits = decodePostings(lists[0]);
      for (var i = 1; i < lists.length && hits.ids.length; i++) hits = intersect(hits, decodePostings(lists[i]));
    } else if (masks.length || filters.year) {
      hits = { ids: new Int32Array(manifest.docs).map(function (_, i) { return i; }), score: new Uint16Array(manifest.docs) };
    } else {
      hits = { ids: new Int32Array(0), score: new Uint16Array(0) };
    }
    var range = null;
    if (filters.year) {
      range = manifest.years.find(function (y) { return String(y[0]) === String(filters.year); }) || [0, 0, -1];
    }
    if (masks.length || range) {
      var keep = 0;
      for (var j = 0; j < hits.ids.length; j++) {
        var doc = hits.ids[j];
        if (range && (doc < range[1] || doc > range[2])) continue;
        if (masks.some(function (m) { return !m[doc]; })) continue;
        hits.ids[keep] = doc;
        hits.score[keep++] = hits.score[j];
      }
      hits = { ids: hits.ids.subarray(0, keep), score: hits.score.subarray(0, keep) };
    }
    if (boosts.length) {
      for (var b = 0; b < hits.ids.length; b++) {
        if (boosts.some(function (m) { return m[hits.ids[b]]; })) hits.score[b] += 2;
      }
    }
    var order = rank(hits);
    var t2 = performance.now();
    return { query: query, parsed: parsed, order: order, timing: { fetch: t1 - t0, rank: t2 - t1 } };
  }

  function loadDoc(number) {
    return fetchFile("docs/" + Math.floor(number / manifest.docsPerDir) + "/" + number + ".bin")
      .then(function (bytes) { return JSON.parse(decoder.decode(bytes)); });
  }

  /* ---- checking candidates (match.py matches) ------------------------------------- */

  var CONFIRM_BYTES = 100 * 1024;
  /* After the first results are shown, candidates are checked on in the background until the count
   * is exact, while the query's downloads stay under this (docs/search.md: first query ≤ 150 KB). */

  /* The results of a search, found by checking its candidates in rank order, as far as needed.
   * An exact query's candidates are its results (each is still checked when shown). */
  function Checked(result) {
    this.result = result;
    this.exact = result.parsed.exact || !result.parsed.words.length;
    this.found = this.exact ? Array.from(result.order) : [];
    this.scanned = this.exact ? result.order.length : 0;
    this.docs = new Map();
  }
  Checked.prototype.done = function () { return this.scanned >= this.result.order.length; };
  /* The number of results when it is known (共 N), else null (约 the candidates). */
  Checked.prototype.count = function () { return this.done() ? this.found.length : null; };
  /* Check candidates until ``need`` results are found, at most ``limit`` candidates, while ``go()``;
   * one fill at a time (the background check and 显示更多 take turns), so results stay in rank order. */
  Checked.prototype.fill = function (need, limit, go) {
    var self = this;
    this.turn = (this.turn || Promise.resolve()).catch(function () {}).then(function () { return self.fillNow(need, limit, go); });
    return this.turn;
  };
  Checked.prototype.fillNow = async function (need, limit, go) {
    var r = this.result, self = this;
    while (this.found.length < need && limit > 0 && !this.done() && (!go || go())) {
      var batch = Array.from(r.order.subarray(this.scanned, this.scanned + Math.min(limit, go ? 5 : 20, Math.max(need - this.found.length, 10))));
      this.scanned += batch.length;
      limit -= batch.length;
      var docs = await Promise.all(batch.map(loadDoc));
      batch.forEach(function (n, i) { if (contains(docs[i], r.parsed)) { self.found.push(n); self.docs.set(n, docs[i]); } });
    }
  };
  Checked.prototype.doc = function (n) { return this.docs.has(n) ? Promise.resolve(this.docs.get(n)) : loadDoc(n); };

  /* ---- highlighting ----------------------------------------------------------- */

  function escapeHtml(text) {
    return text.replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
  }

  /* What to mark: each query word; one written with punctuation inside (“三公”经费) by its pairs. */
  function needlesFor(parsed, normText) {
    var needles = [];
    for (var w of parsed.words) {
      if (w.indexNo) continue;
      if (normText.indexOf(w.text) >= 0) { needles.push(w.text); continue; }
      var parts = units(w.text);
      if (parts.length === 1) needles.push(parts[0][0]);
      for (var i = 0; i + 1 < parts.length; i++) needles.push(w.text.slice(parts[i][1], parts[i + 1][2]));
    }
    return needles.filter(function (n) { return n.length; });
  }

  function marks(normText, needles, from, to) {
    var spans = [];
    for (var needle of needles) {
      var at = normText.indexOf(needle, from);
      while (at >= 0 && at < to) {
        spans.push([at, Math.min(at + needle.length, to)]);
        at = normText.indexOf(needle, at + needle.length);
      }
    }
    spans.sort(function (a, b) { return a[0] - b[0]; });
    var merged = [];
    for (var s of spans) {
      var last = merged[merged.length - 1];
      if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
      else merged.push([s[0], s[1]]);
    }
    return merged;
  }

  function highlighted(text, normText, needles, from, to) {
    var html = "", pos = from;
    for (var span of marks(normText, needles, from, to)) {
      html += escapeHtml(text.slice(pos, span[0])) + "<mark>" + escapeHtml(text.slice(span[0], span[1])) + "</mark>";
      pos = span[1];
    }
    return html + escapeHtml(text.slice(pos, to));
  }

  function isLowSurrogate(text, i) {
    var c = text.charCodeAt(i);
    return c >= 0xdc00 && c <= 0xdfff;
  }

  function excerpt(text, parsed) {
    var norm = normalize(text), needles = needlesFor(parsed, norm), first = -1;
    for (var needle of needles) {
      var at = norm.indexOf(needle);
      if (at >= 0 && (first < 0 || at < first)) first = at;
    }
    var start = first < 0 ? 0 : Math.max(0, first - 30);
    var end = Math.min(text.length, start + 120);
    if (isLowSurrogate(text, start)) start++;
    if (isLowSurrogate(text, end)) end++;
    return (start > 0 ? "…" : "") + highlighted(text, norm, needles, start, end) + (end < text.length ? "…" : "");
  }

  function contains(doc, parsed) { return !parsed.words.length || matchesDoc(parsed, doc); } // no words: a filter's listing

  /* ---- the search box --------------------------------------------------------- */

  function mount(box) {
    if (!box || box.dataset.gkReady) return;
    box.dataset.gkReady = "1";
    var toggle = document.getElementById("__search");
    var form = box.querySelector("form");
    var input = box.querySelector("input[name=q]");
    var list = box.querySelector("[role=listbox]");
    var status = box.querySelector("[role=status]");
    var more = box.querySelector(".gk-search-more");
    var all = box.querySelector(".gk-search-all");
    var selects = { kind: box.querySelector("select[name=kind]"), organ: box.querySelector("select[name=organ]"), year: box.querySelector("select[name=year]") };
    var perPage = parseInt(box.dataset.perPage, 10) || 10;
    var initialHint = status.textContent;
    var current = null; // {result, checked (Checked), shown}
    var sequence = 0;
    var timer = 0;
    var active = -1;

    box.hidden = false;
    var opener = document.querySelector(".gk-search-open");
    if (opener) opener.hidden = false;

    function open() { if (toggle && !toggle.checked) { toggle.checked = true; toggle.dispatchEvent(new Event("change")); } }
    function close() {
      if (toggle && toggle.checked) { toggle.checked = false; toggle.dispatchEvent(new Event("change")); }
      input.blur();
    }

    function fillFilters(data) {
      if (selects.kind.options.length > 1) return;
      data.kinds.forEach(function (k, i) { selects.kind.add(new Option(k[1] + "（" + k[2] + "）", String(i))); });
      data.organs.forEach(function (o, i) { selects.organ.add(new Option(o[1] + "（" + o[2] + "）", String(i))); });
      data.years.forEach(function (y) { selects.year.add(new Option(y[0] + " 年（" + (y[2] - y[1] + 1) + "）", String(y[0]))); });
    }

    function prepare() {
      return loadManifest().then(fillFilters, function () {
        status.textContent = "搜索索引加载失败，请稍后重试，或通过“信息公开目录”浏览。";
      });
    }

    function filters() {
      return { kind: selects.kind.value, organ: selects.organ.value, year: selects.year.value };
    }

    function setActive(index) {
      var options = list.querySelectorAll("[role=option]");
      if (!options.length) { active = -1; input.removeAttribute("aria-activedescendant"); return; }
      active = Math.max(0, Math.min(index, options.length - 1));
      options.forEach(function (o, i) { o.setAttribute("aria-selected", i === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", options[active].id);
      options[active].scrollIntoView({ block: "nearest" });
    }

    function clearResults(message) {
      current = null;
      active = -1;
      list.textContent = "";
      more.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      status.textContent = message;
    }

    function filterNote() {
      var parts = [];
      for (var name in selects) if (selects[name].value) parts.push(selects[name].selectedOptions[0].text.replace(/（\d+）$/, ""));
      return parts.length ? "（筛选：" + parts.join("、") + "）" : "";
    }

    /* 共 N only when N is the number of matches: the query's tokens find exactly its matches,
     * or every candidate has been checked; otherwise the candidates are an estimate (约 N). */
    function summary() {
      var r = current.result, known = current.checked.count(), query = input.value.trim();
      var n = known === null ? r.order.length : known;
      if (!n) return (query ? "没有找到与“" + query + "”相关的信息" : "没有符合条件的信息") + filterNote() + "。";
      var text = (known === null ? "约 " : "共 ") + n.toLocaleString("zh-CN") + " 条结果" + filterNote();
      if (r.parsed.titleOnly) text += "。单字只搜索标题，输入两个字以上可搜索全文";
      return text + "。";
    }

    function renderDoc(number, doc, parsed) {
      var li = document.createElement("li");
      var id = "gk-hit-" + number;
      // The link itself is the option: an option may not contain a link (axe nested-interactive),
      // and a real <a> keeps Material's instant navigation and "open in new tab".
      li.className = "md-search-result__item gk-hit";
      li.setAttribute("role", "none");
      var normTitle = normalize(doc.t);
      var meta = [["索引号", doc.i], ["发布日期", doc.d], ["发布机构", doc.o], ["类别", doc.k]];
      if (doc.n) meta.splice(1, 0, ["文号", doc.n]);
      li.innerHTML =
        '<a class="md-search-result__link" tabindex="-1" role="option" aria-selected="false" id="' + id + '" href="' + escapeHtml(new URL(doc.u, ROOT).href) + '">' +
        '<article class="md-search-result__article md-typeset">' +
        '<div class="gk-hit__title" id="' + id + '-t">' + highlighted(doc.t, normTitle, needlesFor(parsed, normTitle), 0, doc.t.length) + "</div>" +
        '<p class="gk-hit__meta" id="' + id + '-m">' + meta.filter(function (m) { return m[1]; }).map(function (m) {
          return '<span><span class="gk-hit__label">' + m[0] + "：</span>" + escapeHtml(m[1]) + "</span>";
        }).join("") + "</p>" +
        (doc.x ? '<p class="gk-hit__excerpt">' + excerpt(doc.x, parsed) + "</p>" : "") +
        "</article></a>";
      return li;
    }

    /* Show the next page of results; long words are checked whole before showing. */
    async function showMore(seq) {
      var state = current, checked = state.checked, r = state.result, need = state.shown + perPage;
      var t0 = performance.now(), fetchMs = 0;
      list.setAttribute("aria-busy", "true");
      var f0 = performance.now();
      await checked.fill(need, perPage * 3);
      var numbers = checked.found.slice(state.shown, need);
      var docs = await Promise.all(numbers.map(function (n) { return checked.doc(n); }));
      fetchMs += performance.now() - f0;
      if (seq !== sequence) return;
      var fragment = document.createDocumentFragment();
      numbers.forEach(function (number, i) {
        if (!contains(docs[i], r.parsed)) return;
        fragment.appendChild(renderDoc(number, docs[i], r.parsed));
        state.shown++;
      });
      list.appendChild(fragment);
      list.removeAttribute("aria-busy");
      input.setAttribute("aria-expanded", list.children.length ? "true" : "false");
      update();
      return { docsFetch: fetchMs, render: performance.now() - t0 - fetchMs };
    }

    function update() {
      var state = current, checked = state.checked, r = state.result;
      var left = state.shown < checked.found.length || !checked.done();
      more.hidden = !left;
      more.textContent = state.shown ? "显示更多结果" : "继续查找";
      var note = "";
      if (left && !state.shown) note = "已核对前 " + checked.scanned + " 条，都不含完整的“" + input.value.trim() + "”。";
      status.textContent = summary() + note;
    }

    /* Check on in the background so the count becomes exact, within the query's download budget. */
    async function confirm(seq, bytesBefore) {
      var checked = current.checked;
      if (checked.done()) return;
      window.gkSearch.checking = seq;
      try {
        await checked.fill(Infinity, Infinity, function () { return seq === sequence && stats.bytes - bytesBefore < CONFIRM_BYTES; });
      } catch (error) { /* the count stays 约; 显示更多 tries again */ }
      if (window.gkSearch.checking === seq) window.gkSearch.checking = false;
      if (seq === sequence) update();
    }

    async function run() {
      clearTimeout(timer);
      var seq = ++sequence, query = input.value, f = filters();
      if (!query.trim() && !f.kind && !f.organ && !f.year) { clearResults(initialHint); all.hidden = true; return; }
      var link = new URL("search/", ROOT);
      if (query.trim()) link.searchParams.set("q", query.trim());
      if (manifest) {
        if (f.kind) link.searchParams.set("kind", manifest.kinds[f.kind][0]);
        if (f.organ) link.searchParams.set("organ", manifest.organs[f.organ][0]);
      }
      if (f.year) link.searchParams.set("year", f.year);
      all.href = link.href;
      all.hidden = false;
      var started = performance.now(), bytesBefore = stats.bytes, requestsBefore = stats.requests;
      status.textContent = "正在搜索…";
      var result;
      try {
        await prepare();
        result = await search(query, f);
      } catch (error) {
        if (seq === sequence) clearResults("搜索索引加载失败，请稍后重试，或通过“信息公开目录”浏览。");
        return;
      }
      if (seq !== sequence) return;
      if (query.trim() && !result.parsed.tokens.length) { clearResults("请输入汉字、字母或数字。"); return; }
      clearResults("");
      current = { result: result, checked: new Checked(result), shown: 0 };
      var page = await showMore(seq);
      if (!page) return;
      confirm(seq, bytesBefore);
      window.gkSearch.last = {
        query: query,
        results: result.order.length,
        fetchMs: result.timing.fetch,
        rankMs: result.timing.rank,
        docsFetchMs: page.docsFetch,
        renderMs: page.render,
        totalMs: performance.now() - started,
        bytes: stats.bytes - bytesBefore,
        requests: stats.requests - requestsBefore
      };
      box.dispatchEvent(new CustomEvent("gk-search:done", { detail: window.gkSearch.last }));
    }

    function schedule() {
      clearTimeout(timer);
      timer = setTimeout(run, 120);
    }

    input.addEventListener("focus", function () { open(); prepare(); });
    input.addEventListener("input", schedule);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var options = list.querySelectorAll("[role=option]");
      if (options.length) options[Math.max(active, 0)].click();
      else run();
    });
    form.addEventListener("reset", function () {
      setTimeout(function () { clearResults(initialHint); input.focus(); }, 0);
    });
    for (var name in selects) selects[name].addEventListener("change", function () { run(); });
    more.addEventListener("click", function () {
      if (!current) return;
      var before = list.children.length;
      showMore(sequence).then(function () { if (list.children.length > before) setActive(before); input.focus(); });
    });
    list.addEventListener("click", function (event) {
      if (event.target.closest("a")) close();
    });
    input.addEventListener("keydown", function (event) {
      var count = list.querySelectorAll("[role=option]").length;
      switch (event.key) {
        case "ArrowDown": if (count) { event.preventDefault(); setActive(active + 1); } break;
        case "ArrowUp": if (count) { event.preventDefault(); setActive(active - 1); } break;
        case "Home": if (count && event.ctrlKey) { event.preventDefault(); setActive(0); } break;
        case "End": if (count && event.ctrlKey) { event.preventDefault(); setActive(count - 1); } break;
        case "Escape":
          event.preventDefault();
          if (active >= 0) { active = -1; list.querySelectorAll("[aria-selected=true]").forEach(function (o) { o.setAttribute("aria-selected", "false"); }); input.removeAttribute("aria-activedescendant"); }
          else close();
          break;
      }
    });
    if (toggle) {
      toggle.addEventListener("change", function () {
        if (toggle.checked && document.activeElement !== input) input.focus();
      });
    }
    document.addEventListener("keydown", function (event) {
      if (event.metaKey || event.ctrlKey || event.altKey || event.defaultPrevented) return;
      if (event.key !== "/" && event.key !== "s" && event.key !== "S") return;
      var target = event.target;
      if (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
      event.preventDefault();
      input.focus();
      input.select();
    });

    var params = new URLSearchParams(location.search);
    if (params.get("q") && !document.querySelector("[data-gk-search-page]")) { // the results page shows ?q= itself
      input.value = params.get("q");
      open();
      run();
    }
  }


  /* ---- the results page, search/?q=… (filters, sort, pages; the URL says it all) ---- */

  /* Shorter queries that find something, to offer when nothing is found: each word of several
   * that finds entries; of one long word, its longest beginning and longest end that find entries
   * (found by halving: a piece of a word that finds nothing finds nothing longer either). */
  async function offers(parsed, filters) {
    async function finds(q) { // a match among the first few candidates (a long word's candidates are checked)
      var r = await search(q, filters);
      if (r.parsed.exact) return r.order.length > 0;
      var first = Array.from(r.order.subarray(0, 10)), docs = await Promise.all(first.map(loadDoc));
      return docs.some(function (doc) { return contains(doc, r.parsed); });
    }
    var out = [];
    if (parsed.words.length > 1) {
      for (var one of parsed.words) if (await finds(one.text)) out.push(one.text);
      return out;
    }
    if (parsed.words.length !== 1 || parsed.words[0].indexNo) return out;
    var w = parsed.words[0].text, parts = units(w), k = parts.length;
    async function longest(piece) { // piece(n): the word's first or last n units
      var lo = 1, hi = k - 1; // finds(piece(lo)) assumed; a single Han character is not offered
      if (!(await finds(piece(2)))) return "";
      lo = 2;
      while (lo < hi) {
        var mid = Math.ceil((lo + hi) / 2);
        if (await finds(piece(mid))) lo = mid; else hi = mid - 1;
      }
      return piece(lo);
    }
    if (k >= 3) {
      var head = await longest(function (n) { return w.slice(0, parts[n - 1][2]); });
      var tail = await longest(function (n) { return w.slice(parts[k - n][1]); });
      [head, tail].forEach(function (q) { if (q && out.indexOf(q) < 0) out.push(q); });
    }
    return out;
  }

  function mountPage(root) {
    if (!root || root.dataset.gkReady) return;
    root.dataset.gkReady = "1";
    root.hidden = false;
    var form = root.querySelector("form"), input = form.querySelector("input[name=q]");
    var status = root.querySelector("[role=status]"), list = root.querySelector("ol"), pages = root.querySelector("nav");
    var empty = root.querySelector(".gk-search-page__empty"), short = root.querySelector(".gk-search-page__shorter");
    var selects = { kind: form.querySelector("select[name=kind]"), organ: form.querySelector("select[name=organ]"), year: form.querySelector("select[name=year]"), sort: form.querySelector("select[name=sort]") };
    var perPage = parseInt(root.dataset.perPage, 10) || 10;
    var sequence = 0, state = null;
    root.querySelectorAll("[data-gk-root-href]").forEach(function (a) { a.href = new URL(a.dataset.gkRootHref, ROOT).href; });

    function params() {
      var p = new URLSearchParams(location.search);
      return { q: p.get("q") || "", kind: p.get("kind") || "", organ: p.get("organ") || "", year: p.get("year") || "", sort: p.get("sort") || "", page: Math.max(1, parseInt(p.get("page"), 10) || 1) };
    }

    function urlFor(p) {
      var u = new URL(location.href), q = new URLSearchParams();
      ["q", "kind", "organ", "year", "sort"].forEach(function (k) { if (p[k]) q.set(k, p[k]); });
      if (p.page > 1) q.set("page", String(p.page));
      u.search = q.toString();
      return u.href;
    }

    function fill(data) {
      if (selects.kind.options.length > 1) return;
      data.kinds.forEach(function (k) { selects.kind.add(new Option(k[1] + "（" + k[2] + "）", k[0])); });
      data.organs.forEach(function (o) { selects.organ.add(new Option(o[1] + "（" + o[2] + "）", o[0])); });
      data.years.forEach(function (y) { selects.year.add(new Option(y[0] + " 年（" + (y[2] - y[1] + 1) + "）", String(y[0]))); });
    }

    function place(rows, key) { for (var i = 0; i < rows.length; i++) if (rows[i][0] === key) return String(i); return ""; }

    function item(number, doc, parsed) {
      var li = document.createElement("li"), normTitle = normalize(doc.t);
      li.className = "gk-hit";
      var meta = [["索引号", doc.i], ["文号", doc.n], ["发布日期", doc.d], ["发布机构", doc.o], ["类别", doc.k]];
      li.innerHTML = '<a class="gk-hit__title" href="' + escapeHtml(new URL(doc.u, ROOT).href) + '">' +
        highlighted(doc.t, normTitle, needlesFor(parsed, normTitle), 0, doc.t.length) + "</a>" +
        '<p class="gk-hit__meta">' + meta.filter(function (m) { return m[1]; }).map(function (m) {
          return '<span><span class="gk-hit__label">' + m[0] + "：</span>" + escapeHtml(m[1]) + "</span>";
        }).join("") + "</p>" + (doc.x ? '<p class="gk-hit__excerpt">' + excerpt(doc.x, parsed) + "</p>" : "");
      li.dataset.number = String(number);
      return li;
    }

    function pageLinks(p, total, known) {
      pages.textContent = "";
      var last = Math.max(1, Math.ceil(total / perPage));
      pages.hidden = last <= 1;
      if (last <= 1) return;
      function link(n, text, label) {
        var a = document.createElement("a");
        a.href = urlFor(Object.assign({}, p, { page: n }));
        a.textContent = text;
        a.className = "gk-page";
        if (label) a.setAttribute("aria-label", label);
        if (n === p.page) a.setAttribute("aria-current", "page");
        pages.appendChild(a);
      }
      if (p.page > 1) link(p.page - 1, "上一页");
      var from = Math.max(1, p.page - 3), to = Math.min(last, p.page + 3);
      for (var n = from; n <= to; n++) link(n, String(n), "第 " + n + " 页");
      if (p.page < last || !known) link(p.page + 1, "下一页");
    }

    async function run(push) {
      var p = params(), seq = ++sequence;
      input.value = p.q;
      var data;
      try { data = await loadManifest(); } catch (error) { status.textContent = "搜索索引加载失败，请稍后重试，或通过“信息公开目录”浏览。"; return; }
      fill(data);
      selects.kind.value = p.kind; selects.organ.value = p.organ; selects.year.value = p.year; selects.sort.value = p.sort;
      list.textContent = ""; empty.hidden = true; pages.hidden = true;
      if (!p.q.trim() && !p.kind && !p.organ && !p.year) { status.textContent = "输入词语开始搜索"; return; }
      status.textContent = "正在搜索…";
      var result = await search(p.q, { kind: place(data.kinds, p.kind), organ: place(data.organs, p.organ), year: p.year });
      if (seq !== sequence) return;
      if (p.sort === "date") result.order = Int32Array.from(result.order).sort().reverse();
      var checked = new Checked(result), bytesBefore = stats.bytes;
      var need = p.page * perPage;
      await checked.fill(need, Infinity);
      if (seq !== sequence) return;
      var r = result;
      var numbers = checked.found.slice((p.page - 1) * perPage, need);
      var docs = await Promise.all(numbers.map(function (n) { return checked.doc(n); }));
      if (seq !== sequence) return;
      numbers.forEach(function (n, i) { list.appendChild(item(n, docs[i], r.parsed)); });
      if (!checked.done() && checked.found.length <= need) { // check on so the count becomes exact, within the budget
        await checked.fill(Infinity, Infinity, function () { return seq === sequence && stats.bytes - bytesBefore < CONFIRM_BYTES; });
        if (seq !== sequence) return;
      }
      var known = checked.count(), total = known === null ? r.order.length : known, label = known === null ? "约 " : "共 ";
      if (!total) {
        status.textContent = p.q.trim() ? "没有找到与“" + p.q.trim() + "”相关的信息。" : "没有符合条件的信息。";
        empty.hidden = false;
        var offered = await offers(r.parsed, { kind: place(data.kinds, p.kind), organ: place(data.organs, p.organ), year: p.year });
        if (seq !== sequence) return;
        short.hidden = !offered.length;
        var span = short.querySelector("span");
        span.textContent = "";
        offered.forEach(function (q, i) {
          var a = document.createElement("a");
          a.href = urlFor({ q: q, kind: p.kind, organ: p.organ, year: p.year, sort: p.sort, page: 1 });
          a.textContent = q;
          if (i) span.appendChild(document.createTextNode("、"));
          span.appendChild(a);
        });
      } else {
        var from = (p.page - 1) * perPage + 1;
        status.textContent = label + total.toLocaleString("zh-CN") + " 条结果" + (numbers.length ? "，第 " + from + "–" + (from + numbers.length - 1) + " 条" : "，本页没有结果") +
          (r.parsed.titleOnly ? "。单字只搜索标题，输入两个字以上可搜索全文" : "") + (p.sort === "date" ? "（按发布日期）" : "") + "。";
        pageLinks(p, total, label === "共 ");
      }
      window.gkSearch.lastPage = { query: p.q, total: total, exact: label === "共 ", shown: numbers.length, page: p.page, url: location.href };
      root.dispatchEvent(new CustomEvent("gk-search:page", { detail: window.gkSearch.lastPage }));
    }

    function go(p) { history.pushState(null, "", urlFor(p)); run(); }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      go({ q: input.value.trim(), kind: selects.kind.value, organ: selects.organ.value, year: selects.year.value, sort: selects.sort.value, page: 1 });
    });
    ["kind", "organ", "year", "sort"].forEach(function (name) {
      selects[name].addEventListener("change", function () { form.requestSubmit(); });
    });
    root.addEventListener("click", function (event) {
      var a = event.target.closest("a.gk-page, .gk-search-page__shorter a");
      if (!a) return;
      event.preventDefault();
      history.pushState(null, "", a.href);
      run().then(function () { list.scrollIntoView({ block: "start" }); });
    });
    window.addEventListener("popstate", function () { if (document.body.contains(root)) run(); });
    run();
  }

  window.gkSearch = {
    search: search, normalize: normalize, parseQuery: parseQuery, tokenHash: tokenHash, loadDoc: loadDoc, stats: stats, last: null,
    matchText: matchText, queryWords: queryWords, matchesDoc: matchesDoc, loadManifest: loadManifest
  };

  function start() {
    mount(document.querySelector("[data-gk-search]"));
    mountPage(document.querySelector("[data-gk-search-page]"));
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(start);
})();
