// storylink's analysis in a Web Worker (pkg/storylink.worker.js), for analyzeInWorker() and
// linkAsync() in storylink.js: the same wasm module, loaded from what the page's init() used,
// and the same analyze(); errors go back as {name, message}.
import init, { analyze } from './storylink_wasm.js';

let ready = null;

self.onmessage = async ({ data }) => {
  const { id, wasm, docs } = data;
  try {
    ready ??= init({ module_or_path: wasm });
    await ready;
    self.postMessage({ id, analysis: analyze(docs) });
  } catch (e) {
    ready = null;
    self.postMessage({ id, error: { name: e && e.name, message: String((e && e.message) || e) } });
  }
};
