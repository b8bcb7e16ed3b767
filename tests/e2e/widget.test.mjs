// The full widget on the demo page (issue 5): card content, navigation, modes, events, a11y.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { start, newPage, ready, cardStories, markFor, openByHover, shot, CARD, ROOT } from './helpers.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

const AXE = join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');

async function demo(opts = {}, query = '?delay=40') {
  const page = await newPage(env.browser, opts);
  await page.goto(`${env.base}/${query}`);
  if (query.includes('manual')) await page.waitForFunction(() => window.storylinkDemo);
  else await ready(page);
  return page;
}

/** Entity id by (part of) its name, from the live analysis. */
function entityId(page, name) {
  return page.evaluate((name) => {
    const e = window.storylinkDemo.handle.analysis.entities.find((e) => e.name.includes(name));
    return e ? e.id : null;
  }, name);
}

function inCard(page, fn, arg) {
  return page.evaluate(([src, arg]) => {
    const root = document.querySelector('[data-storylink-card]')?.shadowRoot;
    return root ? new Function('root', 'arg', src)(root, arg) : null;
  }, [fn, arg]);
}

test('Cash: both stories with the sentence of the first mention, roles, badge, why linked', async () => {
  const page = await demo();
  await openByHover(page, '000', 'Cash');
  const card = await inCard(page, `return {
    stories: [...root.querySelectorAll('[data-storylink-story]')].map((li) => ({
      id: li.dataset.storylinkStory, quote: li.querySelector('.quote')?.textContent || '' })),
    badge: root.querySelector('.chip.count')?.textContent,
    name: root.querySelector('.name')?.textContent,
    why: !!root.querySelector('details.why li'),
    nav: root.querySelector('.nav .pos')?.textContent,
  }`);
  assert.equal(card.name, 'Christopher Cash');
  assert.equal(card.badge, '2 articles');
  assert.deepEqual(card.stories.map((s) => s.id), ['000', '001']);
  for (const s of card.stories) assert.match(s.quote, /Cash/, `story ${s.id} quotes its sentence`);
  assert.ok(card.why, 'why-linked section');
  assert.match(card.nav, /^1 of \d+ · /);
  assert.deepEqual(page.errors, []);
});

test('Cai Qi: related Cash, Berry and McCallum', async () => {
  const page = await demo();
  await openByHover(page, '001', 'Cai');
  const ids = await Promise.all(['Cash', 'Berry', 'McCallum'].map((n) => entityId(page, n)));
  const related = await inCard(page, `return [...root.querySelectorAll('[data-storylink-related]')].map((e) => e.dataset.storylinkRelated)`);
  for (const id of ids) assert.ok(related.includes(id), `related ${id} in ${related}`);
  await page.waitForTimeout(300);
  await shot(page, 'desktop-card-caiqi.png');
  // Each related entity shows the sentence that links them, and opens its own card.
  await inCard(page, `root.querySelector('[data-storylink-related="' + arg + '"] button')?.click()`, ids[0]);
  await page.waitForFunction((id) => document.querySelector('[data-storylink-card]')?.shadowRoot
    .querySelector('.card')?.dataset.entity === id, ids[0]);
  assert.deepEqual(page.errors, []);
});

test('jump link scrolls to, focuses and marks the mention; prev/next walk across articles', async () => {
  const page = await demo();
  await openByHover(page, '000', 'McCallum');
  await inCard(page, `root.querySelector('[data-storylink-story="001"] [data-action="jump"]').click()`);
  await page.waitForFunction(() => document.activeElement?.closest?.('[data-storylink-article="001"]'));
  const active = await page.evaluate(() => ({
    flash: document.activeElement.hasAttribute('data-storylink-flash'),
    text: document.activeElement.textContent,
  }));
  assert.ok(active.flash, 'briefly marked');
  assert.match(active.text, /McCallum|Ken/);
  const pos1 = await inCard(page, `return root.querySelector('.nav .pos').textContent`);
  await inCard(page, `root.querySelector('[data-action="next"]').click()`);
  const pos2 = await inCard(page, `return root.querySelector('.nav .pos').textContent`);
  const n = (s) => Number(s.match(/^(\d+) of/)[1]);
  const total = Number(pos1.match(/of (\d+)/)[1]);
  assert.equal(n(pos2), (n(pos1) % total) + 1);
  await inCard(page, `root.querySelector('[data-action="prev"]').click()`);
  assert.equal(await inCard(page, `return root.querySelector('.nav .pos').textContent`), pos1);
  assert.deepEqual(page.errors, []);
});

