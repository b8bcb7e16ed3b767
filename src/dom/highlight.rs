//! Wrapping mention ranges in `<mark data-storylink-entity="…">`, and the exact undo.
//!
//! A range that crosses inline elements (`<em>`, `<a>`, `<strong>`) becomes one `<mark>` per text
//! node it touches; the first carries the keyboard stop, the others `data-storylink-part`.
//! Ranges are wrapped from the last to the first, so `splitText` always leaves the *earlier* part
//! in the original node and the text map stays valid. The undo unwraps every mark, gives each
//! original text node its original data back and removes the nodes that splitting created: the
//! same nodes, the same text, no trace.

use super::textmap::TextMap;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, Node, Text};

/// What a highlight pass changed, to undo it exactly.
#[derive(Default)]
pub(crate) struct Undo {
    /// One group per original text node that was split or wrapped, in the order first touched.
    groups: Vec<Group>,
}

/// One original text node and everything made from it.
struct Group {
    node: Text,
    parent: Option<Node>,
    /// Its `data` before and after wrapping, as JS strings (never converted, so exact even with
    /// lone surrogates).
    before: JsValue,
    after: JsValue,
    marks: Vec<Element>,
    /// Text nodes created by splitting it.
    created: Vec<Text>,
}

fn data(t: &Text) -> JsValue {
    js_sys::Reflect::get(t, &JsValue::from_str("data")).unwrap_or(JsValue::UNDEFINED)
}

/// One range to wrap: `[start, end)` in the article's UTF-16 text, and the attributes of its marks.
pub(crate) struct Wrap<'a> {
    pub start: usize,
    pub end: usize,
    pub entity: &'a str,
    pub kind: &'a str,
}

impl Undo {
    /// Wraps the ranges (in any order; they must not overlap) and returns, for each range, its
    /// marks in text order (empty when the range maps to no text).
    pub fn wrap(&mut self, doc: &Document, map: &TextMap, ranges: &[Wrap<'_>]) -> Vec<Vec<Element>> {
        let mut order: Vec<usize> = (0..ranges.len()).collect();
        crate::sort::sort_by_key(&mut order, |&i| std::cmp::Reverse(ranges[i].start));
        let mut group_of: Vec<Option<usize>> = vec![None; map.segs.len()];
        let mut out = vec![Vec::new(); ranges.len()];
        for i in order {
            let r = &ranges[i];
            let pieces = map.pieces(r.start, r.end);
            let mut marks = Vec::with_capacity(pieces.len());
            // Last piece first, for the same reason as the ranges.
            for p in pieces.iter().rev() {
                let seg = &map.segs[p.seg];
                let g = *group_of[p.seg].get_or_insert_with(|| {
                    self.groups.push(Group {
                        node: seg.node.clone(),
                        parent: seg.node.parent_node(),
                        before: data(&seg.node),
                        after: JsValue::UNDEFINED,
                        marks: vec![],
                        created: vec![],
                    });
                    self.groups.len() - 1
                });
                let Some(mark) = self.wrap_piece(doc, g, p.from, p.to) else { continue };
                let _ = mark.set_attribute("data-storylink-entity", r.entity);
                let _ = mark.set_attribute("data-storylink-kind", r.kind);
                marks.push(mark);
            }
            marks.reverse();
            for m in marks.iter().skip(1) {
                let _ = m.set_attribute("data-storylink-part", "");
            }
            out[i] = marks;
        }
        for g in &mut self.groups {
            g.after = data(&g.node);
        }
        out
    }

    fn wrap_piece(&mut self, doc: &Document, g: usize, from: usize, to: usize) -> Option<Element> {
        let g = self.groups.get_mut(g)?;
        let node = g.node.clone();
        let len = node.length() as usize;
        if from >= to || to > len {
            return None;
        }
        let parent = node.parent_node()?;
        if to < len {
            let tail = node.split_text(to as u32).ok()?;
            g.created.push(tail);
        }
        let mid = if from > 0 {
            let mid = node.split_text(from as u32).ok()?;
            g.created.push(mid.clone());
            mid
        } else {
            node.clone()
        };
        let mark = doc.create_element("mark").ok()?;
        parent.insert_before(&mark, Some(&mid)).ok()?;
        mark.append_child(&mid).ok()?;
        g.marks.push(mark.clone());
        Some(mark)
    }

    /// Restores the page: unwraps marks, gives each original text node its data back and removes
    /// the nodes that splitting created. Where the page's own script changed an original node
    /// since (a framework re-rendering its text), the page wins: that node keeps its new text and
    /// the copies storylink made of its old text are removed, so no text is ever duplicated.
    pub fn undo(&mut self) {
        for g in self.groups.drain(..) {
            // Its parent now: ours (a mark that wraps it whole) counts as where we left it.
            let home = match g.node.parent_node() {
                Some(p) if g.marks.iter().any(|m| AsRef::<Node>::as_ref(m) == &p) => p.parent_node(),
                p => p,
            };
            let intact = home == g.parent && data(&g.node) == g.after;
            for mark in &g.marks {
                let m: &Node = mark.as_ref();
                if let Some(parent) = m.parent_node() {
                    if intact {
                        while let Some(c) = m.first_child() {
                            let _ = parent.insert_before(&c, Some(m));
                        }
                    } else if g.node.parent_node().as_ref() == Some(m) {
                        let _ = parent.insert_before(&g.node, Some(m));
                    }
                    let _ = parent.remove_child(m);
                }
            }
            for t in &g.created {
                if let Some(p) = t.parent_node() {
                    let _ = p.remove_child(t.unchecked_ref());
                }
            }
            if intact {
                let _ = js_sys::Reflect::set(&g.node, &JsValue::from_str("data"), &g.before);
            }
        }
    }
}
