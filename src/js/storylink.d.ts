// Types of the storylink package entry. The model types (the analysis) come from the wasm
// module's d.ts; the page layer's (link, its options, handle and events) are written here.
import type { Analysis, DocumentInput, EntityType } from './storylink_wasm.js';

export type {
  Analysis, DocumentInput, DocumentAnalysis, Mention, Entity, EntityType, Evidence, Role, Reason,
  Salience, Relation, InitInput, InitOutput, SyncInitInput,
} from './storylink_wasm.js';
export { default, initSync } from './storylink_wasm.js';

/** Options of `link`. Every field is optional. */
export interface LinkOptions {
  /** Article roots: a CSS selector or elements. @default "[data-storylink-article]" */
  articles?: string | Element | ArrayLike<Element>;
  /** Which entities to highlight. @default "connected" */
  mode?: "shared" | "connected" | "all";
  /** Only these entity types (an array, or a string separated by spaces or commas). @default all types */
  types?: EntityType[] | string;
  /** Selector of parts of an article to leave alone (bylines, captions); `[data-storylink-ignore]` always is. */
  exclude?: string;
  /** Milliseconds the pointer rests on a mention before its card opens (0–60000). @default 500 */
  hoverDelay?: number;
  /** Milliseconds of grace after the pointer leaves mention and card before the card closes (0–60000). @default 300 */
  closeDelay?: number;
  /** Where to render the entity index (legend): selector or element, or false. @default "[data-storylink-index]" when present */
  index?: string | Element | false | null;
  /** Where to render the SVG link map: selector or element, or false. @default "[data-storylink-map]" when present */
  map?: string | Element | false | null;
}

/** Detail of the `storylink:open` and `storylink:close` events (dispatched on `document`). */
export interface CardEventDetail { entity: string; name: string; type: EntityType; article: string; trigger: "hover" | "focus" | "click" | "api"; }
/** Detail of `storylink:ready`. */
export interface ReadyEventDetail { articles: string[]; entities: number; highlighted: number; }
/** Detail of `storylink:error`. */
export interface ErrorEventDetail { message: string; }

/** What `link` returns. */
export interface LinkHandle {
  /** The analysis of the linked articles; `null` after `destroy()`. */
  readonly analysis: Analysis | null;
  /** Ids of the linked articles, in page order. */
  readonly articles: string[];
  /** Whether `destroy()` was called. */
  readonly destroyed: boolean;
  /** Removes every highlight, card, listener and style: the page is exactly as before. Idempotent. */
  destroy(): void;
  /** Re-reads the articles and highlights again (after the page changed them). */
  refresh(): void;
  /** Opens the card of an entity at its first highlighted mention; false when it has none. */
  open(entityId: string): boolean;
  /** Closes the card. */
  close(): void;
  /**
   * Whether the reader turned storylink off on this site ("Hide highlights" in a card or the
   * index; remembered in localStorage under `storylink:off`, the only thing storylink stores).
   * While off, nothing is highlighted and the index offers "Show highlights".
   */
  readonly off: boolean;
  /** Turns storylink off (true) or back on (false) on this site, as the reader's buttons do. */
  setOff(off: boolean): void;
}

/** Analyses articles together. Throws TypeError / RangeError on bad input. */
export function analyze(docs: DocumentInput[]): Analysis;

/** Links the articles on the page: highlights, hover cards, index and map. */
export function link(options?: LinkOptions): LinkHandle;

/**
 * Analyses articles like `analyze()`, in a Web Worker (started on first use and reused), so the
 * page's thread stays free. Rejects with a TypeError / RangeError on bad input. Needs `init()`.
 */
export function analyzeInWorker(docs: DocumentInput[]): Promise<Analysis>;

/**
 * `link()` for long pages: reads the articles, analyses them in a Web Worker, then highlights them
 * in one short task. Falls back to the page's thread if no worker can run.
 */
export function linkAsync(options?: LinkOptions): Promise<LinkHandle>;

/** Stops the analysis worker, if one runs; a later call starts another. */
export function stopWorker(): void;

declare global {
  interface DocumentEventMap {
    'storylink:ready': CustomEvent<ReadyEventDetail>;
    'storylink:open': CustomEvent<CardEventDetail>;
    'storylink:close': CustomEvent<CardEventDetail>;
    'storylink:error': CustomEvent<ErrorEventDetail>;
  }
}
