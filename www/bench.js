// The in-browser benchmark (www/bench.html), driven by scripts/bench.mjs; also runs by hand when
// the repo root is served (`node scripts/bench.mjs --serve`) and /www/bench.html is opened.
//
// 1. Analysis: the same ~1 MB of news text (tests/data articles, repeated) through storylink's
//    analyze() and through compromise (people + organizations + places, with offsets):
//    warm-up, then the median of several runs; chars/s and the ratio.
// 2. Highlighting: ~200 KB of article HTML with ~2,000 mentions, highlighted by storylink
//    (link({mode: 'all'})) and by mark.js markRanges() for exactly the same spans; undone by
//    handle.destroy() and by unmark(); medians and ratios. The page must be the same after each undo.
//    Also the marking alone: text.js's Undo.wrap()/undo() over the same ranges (TextMap built
//    and the analysis done outside the timing), the part of link() that does what markRanges does.
// 3. Memory: wasm linear memory before and after analysing 1 MB, after a second run and after all runs.
// 4. A long page (~1 MB of article HTML): the longest task while link() links it, and while
//    linkAsync() does (analysis in a Web Worker; its first call starts the worker).
//
// Results: window.__bench (JSON) and a table in the page; body[data-done] when finished.
// No inline scripts, no network: works under `script-src 'self' 'wasm-unsafe-eval'`.
import init, { analyze, link, linkAsync } from './pkg/storylink.js';
import nlp from '../node_modules/compromise/builds/three/compromise-three.mjs';

const params = new URLSearchParams(location.search);
const TEXT_CHARS = Number(params.get('chars') || 1_000_000);
const HTML_CHARS = Number(params.get('html') || 200_000);
const RUNS = Math.max(5, Number(params.get('runs') || 7));
const PEER_RUNS = Math.max(5, Number(params.get('peerRuns') || 5));
// The page markup as text, to check an undo restored it exactly (read-only; nothing is parsed).
const serialize = (el) => new XMLSerializer().serializeToString(el);
// ?skip=analysis: only the highlighting (for quick runs while working on the page layer).
const SKIP = new Set((params.get('skip') || '').split(',').filter(Boolean));
// The page layer's text module itself (the source pkg/storylink.js bundles) times the marking
// alone, without link()'s reading, analysis and wiring; ?textjs=URL (same origin) times another
// version of it, e.g. an older one copied under target/, against the same page.
const TEXTJS = params.get('textjs') || '../src/js/dom/text.js';
const { TextMap, Undo } = await import(new URL(TEXTJS, import.meta.url).href.startsWith(location.origin) ? TEXTJS : '../src/js/dom/text.js');
// The widget's highlighting step alone (what link() does after the analysis): its source, as for
// text.js. A copy of the module: its hooks and live widgets are not the package's.
const { Widget } = await import('../src/js/dom/widget.js');

const results = { config: { textChars: TEXT_CHARS, htmlChars: HTML_CHARS, runs: RUNS, peerRuns: PEER_RUNS }, rows: [] };
window.__bench = results;

const status = document.getElementById('status');
const tbody = document.querySelector('#results tbody');

function row(name, value, note = '') {
  results.rows.push({ name, value, note });
  const tr = document.createElement('tr');
  for (const v of [name, value, note]) {
    const td = document.createElement('td');
    td.textContent = String(v);
    tr.append(td);
  }
  tbody.append(tr);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (x) => `${x.toFixed(1)} ms`;
const yieldToBrowser = () => new Promise((ok) => setTimeout(ok, 0));

/** Times `fn` once warm-up + `runs` times; returns { median, runs: [ms…] }. */
async function time(fn, runs, warmup = 1) {
  for (let i = 0; i < warmup; i++) {
    await fn();
    await yieldToBrowser();
  }
  const t = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    t.push(performance.now() - t0);
    await yieldToBrowser();
  }
  return { median: median(t), runs: t.map((x) => Math.round(x * 10) / 10) };
}

/** Articles repeated until `chars` UTF-16 units; each copy is its own document. */
function documents(articles, chars) {
  const docs = [];
  let total = 0;
  for (let i = 0; total < chars; i++) {
    const a = articles[i % articles.length];
    docs.push({ id: `d${i}`, text: a.text });
    total += a.text.length;
  }
  return { docs, chars: total };
}

