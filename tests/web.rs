//! The core, compiled to wasm32 and run in headless Chromium: UTF-16 offsets agree with
//! JavaScript's own string indices. (The page layer is JavaScript, `src/js/dom/`, tested end to
//! end with the built package in `tests/e2e/`.)
#![cfg(target_arch = "wasm32")]

use js_sys::JsString;
use storylink::{Analyzer, Document};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// `text.slice(start, end)` as JavaScript computes it.
fn js_slice(text: &str, start: usize, end: usize) -> String {
    String::from(JsString::from(text).slice(start as u32, end as u32))
}

fn check_offsets(docs: &[Document]) -> usize {
    let analysis = Analyzer::new().analyze(docs).expect("analysis");
    let mut n = 0;
    for (d, a) in docs.iter().zip(&analysis.documents) {
        for m in &a.mentions {
            assert_eq!(js_slice(&d.text, m.start, m.end), m.text, "doc {} mention at {}..{}", d.id, m.start, m.end);
            n += 1;
        }
    }
    n
}

#[wasm_bindgen_test]
fn offsets_match_js_on_the_demo_stories() {
    let docs = [
        Document::new("000", include_str!("data/seeds/000.txt")),
        Document::new("001", include_str!("data/seeds/001.txt")),
    ];
    assert!(check_offsets(&docs) > 20);
}

#[wasm_bindgen_test]
fn offsets_match_js_after_emoji_curly_quotes_and_accents() {
    let docs = [
        Document::new("a", "👩‍👩‍👧 “Sir Ken McCallum” met Angela Merkel in Zürich — 🇬🇧 then Beijing."),
        Document::new("b", "e\u{301}te\u{301} 𝒳 Ken McCallum and Angela Merkel, in Zürich again."),
    ];
    assert!(check_offsets(&docs) >= 4);
}

#[wasm_bindgen_test]
fn the_demo_stories_share_their_people() {
    let docs = [
        Document::new("000", include_str!("data/seeds/000.txt")),
        Document::new("001", include_str!("data/seeds/001.txt")),
    ];
    let analysis = Analyzer::new().analyze(&docs).expect("analysis");
    let shared: Vec<&str> = analysis.shared(2).map(|e| e.name.as_str()).collect();
    for name in ["McCallum", "Cash", "Berry"] {
        assert!(shared.iter().any(|s| s.contains(name)), "{name} not shared: {shared:?}");
    }
}
