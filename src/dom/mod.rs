//! The page layer: finds article roots, reads their text, runs the core [`crate::Analyzer`]
//! (Rust to Rust), highlights the chosen entities and shows the hover card.
//!
//! Only this module touches the page. Everything it adds is tagged (`data-storylink-*`) and
//! recorded, so [`Handle::destroy`] puts the page back exactly: the same nodes, the same text,
//! no attribute, listener or stylesheet left behind.

mod card;
mod events;
mod highlight;
mod index;
mod style;
mod textmap;
#[cfg(test)]
mod tests;

use crate::model::{Analysis, Document as InputDoc, EntityKind};
use crate::Analyzer;
use events::Listener;
use highlight::{Undo, Wrap};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::{Rc, Weak};
use textmap::TextMap;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CssStyleSheet, Document, Element, HtmlElement, Window};

/// Which article roots to link.
#[derive(Clone)]
pub(crate) enum Articles {
    /// A CSS selector (default `[data-storylink-article]`).
    Selector(String),
    /// Given elements.
    Elements(Vec<Element>),
}

/// Where to render the entity index or the link map.
#[derive(Clone)]
pub(crate) enum IndexTarget {
    /// The first element matching the default selector, when there is one.
    Auto,
    /// Not at all.
    None,
    /// The first element matching a selector.
    Selector(String),
    /// This element.
    Element(Element),
}

/// Which entities get highlighted.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Mode {
    /// Entities in two or more articles.
    Shared,
    /// Shared entities and those a sentence relates to a shared one.
    Connected,
    /// Every entity.
    All,
}

/// Options of [`Handle::attach`], read from JS by the binding.
#[derive(Clone)]
pub(crate) struct Options {
    pub articles: Articles,
    pub mode: Mode,
    pub types: Option<Vec<EntityKind>>,
    pub exclude: Option<String>,
    pub hover_delay: i32,
    pub close_delay: i32,
    pub index: IndexTarget,
    pub map: IndexTarget,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            articles: Articles::Selector("[data-storylink-article]".into()),
            mode: Mode::Connected,
            types: None,
            exclude: None,
            hover_delay: 500,
            close_delay: 300,
            index: IndexTarget::Auto,
            map: IndexTarget::Auto,
        }
    }
}

/// One linked article root.
pub(crate) struct Article {
    pub root: Element,
    pub id: String,
    pub title: String,
    pub map: TextMap,
    /// Indices into [`Widget::hits`], in text order.
    pub hits: Vec<usize>,
}

/// One highlighted mention.
pub(crate) struct Hit {
    pub article: usize,
    pub entity: String,
    pub start: usize,
    pub end: usize,
    /// Its `<mark>`s in text order; the first is the keyboard stop.
    pub marks: Vec<Element>,
    /// Whether it takes keyboard focus (not inside a link or button).
    pub focusable: bool,
}

/// How a card was opened.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Trigger {
    Hover,
    Focus,
    Click,
    Api,
}

impl Trigger {
    fn as_str(self) -> &'static str {
        match self {
            Trigger::Hover => "hover",
            Trigger::Focus => "focus",
            Trigger::Click => "click",
            Trigger::Api => "api",
        }
    }
}

/// The open card: which mention it belongs to.
pub(crate) struct Open {
    pub hit: usize,
    pub trigger: Trigger,
}

/// A pending `setTimeout` and its callback (dropped when cleared).
pub(crate) struct Timer {
    id: i32,
    _f: Closure<dyn FnMut()>,
}

/// A mutation observer and its callback (dropped together).
type Watcher = (web_sys::MutationObserver, Closure<dyn FnMut(js_sys::Array)>);

