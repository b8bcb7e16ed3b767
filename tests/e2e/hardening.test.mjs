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

function assertRestored(r, what) {
  assert.ok(r.marksAtFault > 0, `${what}: the page was half-highlighted when the fault hit (${r.marksAtFault} marks)`);
  assert.deepEqual(r.same, [true, true], `${what}: articles restored`);
  assert.ok(r.identity, `${what}: the same text nodes`);
  assert.equal(r.leftovers, 0);
  assert.equal(r.sheets, 0);
  assert.equal(r.errors.length, 1, `${what}: one storylink:error, got ${JSON.stringify(r.errors)}`);
  for (const m of r.later) assert.match(m, /^storylink: stopped after an internal error/);
}

test('fault: a real wasm trap (memory exhausted) in the middle of highlighting', async () => {
  // On the 40th read of a text node's length (a DOM getter the module calls directly), grow its
  // memory to the 4 GiB maximum and ask its allocator for 1 GiB: the allocation fails, Rust
  // aborts, and that WebAssembly trap unwinds through link() in the middle of highlighting.
  const { page, r } = await faultDuringLink(`
    const d = Object.getOwnPropertyDescriptor(CharacterData.prototype, 'length');
    let n = 0;
    Object.defineProperty(CharacterData.prototype, 'length', { configurable: true, get() {
      if (++n === 40) { window.marksAtFault = document.querySelectorAll('mark').length; window.exhaust(exports); }
      return d.get.call(this);
    } });
    return () => Object.defineProperty(CharacterData.prototype, 'length', d);`);
  assert.match(r.thrown, /^RuntimeError: /);
  assertRestored(r, 'trap');
  assert.match(r.errors[0], /unreachable|memory/i);
  await page.close();
});

test('fault: another script\'s patched DOM getter throws in the middle of highlighting', async () => {
  const { page, r } = await faultDuringLink(`
    const d = Object.getOwnPropertyDescriptor(CharacterData.prototype, 'length');
    let n = 0;
    Object.defineProperty(CharacterData.prototype, 'length', { configurable: true, get() {
      if (++n === 40) { window.marksAtFault = document.querySelectorAll('mark').length; throw new Error('patched length'); }
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
    // The card's first render empties its box through Node.firstChild (a getter the module calls
    // directly): there, once, exhaust the module's memory.
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
