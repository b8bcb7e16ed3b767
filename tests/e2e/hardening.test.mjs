// Issue 7: bad input from JS, faults inside the module, hostile pages, text that looks like
// markup, and privacy. Each test names the row of RELIABILITY.md it backs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, newPage, ready, shot, CARD } from './helpers.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

/** A page that records requests and storylink:error events from the start. */
async function open(path, opts = {}) {
  const page = await newPage(env.browser, opts);
  page.requests = [];
  page.on('request', (r) => page.requests.push(new URL(r.url()).pathname));
  await page.addInitScript(() => {
    window.slErrors = [];
    document.addEventListener('storylink:error', (e) => window.slErrors.push(e.detail.message));
    window.alerts = 0;
    // Makes the module's next allocation fail: memory at its 4 GiB maximum, then 1 GiB asked of
    // its allocator (wasm-bindgen's malloc export): Rust aborts, a WebAssembly trap.
    window.exhaust = (exports) => {
      const m = exports.memory;
      m.grow(65536 - m.buffer.byteLength / 65536);
      exports.__wbindgen_export(1 << 30, 1);
    };
    window.alert = window.confirm = window.prompt = () => { window.alerts += 1; };
  });
  await page.goto(`${env.base}${path}`);
  return page;
}

/** Cookies, storage and IndexedDB are empty; every request was for the page's own files. */
async function assertPrivate(page, allowed) {
  const stored = await page.evaluate(async () => [document.cookie, localStorage.length, sessionStorage.length,
    (await indexedDB.databases()).length, (await caches.keys()).length]);
  assert.deepEqual(stored, ['', 0, 0, 0, 0], 'cookies, localStorage, sessionStorage, IndexedDB, Cache Storage');
  for (const p of page.requests) assert.match(p, allowed, `request ${p}`);
}

const OWN = /^\/(fixtures\/[\w-]+\.(html|js|css)|pkg\/storylink(_wasm)?\.js|pkg\/storylink_wasm_bg\.wasm)$/;

// ---------------------------------------------------------------------------------------------
// Bad input from JavaScript: TypeError / RangeError with a clear message, never a trap.