/// The state of one attached widget.
pub(crate) struct Widget {
    pub doc: Document,
    pub win: Window,
    pub opts: Options,
    pub analysis: Analysis,
    pub articles: Vec<Article>,
    pub hits: Vec<Hit>,
    /// Entity id → its hits in page order.
    pub by_entity: HashMap<String, Vec<usize>>,
    /// Highlighted entity id → "shared" | "connected" | "single".
    pub kinds: HashMap<String, &'static str>,
    undo: Undo,
    page_sheet: Option<CssStyleSheet>,
    /// The document and any shadow roots holding articles: where `page_sheet` is adopted.
    sheet_owners: Vec<JsValue>,
    /// Watches the articles for the page's own changes (a framework re-rendering them).
    observer: Option<Watcher>,
    /// The debounced re-link after the page changed an article.
    relink: Option<Timer>,
    /// When the last re-link ran (ms) and how many re-links in a row the page undid at once.
    relinked_at: f64,
    strikes: u8,
    pub card: Option<card::Card>,
    pub open: Option<Open>,
    pub open_timer: Option<Timer>,
    pub close_timer: Option<Timer>,
    pub flash: Option<(Timer, Element)>,
    pub listeners: Vec<Listener>,
    /// Hosts of the index and map, removed on destroy.
    pub extras: Vec<Element>,
    pub me: Weak<RefCell<Widget>>,
    pub dead: bool,
}

thread_local! {
    /// Attached widgets, so that linking the same root twice replaces the first.
    static LIVE: RefCell<Vec<Rc<RefCell<Widget>>>> = const { RefCell::new(Vec::new()) };
}

/// The widget as the binding holds it.
pub(crate) struct Handle {
    w: Rc<RefCell<Widget>>,
}

fn js_err(msg: &str) -> JsValue {
    js_sys::Error::new(&format!("storylink: {msg}")).into()
}

impl Handle {
    /// Attaches a widget to the page.
    pub fn attach(opts: Options) -> Result<Handle, JsValue> {
        let win = web_sys::window().ok_or_else(|| js_err("link() needs a browser window"))?;
        let doc = win.document().ok_or_else(|| js_err("link() needs a document"))?;
        let roots = find_roots(&doc, &opts.articles)?;
        // Replace widgets that own any of these roots.
        let stale: Vec<Rc<RefCell<Widget>>> = LIVE.with(|l| {
            l.borrow()
                .iter()
                .filter(|w| {
                    w.try_borrow().is_ok_and(|w| w.articles.iter().any(|a| roots.iter().any(|r| r == &a.root)))
                })
                .cloned()
                .collect()
        });
        for w in stale {
            Handle { w }.destroy();
        }
        let w = Rc::new_cyclic(|me| {
            RefCell::new(Widget {
                doc,
                win,
                opts,
                analysis: Analysis { documents: vec![], entities: vec![], relations: vec![] },
                articles: vec![],
                hits: vec![],
                by_entity: HashMap::new(),
                kinds: HashMap::new(),
                undo: Undo::default(),
                page_sheet: None,
                sheet_owners: vec![],
                observer: None,
                relink: None,
                relinked_at: f64::NEG_INFINITY,
                strikes: 0,
                card: None,
                open: None,
                open_timer: None,
                close_timer: None,
                flash: None,
                listeners: vec![],
                extras: vec![],
                me: me.clone(),
                dead: false,
            })
        });
        {
            let mut wm = w.borrow_mut();
            if let Err(e) = wm.build(roots) {
                wm.teardown();
                return Err(e);
            }
        }
        LIVE.with(|l| l.borrow_mut().push(w.clone()));
        let ready = {
            let wm = w.borrow();
            let detail = js_sys::Object::new();
            let ids = js_sys::Array::new();
            for a in &wm.articles {
                ids.push(&JsValue::from_str(&a.id));
            }
            set(&detail, "articles", &ids);
            set(&detail, "entities", &JsValue::from(wm.kinds.len() as u32));
            set(&detail, "highlighted", &JsValue::from(wm.hits.len() as u32));
            (wm.doc.clone(), detail)
        };
        dispatch_later(&ready.0, "storylink:ready", ready.1.into());
        Ok(Handle { w })
    }

    /// Restores the page; idempotent. Deferred to a microtask when called from inside a handler.
    pub fn destroy(&self) {
        match self.w.try_borrow_mut() {
            Ok(mut w) => w.teardown(),
            Err(_) => {
                let w = self.w.clone();
                later(move || Handle { w }.destroy());
            }
        }
        LIVE.with(|l| l.borrow_mut().retain(|x| !Rc::ptr_eq(x, &self.w)));
    }

    /// Tears down and links again with the same options.
    pub fn refresh(&self) -> Result<(), JsValue> {
        let Ok(mut w) = self.w.try_borrow_mut() else {
            return Err(js_err("refresh() cannot run inside a storylink event handler"));
        };
        if w.dead {
            return Err(js_err("refresh() after destroy()"));
        }
        w.relink_now()
    }

