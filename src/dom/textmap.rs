//! The text of an article root as one string, and the map from its UTF-16 offsets back to text nodes.
//!
//! Like mark.js's `getTextNodes`, but block-aware: block elements and `<br>` become a `"\n"` in the
//! text (a virtual separator, mapped to no node), so headlines and paragraphs never run together;
//! line breaks and tabs inside a text node become spaces (same length, so offsets stay 1:1).
//! Skipped: `script`, `style`, `noscript`, `template`, `textarea`, `input`, `select`, `button`,
//! `[contenteditable]`, `[data-storylink-ignore]`, storylink's own UI and the `exclude` selector.

use wasm_bindgen::JsCast;
use web_sys::{Element, Node, Text};

/// One text node and where its text sits in the article string (UTF-16 units).
#[derive(Clone)]
pub(crate) struct Seg {
    pub node: Text,
    pub start: usize,
    pub len: usize,
}

/// The article text and its segments, in document order.
pub(crate) struct TextMap {
    pub text: String,
    /// `text` as UTF-16 code units (what offsets index).
    pub units: Vec<u16>,
    pub segs: Vec<Seg>,
}

/// A piece of a range that lies inside one text node: `[from, to)` in node offsets.
pub(crate) struct Piece {
    pub seg: usize,
    pub from: usize,
    pub to: usize,
}

const SKIP: &[&str] = &[
    "SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "TEXTAREA", "INPUT", "SELECT", "BUTTON", "OPTION",
    "IFRAME", "OBJECT", "SVG", "MATH", "CANVAS", "VIDEO", "AUDIO",
];

const BLOCK: &[&str] = &[
    "ADDRESS", "ARTICLE", "ASIDE", "BLOCKQUOTE", "BR", "DD", "DETAILS", "DIALOG", "DIV", "DL", "DT",
    "FIELDSET", "FIGCAPTION", "FIGURE", "FOOTER", "FORM", "H1", "H2", "H3", "H4", "H5", "H6",
    "HEADER", "HGROUP", "HR", "LI", "MAIN", "NAV", "OL", "P", "PRE", "SECTION", "SUMMARY", "TABLE",
    "TBODY", "TD", "TFOOT", "TH", "THEAD", "TR", "UL", "CAPTION",
];

impl TextMap {
    /// Reads the text under `root`, skipping what the module docs list and `exclude` (a selector).
    pub fn read(root: &Element, exclude: Option<&str>) -> TextMap {
        let mut m = TextMap { text: String::new(), units: Vec::new(), segs: Vec::new() };
        m.walk(root.as_ref(), exclude, true);
        // Trim a trailing virtual separator: offsets past the last node never matter.
        while m.text.ends_with('\n') && m.segs.last().map_or(true, |s| s.start + s.len < m.units.len()) {
            m.text.pop();
            m.units.pop();
        }
        m
    }

    fn separator(&mut self) {
        if !self.units.is_empty() && self.units.last() != Some(&(b'\n' as u16)) {
            self.text.push('\n');
            self.units.push(b'\n' as u16);
        }
    }

    fn walk(&mut self, node: &Node, exclude: Option<&str>, is_root: bool) {
        let mut child = node.first_child();
        while let Some(c) = child {
            match c.node_type() {
                Node::TEXT_NODE => {
                    if let Some(t) = c.dyn_ref::<Text>() {
                        let data = t.data();
                        let clean: String =
                            data.chars().map(|ch| if matches!(ch, '\n' | '\r' | '\t') { ' ' } else { ch }).collect();
                        let units: Vec<u16> = clean.encode_utf16().collect();
                        if !units.is_empty() {
                            self.segs.push(Seg { node: t.clone(), start: self.units.len(), len: units.len() });
                            self.units.extend_from_slice(&units);
                            self.text.push_str(&clean);
                        }
                    }
                }
                Node::ELEMENT_NODE => {
                    if let Some(el) = c.dyn_ref::<Element>() {
                        if !skipped(el, exclude) {
                            let block = BLOCK.contains(&el.tag_name().to_ascii_uppercase().as_str());
                            if block {
                                self.separator();
                            }
                            self.walk(&c, exclude, false);
                            if block {
                                self.separator();
                            }
                        }
                    }
                }
                _ => {}
            }
            child = c.next_sibling();
        }
        let _ = is_root;
    }