test('copy link builds a text-fragment URL', async () => {
  const page = await demo();
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.base });
  await openByHover(page, '000', 'Berry');
  await inCard(page, `root.querySelector('[data-action="copy"]').click()`);
  await page.waitForFunction(() => /copied|http/i.test(document.querySelector('[data-storylink-card]').shadowRoot.querySelector('.status').textContent));
  const url = await inCard(page, `return root.querySelector('.card').dataset.link`);
  assert.match(url, /#:~:text=.*Berry/);
  assert.ok(!/[^%]-,.*-,/.test(url.split('#:~:text=')[1].replace(/-,/, '')), 'one prefix at most');
  const clip = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(clip, url);
});

test('keyboard only: every highlighted mention is reachable, each opens its card, Escape returns', async () => {
  const page = await demo({}, '');
  for (const article of ['000', '001']) {
    await page.locator(`[data-storylink-article="${article}"] mark[tabindex="0"]`).focus();
    await page.keyboard.press('Home');
    const total = await page.locator(`[data-storylink-article="${article}"] mark[role="button"]`).count();
    const seen = new Set();
    for (let i = 0; i < total; i++) {
      const [markEntity, cardEntity, tabStops] = await page.evaluate((a) => [
        document.activeElement.dataset.storylinkEntity,
        document.querySelector('[data-storylink-card]')?.shadowRoot.querySelector('.card').dataset.entity,
        document.querySelectorAll(`[data-storylink-article="${a}"] mark[tabindex="0"]`).length,
      ], article);
      assert.equal(cardEntity, markEntity, `card follows focus at mention ${i}`);
      assert.equal(tabStops, 1);
      seen.add(markEntity);
      await page.keyboard.press('ArrowRight');
    }
    assert.ok(seen.size > 3, `${seen.size} entities in ${article}`);
  }
  await page.keyboard.press('Escape');
  await page.waitForSelector(CARD, { state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement.tagName), 'MARK');
  // Tab leaves the article after one stop.
  await page.keyboard.press('Tab');
  assert.notEqual(await page.evaluate(() => document.activeElement.tagName), 'MARK');
  assert.deepEqual(page.errors, []);
});

test('modes and type filter', async () => {
  const page = await demo({}, '?manual');
  const r = await page.evaluate(async () => {
    const { link } = await import('./pkg/storylink.js');
    const kinds = () => [...new Set([...document.querySelectorAll('mark[data-storylink-kind]')].map((m) => m.dataset.storylinkKind))].sort();
    const out = {};
    for (const mode of ['shared', 'connected', 'all']) {
      const h = link({ mode });
      out[mode] = { kinds: kinds(), marks: document.querySelectorAll('mark[data-storylink-entity]').length };
      h.destroy();
    }
    const h = link({ mode: 'all', types: ['PERSON'] });
    const types = new Set([...document.querySelectorAll('mark[data-storylink-entity]')]
      .map((m) => h.analysis.entities.find((e) => e.id === m.dataset.storylinkEntity).type));
    out.types = [...types];
    h.destroy();
    let error = null;
    try { link({ mode: 'everything' }); } catch (e) { error = e.name + ': ' + e.message; }
    out.error = error;
    return out;
  });
  assert.deepEqual(r.shared.kinds, ['shared']);
  assert.ok(r.connected.kinds.includes('connected'));
  assert.ok(r.all.kinds.includes('single') || r.all.marks >= r.connected.marks);
  assert.ok(r.shared.marks < r.connected.marks && r.connected.marks <= r.all.marks);
  assert.deepEqual(r.types, ['PERSON']);
  assert.match(r.error, /^TypeError: .*mode/);
  assert.deepEqual(page.errors, []);
});

test('storylink:ready, storylink:open and storylink:close events', async () => {
  const page = await demo({}, '?manual&delay=40');
  const events = await page.evaluate(async () => {
    const { link } = await import('./pkg/storylink.js');
    const log = [];
    for (const n of ['ready', 'open', 'close']) document.addEventListener(`storylink:${n}`, (e) => log.push([n, e.detail]));
    const h = link({ mode: 'shared' });
    await new Promise((r) => setTimeout(r, 0));
    const id = h.analysis.entities.find((e) => e.documents.length >= 2).id;
    h.open(id);
    await new Promise((r) => setTimeout(r, 0));
    h.close();
    await new Promise((r) => setTimeout(r, 0));
    h.destroy();
    return log;
  });
  assert.deepEqual(events.map((e) => e[0]), ['ready', 'open', 'close']);
  assert.deepEqual(events[0][1].articles, ['000', '001']);
  assert.equal(events[1][1].trigger, 'api');
  assert.ok(events[1][1].name && events[1][1].type && events[1][1].article);
});

