//! The JavaScript binding: the only `#[wasm_bindgen]` exports.
//!
//! It translates and nothing more: JS values in (checked, with a `TypeError` or `RangeError` that
//! names the bad value), the core [`Analyzer`] or the [`crate::dom`] widget, JS values out. Offsets
//! in every returned object are UTF-16 code units, the same as JavaScript string indices.

use crate::dom::{self, Articles, IndexTarget, Mode, Options};
use crate::{Analyzer, Document, EntityKind};
use js_sys::{JsString, RangeError, Reflect, TypeError};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

type JsResult<T> = Result<T, JsValue>;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** One article to analyse: an id of your choice and its plain text. */
export interface DocumentInput { id: string; text: string; }
/** The kind of an entity. */
export type EntityType = "PERSON" | "ORG" | "PLACE" | "LAW" | "MISC";
/** A span of text in one document; offsets are UTF-16 code units (JS string indices), end exclusive. */
export interface Evidence { doc: string; start: number; end: number; text: string; }
/** One mention of an entity. */
export interface Mention { start: number; end: number; text: string; type: EntityType; entity: string; }
/** One analysed document. */
export interface DocumentAnalysis { id: string; title: string; mentions: Mention[]; }
/** A role as one article states it, with where it says so. */
export interface Role { text: string; evidence: Evidence; }
/** Why a surface form was linked to an entity. */
export interface Reason { alias: string; target: string; why: string; }
/** How prominent an entity is in one document. */
export interface Salience { doc: string; mentions: number; first: number; inTitle: boolean; score: number; }
/** A named entity across all documents. */
export interface Entity {
  id: string; name: string; type: EntityType; documents: string[]; aliases: string[];
  roles: Role[]; reasons: Reason[]; salience: Salience[];
}
/** A connection between two entities, with the sentences that show it. */
export interface Relation { source: string; target: string; strength: number; scope: "sentence" | "paragraph" | "article"; evidence: Evidence[]; }
/** The result of `analyze`: the public JSON contract. */
export interface Analysis { documents: DocumentAnalysis[]; entities: Entity[]; relations: Relation[]; }

/** Options of `link`. Every field is optional. */
export interface LinkOptions {
  /** Article roots: a CSS selector or elements. @default "[data-storylink-article]" */
  articles?: string | Element | ArrayLike<Element>;
  /** Which entities to highlight. @default "connected" */
  mode?: "shared" | "connected" | "all";
  /** Only these entity types. @default all types */
  types?: EntityType[];
  /** Selector of parts of an article to leave alone (bylines, captions); `[data-storylink-ignore]` always is. */
  exclude?: string;
  /** Milliseconds the pointer rests on a mention before its card opens. @default 500 */
  hoverDelay?: number;
  /** Milliseconds of grace after the pointer leaves mention and card before the card closes. @default 300 */
  closeDelay?: number;
  /** Where to render the entity index (legend): selector or element, or false. @default "[data-storylink-index]" when present */
  index?: string | Element | false;
  /** Where to render the SVG link map: selector or element, or false. @default "[data-storylink-map]" when present */
  map?: string | Element | false;
}

/** Detail of the `storylink:open` and `storylink:close` events (dispatched on `document`). */
export interface CardEventDetail { entity: string; name: string; type: EntityType; article: string; trigger: "hover" | "focus" | "click" | "api"; }
/** Detail of `storylink:ready`. */
export interface ReadyEventDetail { articles: string[]; entities: number; highlighted: number; }
/** Detail of `storylink:error`. */
export interface ErrorEventDetail { message: string; }
"#;

#[wasm_bindgen]
extern "C" {
    /// `Array.isArray`, which throws on a revoked `Proxy`: caught here, so that never traps.
    #[wasm_bindgen(js_namespace = Array, js_name = isArray, catch)]
    fn is_array_checked(v: &JsValue) -> Result<bool, JsValue>;
    /// `DocumentInput[]` on the JS side.
    #[wasm_bindgen(typescript_type = "DocumentInput[]")]
    pub type DocumentInputs;
    /// `Analysis` on the JS side.
    #[wasm_bindgen(typescript_type = "Analysis")]
    pub type AnalysisObject;
    /// `LinkOptions` on the JS side.
    #[wasm_bindgen(typescript_type = "LinkOptions")]
    pub type LinkOptions;
}