test('bad input from JS: every case throws TypeError/RangeError naming the problem; the module keeps working', async () => {
  const page = await open('/?manual');
  await page.waitForFunction(() => window.storylinkDemo);
  const r = await page.evaluate(async () => {
    const { analyze, link } = await import('./pkg/storylink.js');
    const boom = () => { throw new Error('boom'); };
    const { proxy: revoked, revoke } = Proxy.revocable([], {});
    revoke();
    const throwingArray = new Proxy([{ id: 'a', text: 'x' }], { get(t, k) { if (k === 'length') throw new Error('no length'); return t[k]; } });
    const throwingItem = new Proxy([{ id: 'a', text: 'x' }], { get(t, k) { if (k === '0') throw new Error('no item'); return t[k]; } });
    const good = [{ id: 'a', text: 'Mayor Elena Ruiz met Tomas Lindqvist in Valmont.' }, { id: 'b', text: 'Elena Ruiz thanked Lindqvist.' }];
    const baseline = JSON.stringify(analyze(good));
    const cases = {
      'null': () => analyze(null),
      'undefined': () => analyze(),
      'a string': () => analyze('Elena Ruiz'),
      'a number': () => analyze(42),
      'an object, not an array': () => analyze({ id: 'a', text: 'x' }),
      'null item': () => analyze([null]),
      'string item': () => analyze(['text']),
      'missing id': () => analyze([{ text: 'x' }]),
      'missing text': () => analyze([{ id: 'a' }]),
      'numeric id': () => analyze([{ id: 1, text: 'x' }]),
      'object id': () => analyze([{ id: {}, text: 'x' }]),
      'symbol id': () => analyze([{ id: Symbol('s'), text: 'x' }]),
      'bigint text': () => analyze([{ id: 'a', text: 10n }]),
      'String object text': () => analyze([{ id: 'a', text: new String('x') }]),
      'empty id': () => analyze([{ id: '', text: 'x' }]),
      'duplicate id': () => analyze([{ id: 'a', text: 'x' }, { id: 'a', text: 'y' }]),
      'lone high surrogate in text': () => analyze([{ id: 'a', text: 'Elena \uD800 Ruiz' }]),
      'lone low surrogate in id': () => analyze([{ id: '\uDC00', text: 'x' }]),
      'surrogate pair reversed': () => analyze([{ id: 'a', text: '\uDC00\uD800' }]),
      'getter that throws (id)': () => analyze([{ get id() { return boom(); }, text: 'x' }]),
      'getter that throws (text)': () => analyze([{ id: 'a', get text() { return boom(); } }]),
      'getter that throws a non-Error': () => analyze([{ get id() { throw 7; }, text: 'x' }]),
      'array whose length getter throws': () => analyze(throwingArray),
      'array whose item getter throws': () => analyze(throwingItem),
      'revoked Proxy': () => analyze(revoked),
      'array of 2^32-1 holes': () => analyze(new Array(2 ** 32 - 1)),
      '10,001 documents': () => analyze(Array.from({ length: 10001 }, (_, i) => ({ id: `d${i}`, text: 'x' }))),
      'text over 64 MiB': () => analyze([{ id: 'a', text: 'a'.repeat(64 * 1024 * 1024 + 1) }]),
      'link(42)': () => link(42),
      'link("x")': () => link('x'),
      'link: mode not a string': () => link({ mode: 3 }),
      'link: unknown mode': () => link({ mode: 'everything' }),
      'link: types not a list': () => link({ types: 5 }),
      'link: unknown type': () => link({ types: ['PERSON', 'ALIEN'] }),
      'link: types Proxy that throws': () => link({ types: new Proxy(['PERSON'], { get(t, k) { if (k === '0') throw new Error('x'); return t[k]; } }) }),
      'link: articles not a selector': () => link({ articles: 5 }),
      'link: articles invalid selector': () => link({ articles: '###' }),
      'link: articles list with a non-element': () => link({ articles: [document.body, {}] }),
      'link: articles length 2^32-1': () => link({ articles: { length: 2 ** 32 - 1 } }),
      'link: exclude invalid selector': () => link({ exclude: '[[' }),
      'link: exclude not a string': () => link({ exclude: 1 }),
      'link: hoverDelay NaN': () => link({ hoverDelay: NaN }),
      'link: hoverDelay negative': () => link({ hoverDelay: -1 }),
      'link: closeDelay Infinity': () => link({ closeDelay: Infinity }),
      'link: index a number': () => link({ index: 3 }),
      'link: getter that throws (mode)': () => link({ get mode() { return boom(); } }),
      'link: getter that throws (articles)': () => link({ get articles() { return boom(); } }),
      'link: revoked Proxy options': () => link(revoked),
    };
    const out = {};
    for (const [name, f] of Object.entries(cases)) {
      try { f(); out[name] = 'no error'; } catch (e) { out[name] = `${e.constructor.name}: ${e.message}`; }
    }
    // Accepted edge input: empty list, empty text, and a valid astral-plane text.
    const edge = [analyze([]).documents.length, analyze([{ id: 'a', text: '' }]).documents.length,
      analyze([{ id: '😀', text: '👩‍👩‍👧 Elena Ruiz 𝒳' }]).documents[0].mentions.length];
    return { out, edge, same: JSON.stringify(analyze(good)) === baseline, marks: document.querySelectorAll('mark').length,
      ui: document.querySelectorAll('[data-storylink-ui]').length, sheets: document.adoptedStyleSheets.length, errors: window.slErrors };
  });
  const n = Object.keys(r.out).length;
  for (const [name, got] of Object.entries(r.out)) {
    assert.match(got, /^(TypeError|RangeError): storylink: \S/, `${name}: ${got}`);
  }
  assert.match(r.out['lone high surrogate in text'], /^RangeError: .*lone surrogate/);
  assert.match(r.out['getter that throws (id)'], /^TypeError: .*documents\[0\]\.id threw: boom/);
  assert.match(r.out['array of 2^32-1 holes'], /^RangeError: .*length/);
  assert.match(r.out['text over 64 MiB'], /^RangeError: /);
  assert.match(r.out['link: articles invalid selector'], /not a valid CSS selector/);
  assert.deepEqual(r.edge.slice(0, 2), [0, 1]);
  assert.ok(r.same, 'the same analysis after every bad input');
  assert.deepEqual([r.marks, r.ui, r.sheets], [0, 0, 0], 'failed link() calls leave nothing on the page');
  assert.deepEqual(r.errors, [], 'bad input is not a fault: no storylink:error');
  assert.deepEqual(page.errors, []);
  console.log(`# ${n} bad-input cases`);
});

