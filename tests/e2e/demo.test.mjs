// The demo page in headless Chromium: the walking skeleton's promises (issue 3).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, newPage, ready, cardStories, markFor, shot, CARD } from './helpers.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

async function hoverOpens(page, article, word) {
  const mark = (await markFor(page, article, word)).asElement();
  assert.ok(mark, `a highlighted "${word}" in article ${article}`);
  await mark.hover();
  await page.waitForSelector(CARD, { state: 'visible', timeout: 5000 });
  return mark;
}

test('hovering the first "Cash" in story 000 opens a card listing both stories', async () => {
  const page = await newPage(env.browser);
  await page.goto(`${env.base}/?delay=60`);
  await ready(page);
  await hoverOpens(page, '000', 'Cash');
  assert.deepEqual(await cardStories(page), ['000', '001']);
  const text = await page.locator(`${CARD} .card`).innerText();
  assert.match(text, /Christopher Cash/);
  assert.match(text, /MI5 Chief Laments Failure to Prosecute China Spies/);
  assert.match(text, /Prince Andrew met Chinese official at centre of spy row/);
  await page.waitForTimeout(300);
  await shot(page, 'desktop-card-cash.png');
  // Moving away closes it after the grace period.
  await page.mouse.move(5, 5);
  await page.waitForSelector(CARD, { state: 'detached', timeout: 3000 });
  assert.deepEqual(page.errors, []);
});

test('page load in short tasks: link() runs after the task init() resolves in, then the highlights are there; ?manual does not link', async () => {
  const page = await newPage(env.browser);
  await page.addInitScript(() => {
    window.loadLog = [];
    const marks = () => document.querySelectorAll('mark[data-storylink-entity]').length;
    let demo;
    // The demo sets window.storylinkDemo once init() has resolved: log the marks then, and at
    // the end of that task (a microtask queued now runs before any later task).
    Object.defineProperty(window, 'storylinkDemo', { configurable: true, get: () => demo, set(v) {
      demo = v;
      window.loadLog.push(`init ${marks()}`);
      queueMicrotask(() => window.loadLog.push(`end of task ${marks()}`));
    } });
    document.addEventListener('storylink:ready', (e) => window.loadLog.push(`ready ${e.detail.highlighted > 0}`));
  });
  await page.goto(`${env.base}/`);
  await ready(page);
  await page.waitForFunction(() => window.storylinkDemo?.handle && window.loadLog.length >= 3);
  assert.deepEqual(await page.evaluate(() => window.loadLog), ['init 0', 'end of task 0', 'ready true']);
  // One tab stop per article, as ever.
  assert.deepEqual(await page.evaluate(() => [...document.querySelectorAll('[data-storylink-article]')]
    .map((a) => a.querySelectorAll('mark[tabindex="0"]').length)), [1, 1]);
  await page.goto(`${env.base}/?manual`);
  await page.waitForFunction(() => window.storylinkDemo);
  await page.waitForTimeout(1000);
  assert.deepEqual(await page.evaluate(() => [document.querySelectorAll('mark').length, window.storylinkDemo.handle, window.loadLog]),
    [0, null, ['init 0', 'end of task 0']]);
  assert.deepEqual(page.errors, []);
});

test('hovering "McCallum" in story 001 opens a card listing both stories', async () => {
  const page = await newPage(env.browser);
  await page.goto(`${env.base}/?delay=60`);
  await ready(page);
  await hoverOpens(page, '001', 'McCallum');
  assert.deepEqual(await cardStories(page), ['000', '001']);
  assert.deepEqual(page.errors, []);
});

test('the card waits for the hover delay and survives moving onto it', async () => {
  const page = await newPage(env.browser);
  await page.goto(`${env.base}/?delay=400`);
  await ready(page);
  const mark = (await markFor(page, '000', 'Cash')).asElement();
  await mark.hover();
  await page.waitForTimeout(150);
  assert.equal(await page.locator(CARD).count(), 0, 'not open before the delay');
  await page.waitForSelector(CARD, { state: 'visible', timeout: 3000 });
  const box = await page.locator(`${CARD} .card`).boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + 20, { steps: 4 });
  await page.waitForTimeout(600);
  assert.equal(await page.locator(CARD).count(), 1, 'still open while the pointer is on the card');
});