// ---- 1. analysis -------------------------------------------------------------------------------

function compromiseAll(docs) {
  let n = 0;
  for (const d of docs) {
    const doc = nlp(d.text);
    n += doc.people().json({ offset: true }).length;
    n += doc.organizations().json({ offset: true }).length;
    n += doc.places().json({ offset: true }).length;
  }
  return n;
}

async function benchAnalysis(articles, wasm) {
  const { docs, chars } = documents(articles, TEXT_CHARS);
  results.analysis = { documents: docs.length, chars };
  const mem = () => wasm.memory.buffer.byteLength;
  const memory = { before: mem() };

  let first;
  const t0 = performance.now();
  first = analyze(docs);
  const coldMs = performance.now() - t0;
  memory.afterFirst = mem();
  analyze(docs);
  memory.afterSecond = mem();

  const sl = await time(() => { analyze(docs); }, RUNS, 0);
  memory.afterAll = mem();
  const mentions = first.documents.reduce((n, d) => n + d.mentions.length, 0);

  const cp = await time(() => { compromiseAll(docs); }, PEER_RUNS, 1);
  const cpCount = compromiseAll(docs.slice(0, articles.length));

  const slRate = chars / (sl.median / 1000);
  const cpRate = chars / (cp.median / 1000);
  Object.assign(results.analysis, {
    storylink: { ...sl, coldMs, charsPerSec: slRate, mentions, entities: first.entities.length },
    compromise: { ...cp, charsPerSec: cpRate, matchesInOneCopy: cpCount },
    ratio: slRate / cpRate,
    memory,
  });
  const mib = (b) => `${(b / 1048576).toFixed(2)} MiB`;
  row(`analyze ${(chars / 1e6).toFixed(2)}M chars: storylink`, ms(sl.median), `${(slRate / 1e6).toFixed(2)} M chars/s; first call ${ms(coldMs)}; ${mentions} mentions`);
  row('analyze: compromise 14.17.0 people+orgs+places', ms(cp.median), `${(cpRate / 1e3).toFixed(1)} k chars/s`);
  row('analyze: ratio storylink / compromise', `${(slRate / cpRate).toFixed(1)}×`, 'target ≥ 20×');
  // The engine holds the text as UTF-8: compare with that size.
  const enc = new TextEncoder();
  const utf8 = docs.reduce((n, d) => n + enc.encode(d.text).length, 0);
  memory.textUtf8Bytes = utf8;
  const grown = memory.afterFirst - memory.before;
  row('wasm memory: before / after 1st / after 2nd / after all runs',
    `${mib(memory.before)} / ${mib(memory.afterFirst)} / ${mib(memory.afterSecond)} / ${mib(memory.afterAll)}`,
    `after 1st = ${(memory.afterFirst / utf8).toFixed(1)}× the text (${(utf8 / 1048576).toFixed(2)} MiB UTF-8), growth ${(grown / utf8).toFixed(1)}×; ` +
    `target ≤ 8×; ${memory.afterAll === memory.afterFirst ? 'reused across calls (no growth after the 1st)' : 'grows across calls'}`);
}

// ---- 2. highlighting ---------------------------------------------------------------------------

/** Builds article HTML from the corpus: a heading and paragraphs, some inline markup. */
function buildArticles(stage, articles, chars) {
  let total = 0;
  for (let i = 0; total < chars; i++) {
    const a = articles[i % articles.length];
    const el = document.createElement('article');
    el.setAttribute('data-storylink-article', `a${i}`);
    const paras = a.text.split(/\n\s*\n|\n/).map((p) => p.trim()).filter(Boolean);
    const h = document.createElement('h2');
    h.textContent = paras[0] || `Article ${i}`;
    el.append(h);
    for (const p of paras.slice(1)) {
      const pe = document.createElement('p');
      pe.textContent = p;
      el.append(pe);
    }
    stage.append(el);
    total += el.outerHTML.length;
  }
  return total;
}

