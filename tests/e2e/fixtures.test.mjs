// Fixture pages of different shapes (www/fixtures/): nested markup with auto-initialisation,
// one long article, ten short articles, and a page with hostile CSS.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, newPage, ready, shot, CARD } from './helpers.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

test('nested markup: auto-init from data attributes, spans across inline elements, skipped parts, exact destroy', async () => {
  const page = await newPage(env.browser);
  await page.goto(`${env.base}/fixtures/nested.html`);
  await ready(page);
  const r = await page.evaluate(() => {
    const marks = [...document.querySelectorAll('mark[data-storylink-entity]')];
    const inside = (sel) => marks.filter((m) => m.closest(sel)).length;
    const byEntity = {};
    for (const m of marks) (byEntity[m.dataset.storylinkEntity] ||= []).push(m.textContent);
    return {
      kinds: [...new Set(marks.map((m) => m.dataset.storylinkKind))],
      parts: marks.filter((m) => m.hasAttribute('data-storylink-part')).length,
      skipped: ['.byline', 'figure', 'script', '[contenteditable]', 'noscript', 'textarea', '.comments'].map(inside),
      inLinks: marks.filter((m) => m.closest('a')).map((m) => m.getAttribute('role')),
      texts: Object.values(byEntity).map((t) => t.join('')),
    };
  });
  assert.deepEqual(r.kinds, ['shared'], 'data-storylink-mode="shared" was read');
  assert.ok(r.parts > 0, 'a mention split across inline elements');
  assert.deepEqual(r.skipped, [0, 0, 0, 0, 0, 0, 0]);
  assert.ok(r.inLinks.every((role) => role === null), 'no nested interactive role inside links');
  assert.ok(r.texts.some((t) => /Ruiz/.test(t)), JSON.stringify(r.texts));
  // Hover opens the card (hover delay from data-storylink-hover-delay).
  await page.locator('mark[data-storylink-entity]').first().hover();
  await page.waitForSelector(CARD, { state: 'visible', timeout: 3000 });
  // destroy() through the handle the auto-init left on its script element.
  const same = await page.evaluate(async () => {
    const script = document.querySelector('script[data-storylink-auto]');
    const h = script.storylink;
    h.destroy();
    const { link } = await import('../pkg/storylink.js');
    const arts = [...document.querySelectorAll('article')];
    const before = arts.map((a) => a.outerHTML);
    const h2 = link({ mode: 'all' });
    const marked = document.querySelectorAll('mark').length;
    h2.destroy();
    return { marked, same: arts.every((a, i) => a.outerHTML === before[i]) };
  });
  assert.ok(same.marked > 0);
  assert.ok(same.same);
  assert.deepEqual(page.errors, []);
});

/**
 * Every mark's attributes, checked against what they must be: each mention's marks share its
 * number (`data-storylink-mention`, 0.. in page order), its first mark is a button that opens a
 * dialog unless it sits in something interactive (then no keyboard stop, no role), the others are
 * parts; one `tabindex="0"` per article; attributes in this order.
 */
function markAttributes(page) {
  return page.evaluate(() => {
    const bad = [];
    const interactive = 'a, button, label, summary, [role=button], [role=link], [tabindex]:not(mark)';
    let next = 0;
    const stops = [];
    for (const art of document.querySelectorAll('[data-storylink-article]')) {
      let zero = 0;
      for (const m of art.querySelectorAll('mark[data-storylink-entity]')) {
        const names = [...m.attributes].map((a) => a.name);
        const part = m.hasAttribute('data-storylink-part');
        const n = Number(m.getAttribute('data-storylink-mention'));
        if (!part) {
          if (n !== next) bad.push(`mention ${n}, expected ${next}`);
          next = n + 1;
        } else if (n !== next - 1) bad.push(`part of mention ${n} after ${next - 1}`);
        const button = !part && !m.parentElement.closest(interactive);
        const want = ['data-storylink-entity', 'data-storylink-kind', ...(part ? ['data-storylink-part'] : []), 'data-storylink-mention',
          ...(button ? ['tabindex', 'role', 'aria-haspopup', 'aria-expanded'] : [])];
        if (names.join() !== want.join()) bad.push(`${m.textContent}: ${names.join()}`);
        if (button) {
          const [t, r, h, e] = ['tabindex', 'role', 'aria-haspopup', 'aria-expanded'].map((a) => m.getAttribute(a));
          if (!['0', '-1'].includes(t) || r !== 'button' || h !== 'dialog' || e !== 'false') bad.push(`${m.textContent}: ${t} ${r} ${h} ${e}`);
          if (t === '0') zero++;
        }
      }
      stops.push(zero);
    }
    return { bad, stops, mentions: next, parts: document.querySelectorAll('mark[data-storylink-part]').length };
  });
}