test('keyboard: focus opens the card, Escape closes it and focus stays on the mention', async () => {
  const page = await newPage(env.browser);
  await page.goto(`${env.base}/`);
  await ready(page);
  // One tab stop per article.
  const stops = await page.evaluate(() => [...document.querySelectorAll('[data-storylink-article]')]
    .map((a) => a.querySelectorAll('mark[tabindex="0"]').length));
  assert.deepEqual(stops, [1, 1]);
  const mark = page.locator('[data-storylink-article="000"] mark[tabindex="0"]');
  await mark.focus();
  await page.waitForSelector(CARD, { state: 'visible', timeout: 3000 });
  assert.equal(await mark.getAttribute('aria-expanded'), 'true');
  await page.keyboard.press('Escape');
  await page.waitForSelector(CARD, { state: 'detached', timeout: 3000 });
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('data-storylink-entity') !== null), true);
  assert.equal(await mark.getAttribute('aria-expanded'), 'false');
  // Enter opens it again and moves focus into the card; Escape returns focus to the mention.
  await page.keyboard.press('Enter');
  await page.waitForSelector(CARD, { state: 'visible' });
  assert.equal(await page.evaluate(() => document.activeElement.hasAttribute('data-storylink-card')), true);
  await page.keyboard.press('Escape');
  await page.waitForSelector(CARD, { state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement.tagName), 'MARK');
  // Arrow keys move between mentions (roving tab stop).
  await page.evaluate(() => { window.firstStop = document.activeElement; });
  await page.keyboard.press('ArrowRight');
  assert.ok(await page.evaluate(() => document.activeElement !== window.firstStop && document.activeElement.tagName === 'MARK'));
  assert.equal(await page.evaluate(() => window.firstStop.getAttribute('tabindex')), '-1');
  assert.equal(await page.locator('[data-storylink-article="000"] mark[tabindex="0"]').count(), 1);
  assert.deepEqual(page.errors, []);
});

test('destroy() restores the DOM exactly', async () => {
  const page = await newPage(env.browser);
  await page.goto(`${env.base}/?manual`);
  await page.waitForFunction(() => window.storylinkDemo);
  const result = await page.evaluate(async () => {
    const { link } = await import('./pkg/storylink.js');
    const arts = [...document.querySelectorAll('[data-storylink-article]')];
    const before = arts.map((a) => a.outerHTML);
    const paras = [...document.querySelectorAll('[data-storylink-article] p')];
    const texts = paras.map((p) => [...p.childNodes]);
    const sheets = document.adoptedStyleSheets.length;
    const bodyKids = document.body.childNodes.length;
    const handle = link({ articles: '[data-storylink-article]', mode: 'shared' });
    const marks = document.querySelectorAll('mark[data-storylink-entity]').length;
    handle.open(handle.analysis.entities.find((e) => e.documents.length >= 2).id);
    const opened = !!document.querySelector('[data-storylink-card]');
    handle.destroy();
    return {
      marks, opened,
      same: arts.map((a, i) => a.outerHTML === before[i]),
      identity: paras.every((p, i) => p.childNodes.length === texts[i].length && [...p.childNodes].every((n, j) => n === texts[i][j])),
      sheets: document.adoptedStyleSheets.length === sheets,
      body: document.body.childNodes.length === bodyKids,
      leftovers: document.querySelectorAll('[data-storylink-ui], mark[data-storylink-entity], [data-storylink-active]').length,
    };
  });
  assert.ok(result.marks > 10, `marks: ${result.marks}`);
  assert.ok(result.opened);
  assert.deepEqual(result.same, [true, true]);
  assert.ok(result.identity, 'same text nodes');
  assert.ok(result.sheets, 'stylesheet removed');
  assert.ok(result.body, 'card host removed');
  assert.equal(result.leftovers, 0);
  assert.deepEqual(page.errors, []);
});

test('375 px phone width: articles stack and the card stays on screen', async () => {
  const page = await newPage(env.browser, { viewport: { width: 375, height: 740 }, hasTouch: true, isMobile: true });
  await page.goto(`${env.base}/`);
  await ready(page);
  const widths = await page.evaluate(() => [...document.querySelectorAll('article')].map((a) => a.getBoundingClientRect().width));
  for (const w of widths) assert.ok(w <= 375, `article width ${w}`);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 375), 'no horizontal scroll');
  const mark = (await markFor(page, '000', 'McCallum')).asElement();
  await mark.scrollIntoViewIfNeeded();
  await mark.tap();
  await page.waitForSelector(CARD, { state: 'visible', timeout: 3000 });
  await page.waitForTimeout(300);
  const box = await page.locator(`${CARD} .card`).boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= 375, `card x ${box.x}..${box.x + box.width}`);
  assert.ok(box.y >= 0 && box.y + box.height <= 740, `card y ${box.y}..${box.y + box.height}`);
  assert.deepEqual(await cardStories(page), ['000', '001']);
  await shot(page, 'mobile-375-card.png');
  // A visible close button closes it on touch.
  await page.locator(`${CARD} [data-action="close"]`).tap();
  await page.waitForSelector(CARD, { state: 'detached', timeout: 3000 });
  assert.deepEqual(page.errors, []);
});

test('dark mode renders a dark card', async () => {
  const page = await newPage(env.browser, { colorScheme: 'dark' });
  await page.goto(`${env.base}/?delay=60`);
  await ready(page);
  await hoverOpens(page, '001', 'Berry');
  await page.waitForTimeout(300);
  const bg = await page.locator(`${CARD} .card`).evaluate((c) => getComputedStyle(c).backgroundColor);
  const [r, g, b] = bg.match(/\d+/g).map(Number);
  assert.ok(r + g + b < 150, `dark card background, got ${bg}`);
  await shot(page, 'dark-card.png');
  assert.deepEqual(page.errors, []);
});
