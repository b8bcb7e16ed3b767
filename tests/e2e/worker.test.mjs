// The analysis in a Web Worker (issue 6, page cost): analyzeInWorker() gives what analyze() gives,
// linkAsync() marks the page exactly as link() does, and falls back to the page's thread where no
// worker may run (a strict Trusted Types policy).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, newPage, ready } from './helpers.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

async function fixture(path) {
  const page = await newPage(env.browser);
  await page.goto(`${env.base}/${path}`);
  await page.waitForFunction(() => window.storylinkFixture);
  return page;
}

test('analyzeInWorker() resolves to what analyze() returns; bad input rejects with a TypeError', async () => {
  const page = await fixture('fixtures/ten.html?manual');
  const out = await page.evaluate(async () => {
    const sl = await import('../pkg/storylink.js');
    const docs = [...document.querySelectorAll('[data-storylink-article]')].map((a, i) => ({ id: `d${i}`, text: a.textContent }));
    const here = sl.analyze(docs);
    const there = await sl.analyzeInWorker(docs);
    const again = await sl.analyzeInWorker(docs.slice(0, 2));
    let bad = null;
    try {
      await sl.analyzeInWorker([{ id: 'x', text: 42 }]);
    } catch (e) {
      bad = [e.name, e.message];
    }
    let clone = null;
    try {
      await sl.analyzeInWorker([{ id: 'x', text: 'a', f: () => 1 }]);
    } catch (e) {
      clone = [e.name, e.message];
    }
    const worker = performance.getEntriesByType('resource').some((r) => r.name.endsWith('/storylink.worker.js'));
    sl.stopWorker();
    return { same: JSON.stringify(here) === JSON.stringify(there), entities: there.entities.length, twoDocs: again.documents.length, bad, clone, worker };
  });
  assert.equal(out.same, true);
  assert.ok(out.entities > 10);
  assert.equal(out.twoDocs, 2);
  assert.equal(out.bad[0], 'TypeError');
  assert.match(out.bad[1], /^storylink: documents\[0\]\.text must be a string/);
  assert.equal(out.clone[0], 'TypeError');
  assert.match(out.clone[1], /^storylink: analyzeInWorker\(\) takes plain/);
  assert.equal(out.worker, true, 'the worker script was loaded');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

/** The page's markup with storylink's marks, as text (read-only). */
const markup = (page) => page.evaluate(() => new XMLSerializer().serializeToString(document.querySelector('main')));

test('linkAsync() marks the page as link() does; destroy() restores it', async () => {
  const page = await fixture('fixtures/long.html?manual');
  const before = await markup(page);
  await page.evaluate(async () => {
    const sl = await import('../pkg/storylink.js');
    window.h = sl.link({ mode: 'all' });
  });
  const sync = await markup(page);
  await page.evaluate(() => window.h.destroy());
  assert.equal(await markup(page), before);
  const info = await page.evaluate(async () => {
    const sl = await import('../pkg/storylink.js');
    window.h = await sl.linkAsync({ mode: 'all' });
    return { marks: document.querySelectorAll('mark[data-storylink-entity]').length, entities: window.h.analysis.entities.length };
  });
  assert.ok(info.marks > 20, `${info.marks} marks`);
  assert.equal(await markup(page), sync, 'the same marks as link()');
  await page.evaluate(() => window.h.destroy());
  assert.equal(await markup(page), before);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('linkAsync() on text changed while the worker ran, and where no worker may start', async () => {
  const page = await fixture('fixtures/ten.html?manual');
  const changed = await page.evaluate(async () => {
    const sl = await import('../pkg/storylink.js');
    const p = sl.linkAsync({ mode: 'all' });
    // the page changes before the analysis comes back: linked as it is now
    const first = document.querySelector('[data-storylink-article] p');
    first.append(' Angela Merkel met Emmanuel Macron in Lyon.');
    const h = await p;
    const names = [...document.querySelectorAll('mark[data-storylink-entity]')].map((m) => m.textContent);
    h.destroy();
    return names.includes('Emmanuel Macron');
  });
  assert.equal(changed, true);
  await page.context().close();

  // the strict page's Trusted Types policy allows no script URL, so no worker: linked here
  const strict = await newPage(env.browser);
  await strict.goto(`${env.base}/csp/fixtures/ten.html?manual`);
  await strict.waitForFunction(() => window.storylinkFixture);
  const n = await strict.evaluate(async () => {
    const sl = await import('../pkg/storylink.js');
    const h = await sl.linkAsync({ mode: 'shared' });
    return h.analysis.entities.length;
  });
  assert.ok(n > 10);
  await ready(strict);
  await strict.context().close();
});

test('the auto-init script analyses a long page in a worker', async () => {
  const page = await newPage(env.browser);
  await page.goto(`${env.base}/fixtures/big.html`);
  await page.waitForFunction(() => document.querySelector('script[data-storylink-auto]')?.storylink, null, { timeout: 20000 });
  const info = await page.evaluate(() => ({
    chars: [...document.querySelectorAll('[data-storylink-article]')].reduce((n, a) => n + a.textContent.length, 0),
    articles: document.querySelector('script[data-storylink-auto]').storylink.articles.length,
    marks: document.querySelectorAll('mark[data-storylink-entity]').length,
    worker: performance.getEntriesByType('resource').some((r) => r.name.endsWith('/storylink.worker.js')),
  }));
  assert.ok(info.chars > 150000, `${info.chars} characters`);
  assert.equal(info.articles, 180);
  assert.ok(info.marks > 100, `${info.marks} marks`);
  assert.equal(info.worker, true);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('under strict CSP with Trusted Types, the worker starts when the page allows the "storylink" policy', async () => {
  const page = await newPage(env.browser);
  await page.goto(`${env.base}/csp-tt/fixtures/ten.html?manual`);
  await page.waitForFunction(() => window.storylinkFixture);
  const out = await page.evaluate(async () => {
    const sl = await import('../pkg/storylink.js');
    const h = await sl.linkAsync({ mode: 'shared' });
    return {
      marks: document.querySelectorAll('mark[data-storylink-entity]').length,
      worker: performance.getEntriesByType('resource').some((r) => r.name.endsWith('/storylink.worker.js')),
      entities: h.analysis.entities.length,
    };
  });
  assert.ok(out.marks > 0 && out.entities > 10);
  assert.equal(out.worker, true);
  // (the fixture's `data:` favicon is the page's own violation of this policy)
  assert.deepEqual(page.errors.filter((e) => !e.includes("image 'data:,'")), []);
  await page.context().close();
});