test('mark attributes: mention numbers, one keyboard stop per article, button attributes only outside interactive elements', async () => {
  const page = await newPage(env.browser);
  await page.goto(`${env.base}/fixtures/nested.html`);
  await ready(page);
  const nested = await markAttributes(page);
  assert.deepEqual(nested.bad, []);
  assert.deepEqual(nested.stops, [1, 1]);
  assert.ok(nested.parts > 0 && nested.mentions > 5, JSON.stringify(nested));
  await page.goto(`${env.base}/?manual`);
  await page.waitForFunction(() => window.storylinkDemo);
  for (const mode of ['all', 'shared', 'connected']) {
    await page.evaluate(async (mode) => {
      const { link } = await import('./pkg/storylink.js');
      window.storylinkDemo.handle?.destroy();
      window.storylinkDemo.handle = link({ mode });
    }, mode);
    const demo = await markAttributes(page);
    assert.deepEqual(demo.bad, [], mode);
    assert.deepEqual(demo.stops, [1, 1], mode);
    assert.equal(demo.mentions, await page.evaluate(() => window.storylinkDemo.handle.analysis.documents
      .reduce((n, d) => n + d.mentions.filter((m) => document.querySelector(`mark[data-storylink-entity="${m.entity}"]`)).length, 0)), mode);
  }
  assert.deepEqual(page.errors, []);
});

test('one long article: a card near the end stays in the viewport', async () => {
  const page = await newPage(env.browser, { viewport: { width: 1000, height: 700 } });
  await page.goto(`${env.base}/fixtures/long.html?delay=40`);
  await ready(page);
  const marks = page.locator('[data-storylink-article="long"] mark[role="button"]');
  const n = await marks.count();
  assert.ok(n > 150, `${n} mentions`);
  const last = marks.nth(n - 1);
  await last.scrollIntoViewIfNeeded();
  await last.hover();
  await page.waitForSelector(CARD, { state: 'visible', timeout: 3000 });
  await page.waitForTimeout(200);
  const box = await page.locator(`${CARD} .card`).boundingBox();
  assert.ok(box.y >= 0 && box.y + box.height <= 700 && box.x + box.width <= 1000, JSON.stringify(box));
  await shot(page, 'long-article-card.png');
  assert.deepEqual(page.errors, []);
});

test('ten short articles: cards list every article that mentions the entity', async () => {
  const page = await newPage(env.browser);
  await page.goto(`${env.base}/fixtures/ten.html?delay=40`);
  await ready(page);
  const r = await page.evaluate(() => {
    const h = window.storylinkFixture.handle;
    const e = h.analysis.entities.filter((e) => e.documents.length >= 2).sort((a, b) => b.documents.length - a.documents.length)[0];
    h.open(e.id);
    const root = document.querySelector('[data-storylink-card]').shadowRoot;
    return { articles: h.articles.length, docs: e.documents, listed: [...root.querySelectorAll('[data-storylink-story]')].map((x) => x.dataset.storylinkStory) };
  });
  assert.equal(r.articles, 10);
  assert.ok(r.docs.length >= 3);
  assert.deepEqual(r.listed, r.docs);
  await page.waitForTimeout(200);
  await shot(page, 'ten-articles-card.png');
  assert.deepEqual(page.errors, []);
});

test('hostile CSS: the card is still readable', async () => {
  const page = await newPage(env.browser);
  await page.goto(`${env.base}/fixtures/hostile.html?delay=40`);
  await ready(page);
  await page.evaluate(() => {
    const h = window.storylinkFixture.handle;
    h.open(h.analysis.entities.find((e) => e.documents.length >= 2).id);
  });
  await page.waitForSelector(CARD, { state: 'visible' });
  await page.waitForTimeout(200);
  const s = await page.evaluate(() => {
    const host = document.querySelector('[data-storylink-card]');
    const card = host.shadowRoot.querySelector('.card');
    const name = host.shadowRoot.querySelector('.name');
    const cs = getComputedStyle(card);
    const ns = getComputedStyle(name);
    const box = card.getBoundingClientRect();
    return { bg: cs.backgroundColor, fg: ns.color, size: ns.fontSize, transform: ns.textTransform, w: box.width, h: box.height,
      position: getComputedStyle(host).position, stories: host.shadowRoot.querySelectorAll('[data-storylink-story]').length };
  });
  assert.equal(s.position, 'fixed');
  assert.ok(s.w > 250 && s.h > 100, `card size ${s.w}x${s.h}`);
  assert.notEqual(s.bg, 'rgb(255, 0, 255)');
  assert.notEqual(s.fg, 'rgb(0, 255, 0)');
  assert.notEqual(s.transform, 'uppercase');
  assert.ok(parseFloat(s.size) >= 14);
  assert.equal(s.stories, 2);
  await shot(page, 'hostile-css-card.png');
  assert.deepEqual(page.errors, []);
});