/// Converts a Rust value to a plain JS object (maps as objects, no `Map`s).
pub(crate) fn to_js<T: Serialize>(value: &T) -> JsResult<JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| TypeError::new(&format!("storylink: cannot convert the result: {e}")).into())
}

fn type_error(msg: String) -> JsValue {
    TypeError::new(&format!("storylink: {msg}")).into()
}

fn range_error(msg: String) -> JsValue {
    RangeError::new(&format!("storylink: {msg}")).into()
}

/// Reads `obj[key]`, turning a throwing getter into a `TypeError` that names the field.
fn get(obj: &JsValue, key: &str, what: &str) -> JsResult<JsValue> {
    Reflect::get(obj, &JsValue::from_str(key)).map_err(|e| {
        let inner = e
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .unwrap_or_else(|| "a non-Error value".into());
        type_error(format!("reading {what}.{key} threw: {inner}"))
    })
}

fn is_array(v: &JsValue) -> bool {
    is_array_checked(v).unwrap_or(false)
}

/// The most documents (or article roots) one call takes: a `RangeError` beyond it, before any
/// memory is set aside for them.
pub(crate) const MAX_DOCUMENTS: u32 = 10_000;

/// Reads `list.length` and `list[i]` through `Reflect` (a `Proxy` or a getter may throw), and
/// checks the length before anything is read: `f` gets each item in order.
fn each_item(list: &JsValue, what: &str, mut f: impl FnMut(u32, JsValue) -> JsResult<()>) -> JsResult<()> {
    let len = get(list, "length", what)?.as_f64().unwrap_or(-1.0);
    if !(0.0..=f64::from(MAX_DOCUMENTS)).contains(&len) || len.fract() != 0.0 {
        return Err(range_error(format!("{what}.length must be an integer in 0..={MAX_DOCUMENTS}")));
    }
    for i in 0..len as u32 {
        let item = Reflect::get_u32(list, i).map_err(|_| type_error(format!("reading {what}[{i}] threw")))?;
        f(i, item)?;
    }
    Ok(())
}

/// A JS string that is valid UTF-16 (no lone surrogates), as a Rust string.
fn string_field(obj: &JsValue, key: &str, what: &str) -> JsResult<String> {
    let v = get(obj, key, what)?;
    if v.is_undefined() {
        return Err(type_error(format!("{what} has no \"{key}\" field")));
    }
    let Some(s) = v.dyn_ref::<JsString>() else {
        return Err(type_error(format!("{what}.{key} must be a string, got {}", type_name(&v))));
    };
    if s.length() as usize > Analyzer::new().max_bytes {
        return Err(range_error(format!("{what}.{key} is longer than {} bytes", Analyzer::new().max_bytes)));
    }
    if !s.is_valid_utf16() {
        return Err(range_error(format!("{what}.{key} contains a lone surrogate (not valid UTF-16)")));
    }
    Ok(String::from(s))
}

fn type_name(v: &JsValue) -> String {
    if v.is_null() {
        "null".into()
    } else if is_array(v) {
        "an array".into()
    } else {
        v.js_typeof().as_string().unwrap_or_else(|| "unknown".into())
    }
}

/// Analyses articles together and returns the [`crate::Analysis`] as a plain object.
///
/// `docs` is an array of `{ id: string, text: string }`; ids must be unique and non-empty.
/// Throws a `TypeError` for input of the wrong shape and a `RangeError` for strings that are not
/// valid UTF-16 or input that is too large. Mention offsets are UTF-16 code units.
#[wasm_bindgen]
pub fn analyze(docs: DocumentInputs) -> JsResult<AnalysisObject> {
    let docs = read_documents(&docs)?;
    let analysis = Analyzer::new().analyze(&docs).map_err(|e| match e.kind() {
        crate::ErrorKind::TooLarge { .. } => range_error(e.to_string()),
        _ => type_error(e.to_string()),
    })?;
    Ok(to_js(&analysis)?.unchecked_into())
}