    /// Opens the card of an entity at its first highlighted mention.
    pub fn open(&self, entity: &str) -> bool {
        let Ok(mut w) = self.w.try_borrow_mut() else { return false };
        let Some(&hit) = w.by_entity.get(entity).and_then(|h| h.first()) else { return false };
        w.show(hit, Trigger::Api);
        true
    }

    /// Closes the card.
    pub fn close(&self) {
        if let Ok(mut w) = self.w.try_borrow_mut() {
            w.hide(false);
        }
    }

    /// The analysis as a plain JS object.
    pub fn analysis(&self) -> Result<JsValue, JsValue> {
        let w = self.w.try_borrow().map_err(|_| js_err("the widget is busy"))?;
        crate::wasm::to_js(&w.analysis)
    }

    /// Article ids in page order.
    pub fn article_ids(&self) -> Vec<String> {
        self.w.try_borrow().map(|w| w.articles.iter().map(|a| a.id.clone()).collect()).unwrap_or_default()
    }

    /// Whether the widget was destroyed.
    pub fn destroyed(&self) -> bool {
        self.w.try_borrow().map(|w| w.dead).unwrap_or(false)
    }
}

fn find_roots(doc: &Document, articles: &Articles) -> Result<Vec<Element>, JsValue> {
    let mut roots: Vec<Element> = match articles {
        Articles::Selector(sel) => {
            let list = doc.query_selector_all(sel).map_err(|_| {
                JsValue::from(js_sys::TypeError::new(&format!(
                    "storylink: options.articles {sel:?} is not a valid CSS selector"
                )))
            })?;
            (0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<Element>().ok()).collect()
        }
        Articles::Elements(els) => els.clone(),
    };
    if roots.len() > crate::wasm::MAX_DOCUMENTS as usize {
        return Err(js_sys::RangeError::new(&format!(
            "storylink: {} article roots; at most {} are linked at once",
            roots.len(),
            crate::wasm::MAX_DOCUMENTS
        ))
        .into());
    }
    // A root the page has taken out of the document is not linked.
    roots.retain(|r| r.is_connected());
    // Drop duplicates and roots nested in another root (their text is already read).
    let mut out: Vec<Element> = Vec::new();
    for r in roots.drain(..) {
        if out.iter().any(|o| o == &r || o.contains(Some(r.as_ref()))) {
            continue;
        }
        out.retain(|o| !r.contains(Some(o.as_ref())));
        out.push(r);
    }
    Ok(out)
}

/// Sets `obj[key] = value` (cannot fail on a plain object).
pub(crate) fn set(obj: &js_sys::Object, key: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(obj, &JsValue::from_str(key), value);
}

/// `owner.adoptedStyleSheets` (a document or a shadow root) as a new array.
fn adopted(owner: &JsValue) -> js_sys::Array {
    js_sys::Reflect::get(owner, &JsValue::from_str("adoptedStyleSheets"))
        .map(|l| js_sys::Array::from(&l))
        .unwrap_or_default()
}

fn set_adopted(owner: &JsValue, list: &js_sys::Array) {
    let _ = js_sys::Reflect::set(owner, &JsValue::from_str("adoptedStyleSheets"), list);
}

/// Runs `f` in a microtask.
pub(crate) fn later(f: impl FnOnce() + 'static) {
    let cb = Closure::once_into_js(f);
    if let Some(win) = web_sys::window() {
        win.queue_microtask(cb.unchecked_ref::<js_sys::Function>());
    }
}

/// Dispatches a `CustomEvent` on `target` in a microtask (never inside the widget's own borrow).
pub(crate) fn dispatch_later(target: &Document, name: &'static str, detail: JsValue) {
    let target = target.clone();
    later(move || {
        let init = web_sys::CustomEventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        init.set_detail(&detail);
        if let Ok(ev) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
            let _ = target.dispatch_event(&ev);
        }
    });
}

fn title_of(root: &Element, map: &TextMap) -> String {
    if let Some(t) = root.get_attribute("data-storylink-title") {
        if !t.trim().is_empty() {
            return t.trim().to_string();
        }
    }
    if let Ok(Some(h)) = root.query_selector("h1, h2, h3, h4, h5, h6") {
        let t = h.text_content().unwrap_or_default();
        let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
        if !t.is_empty() {
            return t;
        }
    }
    let words: Vec<&str> = map.text.split_whitespace().take(9).collect();
    let mut t = words.join(" ");
    if map.text.split_whitespace().nth(9).is_some() {
        t.push('…');
    }
    t
}