test('the card stays inside the viewport and follows its mention on scroll', async () => {
  const page = await demo({ viewport: { width: 900, height: 600 } });
  const marks = page.locator('[data-storylink-article="001"] mark[role="button"]');
  const n = await marks.count();
  for (const i of [0, Math.floor(n / 2), n - 1]) {
    const m = marks.nth(i);
    await m.scrollIntoViewIfNeeded();
    await m.focus();
    await page.waitForSelector(CARD, { state: 'visible' });
    await page.waitForTimeout(200);
    const box = await page.locator(`${CARD} .card`).boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 900 && box.y >= 0 && box.y + box.height <= 600,
      `mention ${i}: card at ${JSON.stringify(box)}`);
  }
  const before = await page.locator(`${CARD} .card`).boundingBox();
  const markBefore = await marks.nth(n - 1).boundingBox();
  await page.mouse.wheel(0, 40);
  await page.waitForTimeout(250);
  const after = await page.locator(`${CARD} .card`).boundingBox();
  const markAfter = await marks.nth(n - 1).boundingBox();
  const moved = markAfter.y - markBefore.y;
  if (Math.abs(moved) > 1) assert.ok(Math.abs((after.y - before.y) - moved) < 2 || after.y >= 0, 'card follows');
  assert.deepEqual(page.errors, []);
});

test('index and link map open cards', async () => {
  const page = await demo();
  const idx = page.locator('[data-storylink-index-host] summary');
  await idx.click();
  const id = await entityId(page, 'McCallum');
  await page.locator(`[data-storylink-index-host] button[data-entity="${id}"]`).click();
  await page.waitForSelector(CARD, { state: 'visible' });
  assert.equal(await inCard(page, `return root.querySelector('.card').dataset.entity`), id);
  await page.keyboard.press('Escape');
  await page.waitForSelector(CARD, { state: 'detached' });
  const node = page.locator(`[data-storylink-map-host] .node[data-entity="${id}"] circle`);
  await node.click();
  await page.waitForSelector(CARD, { state: 'visible' });
  assert.equal(await inCard(page, `return root.querySelector('.card').dataset.entity`), id);
  await page.waitForTimeout(300);
  await shot(page, 'desktop-index-map.png');
  assert.deepEqual(page.errors, []);
});

async function axe(page) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length}) ${v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(' | ')}`);
  });
}

test('axe-core: no violations with the card closed and open (light and dark)', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const page = await demo({ colorScheme });
    assert.deepEqual(await axe(page), [], `${colorScheme}, card closed`);
    await page.locator('[data-storylink-index-host] summary').click();
    await openByHover(page, '000', 'McCallum');
    await page.waitForTimeout(300);
    assert.deepEqual(await axe(page), [], `${colorScheme}, card open`);
  }
});

test('forced colours and reduced motion', async () => {
  const page = await demo({ forcedColors: 'active', reducedMotion: 'reduce' });
  await openByHover(page, '000', 'Cash');
  const anim = await inCard(page, `return getComputedStyle(root.querySelector('.card')).animationName`);
  assert.equal(anim, 'none');
  const deco = await page.evaluate(() => getComputedStyle(document.querySelector('mark[data-storylink-entity]')).textDecorationLine);
  assert.match(deco, /underline/);
  await page.waitForTimeout(200);
  await shot(page, 'forced-colors-card.png');
  assert.deepEqual(page.errors, []);
});

test('safe area: moving the pointer diagonally from the mention into the far side of the card keeps it open', async () => {
  const page = await demo();
  const mark = await openByHover(page, '000', 'Cash');
  const m = await mark.boundingBox();
  const c = await page.locator(`${CARD} .card`).boundingBox();
  await page.mouse.move(m.x + 2, m.y + m.height / 2);
  // To the card's opposite corner, crossing plain text on the way (20 steps).
  const tx = m.x > c.x + c.width / 2 ? c.x + 20 : c.x + c.width - 20;
  await page.mouse.move(tx, c.y + c.height - 20, { steps: 20 });
  await page.waitForTimeout(700);
  assert.equal(await page.locator(CARD).count(), 1, 'still open on the card');
  await page.mouse.move(2, 2);
  await page.waitForSelector(CARD, { state: 'detached', timeout: 3000 });
  assert.deepEqual(page.errors, []);
});
