// Shared setup for the browser tests: a static server for www/ and headless Debian Chromium.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../../scripts/serve.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHOTS = join(ROOT, 'target', 'screenshots');
mkdirSync(SHOTS, { recursive: true });

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Starts the server and the browser; returns { base, browser, close }. */
export async function start() {
  const server = await serve(join(ROOT, 'www'), 0);
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ARGS });
  return {
    base,
    browser,
    async close() {
      await browser.close();
      await new Promise((ok) => server.close(ok));
    },
  };
}

/** A new page that records console errors and page errors in `page.errors`. */
export async function newPage(browser, opts = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...opts });
  const page = await context.newPage();
  page.errors = [];
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  page.on('pageerror', (e) => page.errors.push(String(e)));
  return page;
}

/** Waits until the widget highlighted something. */
export async function ready(page) {
  await page.waitForSelector('mark[data-storylink-entity]', { timeout: 15000 });
}

/** The card host, when it is on the page. */
export const CARD = '[data-storylink-card]';

/** Story ids listed in the open card. */
export function cardStories(page) {
  return page.evaluate(() => {
    const host = document.querySelector('[data-storylink-card]');
    if (!host || !host.shadowRoot) return null;
    return [...host.shadowRoot.querySelectorAll('[data-storylink-story]')].map((e) => e.getAttribute('data-storylink-story'));
  });
}

/** The first mention mark in article `article` whose text contains the word `text`. */
export function markFor(page, article, text) {
  return page.evaluateHandle(({ article, text }) => {
    const marks = document.querySelectorAll(`[data-storylink-article="${article}"] mark[data-storylink-entity]:not([data-storylink-part])`);
    const word = new RegExp(`(^|\\W)${text}(\\W|$)`);
    return [...marks].find((m) => word.test(m.textContent)) || null;
  }, { article, text });
}

export function shot(page, name) {
  return page.screenshot({ path: join(SHOTS, name) });
}

/** Hovers the highlighted `word` in `article` and waits for its card; returns the mark. */
export async function openByHover(page, article, word) {
  const mark = (await markFor(page, article, word)).asElement();
  assert.ok(mark, `a highlighted "${word}" in ${article}`);
  await mark.hover();
  await page.waitForSelector(CARD, { state: 'visible', timeout: 5000 });
  return mark;
}
