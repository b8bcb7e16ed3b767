//! The entity index (a legend that is also a keyboard and screen-reader route to every card) and
//! the SVG link map of articles and the entities they share. Each lives in its own open shadow
//! root, in a container the page chooses (`index`/`map` options, or `[data-storylink-index]` /
//! `[data-storylink-map]`), and is removed on destroy.

use super::card::{add, el, kind_label, sheets};
use super::{style, IndexTarget, Trigger, Widget};
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, ShadowRootInit, ShadowRootMode};

const SVG: &str = "http://www.w3.org/2000/svg";

fn container(w: &Widget, t: &IndexTarget, default: &str) -> Option<Element> {
    match t {
        IndexTarget::None => None,
        IndexTarget::Auto => w.doc.query_selector(default).ok().flatten(),
        IndexTarget::Selector(s) => w.doc.query_selector(s).ok().flatten(),
        IndexTarget::Element(e) => Some(e.clone()),
    }
}

/// Entities to list: highlighted ones, shared first, by number of articles then mentions.
fn listed(w: &Widget) -> Vec<(String, &'static str)> {
    let mut v: Vec<(String, &'static str)> = w
        .analysis
        .entities
        .iter()
        .filter_map(|e| Some((e.id.clone(), *w.kinds.get(&e.id)?)))
        .filter(|(id, _)| w.by_entity.contains_key(id))
        .collect();
    let rank = |k: &str| match k {
        "shared" => 0,
        "connected" => 1,
        _ => 2,
    };
    crate::sort::sort_by_key(&mut v, |(id, k)| {
        let docs = w.analysis.entity(id).map_or(0, |e| e.documents.len());
        let n = w.by_entity.get(id).map_or(0, Vec::len);
        (rank(k), std::cmp::Reverse(docs), std::cmp::Reverse(n))
    });
    v
}

fn host(w: &mut Widget, parent: &Element, attr: &str) -> Option<web_sys::ShadowRoot> {
    let h = w.doc.create_element("div").ok()?;
    h.set_attribute(attr, "").ok()?;
    h.set_attribute("data-storylink-ui", "").ok()?;
    let shadow = h.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open)).ok()?;
    shadow.set_adopted_style_sheets(&sheets(&[style::BASE, style::INDEX]));
    parent.append_child(&h).ok()?;
    w.extras.push(h);
    Some(shadow)
}

/// Renders the index and the map where the page asked for them.
pub(crate) fn render(w: &mut Widget) {
    if let Some(c) = container(w, &w.opts.index.clone(), "[data-storylink-index]") {
        index(w, &c);
    }
    if let Some(c) = container(w, &w.opts.map.clone(), "[data-storylink-map]") {
        map(w, &c);
    }
}