// ---------------------------------------------------------------------------------------------
// Faults inside the module: the page is restored exactly, storylink:error fires, later calls
// throw at once. There is no debug hook in the shipped API: the faults are made from outside.

/** Runs `setup` (source of a function taking the module's exports), then link(), in the demo page. */
async function faultDuringLink(setup) {
  const page = await open('/?manual');
  await page.waitForFunction(() => window.storylinkDemo);
  const r = await page.evaluate(async (setup) => {
    const mod = await import('./pkg/storylink.js');
    const exports = await mod.default();
    const arts = [...document.querySelectorAll('[data-storylink-article]')];
    const html = arts.map((a) => a.outerHTML);
    const paras = [...document.querySelectorAll('[data-storylink-article] p')];
    const nodes = paras.map((p) => [...p.childNodes]);
    const undo = new Function('exports', setup)(exports);
    let thrown = null;
    try { mod.link({ mode: 'all' }); } catch (e) { thrown = `${e.constructor.name}: ${e.message}`; }
    undo();
    const later = [];
    for (const f of [() => mod.link(), () => mod.analyze([{ id: 'a', text: 'x' }])]) {
      try { f(); later.push('no error'); } catch (e) { later.push(e.message); }
    }
    return {
      thrown, later, errors: window.slErrors, marksAtFault: window.marksAtFault,
      same: arts.map((a, i) => a.outerHTML === html[i]),
      identity: paras.every((p, i) => p.childNodes.length === nodes[i].length && [...p.childNodes].every((n, j) => n === nodes[i][j])),
      leftovers: document.querySelectorAll('mark, [data-storylink-ui], [data-storylink-active]').length,
      sheets: document.adoptedStyleSheets.length,
    };
  }, setup);
  return { page, r };
}

function assertRestored(r, what, { halfway = true } = {}) {
  if (halfway) assert.ok(r.marksAtFault > 0, `${what}: the page was half-highlighted when the fault hit (${r.marksAtFault} marks)`);
  else assert.equal(r.marksAtFault, 0, `${what}: nothing was highlighted yet`);
  assert.deepEqual(r.same, [true, true], `${what}: articles restored`);
  assert.ok(r.identity, `${what}: the same text nodes`);
  assert.equal(r.leftovers, 0);
  assert.equal(r.sheets, 0);
  assert.equal(r.errors.length, 1, `${what}: one storylink:error, got ${JSON.stringify(r.errors)}`);
  for (const m of r.later) assert.match(m, /^storylink: stopped after an internal error/);
}

test('fault: a real wasm trap (memory exhausted) inside analyze() during link() leaves the page untouched', async () => {
  // The module's memory is grown to its 4 GiB maximum (so its allocator cannot grow it) and every
  // free block the allocator still has is taken, largest first (each failed try is itself a trap,
  // caught here). link() reads the articles, then the analysis asks for memory: Rust aborts, and
  // that WebAssembly trap comes out of analyze() before anything was highlighted.
  const { page, r } = await faultDuringLink(`
    const m = exports.memory;
    m.grow(65536 - m.buffer.byteLength / 65536);
    for (let size = 1 << 30; size >= 8;) {
      try { exports.__wbindgen_export(size, 1); } catch (_) { size >>= 1; }
    }
    window.marksAtFault = 0;
    return () => {};`);
  assert.match(r.thrown, /^RuntimeError: /);
  assertRestored(r, 'trap', { halfway: false });
  assert.match(r.errors[0], /unreachable|memory/i);
  await page.close();
});

