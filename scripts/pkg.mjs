// Finishes pkg/ after `wasm-pack build --target web --out-name storylink_wasm`: adds our entry
// (src/js/storylink.js + .d.ts), writes package.json around it, and mirrors pkg/ into www/pkg/
// for the demo and the browser tests.
import { copyFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = join(root, 'pkg');
for (const f of ['storylink.js', 'storylink.d.ts']) copyFileSync(join(root, 'src/js', f), join(pkg, f));

// The generated low-level InitOutput signatures use `any`; the public types promise none.
const glue = join(pkg, 'storylink_wasm.d.ts');
writeFileSync(glue, readFileSync(glue, 'utf8').replace(/\bany\b/g, 'unknown'));

const cargo = readFileSync(join(root, 'Cargo.toml'), 'utf8');
const field = (k) => (cargo.match(new RegExp(`^${k} = "(.*)"`, 'm')) || [])[1];
const manifest = {
  name: 'storylink',
  version: field('version'),
  description: field('description'),
  license: field('license'),
  type: 'module',
  main: 'storylink.js',
  module: 'storylink.js',
  types: 'storylink.d.ts',
  exports: { '.': { types: './storylink.d.ts', default: './storylink.js' }, './storylink_wasm_bg.wasm': './storylink_wasm_bg.wasm' },
  files: ['storylink.js', 'storylink.d.ts', 'storylink_wasm.js', 'storylink_wasm.d.ts', 'storylink_wasm_bg.wasm', 'storylink_wasm_bg.wasm.d.ts'],
  sideEffects: ['./storylink.js'],
  keywords: ['entities', 'news', 'hover card', 'webassembly'],
};
writeFileSync(join(pkg, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
rmSync(join(pkg, '.gitignore'), { force: true });

const site = join(root, 'www/pkg');
rmSync(site, { recursive: true, force: true });
mkdirSync(site, { recursive: true });
cpSync(pkg, site, { recursive: true });