impl Widget {
    /// Reads, analyses and highlights the roots; adds listeners, styles, index and map.
    fn build(&mut self, roots: Vec<Element>) -> Result<(), JsValue> {
        let exclude = self.opts.exclude.clone();
        if let Some(sel) = &exclude {
            if self.doc.query_selector(sel).is_err() {
                return Err(js_sys::TypeError::new(&format!(
                    "storylink: options.exclude {sel:?} is not a valid CSS selector"
                ))
                .into());
            }
        }
        let mut used = HashSet::new();
        for (i, root) in roots.into_iter().enumerate() {
            let map = TextMap::read(&root, exclude.as_deref());
            let base = root
                .get_attribute("data-storylink-article")
                .filter(|s| !s.trim().is_empty())
                .or_else(|| Some(root.id()).filter(|s| !s.is_empty()))
                .unwrap_or_else(|| format!("article-{}", i + 1));
            let mut id = base.clone();
            let mut n = 2;
            while !used.insert(id.clone()) {
                id = format!("{base}-{n}");
                n += 1;
            }
            let title = title_of(&root, &map);
            self.articles.push(Article { root, id, title, map, hits: vec![] });
        }
        let docs: Vec<InputDoc> =
            self.articles.iter().map(|a| InputDoc::new(a.id.clone(), a.map.text.clone())).collect();
        self.analysis = Analyzer::new().analyze(&docs).map_err(|e| js_err(&e.to_string()))?;
        self.choose_entities();
        self.highlight();
        self.adopt_page_sheet();
        events::listen(self);
        index::render(self);
        self.observe();
        Ok(())
    }

    /// Tears down and links the articles again (same options, roots found again).
    fn relink_now(&mut self) -> Result<(), JsValue> {
        self.teardown();
        self.dead = false;
        let roots = find_roots(&self.doc, &self.opts.articles);
        if let Err(e) = roots.and_then(|r| self.build(r)) {
            self.teardown();
            return Err(e);
        }
        Ok(())
    }

    /// Starts watching the article roots (their subtrees) and their parents (for a root that is
    /// replaced). Everything storylink itself changes happens while the observer is disconnected.
    fn observe(&mut self) {
        if self.observer.is_none() {
            let me = self.me.clone();
            let f = Closure::<dyn FnMut(js_sys::Array)>::new(move |records: js_sys::Array| {
                let Some(rc) = me.upgrade() else { return };
                let Ok(mut w) = rc.try_borrow_mut() else { return };
                if !w.dead && w.is_foreign(&records) {
                    w.page_changed();
                }
            });
            let Ok(o) = web_sys::MutationObserver::new(f.as_ref().unchecked_ref()) else { return };
            self.observer = Some((o, f));
        }
        let Some((o, _)) = &self.observer else { return };
        let deep = web_sys::MutationObserverInit::new();
        deep.set_child_list(true);
        deep.set_subtree(true);
        deep.set_character_data(true);
        let top = web_sys::MutationObserverInit::new();
        top.set_child_list(true);
        for a in &self.articles {
            let _ = o.observe_with_options(&a.root, &deep);
            if let Some(p) = a.root.parent_node() {
                let _ = o.observe_with_options(&p, &top);
            }
        }
    }

    /// Whether mutation records show a change the page made to an article (not storylink's own
    /// card or index hosts coming and going).
    fn is_foreign(&self, records: &js_sys::Array) -> bool {
        let ui = |n: &web_sys::Node| n.dyn_ref::<Element>().is_some_and(|e| e.has_attribute("data-storylink-ui"));
        let all_ui = |l: web_sys::NodeList| (0..l.length()).all(|i| l.item(i).is_some_and(|n| ui(&n)));
        records.iter().any(|r| {
            let Some(r) = r.dyn_ref::<web_sys::MutationRecord>() else { return false };
            let Some(t) = r.target() else { return false };
            if !self.articles.iter().any(|a| a.root.contains(Some(&t))) {
                // A parent of a root: only a root leaving the document matters.
                return self.articles.iter().any(|a| !a.root.is_connected());
            }
            let el = t.dyn_ref::<Element>().cloned().or_else(|| t.parent_element());
            if el.is_some_and(|e| e.closest("[data-storylink-ui]").ok().flatten().is_some()) {
                return false;
            }
            r.type_() == "characterData" || !(all_ui(r.added_nodes()) && all_ui(r.removed_nodes()))
        })
    }