test('strict Content-Security-Policy and Trusted Types: no violations, everything works', async () => {
  const page = await newPage(env.browser);
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const requests = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  const resp = await page.goto(`${env.base}/csp/?delay=40`);
  assert.match(resp.headers()['content-security-policy'], /require-trusted-types-for/);
  await ready(page);
  const mark = page.locator('[data-storylink-article="000"] mark[role="button"]').first();
  await mark.hover();
  await page.waitForSelector(CARD, { state: 'visible', timeout: 3000 });
  const bg = await page.evaluate(() => getComputedStyle(document.querySelector('[data-storylink-card]').shadowRoot.querySelector('.card')).backgroundColor);
  assert.notEqual(bg, 'rgba(0, 0, 0, 0)', 'constructable stylesheets applied');
  const entity = () => page.evaluate(() => document.querySelector('[data-storylink-card]')?.shadowRoot.querySelector('.card').dataset.entity);
  // Keyboard: focus, arrows move the card, Enter moves focus into it, Escape returns.
  await page.mouse.move(5, 5);
  await page.waitForSelector(CARD, { state: 'detached', timeout: 3000 });
  await page.locator('[data-storylink-article="001"] mark[tabindex="0"]').focus();
  await page.waitForSelector(CARD, { state: 'visible' });
  const first = await entity();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.hasAttribute('data-storylink-card')), true);
  await page.keyboard.press('Escape');
  await page.waitForSelector(CARD, { state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement.tagName), 'MARK');
  assert.ok(first);
  // Index and map.
  await page.locator('[data-storylink-index-host] summary').click();
  await page.locator('[data-storylink-index-host] button[data-entity]').first().click();
  await page.waitForSelector(CARD, { state: 'visible' });
  await page.keyboard.press('Escape');
  await page.waitForSelector(CARD, { state: 'detached' });
  await page.locator('[data-storylink-map-host] .node circle').first().click();
  await page.waitForSelector(CARD, { state: 'visible' });
  // Copy link (clipboard) under the policy.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.base });
  await page.evaluate(() => document.querySelector('[data-storylink-card]').shadowRoot.querySelector('[data-action="copy"]').click());
  await page.waitForFunction(() => /copied|http/i.test(document.querySelector('[data-storylink-card]').shadowRoot.querySelector('.status').textContent));
  await page.waitForTimeout(200);
  await shot(page, 'csp-map-card.png');
  assert.deepEqual(await page.evaluate(() => window.cspViolations), []);
  // Privacy: only the page's own files were requested; nothing stored.
  for (const p of requests) assert.match(p, /^\/csp\/(|index\.html|style\.css|demo\.js|favicon\.svg|pkg\/storylink(_wasm)?\.js|pkg\/storylink_wasm_bg\.wasm)$/, p);
  assert.deepEqual(await page.evaluate(async () => [document.cookie, localStorage.length, sessionStorage.length,
    (await indexedDB.databases()).length, (await caches.keys()).length]), ['', 0, 0, 0, 0]);
  assert.deepEqual(page.errors, []);
});

test('link() twice replaces the first; 50 link/destroy cycles leave nothing behind', async () => {
  const page = await newPage(env.browser);
  await page.goto(`${env.base}/?manual`);
  await page.waitForFunction(() => window.storylinkDemo);
  const r = await page.evaluate(async () => {
    const { link } = await import('./pkg/storylink.js');
    const html = document.body.outerHTML;
    const a = link({ mode: 'shared' });
    const n1 = document.querySelectorAll('mark').length;
    const b = link({ mode: 'shared' });
    const n2 = document.querySelectorAll('mark').length;
    const nested = document.querySelectorAll('mark mark').length;
    a.destroy();
    b.destroy();
    b.destroy();
    for (let i = 0; i < 50; i++) {
      const h = link({ mode: i % 2 ? 'all' : 'connected' });
      h.open(h.analysis.entities[i % h.analysis.entities.length].id);
      h.destroy();
    }
    return { n1, n2, nested, same: document.body.outerHTML === html, sheets: document.adoptedStyleSheets.length };
  });
  assert.equal(r.n1, r.n2);
  assert.equal(r.nested, 0);
  assert.ok(r.same, 'page restored');
  assert.equal(r.sheets, 0);
  assert.deepEqual(page.errors, []);
});
