//! The hover card: built from DOM nodes and `textContent` only, in an open shadow root styled by
//! constructable stylesheets, placed so that it never leaves the viewport.
//!
//! Markup hooks: the host carries `data-storylink-card`; inside, each article that mentions the
//! entity is an element with `data-storylink-story="<article id>"` and each related entity one
//! with `data-storylink-related="<entity id>"`. Buttons carry `data-action`.

use super::{style, Widget};
use crate::model::{Entity, EntityKind};
use wasm_bindgen::JsCast;
use web_sys::{CssStyleSheet, Document, Element, HtmlElement, ShadowRoot, ShadowRootInit, ShadowRootMode};

/// The card's host element, its shadow root and the card box inside it.
pub(crate) struct Card {
    pub host: Element,
    pub shadow: ShadowRoot,
    pub card: Element,
}

impl Card {
    fn new(doc: &Document) -> Option<Card> {
        let host = doc.create_element("div").ok()?;
        host.set_attribute("data-storylink-card", "").ok()?;
        host.set_attribute("data-storylink-ui", "").ok()?;
        let shadow = host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open)).ok()?;
        shadow.set_adopted_style_sheets(&sheets(&[style::BASE, style::CARD]));
        let card = doc.create_element("div").ok()?;
        card.set_attribute("class", "card box").ok()?;
        card.set_attribute("role", "dialog").ok()?;
        shadow.append_child(&card).ok()?;
        Some(Card { host, shadow, card })
    }

    /// Takes the card off the page (it is kept for the next time).
    pub fn detach(&self) {
        self.host.remove();
    }

    /// Takes the card off the page for good.
    pub fn remove(self) {
        self.host.remove();
    }

    /// Whether focus is inside the card.
    pub fn has_focus(&self, doc: &Document) -> bool {
        doc.active_element().is_some_and(|a| a == self.host)
    }
}

/// Constructable stylesheets from CSS texts, as an array for `adoptedStyleSheets`.
pub(crate) fn sheets(css: &[&str]) -> js_sys::Array {
    let out = js_sys::Array::new();
    for c in css {
        if let Ok(s) = CssStyleSheet::new() {
            if s.replace_sync(c).is_ok() {
                out.push(&s);
            }
        }
    }
    out
}

/// `<tag class="…">text</tag>`.
pub(crate) fn el(doc: &Document, tag: &str, class: &str, text: &str) -> Element {
    // create_element only fails for invalid tag names, and ours are constants: the fallback is
    // never taken (and is no panic path).
    let e = doc.create_element(tag).unwrap_or_else(|err| err.unchecked_into());
    if !class.is_empty() {
        let _ = e.set_attribute("class", class);
    }
    if !text.is_empty() {
        e.set_text_content(Some(text));
    }
    e
}

pub(crate) fn add(parent: &Element, child: &Element) {
    let _ = parent.append_child(child);
}