    /// The page changed an article: step back at once (before the next paint, so stale copies of
    /// its text are never shown) and re-link when it has been quiet for a moment. A page that
    /// undoes three re-links in a row, each within a second, is left alone for good.
    fn page_changed(&mut self) {
        let now = js_sys::Date::now();
        self.strikes = if now - self.relinked_at < 1000.0 { self.strikes + 1 } else { 0 };
        self.teardown();
        if self.strikes >= 3 {
            let d = js_sys::Object::new();
            set(&d, "message", &JsValue::from_str("storylink: the page keeps rewriting its articles; storylink stepped back"));
            dispatch_later(&self.doc, "storylink:error", d.into());
            return;
        }
        self.dead = false;
        self.relink = self.timer(250, |w| {
            w.relink = None;
            w.relinked_at = js_sys::Date::now();
            let _ = w.relink_now();
        });
    }

    /// Fills `kinds`: which entities to highlight, and how.
    fn choose_entities(&mut self) {
        let typed = |k: EntityKind| self.opts.types.as_ref().map_or(true, |t| t.contains(&k));
        let shared: HashSet<&str> = self
            .analysis
            .entities
            .iter()
            .filter(|e| e.documents.len() >= 2 && typed(e.kind))
            .map(|e| e.id.as_str())
            .collect();
        let mut kinds: HashMap<String, &'static str> = shared.iter().map(|id| (id.to_string(), "shared")).collect();
        if self.opts.mode != Mode::Shared {
            for r in &self.analysis.relations {
                if r.scope != "sentence" {
                    continue;
                }
                for (a, b) in [(&r.source, &r.target), (&r.target, &r.source)] {
                    if shared.contains(a.as_str()) && !shared.contains(b.as_str()) {
                        if let Some(e) = self.analysis.entity(b) {
                            if typed(e.kind) {
                                kinds.insert(b.clone(), "connected");
                            }
                        }
                    }
                }
            }
        }
        if self.opts.mode == Mode::All {
            for e in &self.analysis.entities {
                if typed(e.kind) {
                    kinds.entry(e.id.clone()).or_insert("single");
                }
            }
        }
        self.kinds = kinds;
    }

    fn highlight(&mut self) {
        for (ai, doc) in self.analysis.documents.iter().enumerate() {
            let Some(article) = self.articles.get(ai) else { break };
            let chosen: Vec<&crate::model::Mention> =
                doc.mentions.iter().filter(|m| self.kinds.contains_key(&m.entity)).collect();
            let wraps: Vec<Wrap<'_>> = chosen
                .iter()
                .map(|m| Wrap { start: m.start, end: m.end, entity: &m.entity, kind: self.kinds[&m.entity] })
                .collect();
            let marks = self.undo.wrap(&self.doc, &article.map, &wraps);
            let mut first = true;
            for (m, marks) in chosen.iter().zip(marks) {
                let Some(primary) = marks.first() else { continue };
                let focusable = primary
                    .closest("a, button, label, summary, [role=button], [role=link], [tabindex]:not(mark)")
                    .ok()
                    .flatten()
                    .is_none();
                let idx = self.hits.len();
                for mk in &marks {
                    let _ = mk.set_attribute("data-storylink-mention", &idx.to_string());
                }
                if focusable {
                    let _ = primary.set_attribute("tabindex", if first { "0" } else { "-1" });
                    let _ = primary.set_attribute("role", "button");
                    let _ = primary.set_attribute("aria-haspopup", "dialog");
                    let _ = primary.set_attribute("aria-expanded", "false");
                    first = false;
                }
                self.by_entity.entry(m.entity.clone()).or_default().push(idx);
                self.hits.push(Hit {
                    article: ai,
                    entity: m.entity.clone(),
                    start: m.start,
                    end: m.end,
                    marks,
                    focusable,
                });
            }
        }
        for (i, h) in self.hits.iter().enumerate() {
            if let Some(a) = self.articles.get_mut(h.article) {
                a.hits.push(i);
            }
        }
    }