test('fault: another script\'s patched DOM getter throws in the middle of highlighting', async () => {
  const { page, r } = await faultDuringLink(`
    const d = Object.getOwnPropertyDescriptor(CharacterData.prototype, 'length');
    // Throws once, on the first read after ten marks exist: in the middle of highlighting,
    // however many reads the highlighter makes.
    let thrown = false;
    Object.defineProperty(CharacterData.prototype, 'length', { configurable: true, get() {
      const marks = thrown ? 0 : document.querySelectorAll('mark').length;
      if (marks >= 10) { thrown = true; window.marksAtFault = marks; throw new Error('patched length'); }
      return d.get.call(this);
    } });
    return () => Object.defineProperty(CharacterData.prototype, 'length', d);`);
  assert.ok(r.thrown && !/^(TypeError|RangeError): storylink:/.test(r.thrown), r.thrown);
  assertRestored(r, 'foreign exception');
  await page.close();
});

test('fault: a trap inside a hover handler (not a call through the API) restores the page too', async () => {
  const page = await open('/?delay=40');
  await ready(page);
  const html = await page.evaluate(() => [...document.querySelectorAll('[data-storylink-article]')].map((a) => a.textContent));
  await page.evaluate(async () => {
    const mod = await import('./pkg/storylink.js');
    const exports = await mod.default();
    // The card's first render empties its box through Node.firstChild (a getter the widget
    // reads): there, once, exhaust the module's memory, a WebAssembly trap thrown into the
    // widget's pointer/timer handler.
    const d = Object.getOwnPropertyDescriptor(Node.prototype, 'firstChild');
    Object.defineProperty(Node.prototype, 'firstChild', { configurable: true, get() {
      if (this instanceof Element && this.classList.contains('card')) {
        Object.defineProperty(Node.prototype, 'firstChild', d);
        window.marksAtFault = document.querySelectorAll('mark').length;
        window.exhaust(exports);
      }
      return d.get.call(this);
    } });
  });
  await page.locator('[data-storylink-article="000"] mark[role="button"]').first().hover();
  await page.waitForFunction(() => window.slErrors.length > 0, null, { timeout: 5000 });
  const r = await page.evaluate(() => ({
    errors: window.slErrors, marksAtFault: window.marksAtFault,
    text: [...document.querySelectorAll('[data-storylink-article]')].map((a) => a.textContent),
    leftovers: document.querySelectorAll('mark, [data-storylink-ui]').length,
  }));
  assert.ok(r.marksAtFault > 10);
  assert.equal(r.leftovers, 0);
  assert.deepEqual(r.text, html);
  assert.equal(r.errors.length, 1);
  assert.ok(page.errors.some((e) => /RuntimeError/.test(e)), 'the trap itself is still reported to the console');
  await page.close();
});

// ---------------------------------------------------------------------------------------------
// Hostile pages.

