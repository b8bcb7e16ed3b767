//! Browser tests of the page layer (run with `make test-web`: wasm-bindgen-test in headless
//! Chromium). Fixtures are built with DOM calls, never HTML strings.

use super::highlight::{Undo, Wrap};
use super::textmap::TextMap;
use crate::wasm;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Document, Element, Node};

wasm_bindgen_test_configure!(run_in_browser);

fn doc() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A tiny element builder: `h("p", &[("class", "x")], &[T("text"), E(child)])`.
enum C {
    T(&'static str),
    E(Element),
}
use C::{E, T};

fn h(tag: &str, attrs: &[(&str, &str)], kids: Vec<C>) -> Element {
    let d = doc();
    let e = d.create_element(tag).unwrap();
    for (k, v) in attrs {
        e.set_attribute(k, v).unwrap();
    }
    for k in kids {
        match k {
            T(t) => {
                e.append_child(&d.create_text_node(t)).unwrap();
            }
            E(c) => {
                e.append_child(&c).unwrap();
            }
        }
    }
    e
}

fn mount(e: &Element) {
    doc().body().unwrap().append_child(e).unwrap();
}

/// A structural snapshot: tags, attributes and text, plus the node identities of every text node.
fn snapshot(root: &Node) -> (String, Vec<Node>) {
    fn walk(n: &Node, out: &mut String, texts: &mut Vec<Node>) {
        match n.node_type() {
            Node::TEXT_NODE => {
                out.push_str(&format!("#{:?}", n.node_value().unwrap_or_default()));
                texts.push(n.clone());
            }
            Node::ELEMENT_NODE => {
                let e: &Element = n.unchecked_ref();
                out.push_str(&format!("<{}", e.tag_name()));
                let names = e.get_attribute_names();
                for a in names.iter() {
                    let a = a.as_string().unwrap();
                    out.push_str(&format!(" {a}={:?}", e.get_attribute(&a)));
                }
                out.push('>');
                let mut c = n.first_child();
                while let Some(k) = c {
                    walk(&k, out, texts);
                    c = k.next_sibling();
                }
                out.push_str("</>");
            }
            _ => {}
        }
    }
    let (mut s, mut t) = (String::new(), Vec::new());
    walk(root, &mut s, &mut t);
    (s, t)
}

#[wasm_bindgen_test]
fn textmap_separates_blocks_and_skips_what_it_must() {
    let root = h(
        "div",
        &[],
        vec![
            E(h("h2", &[], vec![T("Title")])),
            E(h("p", &[], vec![T("Sir "), E(h("em", &[], vec![T("Ken")])), T(" McCallum\n  spoke.")])),
            E(h("script", &[], vec![T("var x = 'Evil';")])),
            E(h("p", &[("data-storylink-ignore", "")], vec![T("Comment by Bob")])),
            E(h("div", &[("contenteditable", "true")], vec![T("Draft")])),
            E(h("p", &[("class", "byline")], vec![T("By Alice")])),
            E(h("p", &[], vec![T("Next"), E(h("br", &[], vec![])), T("line")])),
        ],
    );
    let map = TextMap::read(&root, Some(".byline"));
    assert_eq!(map.text, "Title\nSir Ken McCallum   spoke.\nNext\nline");
    assert_eq!(map.units.len(), map.text.encode_utf16().count());
    let pieces = map.pieces(10, 22); // "Ken McCallum"
    assert_eq!(pieces.len(), 2);
    assert_eq!((pieces[0].from, pieces[0].to), (0, 3));
    let (pre, mid, post) = map.sentence(10, 13, 200);
    assert_eq!((pre.as_str(), mid.as_str(), post.as_str()), ("Sir ", "Ken", " McCallum   spoke."));
}

#[wasm_bindgen_test]
fn highlight_crosses_inline_elements_and_undo_is_exact() {
    let root = h(
        "div",
        &[],
        vec![E(h("p", &[], vec![T("Sir "), E(h("em", &[], vec![T("Ken")])), T(" McCallum spoke to Cash and Berry.")]))],
    );
    mount(&root);
    let before = snapshot(&root);
    let map = TextMap::read(&root, None);
    let mut undo = Undo::default();
    let marks = undo.wrap(
        &doc(),
        &map,
        &[
            Wrap { start: 4, end: 16, entity: "e1", kind: "shared" },
            Wrap { start: 29, end: 33, entity: "e2", kind: "shared" },
            Wrap { start: 38, end: 43, entity: "e3", kind: "connected" },
        ],
    );
    assert_eq!(marks.iter().map(Vec::len).collect::<Vec<_>>(), vec![2, 1, 1]);
    assert_eq!(root.text_content().unwrap(), "Sir Ken McCallum spoke to Cash and Berry.");
    assert_eq!(marks[0][0].text_content().unwrap(), "Ken");
    assert_eq!(marks[0][1].text_content().unwrap(), " McCallum");
    assert!(marks[0][1].has_attribute("data-storylink-part"));
    assert_eq!(marks[1][0].get_attribute("data-storylink-entity").as_deref(), Some("e2"));
    undo.undo();
    let after = snapshot(&root);
    assert_eq!(before.0, after.0);
    assert_eq!(before.1.len(), after.1.len());
    for (a, b) in before.1.iter().zip(&after.1) {
        assert!(a.is_same_node(Some(b)), "text node identity changed");
    }
    root.remove();
}

fn article(id: &str, title: &str, paras: &[&'static str]) -> Element {
    let a = h("article", &[("data-storylink-article", id), ("data-storylink-title", title)], vec![]);
    for p in paras {
        a.append_child(&h("p", &[], vec![T(p)])).unwrap();
    }
    a
}

fn options(pairs: &[(&str, JsValue)]) -> wasm::LinkOptions {
    let o = js_sys::Object::new();
    for (k, v) in pairs {
        js_sys::Reflect::set(&o, &JsValue::from_str(k), v).unwrap();
    }
    o.unchecked_into()
}

#[wasm_bindgen_test]
fn link_highlights_shared_entities_and_destroy_restores_the_page() {
    let wrap = h("div", &[("id", "t-link")], vec![]);
    wrap.append_child(&article("a", "MI5 chief", &["Sir Ken McCallum, the head of MI5, spoke in London about Christopher Cash."])).unwrap();
    wrap.append_child(&article("b", "Spy row", &["McCallum said MI5 was frustrated by the Cash case."])).unwrap();
    mount(&wrap);
    let before = snapshot(&wrap);
    let sheets_before = doc().adopted_style_sheets().length();
    let handle = wasm::link(Some(options(&[("articles", "#t-link [data-storylink-article]".into()), ("mode", "shared".into())]))).unwrap();
    let marks = wrap.query_selector_all("mark[data-storylink-entity]").unwrap();
    assert!(marks.length() >= 4, "marks: {}", marks.length());
    // One tab stop per article.
    assert_eq!(wrap.query_selector_all("[data-storylink-article=a] mark[tabindex='0']").unwrap().length(), 1);
    assert_eq!(doc().adopted_style_sheets().length(), sheets_before + 1);
    handle.destroy();
    handle.destroy();
    assert!(handle.destroyed());
    let after = snapshot(&wrap);
    assert_eq!(before.0, after.0);
    for (a, b) in before.1.iter().zip(&after.1) {
        assert!(a.is_same_node(Some(b)));
    }
    assert_eq!(doc().adopted_style_sheets().length(), sheets_before);
    assert!(doc().query_selector("[data-storylink-card]").unwrap().is_none());
    wrap.remove();
}

#[wasm_bindgen_test]
fn open_builds_a_card_with_stories_in_a_shadow_root() {
    let wrap = h("div", &[("id", "t-card")], vec![]);
    wrap.append_child(&article("a", "First story", &["Sir Ken McCallum spoke in London."])).unwrap();
    wrap.append_child(&article("b", "Second story", &["McCallum was frustrated, said London."])).unwrap();
    mount(&wrap);
    let handle = wasm::link(Some(options(&[("articles", "#t-card [data-storylink-article]".into())]))).unwrap();
    let mark = wrap.query_selector("mark[data-storylink-entity]").unwrap().unwrap();
    let entity = mark.get_attribute("data-storylink-entity").unwrap();
    assert!(handle.open(&entity));
    let host = doc().query_selector("[data-storylink-card]").unwrap().unwrap();
    let shadow = host.shadow_root().expect("open shadow root");
    let stories = shadow.query_selector_all("[data-storylink-story]").unwrap();
    assert_eq!(stories.length(), 2);
    let first: Element = stories.item(0).unwrap().unchecked_into();
    assert_eq!(first.get_attribute("data-storylink-story").as_deref(), Some("a"));
    assert!(first.text_content().unwrap().contains("First story"));
    handle.close();
    assert!(!host.is_connected());
    handle.destroy();
    wrap.remove();
}

fn error_name(e: JsValue) -> String {
    e.unchecked_into::<js_sys::Error>().name().into()
}

#[wasm_bindgen_test]
fn analyze_rejects_bad_input_with_clear_errors() {
    let call = |v: JsValue| wasm::analyze(v.unchecked_into());
    assert_eq!(error_name(call(JsValue::from(5)).err().unwrap()), "TypeError");
    assert_eq!(error_name(call(JsValue::NULL).err().unwrap()), "TypeError");
    let arr = js_sys::Array::new();
    arr.push(&options(&[("id", "a".into())]));
    let err = call(arr.into()).err().unwrap();
    assert_eq!(error_name(err.clone()), "TypeError");
    assert!(String::from(err.unchecked_into::<js_sys::Error>().message()).contains("text"));
    let arr = js_sys::Array::new();
    arr.push(&options(&[("id", JsValue::from(1)), ("text", "x".into())]));
    assert_eq!(error_name(call(arr.into()).err().unwrap()), "TypeError");
    let arr = js_sys::Array::new();
    arr.push(&options(&[("id", "a".into()), ("text", "x".into())]));
    arr.push(&options(&[("id", "a".into()), ("text", "y".into())]));
    assert_eq!(error_name(call(arr.into()).err().unwrap()), "TypeError");
    // A lone surrogate.
    let lone = js_sys::JsString::from_char_code1(0xD800);
    let arr = js_sys::Array::new();
    arr.push(&options(&[("id", "a".into()), ("text", lone.into())]));
    assert_eq!(error_name(call(arr.into()).err().unwrap()), "RangeError");
    // A getter that throws.
    let obj = options(&[("id", "a".into())]);
    let desc = js_sys::Object::new();
    js_sys::Reflect::set(&desc, &"get".into(), &js_sys::Function::new_no_args("throw new Error('boom')")).unwrap();
    let target: &js_sys::Object = obj.unchecked_ref();
    js_sys::Object::define_property(target, &JsValue::from_str("text"), &desc);
    let arr = js_sys::Array::new();
    arr.push(&obj);
    let err = call(arr.into()).err().unwrap();
    assert_eq!(error_name(err.clone()), "TypeError");
    assert!(String::from(err.unchecked_into::<js_sys::Error>().message()).contains("boom"));
    // And good input works.
    let arr = js_sys::Array::new();
    arr.push(&options(&[("id", "a".into()), ("text", "Angela Merkel visited Paris.".into())]));
    let ok: JsValue = call(arr.into()).unwrap().into();
    let docs = js_sys::Reflect::get(&ok, &"documents".into()).unwrap();
    assert!(js_sys::Array::is_array(&docs));
}
