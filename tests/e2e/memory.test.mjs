// Memory (issue 6): wasm linear memory after analysing ~1 M characters stays within 8× the text's
// UTF-8 size, and later calls reuse it. Sizes, not times: the same on any machine.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, newPage } from './helpers.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

test('wasm memory after 1 M characters is at most 8× the text, and is reused', async () => {
  const page = await newPage(env.browser);
  await page.goto(`${env.base}/?manual`);
  await page.waitForFunction(() => window.storylinkDemo);
  const m = await page.evaluate(async () => {
    const sl = await import('./pkg/storylink.js');
    const w = await sl.default();
    const texts = [...document.querySelectorAll('[data-storylink-article]')].map((a) => a.textContent);
    const docs = [];
    let chars = 0;
    for (let i = 0; chars < 1_000_000; i++) {
      const text = texts[i % texts.length];
      docs.push({ id: `d${i}`, text });
      chars += text.length;
    }
    const bytes = docs.reduce((n, d) => n + new TextEncoder().encode(d.text).length, 0);
    const sizes = [w.memory.buffer.byteLength];
    for (let k = 0; k < 3; k++) {
      sl.analyze(docs);
      sizes.push(w.memory.buffer.byteLength);
    }
    return { bytes, sizes };
  });
  const [, first, ...later] = m.sizes;
  const ratio = first / m.bytes;
  assert.ok(ratio <= 8, `wasm memory ${(first / 2 ** 20).toFixed(2)} MiB is ${ratio.toFixed(2)}× the text`);
  for (const s of later) assert.equal(s, first, `grew on a later call: ${m.sizes.join(', ')}`);
  await page.context().close();
});