fn read_documents(docs: &JsValue) -> JsResult<Vec<Document>> {
    if !is_array(docs) {
        return Err(type_error(format!(
            "analyze() expects an array of {{id, text}} objects, got {}",
            type_name(docs)
        )));
    }
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut units = 0usize;
    each_item(docs, "documents", |i, item| {
        let what = format!("documents[{i}]");
        if !item.is_object() {
            return Err(type_error(format!("{what} must be an object {{id, text}}, got {}", type_name(&item))));
        }
        let id = string_field(&item, "id", &what)?;
        if id.is_empty() {
            return Err(type_error(format!("{what}.id is empty")));
        }
        if !seen.insert(id.clone()) {
            return Err(type_error(format!("{what}.id {id:?} is used by more than one document")));
        }
        let text = string_field(&item, "text", &what)?;
        units += text.len();
        if units > Analyzer::new().max_bytes {
            return Err(range_error(format!("the documents are longer than {} bytes in all", Analyzer::new().max_bytes)));
        }
        out.push(Document::new(id, text));
        Ok(())
    })?;
    Ok(out)
}

/// The handle that [`link`] returns: tear down with `destroy()`.
#[wasm_bindgen]
pub struct LinkHandle {
    widget: dom::Handle,
}

#[wasm_bindgen]
impl LinkHandle {
    /// Removes every highlight, card, listener and style: the page is exactly as before.
    /// Calling it again does nothing.
    pub fn destroy(&self) {
        self.widget.destroy();
    }

    /// Re-reads the articles (after the page changed them) and highlights again.
    pub fn refresh(&self) -> JsResult<()> {
        self.widget.refresh()
    }

    /// Opens the card of an entity at its first highlighted mention; false when it has none.
    pub fn open(&self, entity_id: &str) -> bool {
        self.widget.open(entity_id)
    }

    /// Closes the card if one is open.
    pub fn close(&self) {
        self.widget.close();
    }

    /// The analysis of the linked articles (the same shape `analyze` returns).
    #[wasm_bindgen(getter)]
    pub fn analysis(&self) -> JsResult<AnalysisObject> {
        Ok(self.widget.analysis()?.unchecked_into())
    }

    /// Ids of the article roots that were linked, in page order.
    #[wasm_bindgen(getter)]
    pub fn articles(&self) -> Vec<String> {
        self.widget.article_ids()
    }

    /// Whether `destroy()` has been called.
    #[wasm_bindgen(getter)]
    pub fn destroyed(&self) -> bool {
        self.widget.destroyed()
    }
}

/// Finds the article roots, analyses them, highlights the entities they share and shows a hover
/// card on each. Returns a [`LinkHandle`]; `destroy()` restores the page exactly.
#[wasm_bindgen]
pub fn link(options: Option<LinkOptions>) -> JsResult<LinkHandle> {
    let opts = read_options(options.as_ref().map(|o| o.as_ref()))?;
    let widget = dom::Handle::attach(opts)?;
    Ok(LinkHandle { widget })
}