test('SVG text, <template>, contenteditable, a same-origin iframe and an open shadow root', async () => {
  const page = await open('/fixtures/shapes.html');
  await ready(page);
  await page.waitForFunction(() => document.getElementById('frame').contentDocument?.querySelector('article'));
  const r = await page.evaluate(() => {
    const s = window.storylinkFixture;
    const shadowArt = s.shadow.getElementById('shadowed');
    const ents = (root) => [...root.querySelectorAll('mark[data-storylink-entity]')].map((m) => m.dataset.storylinkEntity);
    const frameDoc = document.getElementById('frame').contentDocument;
    const markStyle = getComputedStyle(shadowArt.querySelector('mark'));
    return {
      light: ents(document.getElementById('light')), shadow: ents(shadowArt),
      inSvg: document.querySelectorAll('#svg mark').length,
      inTemplate: document.getElementById('tpl').content.querySelectorAll('mark').length,
      inEditable: document.querySelectorAll('#editable mark').length,
      inFrame: frameDoc.querySelectorAll('mark').length,
      articles: s.handle.articles,
      shadowStyled: markStyle.backgroundColor !== 'rgba(0, 0, 0, 0)' || markStyle.textDecorationLine !== 'none',
      shadowSheets: s.shadow.adoptedStyleSheets.length,
    };
  });
  assert.deepEqual(r.articles, ['light', 'shadowed']);
  assert.ok(r.shadow.length > 0 && r.shadow.every((e) => r.light.includes(e)), 'shadow-root article linked with the light one');
  assert.deepEqual([r.inSvg, r.inTemplate, r.inEditable, r.inFrame], [0, 0, 0, 0], 'SVG, template, contenteditable, iframe untouched');
  assert.ok(r.shadowStyled, 'page sheet adopted into the shadow root');
  assert.equal(r.shadowSheets, 1);
  // Hover a mention inside the shadow root: the card opens.
  await page.locator('#shadow-host mark[role="button"]').first().hover();
  await page.waitForSelector(CARD, { state: 'visible', timeout: 3000 });
  await page.waitForTimeout(200);
  await shot(page, 'hostile-shapes-card.png');
  // Typing in the contenteditable does not disturb the widget (it is skipped and not watched).
  await page.evaluate(() => {
    const ed = document.getElementById('editable');
    ed.focus();
    getSelection().setPosition(ed.firstChild, ed.firstChild.length);
  });
  await page.keyboard.type(' Elena Ruiz.');
  const after = await page.evaluate(() => {
    const s = window.storylinkFixture;
    const light = document.getElementById('light').outerHTML;
    s.handle.destroy();
    s.handle.destroy();
    const html = (x) => x.outerHTML.replace(/ data-storylink-[\w-]+(="[^"]*")?/g, '');
    return {
      editable: document.getElementById('editable').textContent,
      leftovers: document.querySelectorAll('mark, [data-storylink-ui]').length + s.shadow.querySelectorAll('mark').length,
      shadowSheets: s.shadow.adoptedStyleSheets.length, docSheets: document.adoptedStyleSheets.length,
      had: /<mark/.test(light), html: html(document.getElementById('light')).length,
    };
  });
  assert.match(after.editable, /Greenline Energy\. Elena Ruiz\.$/);
  assert.deepEqual([after.leftovers, after.shadowSheets, after.docSheets], [0, 0, 0]);
  // The default selector does not reach into shadow roots or iframes.
  const dflt = await page.evaluate(async () => {
    const { link } = await import('../pkg/storylink.js');
    const h = link();
    const a = h.articles;
    h.destroy();
    return a;
  });
  assert.deepEqual(dflt, ['light']);
  await assertPrivate(page, OWN);
  assert.deepEqual(page.errors, []);
});

test('a table of 10,000 cells: linked, hover works, destroy restores it exactly', async () => {
  const page = await open('/fixtures/table.html');
  await ready(page);
  const r = await page.evaluate(() => {
    const s = window.storylinkFixture;
    const table = document.querySelector('[data-storylink-article="table"]');
    const marks = table.querySelectorAll('mark[data-storylink-entity]').length;
    const cells = table.querySelectorAll('td').length;
    const bad = [...table.querySelectorAll('td')].filter((td) => td.querySelectorAll('mark').length > 1).length;
    return { ms: s.ms, marks, cells, bad };
  });
  assert.equal(r.cells, 10000);
  assert.ok(r.marks >= 4000, `${r.marks} marks in the table`);
  assert.equal(r.bad, 0, 'no mention runs across cells');
  await page.locator('[data-storylink-article="table"] mark[role="button"]').nth(500).hover();
  await page.waitForSelector(CARD, { state: 'visible', timeout: 5000 });
  const same = await page.evaluate(async () => {
    const s = window.storylinkFixture;
    s.handle.destroy();
    const before = document.querySelector('[data-storylink-article="table"]').outerHTML;
    const { link } = await import('../pkg/storylink.js');
    const t0 = performance.now();
    const h = link({ mode: 'shared' });
    const ms = performance.now() - t0;
    h.destroy();
    return { same: document.querySelector('[data-storylink-article="table"]').outerHTML === before, ms };
  });
  assert.ok(same.same);
  console.log(`# 10,000-cell table: link() ${Math.round(r.ms)} ms, again ${Math.round(same.ms)} ms, ${r.marks} marks`);
  assert.deepEqual(page.errors, []);
});

test('a framework re-renders the article: the widget steps back at once, re-anchors, never duplicates text', async () => {
  const page = await open('/fixtures/rerender.html');
  await ready(page);
  const app = '[data-storylink-article="app"]';
  const marksIn = () => page.evaluate((app) => document.querySelectorAll(`${app} mark[data-storylink-entity]`).length, app);
  const n0 = await marksIn();
  assert.ok(n0 >= 2, `${n0} marks in the rendered article`);
  // 1. Replace the whole article with fresh nodes.
  const sync1 = await page.evaluate((app) => {
    window.framework.rerender();
    return new Promise((ok) => queueMicrotask(() => queueMicrotask(() => ok(document.querySelector(app).textContent === window.framework.expected()))));
  }, app);
  assert.ok(sync1, 'text exact right after the re-render');
  await page.waitForFunction(([app, n]) => document.querySelectorAll(`${app} mark[data-storylink-entity]`).length === n, [app, n0]);
  // 2. Patch a text node in place (the framework owns it; storylink had split it).
  const sync2 = await page.evaluate((app) => {
    window.framework.patch(0, 'Mayor Elena Ruiz said on Tuesday that the Harbor Authority would wait.');
    return new Promise((ok) => requestAnimationFrame(() => ok({
      text: document.querySelector(app).textContent, expected: window.framework.expected() })));
  }, app);
  assert.equal(sync2.text, sync2.expected, 'no stale copy of the old text before the next paint');
  await page.waitForFunction((app) => document.querySelectorAll(`${app} mark[data-storylink-entity]`).length > 0, app);
  assert.equal(await page.evaluate((app) => document.querySelector(app).textContent === window.framework.expected(), app), true);
  // The card still works on the re-anchored marks.
  await page.locator(`${app} mark[role="button"]`).first().hover();
  await page.waitForSelector(CARD, { state: 'visible', timeout: 3000 });
  // 3. A framework that never stops re-rendering: storylink steps back for good, text stays exact.
  const storm = await page.evaluate(async (app) => {
    const bad = [];
    for (let i = 0; i < 40; i++) {
      window.framework.rerender([`Elena Ruiz spoke ${i} times.`, 'Tomas Lindqvist of Greenline Energy listened.']);
      await new Promise((ok) => setTimeout(ok, 60));
      if (document.querySelector(app).textContent !== window.framework.expected()) bad.push(i);
    }
    await new Promise((ok) => setTimeout(ok, 600));
    return { bad, errors: window.slErrors, destroyed: window.storylinkFixture.handle.destroyed,
      marks: document.querySelectorAll('mark').length, ui: document.querySelectorAll('[data-storylink-ui]').length };
  }, app);
  assert.deepEqual(storm.bad, []);
  assert.equal(storm.errors.length, 1);
  assert.match(storm.errors[0], /keeps rewriting/);
  assert.ok(storm.destroyed);
  assert.deepEqual([storm.marks, storm.ui], [0, 0]);
  assert.deepEqual(page.errors, []);
});

test('link() twice, destroy() twice, 100 link/destroy cycles: no growth in nodes, listeners or memory', async () => {
  const page = await open('/?manual');
  await page.addInitScript(() => {});
  await page.evaluate(() => {
    // Count live listeners by wrapping add/removeEventListener (from here on).
    const live = new Map();
    const key = (t, type, f, o) => [type, typeof o === 'boolean' ? o : !!(o && o.capture)];
    const add = EventTarget.prototype.addEventListener;
    const remove = EventTarget.prototype.removeEventListener;
    let id = 0;
    const ids = new WeakMap();
    const k = (t, type, f, o) => {
      for (const x of [t, f]) if (!ids.has(x)) ids.set(x, ++id);
      return `${ids.get(t)}|${ids.get(f)}|${key(t, type, f, o).join('|')}`;
    };
    EventTarget.prototype.addEventListener = function (type, f, o) { if (f) live.set(k(this, type, f, o), 1); return add.call(this, type, f, o); };
    EventTarget.prototype.removeEventListener = function (type, f, o) { if (f) live.delete(k(this, type, f, o)); return remove.call(this, type, f, o); };
    window.liveListeners = () => live.size;
  });
  await page.waitForFunction(() => window.storylinkDemo);
  const cdp = await page.context().newCDPSession(page);
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  };
  const cycle = (n) => page.evaluate(async (n) => {
    const { link, default: init } = await import('./pkg/storylink.js');
    const exports = await init();
    for (let i = 0; i < n; i++) {
      const h = link({ mode: i % 2 ? 'all' : 'connected' });
      h.open(h.analysis.entities[i % h.analysis.entities.length].id);
      await new Promise((ok) => setTimeout(ok, 0));
      h.destroy();
    }
    await new Promise((ok) => setTimeout(ok, 0));
    const nodes = document.querySelectorAll('*').length;
    const texts = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    let t = 0;
    while (texts.nextNode()) t++;
    return { nodes, texts: t, listeners: window.liveListeners(), wasm: exports.memory.buffer.byteLength,
      sheets: document.adoptedStyleSheets.length, html: document.body.outerHTML.length };
  }, n);
  const twice = await page.evaluate(async () => {
    const { link } = await import('./pkg/storylink.js');
    const a = link({ mode: 'shared' });
    const n1 = document.querySelectorAll('mark').length;
    const b = link({ mode: 'shared' });
    const out = { n1, n2: document.querySelectorAll('mark').length, nested: document.querySelectorAll('mark mark').length, aDestroyed: a.destroyed };
    a.destroy(); b.destroy(); b.destroy(); a.destroy();
    out.after = document.querySelectorAll('mark').length;
    return out;
  });
  assert.equal(twice.n1, twice.n2);
  assert.equal(twice.nested, 0);
  assert.equal(twice.after, 0);
  const base = await cycle(5);
  const h0 = await heap();
  const s1 = await cycle(100);
  const h1 = await heap();
  const s2 = await cycle(100);
  const h2 = await heap();
  const s3 = await cycle(100);
  for (const k of ['nodes', 'texts', 'listeners', 'sheets', 'html']) {
    assert.equal(s1[k], base[k], `${k} after 100 cycles`);
    assert.equal(s2[k], base[k], `${k} after 200 cycles`);
  }
  assert.equal(s3.wasm, s2.wasm, 'wasm memory does not grow between the second and third hundred cycles');
  assert.ok(h2 - h0 < 2 * 1024 * 1024, `JS heap grew ${h2 - h0} bytes over 200 cycles (${h0} → ${h1} → ${h2})`);
  console.log(`# cycles: listeners ${base.listeners}, nodes ${base.nodes}, wasm ${s1.wasm} → ${s2.wasm} → ${s3.wasm} B, JS heap ${h0} → ${h1} → ${h2} B`);
  assert.deepEqual(page.errors, []);
});