    fn adopt_page_sheet(&mut self) {
        let Ok(sheet) = CssStyleSheet::new() else { return };
        if sheet.replace_sync(style::PAGE).is_err() {
            return;
        }
        let mut owners: Vec<JsValue> = vec![self.doc.clone().into()];
        for a in &self.articles {
            let r: JsValue = a.root.get_root_node().into();
            if r.is_instance_of::<web_sys::ShadowRoot>() && !owners.contains(&r) {
                owners.push(r);
            }
        }
        for o in &owners {
            let list = adopted(o);
            list.push(&sheet);
            set_adopted(o, &list);
        }
        self.sheet_owners = owners;
        self.page_sheet = Some(sheet);
    }

    /// Removes everything the widget added. Safe to call twice.
    fn teardown(&mut self) {
        if self.dead {
            return;
        }
        self.dead = true;
        if let Some((o, _)) = &self.observer {
            o.disconnect();
        }
        if let Some(t) = self.relink.take() {
            self.win.clear_timeout_with_handle(t.id);
        }
        self.hide(false);
        self.clear_timers();
        if let Some((t, el)) = self.flash.take() {
            self.win.clear_timeout_with_handle(t.id);
            let _ = el.remove_attribute("data-storylink-flash");
        }
        self.listeners.clear();
        if let Some(card) = self.card.take() {
            card.remove();
        }
        for e in self.extras.drain(..) {
            e.remove();
        }
        self.undo.undo();
        if let Some(sheet) = self.page_sheet.take() {
            let sheet: JsValue = sheet.into();
            for o in self.sheet_owners.drain(..) {
                let kept = js_sys::Array::new();
                for s in adopted(&o).iter().filter(|s| s != &sheet) {
                    kept.push(&s);
                }
                set_adopted(&o, &kept);
            }
        }
        self.articles.clear();
        self.hits.clear();
        self.by_entity.clear();
        self.kinds.clear();
    }

    pub fn clear_timers(&mut self) {
        for t in [self.open_timer.take(), self.close_timer.take()].into_iter().flatten() {
            self.win.clear_timeout_with_handle(t.id);
        }
    }

    /// Runs `f` on the widget after `ms` milliseconds (skipped if the widget is busy or gone).
    pub fn timer(&self, ms: i32, f: impl Fn(&mut Widget) + 'static) -> Option<Timer> {
        let me = self.me.clone();
        let cb = Closure::<dyn FnMut()>::new(move || {
            if let Some(w) = me.upgrade() {
                if let Ok(mut w) = w.try_borrow_mut() {
                    if !w.dead {
                        f(&mut w);
                    }
                }
            }
        });
        let id = self
            .win
            .set_timeout_with_callback_and_timeout_and_arguments_0(cb.as_ref().unchecked_ref(), ms)
            .ok()?;
        Some(Timer { id, _f: cb })
    }

    /// The hit a mark (or anything inside one) belongs to.
    pub fn hit_of(&self, target: &JsValue) -> Option<usize> {
        let el = target.dyn_ref::<Element>().cloned().or_else(|| {
            target.dyn_ref::<web_sys::Node>().and_then(|n| n.parent_element())
        })?;
        let mark = el.closest("mark[data-storylink-mention]").ok()??;
        let i: usize = mark.get_attribute("data-storylink-mention")?.parse().ok()?;
        let h = self.hits.get(i)?;
        h.marks.iter().any(|m| m == &mark).then_some(i)
    }

    /// Opens (or moves) the card to a hit.
    pub fn show(&mut self, hit: usize, trigger: Trigger) {
        if self.dead || hit >= self.hits.len() {
            return;
        }
        self.clear_timers();
        let same_entity = self.open.as_ref().is_some_and(|o| self.hits[o.hit].entity == self.hits[hit].entity);
        if let Some(o) = &self.open {
            if o.hit == hit {
                if trigger != Trigger::Hover {
                    self.open = Some(Open { hit, trigger });
                }
                return;
            }
        }
        self.set_active(false);
        let prev_trigger = self.open.as_ref().map(|o| o.trigger);
        // A card opened by keyboard or click stays "pinned" while it moves between mentions.
        let trigger = match (prev_trigger, trigger) {
            (Some(p), Trigger::Api) if same_entity => p,
            _ => trigger,
        };
        self.open = Some(Open { hit, trigger });
        self.set_active(true);
        card::render(self, None);
        if !same_entity {
            self.dispatch_card_event("storylink:open", hit, trigger);
        }
    }