/** Mention spans in mark.js's coordinates: offsets into the article's text nodes joined. */
function spansOf(article) {
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  const spans = [];
  let pos = 0;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const len = n.data.length;
    const mark = n.parentElement && n.parentElement.closest('mark[data-storylink-entity]');
    if (mark && mark.firstChild === n && article.contains(mark)) spans.push({ start: pos, length: len });
    pos += len;
  }
  return spans;
}

function markRanges(ctx, ranges) {
  return new Promise((ok) => new Mark(ctx).markRanges(ranges, { element: 'mark', iframes: false, done: ok }));
}
function unmark(ctx) {
  return new Promise((ok) => new Mark(ctx).unmark({ iframes: false, done: ok }));
}

async function benchHighlight(articles) {
  const stage = document.getElementById('stage');
  const htmlChars = buildArticles(stage, articles, HTML_CHARS);
  const roots = [...stage.querySelectorAll('article')];
  const pristine = serialize(stage);
  const opts = { articles: roots, mode: 'all', index: false, map: false };

  // The spans storylink highlights, read from its marks.
  let handle = link(opts);
  const marks = stage.querySelectorAll('mark[data-storylink-entity]').length;
  const spans = roots.map(spansOf);
  const spanCount = spans.reduce((n, s) => n + s.length, 0);
  handle.destroy();
  if (serialize(stage) !== pristine) throw new Error('storylink destroy() did not restore the page');

  const texts = roots.map((r) => ({ id: r.getAttribute('data-storylink-article'), text: r.textContent }));

  // storylink: link() = read the DOM + analyse + highlight + wire. Its highlighting alone is
  // link({mode: 'all'}) minus link({types: []}), which reads and analyses the same but marks nothing.
  const slAnalyze = await time(() => { analyze(texts); }, RUNS);
  // In pairs (link() with marks, then without), so that both see the same machine: the
  // highlighting is the median of the pairs' differences.
  const slLink = [];
  const slUndo = [];
  const slNone = [];
  const slDiff = [];
  for (let i = 0; i < RUNS + 1; i++) {
    let t0 = performance.now();
    handle = link(opts);
    const tl = performance.now() - t0;
    t0 = performance.now();
    handle.destroy();
    const tu = performance.now() - t0;
    await yieldToBrowser();
    t0 = performance.now();
    link({ ...opts, types: [] }).destroy();
    const tn = performance.now() - t0;
    if (i > 0) { slLink.push(tl); slUndo.push(tu); slNone.push(tn); slDiff.push(tl - tn); }
    await yieldToBrowser();
  }
  if (serialize(stage) !== pristine) throw new Error('storylink destroy() did not restore the page');

  // The marking alone: the same spans as { start, end, entity, kind } in TextMap offsets (the
  // analysis' mentions of the entities storylink marked), wrapped and undone by text.js directly.
  const marked = new Map();
  handle = link(opts);
  for (const mk of stage.querySelectorAll('mark[data-storylink-entity]')) {
    marked.set(mk.getAttribute('data-storylink-entity'), mk.getAttribute('data-storylink-kind'));
  }
  handle.destroy();
  const tMap0 = performance.now();
  const maps = roots.map((r) => new TextMap(r, null));
  const tMap = performance.now() - tMap0;
  const analysis = analyze(maps.map((mp, i) => ({ id: `a${i}`, text: mp.text })));
  const ranges = analysis.documents.map((d) => d.mentions.filter((mt) => marked.has(mt.entity))
    .map((mt) => ({ start: mt.start, end: mt.end, entity: mt.entity, kind: marked.get(mt.entity) })));
  const rangeCount = ranges.reduce((n, r) => n + r.length, 0);
  const twWrap = [];
  const twUndo = [];
  for (let i = 0; i < RUNS + 1; i++) {
    const u = new Undo();
    let t0 = performance.now();
    let made = 0;
    for (let a = 0; a < roots.length; a++) for (const ms of u.wrap(document, maps[a], ranges[a])) made += ms.length;
    const tw = performance.now() - t0;
    if (made !== marks) throw new Error(`text.js made ${made} marks, link() ${marks}`);
    t0 = performance.now();
    u.undo();
    const tu = performance.now() - t0;
    if (i > 0) { twWrap.push(tw); twUndo.push(tu); }
    await yieldToBrowser();
  }
  if (serialize(stage) !== pristine) throw new Error('text.js undo() did not restore the page');

  // The widget's highlight() alone: wrap() plus what the widget does for each mention (its
  // number, the keyboard stop's attributes, the hit lists), on the same analysis and options.
  const whl = [];
  const wOpts = { articles: roots, mode: 'all', types: null, exclude: null, hoverDelay: 500, closeDelay: 300, index: false, map: false };
  for (let i = 0; i < RUNS + 1; i++) {
    const w = new Widget(document, wOpts);
    w.articles = roots.map((root, a) => ({ root, id: `a${a}`, title: '', map: maps[a], hits: [] }));
    w.analysis = analysis;
    for (const e of analysis.entities) w.entities.set(e.id, e);
    w.chooseEntities();
    const t0 = performance.now();
    w.highlight();
    const th = performance.now() - t0;
    const made = w.hits.reduce((n, h) => n + h.marks.length, 0);
    if (made !== marks) throw new Error(`widget highlight() made ${made} marks, link() ${marks}`);
    w.undo.undo();
    if (i > 0) whl.push(th);
    await yieldToBrowser();
  }
  if (serialize(stage) !== pristine) throw new Error('widget highlight() undo did not restore the page');

  const mkMark = [];
  const mkUndo = [];
  for (let i = 0; i < RUNS + 1; i++) {
    let t0 = performance.now();
    for (let a = 0; a < roots.length; a++) if (spans[a].length) await markRanges(roots[a], spans[a]);
    const tm = performance.now() - t0;
    const marked = stage.querySelectorAll('mark[data-markjs]').length;
    if (marked !== spanCount) throw new Error(`mark.js made ${marked} marks for ${spanCount} spans`);
    t0 = performance.now();
    for (const r of roots) await unmark(r);
    const tu = performance.now() - t0;
    // mark.js's unmark() leaves the text nodes split (it does not normalise); each later run on
    // the split page would be slower and slower (17 ms → 155 ms over 25 runs). Joined again here,
    // outside the timing, so every run of either tool starts from the same page.
    for (const r of roots) r.normalize();
    if (i > 0) { mkMark.push(tm); mkUndo.push(tu); }
    await yieldToBrowser();
  }
  const restored = serialize(stage) === pristine;

  const m = {
    link: median(slLink), destroy: median(slUndo), analyze: slAnalyze.median,
    markRanges: median(mkMark), unmark: median(mkUndo),
  };
  m.linkNoMarks = median(slNone);
  m.wrap = median(twWrap);
  m.unwrap = median(twUndo);
  m.textMap = tMap;
  m.widgetHighlight = median(whl);
  const highlightOnly = Math.max(median(slDiff), 0.1);
  m.highlightInLink = highlightOnly;
  results.highlight = {
    htmlChars, articles: roots.length, mentions: spanCount, marks, medians: m,
    runs: { link: slLink, linkNoMarks: slNone, destroy: slUndo, markRanges: mkMark, unmark: mkUndo, wrap: twWrap, unwrap: twUndo, widgetHighlight: whl },
    ratioMark: m.markRanges / m.link, ratioMarkHighlightOnly: m.markRanges / highlightOnly, ratioWidgetHighlight: m.markRanges / m.widgetHighlight,
    ratioWrap: m.markRanges / m.wrap, ratioUnwrap: m.unmark / m.unwrap, ranges: rangeCount,
    ratioUndo: m.unmark / m.destroy, ratioTotal: (m.markRanges + m.unmark) / (m.link + m.destroy),
    markjsRestoredText: restored,
  };
  stage.replaceChildren();
  row(`highlight ${(htmlChars / 1e3).toFixed(0)} KB HTML, ${spanCount} mentions (${marks} marks): storylink link()`, ms(m.link),
    `read DOM + analyse + highlight; link({types: []}) (same but no marks) ${ms(m.linkNoMarks)}, so highlighting ≈ ${ms(highlightOnly)} (median of paired differences); analyze() → JS objects ${ms(m.analyze)}`);
  row('highlight: mark.js 8.11.1 markRanges (same spans)', ms(m.markRanges), 'spans given, no analysis');
  row('highlight: ratio mark.js / storylink link()', `${(m.markRanges / m.link).toFixed(1)}×`,
    `target ≥ 5×; highlighting alone: ${(m.markRanges / highlightOnly).toFixed(1)}×`);
  row(`highlight: storylink text.js wrap() alone (same spans)${TEXTJS === '../src/js/dom/text.js' ? '' : ` [${TEXTJS}]`}`, ms(m.wrap),
    `the marks only, as markRanges; ratio mark.js / this ${(m.markRanges / m.wrap).toFixed(1)}× (target ≥ 5×); TextMap of the page ${ms(m.textMap)}`);
  row('highlight: storylink widget highlight() alone (same analysis)', ms(m.widgetHighlight),
    `link()'s highlighting step: wrap() + each mention's number, keyboard stop and hit lists; ratio mark.js / this ${(m.markRanges / m.widgetHighlight).toFixed(1)}× (target ≥ 5×)`);
  row('undo: storylink destroy()', ms(m.destroy), 'page restored exactly (serialized markup equal)');
  row('undo: storylink text.js undo() alone', ms(m.unwrap), `ratio mark.js unmark() / this ${(m.unmark / m.unwrap).toFixed(1)}×`);
  row('undo: mark.js unmark()', ms(m.unmark), `ratio ${(m.unmark / m.destroy).toFixed(1)}×`);
  row('highlight + undo: ratio mark.js / storylink', `${results.highlight.ratioTotal.toFixed(1)}×`, '');
}