// ---------------------------------------------------------------------------------------------
// Text that looks like markup, and page text that is not valid UTF-16.

test('article text that looks like HTML or script stays text in marks, cards, index and map; nothing runs', async () => {
  const page = await open('/fixtures/markup.html?delay=40');
  await ready(page);
  const r = await page.evaluate(async () => {
    const h = window.storylinkFixture.handle;
    const texts = [];
    const elements = new Set();
    const attrs = new Set();
    const collect = (root) => {
      texts.push(root.textContent);
      for (const el of root.querySelectorAll('*')) {
        elements.add(el.localName);
        for (const a of el.attributes) if (/^on/i.test(a.name) || /javascript:/i.test(a.value) && a.name === 'href') attrs.add(`${el.localName}[${a.name}]`);
      }
    };
    for (const e of h.analysis.entities) {
      if (!h.open(e.id)) continue;
      await new Promise((ok) => setTimeout(ok, 0));
      collect(document.querySelector('[data-storylink-card]').shadowRoot);
    }
    h.close();
    for (const host of document.querySelectorAll('[data-storylink-index-host], [data-storylink-map-host]')) collect(host.shadowRoot);
    await new Promise((ok) => setTimeout(ok, 300));
    return { all: texts.join('\n'), elements: [...elements].sort(), attrs: [...attrs], pwned: window.__pwned, alerts: window.alerts,
      marks: [...document.querySelectorAll('mark')].map((m) => m.textContent), imgs: document.querySelectorAll('img').length };
  });
  assert.equal(r.pwned, undefined, 'no payload ran');
  assert.equal(r.alerts, 0);
  assert.equal(r.imgs, 0, 'no <img> anywhere on the page');
  assert.deepEqual(r.attrs, [], 'no event-handler attributes or javascript: links in storylink UI');
  for (const el of r.elements) assert.ok(!['img', 'script', 'iframe', 'object', 'embed', 'a', 'style', 'link'].includes(el), `<${el}> in storylink UI`);
  for (const payload of ['<img src=x onerror=window.__pwned=2>', '</style><script>window.__pwned=3</script>', '<img src=x onerror=window.__pwned=4> Harbour </style>']) {
    assert.ok(r.all.includes(payload), `shown as text: ${payload}`);
  }
  assert.ok(r.marks.every((t) => !/[<>]/.test(t)), 'marks hold only the names');
  await page.locator('[data-storylink-article="m1"] mark[role="button"]').first().hover();
  await page.waitForSelector(CARD, { state: 'visible' });
  await page.waitForTimeout(200);
  await shot(page, 'markup-text-card.png');
  await assertPrivate(page, OWN);
  assert.deepEqual(page.errors, []);
});