fn index(w: &mut Widget, parent: &Element) {
    let Some(shadow) = host(w, parent, "data-storylink-index-host") else { return };
    let doc = w.doc.clone();
    let rows = listed(w);
    let shared = rows.iter().filter(|(_, k)| *k == "shared").count();
    let region = el(&doc, "section", "", "");
    let _ = region.set_attribute("aria-label", "Entities in these articles");
    let details = el(&doc, "details", "box", "");
    add(&region, &details);
    let summary = el(
        &doc,
        "summary",
        "",
        &format!(
            "Entities in these articles: {} shared{}",
            shared,
            if rows.len() > shared { format!(", {} more", rows.len() - shared) } else { String::new() }
        ),
    );
    add(&details, &summary);
    let key = el(&doc, "div", "key", "");
    add(&key, &el(&doc, "span", "ent", "solid: in several articles"));
    add(&key, &el(&doc, "span", "ent connected", "dashed: connected to a shared entity"));
    if rows.iter().any(|(_, k)| *k == "single") {
        add(&key, &el(&doc, "span", "ent single", "dotted: one article"));
    }
    add(&details, &key);
    let scroll = el(&doc, "div", "scroll", "");
    let table = el(&doc, "table", "", "");
    let thead = el(&doc, "thead", "", "");
    let tr = el(&doc, "tr", "", "");
    for h in ["Entity", "Type"] {
        let th = el(&doc, "th", "", h);
        let _ = th.set_attribute("scope", "col");
        add(&tr, &th);
    }
    for a in &w.articles {
        let th = el(&doc, "th", "", &a.title);
        let _ = th.set_attribute("scope", "col");
        add(&tr, &th);
    }
    add(&thead, &tr);
    add(&table, &thead);
    let tbody = el(&doc, "tbody", "", "");
    for (id, kind) in &rows {
        let Some(e) = w.analysis.entity(id) else { continue };
        let tr = el(&doc, "tr", "", "");
        let _ = tr.set_attribute("data-storylink-index-entity", id);
        let th = el(&doc, "th", "", "");
        let _ = th.set_attribute("scope", "row");
        let b = el(&doc, "button", &format!("ent {kind}"), &e.name);
        let _ = b.set_attribute("type", "button");
        let _ = b.set_attribute("data-entity", id);
        add(&th, &b);
        add(&tr, &th);
        add(&tr, &el(&doc, "td", "muted", kind_label(e.kind)));
        for a in &w.articles {
            let td = el(&doc, "td", "n", "");
            let hits: Vec<usize> = a.hits.iter().copied().filter(|&i| &w.hits[i].entity == id).collect();
            if let Some(&first) = hits.first() {
                let b = el(&doc, "button", "link", &hits.len().to_string());
                let _ = b.set_attribute("type", "button");
                let _ = b.set_attribute("data-hit", &first.to_string());
                let _ = b.set_attribute(
                    "aria-label",
                    &format!("{}: {} in {}, go to the first", e.name, plural(hits.len()), a.title),
                );
                add(&td, &b);
            } else {
                let _ = td.set_attribute("aria-label", "none");
                td.set_text_content(Some("–"));
            }
            add(&tr, &td);
        }
        add(&tbody, &tr);
    }
    add(&table, &tbody);
    add(&scroll, &table);
    add(&details, &scroll);
    let _ = shadow.append_child(&region);
    let target: web_sys::EventTarget = shadow.into();
    super::events::on(w, &target, "click", false, index_click);
}

fn plural(n: usize) -> String {
    if n == 1 {
        "1 mention".into()
    } else {
        format!("{n} mentions")
    }
}

fn index_click(w: &mut Widget, ev: &Event) {
    let Some(t) = ev.composed_path().get(0).dyn_into::<Element>().ok() else { return };
    let Some(b) = t.closest("[data-hit], [data-entity]").ok().flatten() else { return };
    let hit = if let Some(h) = b.get_attribute("data-hit").and_then(|s| s.parse::<usize>().ok()) {
        Some(h)
    } else {
        b.get_attribute("data-entity").and_then(|e| w.by_entity.get(&e).and_then(|l| l.first().copied()))
    };
    let Some(hit) = hit else { return };
    w.hide(false);
    w.jump(hit, true);
    w.show(hit, Trigger::Click);
}

fn svg(w: &Widget, tag: &str, attrs: &[(&str, String)]) -> Option<Element> {
    let e = w.doc.create_element_ns(Some(SVG), tag).ok()?;
    for (k, v) in attrs {
        e.set_attribute(k, v).ok()?;
    }
    Some(e)
}

fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