    /// Closes the card; with `refocus`, focus goes back to the mention it belongs to.
    pub fn hide(&mut self, refocus: bool) {
        self.clear_timers();
        if self.open.is_none() {
            return;
        }
        self.set_active(false);
        let Some(open) = self.open.take() else { return };
        if let Some(card) = &self.card {
            card.detach();
        }
        if refocus {
            self.focus_hit(open.hit);
        }
        self.dispatch_card_event("storylink:close", open.hit, open.trigger);
    }

    fn dispatch_card_event(&self, name: &'static str, hit: usize, trigger: Trigger) {
        let Some(h) = self.hits.get(hit) else { return };
        let Some(e) = self.analysis.entity(&h.entity) else { return };
        let d = js_sys::Object::new();
        set(&d, "entity", &JsValue::from_str(&e.id));
        set(&d, "name", &JsValue::from_str(&e.name));
        set(&d, "type", &JsValue::from_str(e.kind.as_str()));
        set(&d, "article", &JsValue::from_str(&self.articles[h.article].id));
        set(&d, "trigger", &JsValue::from_str(trigger.as_str()));
        dispatch_later(&self.doc, name, d.into());
    }

    /// Marks (or unmarks) every mention of the open entity, and `aria-expanded` on the anchor.
    fn set_active(&self, on: bool) {
        let Some(o) = &self.open else { return };
        let ent = &self.hits[o.hit].entity;
        for &i in self.by_entity.get(ent).into_iter().flatten() {
            for m in &self.hits[i].marks {
                if on {
                    let _ = m.set_attribute("data-storylink-active", "");
                } else {
                    let _ = m.remove_attribute("data-storylink-active");
                }
            }
        }
        if let Some(m) = self.hits[o.hit].marks.first() {
            if m.has_attribute("aria-expanded") {
                let _ = m.set_attribute("aria-expanded", if on { "true" } else { "false" });
            }
        }
    }

    /// Focuses a hit's mark (making it its article's tab stop).
    pub fn focus_hit(&self, hit: usize) {
        let Some(h) = self.hits.get(hit) else { return };
        if !h.focusable {
            return;
        }
        self.rove(hit);
        if let Some(el) = h.marks.first().and_then(|m| m.dyn_ref::<HtmlElement>()) {
            let _ = el.focus();
        }
    }

    /// Makes `hit` the one tab stop of its article.
    pub fn rove(&self, hit: usize) {
        let Some(h) = self.hits.get(hit) else { return };
        for &i in &self.articles[h.article].hits {
            let hh = &self.hits[i];
            if hh.focusable {
                if let Some(m) = hh.marks.first() {
                    let _ = m.set_attribute("tabindex", if i == hit { "0" } else { "-1" });
                }
            }
        }
    }

    /// Scrolls a hit into view, focuses it and marks it briefly; the card follows it.
    pub fn jump(&mut self, hit: usize, focus: bool) {
        let Some(h) = self.hits.get(hit) else { return };
        let Some(mark) = h.marks.first().cloned() else { return };
        let opts = web_sys::ScrollIntoViewOptions::new();
        opts.set_block(web_sys::ScrollLogicalPosition::Center);
        opts.set_behavior(if self.reduced_motion() {
            web_sys::ScrollBehavior::Instant
        } else {
            web_sys::ScrollBehavior::Smooth
        });
        mark.scroll_into_view_with_scroll_into_view_options(&opts);
        if focus {
            self.focus_hit(hit);
        }
        if let Some((t, el)) = self.flash.take() {
            self.win.clear_timeout_with_handle(t.id);
            let _ = el.remove_attribute("data-storylink-flash");
        }
        let _ = mark.set_attribute("data-storylink-flash", "");
        let el = mark.clone();
        if let Some(t) = self.timer(1700, move |w| {
            let _ = el.remove_attribute("data-storylink-flash");
            w.flash = None;
        }) {
            self.flash = Some((t, mark));
        }
        if self.open.is_some() {
            self.show(hit, Trigger::Api);
        }
    }

    pub fn reduced_motion(&self) -> bool {
        self.win
            .match_media("(prefers-reduced-motion: reduce)")
            .ok()
            .flatten()
            .is_some_and(|m| m.matches())
    }
}