test('init() accepts only http(s) URLs; page text with lone surrogates is restored exactly', async () => {
  const page = await open('/?manual');
  await page.waitForFunction(() => window.storylinkDemo);
  const r = await page.evaluate(async () => {
    const { default: init, link } = await import('./pkg/storylink.js');
    const urls = {};
    for (const u of ['javascript:alert(1)', 'data:application/wasm;base64,AGFzbQ==', 'blob:http://x/1', 'file:///etc/passwd']) {
      try { await init(u); urls[u] = 'accepted'; } catch (e) { urls[u] = `${e.constructor.name}: ${e.message}`; }
    }
    try { await init({ module_or_path: new URL('javascript:1') }); urls.object = 'accepted'; } catch (e) { urls.object = e.constructor.name; }
    // A text node with lone surrogates next to a shared name.
    const p = document.querySelector('[data-storylink-article="001"] p');
    const t = document.createTextNode('\uD800 Christopher Cash \uDC00 and Cai Qi\uD83D. ');
    p.prepend(t);
    const before = t.data;
    const h = link({ mode: 'all' });
    const marked = p.querySelectorAll('mark').length;
    h.destroy();
    return { urls, marked, same: t.data === before && p.firstChild === t };
  });
  for (const [u, got] of Object.entries(r.urls)) assert.match(got, /^TypeError/, `${u}: ${got}`);
  assert.ok(r.marked > 0);
  assert.ok(r.same, 'lone surrogates restored exactly');
  assert.deepEqual(page.errors, []);
});
