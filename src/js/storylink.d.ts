// Types of the storylink package entry. The model types come from the wasm module's d.ts.
import type {
  Analysis, DocumentInput, LinkOptions, CardEventDetail, ReadyEventDetail, ErrorEventDetail,
} from './storylink_wasm.js';

export type {
  Analysis, DocumentInput, DocumentAnalysis, Mention, Entity, EntityType, Evidence, Role, Reason,
  Salience, Relation, LinkOptions, CardEventDetail, ReadyEventDetail, ErrorEventDetail,
  InitInput, InitOutput, SyncInitInput,
} from './storylink_wasm.js';
export { default, initSync } from './storylink_wasm.js';

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
}

/** Analyses articles together. Throws TypeError / RangeError on bad input. */
export function analyze(docs: DocumentInput[]): Analysis;

/** Links the articles on the page: highlights, hover cards, index and map. */
export function link(options?: LinkOptions): LinkHandle;

declare global {
  interface DocumentEventMap {
    'storylink:ready': CustomEvent<ReadyEventDetail>;
    'storylink:open': CustomEvent<CardEventDetail>;
    'storylink:close': CustomEvent<CardEventDetail>;
    'storylink:error': CustomEvent<ErrorEventDetail>;
  }
}
