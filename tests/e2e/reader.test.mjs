// Reader controls (issue 5, the remaining items): the one-click off switch persisted under one
// localStorage key, prefers-contrast: more, roles the articles state differently, and the entity
// index only where the page asks for it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { start, newPage, ready, markFor, openByHover, shot, CARD, ROOT } from './helpers.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

const AXE = join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
const INDEX = '[data-storylink-index-host]';

async function axe(page) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length}) ${v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(' | ')}`);
  });
}

/** Everything the page stores: cookies, localStorage entries, sessionStorage, IndexedDB, caches. */
function stored(page) {
  return page.evaluate(async () => ({
    cookie: document.cookie,
    local: Object.fromEntries(Object.keys(localStorage).map((k) => [k, localStorage.getItem(k)])),
    session: sessionStorage.length,
    idb: (await indexedDB.databases()).length,
    caches: (await caches.keys()).length,
  }));
}

const EMPTY = { cookie: '', local: {}, session: 0, idb: 0, caches: 0 };
const OFF = { ...EMPTY, local: { 'storylink:off': '1' } };

function inCard(page, src) {
  return page.evaluate((src) => {
    const root = document.querySelector('[data-storylink-card]')?.shadowRoot;
    return root ? new Function('root', src)(root) : null;
  }, src);
}

const marks = (page) => page.locator('mark[data-storylink-entity]').count();
/** The data-action of the element focused inside the index's shadow root. */
const indexFocus = (page) => page.evaluate(() =>
  document.querySelector('[data-storylink-index-host]')?.shadowRoot.activeElement?.getAttribute('data-action') ?? null);

// ---------------------------------------------------------------------------------------------
// 1. The off switch.

test('off switch: "Hide highlights" in the card writes only storylink:off; reload highlights nothing and offers "Show highlights", which clears it', async () => {
  const page = await newPage(env.browser);
  await page.goto(`${env.base}/?delay=40`);
  await ready(page);
  assert.deepEqual(await stored(page), EMPTY, 'nothing stored before the reader opts out');
  await openByHover(page, '000', 'Cash');
  const off = page.locator(`${CARD} button[data-action="off"]`);
  assert.equal(await off.textContent(), 'Hide highlights');
  await off.scrollIntoViewIfNeeded();
  await page.waitForTimeout(200);
  await shot(page, 'reader-card-hide.png');
  await off.click();
  await page.waitForSelector(CARD, { state: 'detached' });
  assert.equal(await marks(page), 0, 'every highlight removed');
  assert.equal(await page.locator('[data-storylink-map-host]').count(), 0, 'no map while off');
  assert.deepEqual(await stored(page), OFF, 'exactly one key written');
  assert.equal(await page.evaluate(() => window.storylinkDemo.handle.off), true);
  assert.equal(await indexFocus(page), 'on', 'focus lands on "Show highlights"');
  await page.waitForTimeout(200);
  await shot(page, 'reader-off.png');

  // Reload: the key is honoured, link() highlights nothing, the index offers to turn it back on.
  await page.reload();
  await page.waitForFunction(() => window.storylinkDemo?.handle);
  const on = page.locator(`${INDEX} button[data-action="on"]`);
  await on.waitFor();
  assert.equal(await on.textContent(), 'Show highlights');
  assert.equal(await marks(page), 0, 'nothing highlighted after reload');
  assert.equal(await page.evaluate(() => window.storylinkDemo.handle.off), true);
  assert.deepEqual(await axe(page), [], 'axe, off state');
  // Switching mode re-links: still off.
  await page.selectOption('#mode', 'all');
  assert.equal(await marks(page), 0);

  await on.click();
  await ready(page);
  assert.ok(await marks(page) > 10, 'highlights back');
  assert.deepEqual(await stored(page), EMPTY, 'the key is removed again');
  assert.equal(await page.evaluate(() => window.storylinkDemo.handle.off), false);
  assert.equal(await indexFocus(page), null, 'the "Show highlights" button is gone');
  assert.equal(await page.evaluate(() => document.activeElement?.hasAttribute('data-storylink-index-host')), true, 'focus stays in the index');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('off switch from the index by keyboard; handle.setOff(false) turns it back on', async () => {
  const page = await newPage(env.browser);
  await page.goto(`${env.base}/?delay=40`);
  await ready(page);
  await page.locator(`${INDEX} summary`).click();
  const off = page.locator(`${INDEX} button[data-action="off"]`);
  assert.equal(await off.textContent(), 'Hide highlights');
  await off.focus();
  await shot(page, 'reader-index-hide.png');
  await page.keyboard.press('Enter');
  await page.locator(`${INDEX} button[data-action="on"]`).waitFor();
  assert.equal(await marks(page), 0);
  assert.equal(await indexFocus(page), 'on');
  assert.deepEqual(await stored(page), OFF);
  await page.evaluate(() => window.storylinkDemo.handle.setOff(false));
  await ready(page);
  assert.deepEqual(await stored(page), EMPTY);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('off switch without an index container: the key set before load means no highlight and no UI; setOff(false) restores', async () => {
  const page = await newPage(env.browser);
  await page.addInitScript(() => localStorage.setItem('storylink:off', '1'));
  await page.goto(`${env.base}/fixtures/nested.html`);
  await page.waitForFunction(() => document.querySelector('script[data-storylink-auto]')?.storylink);
  assert.equal(await marks(page), 0);
  assert.equal(await page.locator('[data-storylink-ui]').count(), 0, 'no storylink UI at all');
  assert.equal(await page.evaluate(() => document.querySelector('script[data-storylink-auto]').storylink.off), true);
  await page.evaluate(() => document.querySelector('script[data-storylink-auto]').storylink.setOff(false));
  await ready(page);
  assert.deepEqual((await stored(page)).local, {});
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('off switch with storage that throws (sandboxed frame, storage disabled): links normally, hides for this page, no error', async () => {
  const page = await newPage(env.browser);
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', { configurable: true, get() { throw new DOMException('denied', 'SecurityError'); } });
  });
  await page.goto(`${env.base}/?delay=40`);
  await ready(page);
  await openByHover(page, '000', 'McCallum');
  await page.locator(`${CARD} button[data-action="off"]`).click();
  await page.locator(`${INDEX} button[data-action="on"]`).waitFor();
  assert.equal(await marks(page), 0);
  await page.locator(`${INDEX} button[data-action="on"]`).click();
  await ready(page);
  // Storage whose methods throw (quota, a browser's "block all cookies" setting).
  await page.evaluate(() => {
    Object.defineProperty(window, 'localStorage', { configurable: true, value: {
      getItem() { throw new Error('no'); }, setItem() { throw new Error('no'); }, removeItem() { throw new Error('no'); } } });
    window.storylinkDemo.handle.setOff(true);
  });
  assert.equal(await marks(page), 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

// ---------------------------------------------------------------------------------------------
// 2. prefers-contrast: more.

test('prefers-contrast: more: thicker underlines in the text colour, no pale backgrounds, full-strength card text', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const page = await newPage(env.browser, { contrast: 'more', colorScheme });
    await page.goto(`${env.base}/?delay=40`);
    await ready(page);
    assert.equal(await page.evaluate(() => matchMedia('(prefers-contrast: more)').matches), true);
    const kinds = await page.evaluate(() => ['shared', 'connected'].map((k) => {
      const s = getComputedStyle(document.querySelector(`mark[data-storylink-kind="${k}"]`));
      return { bg: s.backgroundColor, thick: s.textDecorationThickness, line: s.textDecorationColor, color: s.color, style: s.textDecorationStyle };
    }));
    for (const k of kinds) {
      assert.equal(k.bg, 'rgba(0, 0, 0, 0)', 'no background');
      assert.equal(k.thick, '3px');
      assert.equal(k.line, k.color, 'underline in the text colour');
    }
    assert.deepEqual(kinds.map((k) => k.style), ['solid', 'dashed'], 'the kinds still differ by line style');
    await page.locator(`${INDEX} summary`).click();
    await openByHover(page, '000', 'Berry');
    const card = await inCard(page, `const c = getComputedStyle(root.querySelector('.card'));
      return { fg: c.color, muted: getComputedStyle(root.querySelector('.quote')).color,
        border: c.borderTopColor, width: c.borderTopWidth,
        active: getComputedStyle(document.querySelector('mark[data-storylink-active]')).backgroundColor };`);
    assert.equal(card.muted, card.fg, 'no muted grey text');
    assert.equal(card.border, card.fg, 'border in the text colour');
    assert.equal(card.width, '2px');
    assert.equal(card.active, 'rgba(0, 0, 0, 0)', 'active mentions outlined, not tinted');
    await page.waitForTimeout(250);
    await shot(page, `contrast-more-${colorScheme}.png`);
    assert.deepEqual(await axe(page), [], `axe, contrast more, ${colorScheme}`);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  }
});

// ---------------------------------------------------------------------------------------------
// 3. Roles the articles state differently.

/** The card's roles section: label text, whether it flags a difference, and the role lines. */
const rolesOf = (page) => inCard(page, `const s = root.querySelector('.roles');
  return s && { label: s.querySelector('.label').textContent, differ: !!s.querySelector('.differ'),
    roles: [...s.querySelectorAll('li')].map((li) => li.textContent) };`);

test('conflicting roles: "articles differ" only when the roles share no content word', async () => {
  const page = await newPage(env.browser);
  await page.goto(`${env.base}/?delay=40`);
  await ready(page);
  // McCallum: "the Director-General of MI5", "head of MI5", "MI5 director general": compatible.
  await openByHover(page, '000', 'McCallum');
  const mc = await rolesOf(page);
  assert.equal(mc.roles.length, 3);
  assert.equal(mc.differ, false, mc.label);
  assert.equal(mc.label, 'Described as');
  await page.mouse.move(2, 2);
  await page.waitForSelector(CARD, { state: 'detached' });
  // Berry: "academic" in one story, "former parliamentary researchers" in the other.
  await openByHover(page, '000', 'Berry');
  const berry = await rolesOf(page);
  assert.equal(berry.differ, true);
  assert.equal(berry.label, 'Described as — ≠ articles differ');
  assert.deepEqual(page.errors, []);
  await page.context().close();

  const fx = await newPage(env.browser);
  await fx.goto(`${env.base}/fixtures/roles.html?delay=40`);
  await ready(fx);
  await openByHover(fx, 'r1', 'Whitfield');
  const dana = await rolesOf(fx);
  assert.equal(dana.differ, true);
  assert.deepEqual(dana.roles.map((r) => r.split(' — ')[0]), ['the chief executive of Northwind Holdings', 'a former minister']);
  // The note is text (read by screen readers), not colour or an icon alone.
  const name = await fx.evaluate(() => {
    const root = document.querySelector('[data-storylink-card]').shadowRoot;
    const n = root.querySelector('.differ');
    return [n.textContent, n.querySelector('[aria-hidden="true"]')?.textContent];
  });
  assert.deepEqual(name, ['≠ articles differ', '≠ ']);
  await fx.waitForTimeout(250);
  await shot(fx, 'roles-differ.png');
  assert.deepEqual(await axe(fx), []);
  assert.deepEqual(fx.errors, []);
  await fx.context().close();
});

// ---------------------------------------------------------------------------------------------
// 4. The entity index renders only where the page provides a container.

test('entity index only in a container the page provides ([data-storylink-index] or the index option)', async () => {
  // No container on the page: no index anywhere.
  const page = await newPage(env.browser);
  await page.goto(`${env.base}/fixtures/roles.html?delay=40`);
  await ready(page);
  assert.equal(await page.locator(INDEX).count(), 0);
  assert.equal(await page.locator('[data-storylink-ui]').count(), 0, 'no storylink UI until a card opens');
  // The index option: rendered inside the element it names, and nowhere else.
  const where = await page.evaluate(async () => {
    const box = document.createElement('div');
    box.id = 'here';
    document.querySelector('main').append(box);
    const { link } = await import('../pkg/storylink.js');
    window.storylinkFixture.handle = link({ mode: 'shared', index: '#here' });
    return [...document.querySelectorAll('[data-storylink-index-host]')].map((h) => h.parentElement.id);
  });
  assert.deepEqual(where, ['here']);
  await page.context().close();

  // The demo has a container; index: false leaves it empty.
  const demo = await newPage(env.browser);
  await demo.goto(`${env.base}/?manual`);
  await demo.waitForFunction(() => window.storylinkDemo);
  const counts = await demo.evaluate(async () => {
    const { link } = await import('./pkg/storylink.js');
    const h = link({ index: false });
    const a = document.querySelectorAll('[data-storylink-index-host]').length;
    h.destroy();
    const h2 = link();
    const b = [...document.querySelectorAll('[data-storylink-index-host]')].map((e) => e.parentElement.hasAttribute('data-storylink-index'));
    h2.destroy();
    return [a, b];
  });
  assert.deepEqual(counts, [0, [true]]);
  assert.deepEqual(demo.errors, []);
  await demo.context().close();
});