    /// The pieces of `[start, end)` (UTF-16 offsets into `text`), one per text node it touches.
    pub fn pieces(&self, start: usize, end: usize) -> Vec<Piece> {
        let mut out = Vec::new();
        if start >= end {
            return out;
        }
        // First segment whose end is past `start`.
        let mut i = self.segs.partition_point(|s| s.start + s.len <= start);
        while i < self.segs.len() && self.segs[i].start < end {
            let s = &self.segs[i];
            let from = start.max(s.start) - s.start;
            let to = end.min(s.start + s.len) - s.start;
            if from < to {
                out.push(Piece { seg: i, from, to });
            }
            i += 1;
        }
        out
    }

    /// The sentence around `[start, end)`, as (text before, the span, text after): from the previous
    /// sentence end or line break to the next. Long sentences are cut to about `max` units around
    /// the span, with an ellipsis.
    pub fn sentence(&self, start: usize, end: usize, max: usize) -> (String, String, String) {
        let u = &self.units;
        let end = end.min(u.len());
        let start = start.min(end);
        let is_end = |i: usize| -> bool {
            let c = u[i];
            (c == b'.' as u16 || c == b'!' as u16 || c == b'?' as u16)
                && u.get(i + 1).map_or(true, |&n| n == b' ' as u16 || n == b'\n' as u16 || n == 0x201D || n == 0x2019)
        };
        let mut a = start;
        while a > 0 && u[a - 1] != b'\n' as u16 && !is_end(a - 1) {
            a -= 1;
        }
        let mut b = end;
        while b < u.len() && u[b] != b'\n' as u16 {
            if is_end(b) {
                b += 1;
                if b < u.len() && (u[b] == 0x201D || u[b] == 0x2019) {
                    b += 1;
                }
                break;
            }
            b += 1;
        }
        let (mut pre, mut post) = (String::new(), String::new());
        if b - a > max {
            let half = max.saturating_sub(end - start) / 2;
            let space = |i: usize| u[i] == b' ' as u16;
            if start - a > half {
                a = start - half;
                // Start at a word.
                while a < start && !space(a) {
                    a += 1;
                }
                pre.push('…');
            }
            if b - end > half {
                b = end + half;
                while b > end && !space(b - 1) {
                    b -= 1;
                }
                post.push('…');
            }
        }
        pre.push_str(String::from_utf16_lossy(&u[a..start]).trim_start());
        let mid = String::from_utf16_lossy(&u[start..end]);
        let tail = String::from_utf16_lossy(&u[end..b]);
        post.insert_str(0, tail.trim_end());
        (pre, mid, post)
    }

    /// Up to `n` words before and after `[start, end)` on the same line, for a text fragment URL.
    pub fn context(&self, start: usize, end: usize, n: usize) -> (String, String) {
        let u = &self.units;
        let (start, end) = (start.min(u.len()), end.min(u.len()));
        let nl = b'\n' as u16;
        let mut a = start;
        let mut words = 0;
        while a > 0 && u[a - 1] != nl {
            if u[a - 1] == b' ' as u16 && a < start && u[a] != b' ' as u16 {
                words += 1;
                if words > n {
                    break;
                }
            }
            a -= 1;
        }
        let mut b = end;
        words = 0;
        while b < u.len() && u[b] != nl {
            if u[b] == b' ' as u16 && b > end && u[b - 1] != b' ' as u16 {
                words += 1;
                if words >= n {
                    break;
                }
            }
            b += 1;
        }
        (
            String::from_utf16_lossy(&u[a..start]).trim().to_string(),
            String::from_utf16_lossy(&u[end..b]).trim().to_string(),
        )
    }
}

/// Whether an element's subtree is left out of the text.
pub(crate) fn skipped(el: &Element, exclude: Option<&str>) -> bool {
    let tag = el.tag_name().to_ascii_uppercase();
    if SKIP.contains(&tag.as_str()) {
        return true;
    }
    if el.has_attribute("data-storylink-ignore") || el.has_attribute("data-storylink-ui") || el.has_attribute("hidden") {
        return true;
    }
    if let Some(ce) = el.get_attribute("contenteditable") {
        if !ce.eq_ignore_ascii_case("false") {
            return true;
        }
    }
    if let Some(sel) = exclude {
        if el.matches(sel).unwrap_or(false) {
            return true;
        }
    }
    false
}