// ---- a long page: link() against linkAsync() -----------------------------------------------------

const LONG_CHARS = Number(params.get('long') || 1_000_000);

async function benchLongPage(articles) {
  const stage = document.getElementById('stage');
  stage.replaceChildren();
  const chars = buildArticles(stage, articles, LONG_CHARS);
  const tasks = [];
  const obs = new PerformanceObserver((list) => { for (const e of list.getEntries()) tasks.push(e.duration); });
  obs.observe({ type: 'longtask' });
  const run = async (fn) => {
    await new Promise((ok) => setTimeout(ok, 100));
    tasks.length = 0;
    const t0 = performance.now();
    const h = await fn();
    const total = performance.now() - t0;
    await new Promise((ok) => setTimeout(ok, 100)); // long-task entries arrive after the task
    const longest = Math.max(0, ...tasks);
    const marks = stage.querySelectorAll('mark[data-storylink-entity]').length;
    h.destroy();
    return { longest, total, marks };
  };
  const sync = [await run(() => link({ mode: 'all' })), await run(() => link({ mode: 'all' }))];
  const worker = [await run(() => linkAsync({ mode: 'all' })), await run(() => linkAsync({ mode: 'all' }))];
  obs.disconnect();
  stage.replaceChildren();
  if (worker[1].marks !== sync[1].marks) throw new Error(`linkAsync() made ${worker[1].marks} marks, link() ${sync[1].marks}`);
  results.longPage = { chars, sync, worker };
  row(`long page, ${(chars / 1e6).toFixed(2)} M chars of HTML, ${sync[1].marks} marks: link() longest task`, ms(sync[1].longest),
    `highlights after ${ms(sync[1].total)} (first call ${ms(sync[0].longest)})`);
  row('long page: linkAsync() (analysis in a Web Worker) longest task', ms(worker[1].longest),
    `highlights after ${ms(worker[1].total)}; the call that starts the worker: longest task ${ms(worker[0].longest)}, highlights after ${ms(worker[0].total)}; target: none > 50 ms`);
}

// ---- main --------------------------------------------------------------------------------------

try {
  const wasm = await init();
  const corpus = await (await fetch('../target/bench/corpus.json')).json();
  results.corpus = { articles: corpus.articles.length, chars: corpus.articles.reduce((n, a) => n + a.text.length, 0) };
  status.textContent = 'analysis…';
  if (!SKIP.has('analysis')) await benchAnalysis(corpus.articles, wasm);
  status.textContent = 'highlighting…';
  await benchHighlight(corpus.articles);
  status.textContent = 'long page…';
  if (!SKIP.has('long')) await benchLongPage(corpus.articles);
  status.textContent = 'done';
} catch (e) {
  results.error = String((e && e.stack) || e);
  status.textContent = `failed: ${e}`;
}
document.body.dataset.done = '1';
