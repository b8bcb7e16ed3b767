// Finishes pkg/ after `wasm-pack build --target web --out-name storylink_wasm`: bundles our entry
// (src/js/storylink.js and the page layer src/js/dom/*.js) into one pkg/storylink.js, minifies it
// and the wasm-bindgen glue with terser, adds the hand-written types (src/js/storylink.d.ts),
// writes package.json around it, and mirrors pkg/ into www/pkg/ for the demo and the browser tests.
//
// The bundle is a plain concatenation: the dom modules in dependency order with their
// `import … from './…'` lines and `export` keywords removed, then the entry. Top-level names
// must therefore be unique across src/js (a clash is a SyntaxError here, at build time).
//
//   node scripts/pkg.mjs [--no-minify]
import { copyFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { minify } from 'terser';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = join(root, 'pkg');
const js = join(root, 'src/js');
const DOM = ['style.js', 'text.js', 'card.js', 'index.js', 'widget.js'];

const local = /^import [^;]*from '\.\/(dom\/[\w-]+|style|text|card|index|widget)\.js';\n/gm;
const read = (f) => {
  const src = readFileSync(join(js, f), 'utf8');
  // Imports are erased, so a renaming import (`a as b`) would leave `b` undefined.
  if (/^import \{[^}]* as [^}]*\} from '\.\/(dom\/)?[\w-]+\.js'/m.test(src)) throw new Error(`pkg: ${f}: no 'as' in local imports`);
  return src;
};
// The stylesheets are template literals in dom/style.js: collapse their whitespace (comments
// and indentation) when minifying; spaces before ':' stay (`a :focus` is not `a:focus`).
const minifyCss = (css) => css.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\s+/g, ' ').replace(/\s*([{};,>])\s*/g, '$1').replace(/:\s+/g, ':').trim();
const styled = (f, src) => (f === 'style.js' && !process.argv.includes('--no-minify') ? src.replace(/`([^`$]*)`/g, (_, css) => `\`${minifyCss(css)}\``) : src);
const parts = DOM.map((f) => `// ---- dom/${f}\n${styled(f, read(`dom/${f}`)).replace(local, '').replace(/^export /gm, '')}`);
parts.push(`// ---- storylink.js\n${read('storylink.js').replace(local, '')}`);
const bundle = parts.join('\n');
if (/^\s*import .* from '\.\/(?!storylink_wasm\.js)/m.test(bundle)) throw new Error('pkg: an unbundled local import is left');

const terser = { module: true, ecma: 2022, compress: { passes: 2 }, mangle: true, format: { comments: false } };
const minifyOn = !process.argv.includes('--no-minify');
const out = async (name, code) => writeFileSync(join(pkg, name), minifyOn ? (await minify(code, terser)).code + '\n' : code);
await out('storylink.js', bundle);
// The analysis worker (analyzeInWorker / linkAsync): imports only the glue, next to it.
await out('storylink.worker.js', read('storylink.worker.js'));
const glue = join(pkg, 'storylink_wasm.js');
await out('storylink_wasm.js', readFileSync(glue, 'utf8'));
copyFileSync(join(js, 'storylink.d.ts'), join(pkg, 'storylink.d.ts'));

// The generated low-level InitOutput signatures use `any`; the public types promise none.
const glueTypes = join(pkg, 'storylink_wasm.d.ts');
writeFileSync(glueTypes, readFileSync(glueTypes, 'utf8').replace(/\bany\b/g, 'unknown'));

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
  files: ['storylink.js', 'storylink.worker.js', 'storylink.d.ts', 'storylink_wasm.js', 'storylink_wasm.d.ts', 'storylink_wasm_bg.wasm', 'storylink_wasm_bg.wasm.d.ts'],
  sideEffects: ['./storylink.js'],
  keywords: ['entities', 'news', 'hover card', 'webassembly'],
};
writeFileSync(join(pkg, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
rmSync(join(pkg, '.gitignore'), { force: true });

const site = join(root, 'www/pkg');
rmSync(site, { recursive: true, force: true });
mkdirSync(site, { recursive: true });
cpSync(pkg, site, { recursive: true });