fn read_options(v: Option<&JsValue>) -> JsResult<Options> {
    let mut o = Options::default();
    let Some(v) = v.filter(|v| !v.is_undefined() && !v.is_null()) else {
        return Ok(o);
    };
    if !v.is_object() {
        return Err(type_error(format!("link() expects an options object, got {}", type_name(v))));
    }
    let what = "options";
    let articles = get(v, "articles", what)?;
    if let Some(s) = articles.as_string() {
        o.articles = Articles::Selector(s);
    } else if let Some(el) = articles.dyn_ref::<web_sys::Element>() {
        o.articles = Articles::Elements(vec![el.clone()]);
    } else if articles.is_object() {
        if get(&articles, "length", "options.articles")?.as_f64().is_none() {
            return Err(type_error("options.articles must be a selector, an element or a list of elements".into()));
        }
        let mut els = Vec::new();
        each_item(&articles, "options.articles", |i, item| {
            let el = item.dyn_into::<web_sys::Element>().map_err(|_| {
                type_error(format!("options.articles[{i}] is not an element"))
            })?;
            els.push(el);
            Ok(())
        })?;
        o.articles = Articles::Elements(els);
    } else if !articles.is_undefined() {
        return Err(type_error(format!(
            "options.articles must be a selector, an element or a list of elements, got {}",
            type_name(&articles)
        )));
    }
    let mode = get(v, "mode", what)?;
    if !mode.is_undefined() {
        o.mode = match mode.as_string().as_deref() {
            Some("shared") => Mode::Shared,
            Some("connected") => Mode::Connected,
            Some("all") => Mode::All,
            _ => {
                return Err(type_error(format!(
                    "options.mode must be \"shared\", \"connected\" or \"all\", got {}",
                    mode.as_string().map(|s| format!("{s:?}")).unwrap_or_else(|| type_name(&mode))
                )))
            }
        };
    }
    let types = get(v, "types", what)?;
    if !types.is_undefined() && !types.is_null() {
        let list: Vec<String> = if let Some(s) = types.as_string() {
            s.split([',', ' ']).filter(|t| !t.is_empty()).map(str::to_string).collect()
        } else if is_array(&types) {
            let mut list = Vec::new();
            each_item(&types, "options.types", |_, t| {
                list.push(t.as_string().unwrap_or_default());
                Ok(())
            })?;
            list
        } else {
            return Err(type_error("options.types must be an array of entity types".into()));
        };
        let mut kinds = Vec::new();
        for t in list {
            kinds.push(parse_kind(&t).ok_or_else(|| {
                type_error(format!("options.types: unknown entity type {t:?} (PERSON, ORG, PLACE, LAW, MISC)"))
            })?);
        }
        o.types = Some(kinds);
    }
    let exclude = get(v, "exclude", what)?;
    if let Some(s) = exclude.as_string() {
        if !s.trim().is_empty() {
            o.exclude = Some(s);
        }
    } else if !exclude.is_undefined() && !exclude.is_null() {
        return Err(type_error("options.exclude must be a CSS selector string".into()));
    }
    o.hover_delay = delay(v, "hoverDelay", o.hover_delay)?;
    o.close_delay = delay(v, "closeDelay", o.close_delay)?;
    o.index = target(v, "index")?.unwrap_or(o.index);
    o.map = target(v, "map")?.unwrap_or(o.map);
    Ok(o)
}

fn parse_kind(s: &str) -> Option<EntityKind> {
    Some(match s.trim().to_ascii_uppercase().as_str() {
        "PERSON" => EntityKind::Person,
        "ORG" => EntityKind::Org,
        "PLACE" => EntityKind::Place,
        "LAW" => EntityKind::Law,
        "MISC" => EntityKind::Misc,
        _ => return None,
    })
}

fn delay(v: &JsValue, key: &str, default: i32) -> JsResult<i32> {
    let d = get(v, key, "options")?;
    if d.is_undefined() {
        return Ok(default);
    }
    match d.as_f64() {
        Some(ms) if ms.is_finite() && (0.0..=60_000.0).contains(&ms) => Ok(ms as i32),
        _ => Err(range_error(format!("options.{key} must be a number of milliseconds in 0..=60000"))),
    }
}

fn target(v: &JsValue, key: &str) -> JsResult<Option<IndexTarget>> {
    let t = get(v, key, "options")?;
    Ok(Some(if t.is_undefined() {
        return Ok(None);
    } else if t.is_null() || t.as_bool() == Some(false) {
        IndexTarget::None
    } else if let Some(s) = t.as_string() {
        IndexTarget::Selector(s)
    } else if let Some(el) = t.dyn_ref::<web_sys::Element>() {
        IndexTarget::Element(el.clone())
    } else {
        return Err(type_error(format!("options.{key} must be a selector, an element or false")));
    }))
}
