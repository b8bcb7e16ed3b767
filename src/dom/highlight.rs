//! Wrapping mention ranges in `<mark data-storylink-entity="…">`, and the exact undo.
//!
//! A range that crosses inline elements (`<em>`, `<a>`, `<strong>`) becomes one `<mark>` per text
//! node it touches; the first carries the keyboard stop, the others `data-storylink-part`.
//! Ranges are wrapped from the last to the first, so `splitText` always leaves the *earlier* part
//! in the original node and the text map stays valid. The undo unwraps every mark, gives each
//! original text node its original data back and removes the nodes that splitting created: the
//! same nodes, the same text, no trace.

use super::textmap::TextMap;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, Node, Text};

/// What a highlight pass changed, to undo it exactly.
#[derive(Default)]
pub(crate) struct Undo {
    marks: Vec<Element>,
    /// Original text nodes and their data before splitting.
    originals: Vec<(Text, String)>,
    /// Text nodes created by splitting.
    created: Vec<Text>,
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
        order.sort_by_key(|&i| std::cmp::Reverse(ranges[i].start));
        let mut touched = vec![false; map.segs.len()];
        let mut out = vec![Vec::new(); ranges.len()];
        for i in order {
            let r = &ranges[i];
            let pieces = map.pieces(r.start, r.end);
            let mut marks = Vec::with_capacity(pieces.len());
            // Last piece first, for the same reason as the ranges.
            for p in pieces.iter().rev() {
                let seg = &map.segs[p.seg];
                if !touched[p.seg] {
                    touched[p.seg] = true;
                    self.originals.push((seg.node.clone(), seg.node.data()));
                }
                let Some(mark) = self.wrap_piece(doc, &seg.node, p.from, p.to) else { continue };
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
        out
    }

    fn wrap_piece(&mut self, doc: &Document, node: &Text, from: usize, to: usize) -> Option<Element> {
        let len = node.length() as usize;
        if from >= to || to > len {
            return None;
        }
        let parent = node.parent_node()?;
        if to < len {
            let tail = node.split_text(to as u32).ok()?;
            self.created.push(tail);
        }
        let mid = if from > 0 {
            let mid = node.split_text(from as u32).ok()?;
            self.created.push(mid.clone());
            mid
        } else {
            node.clone()
        };
        let mark = doc.create_element("mark").ok()?;
        parent.insert_before(&mark, Some(&mid)).ok()?;
        mark.append_child(&mid).ok()?;
        self.marks.push(mark.clone());
        Some(mark)
    }

    /// Restores the page: unwraps marks, restores original text nodes, removes split-off nodes.
    pub fn undo(&mut self) {
        for mark in self.marks.drain(..) {
            let m: &Node = mark.as_ref();
            if let Some(parent) = m.parent_node() {
                while let Some(c) = m.first_child() {
                    let _ = parent.insert_before(&c, Some(m));
                }
                let _ = parent.remove_child(m);
            }
        }
        for t in self.created.drain(..) {
            if let Some(p) = t.parent_node() {
                let _ = p.remove_child(t.unchecked_ref());
            }
        }
        for (t, data) in self.originals.drain(..) {
            t.set_data(&data);
        }
    }
}