fn map(w: &mut Widget, parent: &Element) {
    let Some(shadow) = host(w, parent, "data-storylink-map-host") else { return };
    let rows: Vec<(String, &'static str)> =
        listed(w).into_iter().filter(|(_, k)| *k == "shared").take(24).collect();
    let na = w.articles.len().max(1);
    let width = 640.0_f64;
    let per_row = 4usize;
    let nrows = rows.len().div_ceil(per_row).max(1);
    let height = 70.0 + nrows as f64 * 54.0 + 10.0;
    let Some(root) = svg(
        w,
        "svg",
        &[("viewBox", format!("0 0 {width} {height}")), ("role", "group".into()),
          ("aria-label", "Link map: articles and the entities they share".into())],
    ) else {
        return;
    };
    let Some(title) = svg(w, "title", &[]) else { return };
    title.set_text_content(Some("Link map: articles and the entities they share"));
    add(&root, &title);
    // Articles along the top.
    let aw = (width - 20.0) / na as f64;
    let mut acenter = Vec::new();
    for (i, a) in w.articles.iter().enumerate() {
        let x = 10.0 + i as f64 * aw;
        let Some(g) = svg(w, "g", &[("class", "article".into())]) else { return };
        if let Some(r) = svg(w, "rect", &[("x", num(x + 4.0)), ("y", "8".into()),
            ("width", num(aw - 8.0)), ("height", "34".into()), ("rx", "6".into())]) {
            add(&g, &r);
        }
        if let Some(t) = svg(w, "text", &[("x", num(x + aw / 2.0)), ("y", "30".into()),
            ("text-anchor", "middle".into())]) {
            t.set_text_content(Some(&clip(&a.title, ((aw - 16.0) / 7.0) as usize)));
            add(&g, &t);
        }
        add(&root, &g);
        acenter.push(x + aw / 2.0);
    }
    // Edges first (under the nodes), then entity nodes in a grid.
    let cw = (width - 20.0) / per_row as f64;
    let mut nodes = Vec::new();
    for (k, (id, kind)) in rows.iter().enumerate() {
        let Some(e) = w.analysis.entity(id) else { continue };
        let (row, col) = (k / per_row, k % per_row);
        let in_row = (rows.len() - row * per_row).min(per_row) as f64;
        let offset = (per_row as f64 - in_row) * cw / 2.0;
        let cx = 10.0 + offset + col as f64 * cw + cw / 2.0;
        let cy = 86.0 + row as f64 * 54.0;
        for (ai, a) in w.articles.iter().enumerate() {
            if a.hits.iter().any(|&i| &w.hits[i].entity == id) {
                if let Some(l) = svg(w, "line", &[("class", "edge".into()), ("x1", num(acenter[ai])),
                    ("y1", "42".into()), ("x2", num(cx)), ("y2", num(cy - 7.0))]) {
                    add(&root, &l);
                }
            }
        }
        let Some(g) = svg(w, "g", &[("class", format!("node {kind}")), ("tabindex", "0".into()),
            ("role", "button".into()), ("data-entity", id.clone()),
            ("aria-label", format!("{} ({}), in {} articles: open card", e.name, kind_label(e.kind), e.documents.len()))])
        else {
            continue;
        };
        if let Some(c) = svg(w, "circle", &[("cx", num(cx)), ("cy", num(cy)), ("r", "7".into())]) {
            add(&g, &c);
        }
        if let Some(t) = svg(w, "text", &[("x", num(cx)), ("y", num(cy + 22.0)),
            ("text-anchor", "middle".into())]) {
            t.set_text_content(Some(&clip(&e.name, 22)));
            add(&g, &t);
        }
        nodes.push(g);
    }
    for g in nodes {
        add(&root, &g);
    }
    let bx = el(&w.doc, "div", "box", "");
    add(&bx, &root);
    let _ = shadow.append_child(&bx);
    let target: web_sys::EventTarget = shadow.into();
    super::events::on(w, &target, "click", false, index_click);
    super::events::on(w, &target, "keydown", false, map_key);
}

fn map_key(w: &mut Widget, ev: &Event) {
    let Some(k) = ev.dyn_ref::<web_sys::KeyboardEvent>() else { return };
    if k.key() == "Enter" || k.key() == " " {
        ev.prevent_default();
        index_click(w, ev);
    }
}

/// An SVG coordinate, rounded to whole units (integer formatting keeps float formatting out of
/// the wasm).
fn num(v: f64) -> String {
    (v.round() as i64).to_string()
}