/// A human label for an entity type.
pub(crate) fn kind_label(k: EntityKind) -> &'static str {
    match k {
        EntityKind::Person => "Person",
        EntityKind::Org => "Organisation",
        EntityKind::Place => "Place",
        EntityKind::Law => "Law",
        EntityKind::Misc => "Name",
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn button(doc: &Document, class: &str, text: &str, action: &str) -> Element {
    let b = el(doc, "button", class, text);
    let _ = b.set_attribute("type", "button");
    let _ = b.set_attribute("data-action", action);
    b
}

/// A quote element: text before, the mention in bold, text after.
fn quote(doc: &Document, pre: &str, mid: &str, post: &str) -> Element {
    let q = el(doc, "span", "quote", "");
    let _ = q.append_with_str_1(pre);
    add(&q, &el(doc, "b", "", mid));
    let _ = q.append_with_str_1(post);
    q
}

/// Renders the card for the open hit and places it; `focus` names a `data-action` to focus after.
pub(crate) fn render(w: &mut Widget, focus: Option<&str>) {
    let Some(open) = &w.open else { return };
    let hit = open.hit;
    if w.card.is_none() {
        w.card = Card::new(&w.doc);
        if let Some(c) = &w.card {
            let host = c.host.clone();
            let shadow = c.shadow.clone();
            super::events::listen_card(w, &host, &shadow);
        }
    }
    let Some(c) = &w.card else { return };
    let doc = &w.doc;
    let card = c.card.clone();
    while let Some(ch) = card.first_child() {
        let _ = card.remove_child(&ch);
    }
    let h = &w.hits[hit];
    let Some(e) = w.analysis.entity(&h.entity) else { return };
    let kind = w.kinds.get(&e.id).copied().unwrap_or("single");
    let _ = card.set_attribute("aria-label", &format!("{} ({})", e.name, kind_label(e.kind)));
    let _ = card.set_attribute("data-entity", &e.id);

    // Head: name, chips, close button.
    let head = el(doc, "div", "head", "");
    let title = el(doc, "div", "title", "");
    let name = el(doc, "span", "name", &e.name);
    let _ = name.set_attribute("tabindex", "-1");
    let _ = name.set_attribute("data-action", "name");
    add(&title, &name);
    let meta = el(doc, "div", "meta", "");
    add(&meta, &el(doc, "span", "chip", kind_label(e.kind)));
    add(&meta, &el(doc, "span", "chip count", &plural(e.documents.len(), "article", "articles")));
    if kind == "connected" {
        add(&meta, &el(doc, "span", "chip kind-connected", "connected"));
    }
    add(&title, &meta);
    add(&head, &title);
    let close = button(doc, "close", "×", "close");
    let _ = close.set_attribute("aria-label", "Close");
    let _ = close.set_attribute("title", "Close (Esc)");
    add(&head, &close);
    add(&card, &head);

    roles(w, e, &card);
    stories(w, e, &card);
    nav(w, e, hit, &card);
    related(w, e, &card);
    why(w, e, &card);

    let foot = el(doc, "div", "foot", "");
    add(&foot, &button(doc, "link", "Copy link to this mention", "copy"));
    let status = el(doc, "span", "status", "");
    let _ = status.set_attribute("role", "status");
    add(&foot, &status);
    add(&card, &foot);

    if !c.host.is_connected() {
        if let Some(body) = doc.body() {
            let _ = body.append_child(&c.host);
        }
    }
    position(w);
    if let Some(action) = focus {
        focus_action(w, action);
    }
}

/// Focuses the element with `data-action="…"` inside the card.
pub(crate) fn focus_action(w: &Widget, action: &str) {
    let Some(c) = &w.card else { return };
    if let Ok(Some(b)) = c.shadow.query_selector(&format!("[data-action=\"{action}\"]")) {
        if let Some(b) = b.dyn_ref::<HtmlElement>() {
            let _ = b.focus();
        }
    }
}

fn section(doc: &Document, class: &str, label: &str) -> (Element, Element) {
    let s = el(doc, "div", &format!("section {class}"), "");
    let l = el(doc, "div", "label", label);
    add(&s, &l);
    let ul = el(doc, "ul", "", "");
    add(&s, &ul);
    (s, ul)
}

fn title_of(w: &Widget, doc_id: &str) -> String {
    w.articles.iter().find(|a| a.id == doc_id).map(|a| a.title.clone()).unwrap_or_else(|| doc_id.to_string())
}

fn roles(w: &Widget, e: &Entity, card: &Element) {
    if e.roles.is_empty() {
        return;
    }
    let doc = &w.doc;
    let (s, ul) = section(doc, "roles", "Described as");
    for r in e.roles.iter().take(5) {
        let li = el(doc, "li", "", &r.text);
        if w.articles.len() > 1 {
            add(&li, &el(doc, "span", "src", &format!(" — {}", title_of(w, &r.evidence.doc))));
        }
        add(&ul, &li);
    }
    add(card, &s);
}

fn stories(w: &Widget, e: &Entity, card: &Element) {
    let doc = &w.doc;
    let (s, ul) = section(doc, "stories", &format!("In {}", plural(e.documents.len(), "article", "articles")));
    for d in &e.documents {
        let Some(ai) = w.articles.iter().position(|a| &a.id == d) else { continue };
        let a = &w.articles[ai];
        let li = el(doc, "li", "", "");
        let _ = li.set_attribute("data-storylink-story", &a.id);
        let row = el(doc, "div", "story", "");
        let first_hit = a.hits.iter().copied().find(|&i| w.hits[i].entity == e.id);
        let count = a.hits.iter().filter(|&&i| w.hits[i].entity == e.id).count();
        if let Some(hi) = first_hit {
            let b = button(doc, "story-title link", &a.title, "jump");
            let _ = b.set_attribute("data-hit", &hi.to_string());
            let _ = b.set_attribute("aria-label", &format!("{} — go to the first mention", a.title));
            add(&row, &b);
        } else {
            add(&row, &el(doc, "span", "story-title", &a.title));
        }
        add(&row, &el(doc, "span", "jump muted", &plural(count.max(1), "mention", "mentions")));
        add(&li, &row);
        // The sentence of the first mention in this article.
        let first = w
            .analysis
            .documents
            .get(ai)
            .and_then(|da| da.mentions.iter().find(|m| m.entity == e.id));
        if let Some(m) = first {
            let (pre, mid, post) = a.map.sentence(m.start, m.end, 220);
            add(&li, &quote(doc, &pre, &mid, &post));
        }
        add(&ul, &li);
    }
    add(card, &s);
}

fn nav(w: &Widget, e: &Entity, hit: usize, card: &Element) {
    let Some(list) = w.by_entity.get(&e.id) else { return };
    if list.len() < 2 {
        return;
    }
    let doc = &w.doc;
    let pos = list.iter().position(|&i| i == hit).unwrap_or(0);
    let nav = el(doc, "div", "nav", "");
    let prev = button(doc, "", "‹", "prev");
    let _ = prev.set_attribute("aria-label", "Previous mention");
    let next = button(doc, "", "›", "next");
    let _ = next.set_attribute("aria-label", "Next mention");
    let a = &w.articles[w.hits[hit].article];
    let label = el(doc, "span", "pos", &format!("{} of {} · {}", pos + 1, list.len(), a.title));
    let _ = label.set_attribute("aria-live", "polite");
    add(&nav, &prev);
    add(&nav, &label);
    add(&nav, &next);
    add(card, &nav);
}

/// `s` cut at a word boundary to about `max` chars, with an ellipsis.
fn clip_words(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    let cut = cut.rfind(' ').map_or(cut.as_str(), |i| &cut[..i]);
    format!("{}…", cut.trim_end_matches([',', ';', ':']))
}

fn kind_rank(k: EntityKind) -> u8 {
    match k {
        EntityKind::Person => 0,
        EntityKind::Org => 1,
        EntityKind::Law => 2,
        EntityKind::Place => 3,
        EntityKind::Misc => 4,
    }
}

/// Related entities: those a sentence links to this one (with that sentence), people first, then
/// the others the articles mention alongside it, as a compact row (entities shared by the
/// articles first).
fn related(w: &Widget, e: &Entity, card: &Element) {
    let doc = &w.doc;
    let mut rows: Vec<(&Entity, &crate::model::Relation)> = Vec::new();
    for r in w.analysis.relations_of(&e.id) {
        let other = if r.source == e.id { &r.target } else { &r.source };
        let Some(o) = w.analysis.entity(other) else { continue };
        if rows.iter().any(|(x, _)| x.id == o.id) {
            continue;
        }
        rows.push((o, r));
    }
    if rows.is_empty() {
        return;
    }
    let (mut close, mut loose): (Vec<_>, Vec<_>) = rows.into_iter().partition(|(_, r)| r.scope == "sentence");
    crate::sort::sort_by(&mut close, |(a, ra), (b, rb)| {
        (kind_rank(a.kind), b.documents.len(), !w.by_entity.contains_key(&a.id))
            .cmp(&(kind_rank(b.kind), a.documents.len(), !w.by_entity.contains_key(&b.id)))
            .then(rb.strength.total_cmp(&ra.strength))
    });
    let more: Vec<_> = close.split_off(close.len().min(5));
    loose.extend(more);
    crate::sort::sort_by_key(&mut loose, |(o, _)| (std::cmp::Reverse(o.documents.len()), !w.by_entity.contains_key(&o.id), kind_rank(o.kind)));
    let (s, ul) = section(doc, "related", "Connected to");
    let entity_button = |o: &Entity, class: &str| -> Element {
        if w.by_entity.contains_key(&o.id) {
            let b = button(doc, class, &o.name, "entity");
            let _ = b.set_attribute("data-entity", &o.id);
            b
        } else {
            el(doc, "span", class, &o.name)
        }
    };
    let mut quoted: Vec<&str> = Vec::new();
    for (o, r) in &close {
        let li = el(doc, "li", "", "");
        let _ = li.set_attribute("data-storylink-related", &o.id);
        let row = el(doc, "div", "story", "");
        add(&row, &entity_button(o, "rel link"));
        add(&row, &el(doc, "span", "jump muted", kind_label(o.kind)));
        add(&li, &row);
        if let Some(ev) = r.evidence.first() {
            if quoted.contains(&ev.text.as_str()) {
                add(&li, &el(doc, "span", "quote", "(the same sentence)"));
            } else {
                quoted.push(&ev.text);
                add(&li, &el(doc, "span", "quote", &clip_words(&ev.text, 170)));
            }
        }
        add(&ul, &li);
    }
    if !loose.is_empty() {
        let li = el(doc, "li", "also", "");
        add(&li, &el(doc, "span", "muted", if close.is_empty() { "In the same articles: " } else { "Also in the same articles: " }));
        for (i, (o, _)) in loose.iter().take(10).enumerate() {
            let item = el(doc, "span", "", "");
            let _ = item.set_attribute("data-storylink-related", &o.id);
            add(&item, &entity_button(o, "link"));
            if i + 1 < loose.len().min(10) {
                let _ = item.append_with_str_1(", ");
            }
            add(&li, &item);
        }
        add(&ul, &li);
    }
    add(card, &s);
}

fn why(w: &Widget, e: &Entity, card: &Element) {
    let doc = &w.doc;
    let mut lines: Vec<String> = e
        .reasons
        .iter()
        .take(6)
        .map(|r| if r.alias == r.target { format!("“{}”: {}", r.alias, r.why) } else { format!("{} = {}: {}", r.alias, r.target, r.why) })
        .collect();
    if lines.is_empty() && e.documents.len() > 1 {
        let forms: Vec<&str> = e.aliases.iter().take(4).map(String::as_str).collect();
        lines.push(if forms.len() > 1 {
            format!("Same entity under the names {}", forms.join(", "))
        } else {
            format!("The same name “{}” appears in {}", e.name, plural(e.documents.len(), "article", "articles"))
        });
    }
    if lines.is_empty() {
        return;
    }
    let d = el(doc, "details", "section why", "");
    add(&d, &el(doc, "summary", "", "Why these mentions are linked"));
    let ul = el(doc, "ul", "", "");
    for l in lines {
        add(&ul, &el(doc, "li", "", &l));
    }
    add(&d, &ul);
    add(card, &d);
}

/// Places the card next to its mention, inside the viewport: below if it fits, else above, else
/// on the roomier side with a capped height; shifted horizontally to stay on screen.
pub(crate) fn position(w: &Widget) {
    let (Some(open), Some(c)) = (&w.open, &w.card) else { return };
    let Some(mark) = w.hits[open.hit].marks.first() else { return };
    let rects = mark.get_client_rects();
    let r = match rects.get(0) {
        Some(r) => r,
        None => mark.get_bounding_client_rect(),
    };
    let de = w.doc.document_element();
    let vw = de.as_ref().map(|d| d.client_width() as f64).filter(|&x| x > 0.0).unwrap_or_else(|| {
        w.win.inner_width().ok().and_then(|v| v.as_f64()).unwrap_or(1024.0)
    });
    let vh = w.win.inner_height().ok().and_then(|v| v.as_f64()).unwrap_or(768.0);
    let Some(card) = c.card.dyn_ref::<HtmlElement>() else { return };
    let st = card.style();
    let (gap, margin) = (6.0, 8.0);
    let _ = st.set_property("max-height", &px((vh - 2.0 * margin).max(80.0)));
    let size = card.get_bounding_client_rect();
    let (cw, ch) = (size.width(), size.height());
    let below = vh - r.bottom() - gap - margin;
    let above = r.top() - gap - margin;
    let (top, placement) = if ch <= below || (below >= above && below >= 120.0) {
        let space = below.max(80.0);
        if ch > space {
            let _ = st.set_property("max-height", &px(space));
        }
        (r.bottom() + gap, "bottom")
    } else {
        let space = above.max(80.0);
        let h = if ch > space {
            let _ = st.set_property("max-height", &px(space));
            space
        } else {
            ch
        };
        (r.top() - gap - h, "top")
    };
    let top = top.clamp(margin, (vh - margin - 80.0).max(margin));
    let left = r.left().min(vw - cw - margin).max(margin);
    if let Some(host) = c.host.dyn_ref::<HtmlElement>() {
        let hs = host.style();
        let _ = hs.set_property("--storylink-internal-top", &px(top));
        let _ = hs.set_property("--storylink-internal-left", &px(left));
    }
    let _ = c.card.set_attribute("data-placement", placement);
}

/// Whether any part of the open mention is inside the viewport.
pub(crate) fn anchor_visible(w: &Widget) -> bool {
    let Some(open) = &w.open else { return false };
    let Some(mark) = w.hits[open.hit].marks.first() else { return false };
    let r = mark.get_bounding_client_rect();
    let vh = w.win.inner_height().ok().and_then(|v| v.as_f64()).unwrap_or(768.0);
    r.bottom() > 0.0 && r.top() < vh
}

/// Copies a text-fragment link (`#:~:text=prefix-,mention,-suffix`) to the open mention.
pub(crate) fn copy_link(w: &Widget) {
    let Some(open) = &w.open else { return };
    let h = &w.hits[open.hit];
    let a = &w.articles[h.article];
    let (pre, post) = a.map.context(h.start, h.end, 3);
    let mid = String::from_utf16_lossy(&a.map.units[h.start..h.end.min(a.map.units.len())]);
    let enc = |s: &str| -> String {
        String::from(js_sys::encode_uri_component(s)).replace('-', "%2D")
    };
    let mut frag = String::from("#:~:text=");
    if !pre.is_empty() {
        frag.push_str(&enc(&pre));
        frag.push_str("-,");
    }
    frag.push_str(&enc(&mid));
    if !post.is_empty() {
        frag.push_str(",-");
        frag.push_str(&enc(&post));
    }
    let href = w.doc.location().and_then(|l| l.href().ok()).unwrap_or_default();
    let base = href.split('#').next().unwrap_or("").to_string();
    let url = format!("{base}{frag}");
    let status = w.card.as_ref().and_then(|c| c.shadow.query_selector(".status").ok().flatten());
    let _ = w.card.as_ref().map(|c| c.card.set_attribute("data-link", &url));
    let clip = js_sys::Reflect::get(&w.win.navigator(), &"clipboard".into()).ok().filter(|c| c.is_object());
    let write = clip.as_ref().and_then(|c| {
        let f = js_sys::Reflect::get(c, &"writeText".into()).ok()?.dyn_into::<js_sys::Function>().ok()?;
        f.call1(c, &url.clone().into()).ok().filter(|p| p.is_object())
    });
    let Some(status) = status else { return };
    match write {
        Some(p) => {
            status.set_text_content(Some("Copying…"));
            let ok = status.clone();
            let bad = status.clone();
            let url2 = url.clone();
            let on_ok = wasm_bindgen::closure::Closure::once_into_js(move |_: wasm_bindgen::JsValue| {
                ok.set_text_content(Some("Link copied"));
            });
            let on_err = wasm_bindgen::closure::Closure::once_into_js(move |_: wasm_bindgen::JsValue| {
                bad.set_text_content(Some(&url2));
            });
            if let Ok(then) = js_sys::Reflect::get(&p, &"then".into()) {
                if let Some(then) = then.dyn_ref::<js_sys::Function>() {
                    let _ = then.call2(&p, &on_ok, &on_err);
                }
            }
        }
        None => status.set_text_content(Some(&url)),
    }
}

/// A CSS pixel length, rounded to whole pixels (integer formatting keeps float formatting, and
/// its tables, out of the wasm).
fn px(v: f64) -> String {
    let mut s = (v.round() as i64).to_string();
    s.push_str("px");
    s
}
