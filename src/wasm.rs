//! The JavaScript binding: the only `#[wasm_bindgen]` exports.
//!
//! It translates and nothing more: JS values in (checked, with a `TypeError` or `RangeError` that
//! names the bad value), the core [`Analyzer`], JS values out. Offsets in every returned object
//! are UTF-16 code units, the same as JavaScript string indices. The page layer (`link`) is plain
//! JavaScript, in `src/js/dom/`; its types are in the hand-written `src/js/storylink.d.ts`.

use crate::{Analyzer, Document};
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
}

/// Converts a Rust value to a plain JS object (maps as objects, no `Map`s).
fn to_js<T: Serialize>(value: &T) -> JsResult<JsValue> {
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
const MAX_DOCUMENTS: u32 = 10_000;

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
    warm_up();
    let docs = read_documents(&docs)?;
    let analysis = Analyzer::new().analyze(&docs).map_err(|e| match e.kind() {
        crate::ErrorKind::TooLarge { .. } => range_error(e.to_string()),
        _ => type_error(e.to_string()),
    })?;
    Ok(to_js(&analysis)?.unchecked_into())
}

thread_local! {
    static WARM: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Before the first call's input is read: builds what lives as long as the module (the gazetteer
/// tables, serde-wasm-bindgen's cache of field names) with one tiny analysis, so that it sits at
/// the bottom of the heap rather than in the middle of the space a large call frees, which later
/// calls could then not reuse whole (measured: 6.63 → 7.75 MiB after a second 1 M-char call
/// without this; the same 6.63 MiB with it).
fn warm_up() {
    if WARM.with(|w| w.replace(true)) {
        return;
    }
    let doc = Document::new("w", "Sir Ken Lomax, the head of MI5, met Zhao Lei in Paris.\nLomax said so.");
    if let Ok(a) = Analyzer::new().analyze(&[doc]) {
        let _ = to_js(&a);
    }
}

fn read_documents(docs: &JsValue) -> JsResult<Vec<Document>> {
    if !is_array(docs) {
        return Err(type_error(format!(
            "analyze() expects an array of {{id, text}} objects, got {}",
            type_name(docs)
        )));
    }
    let mut out = Vec::new();
    let mut seen = crate::hash::FxHashSet::default();
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
            return Err(type_error(format!("{what}.id \"{}\" is used by more than one document", id.replace('"', "\\\""))));
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
