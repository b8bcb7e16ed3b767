//! Event wiring: one delegated listener set per article root, a few on the document and window
//! (click outside, Escape, scroll, resize) and on the card. Every listener is a [`Listener`] that
//! removes itself when dropped, so tearing down the widget leaves none behind.
//!
//! Handlers borrow the widget with `try_borrow_mut`: an event that the widget's own DOM work fires
//! synchronously (a `focus()` call, say) finds it busy and is ignored, which is what we want.

use super::{card, Trigger, Widget};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{AddEventListenerOptions, Element, Event, EventTarget, KeyboardEvent, Node, PointerEvent, ShadowRoot};

/// An event listener that is removed when dropped.
pub(crate) struct Listener {
    target: EventTarget,
    kind: &'static str,
    capture: bool,
    f: Closure<dyn FnMut(Event)>,
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.target.remove_event_listener_with_callback_and_bool(
            self.kind,
            self.f.as_ref().unchecked_ref(),
            self.capture,
        );
    }
}

type Handler = fn(&mut Widget, &Event);

pub(crate) fn on(w: &mut Widget, target: &EventTarget, kind: &'static str, capture: bool, h: Handler) {
    let me = w.me.clone();
    let f = Closure::<dyn FnMut(Event)>::new(move |ev: Event| {
        let Some(rc) = me.upgrade() else { return };
        let Ok(mut w) = rc.try_borrow_mut() else { return };
        if !w.dead {
            h(&mut w, &ev);
        }
    });
    let opts = AddEventListenerOptions::new();
    opts.set_capture(capture);
    opts.set_passive(matches!(kind, "scroll" | "resize" | "pointerover" | "pointerout" | "pointerenter" | "pointerleave"));
    if target
        .add_event_listener_with_callback_and_add_event_listener_options(kind, f.as_ref().unchecked_ref(), &opts)
        .is_ok()
    {
        w.listeners.push(Listener { target: target.clone(), kind, capture, f });
    }
}

/// Adds the page listeners: per article root, document and window.
pub(crate) fn listen(w: &mut Widget) {
    let roots: Vec<EventTarget> = w.articles.iter().map(|a| a.root.clone().into()).collect();
    for r in &roots {
        on(w, r, "pointerover", false, pointer_over);
        on(w, r, "pointerout", false, pointer_out);
        on(w, r, "focusin", false, focus_in);
        on(w, r, "focusout", false, focus_out);
        on(w, r, "keydown", false, key_down);
        on(w, r, "click", false, click);
    }
    let doc: EventTarget = w.doc.clone().into();
    on(w, &doc, "pointerdown", true, pointer_down_anywhere);
    on(w, &doc, "keydown", false, escape_anywhere);
    let win: EventTarget = w.win.clone().into();
    on(w, &win, "scroll", true, reposition);
    on(w, &win, "resize", false, reposition);
}

/// Adds the card's listeners (once, when the card is first built).
pub(crate) fn listen_card(w: &mut Widget, host: &Element, shadow: &ShadowRoot) {
    let host: EventTarget = host.clone().into();
    let shadow: EventTarget = shadow.clone().into();
    on(w, &host, "pointerenter", false, |w, _| w.close_timer_cancel());
    on(w, &host, "pointerleave", false, card_leave);
    on(w, &shadow, "click", false, card_click);
    on(w, &shadow, "focusout", false, card_focus_out);
    on(w, &shadow, "keydown", false, card_key);
}

impl Widget {
    pub(crate) fn close_timer_cancel(&mut self) {
        if let Some(t) = self.close_timer.take() {
            self.win.clear_timeout_with_handle(t.id);
        }
    }

    fn open_timer_cancel(&mut self) {
        if let Some(t) = self.open_timer.take() {
            self.win.clear_timeout_with_handle(t.id);
        }
    }

    fn schedule_open(&mut self, hit: usize) {
        self.open_timer_cancel();
        let ms = self.opts.hover_delay;
        self.open_timer = self.timer(ms, move |w| {
            w.open_timer = None;
            w.show(hit, Trigger::Hover);
        });
    }

    fn schedule_close(&mut self) {
        self.close_timer_cancel();
        let ms = self.opts.close_delay;
        self.close_timer = self.timer(ms, |w| {
            w.close_timer = None;
            let focused = w.card.as_ref().is_some_and(|c| c.has_focus(&w.doc));
            if !focused {
                w.hide(false);
            }
        });
    }

    fn trigger(&self) -> Option<Trigger> {
        self.open.as_ref().map(|o| o.trigger)
    }
}

fn pointer_type(ev: &Event) -> String {
    ev.dyn_ref::<PointerEvent>().map(|p| p.pointer_type()).unwrap_or_default()
}

fn pointer_over(w: &mut Widget, ev: &Event) {
    if pointer_type(ev) == "touch" {
        return;
    }
    let Some(target) = ev.target() else { return };
    let Some(hit) = w.hit_of(&target) else { return };
    if let Some(o) = &w.open {
        if w.hits[o.hit].entity == w.hits[hit].entity {
            w.close_timer_cancel();
            w.open_timer_cancel();
            return;
        }
    }
    w.schedule_open(hit);
}

fn pointer_out(w: &mut Widget, ev: &Event) {
    if pointer_type(ev) == "touch" {
        return;
    }
    let Some(target) = ev.target() else { return };
    let Some(hit) = w.hit_of(&target) else { return };
    let related = ev.dyn_ref::<PointerEvent>().and_then(|p| p.related_target());
    if let Some(r) = related {
        if w.hit_of(&r) == Some(hit) {
            return;
        }
    }
    if w.open.as_ref().is_some_and(|o| w.hits[o.hit].entity == w.hits[hit].entity) || w.open_timer.is_some() {
        w.open_timer_cancel();
        if w.trigger() == Some(Trigger::Hover) {
            w.schedule_close();
        }
    }
}

fn card_leave(w: &mut Widget, ev: &Event) {
    if pointer_type(ev) == "touch" {
        return;
    }
    if w.trigger() == Some(Trigger::Hover) {
        w.schedule_close();
    }
}

fn focus_in(w: &mut Widget, ev: &Event) {
    let Some(target) = ev.target() else { return };
    let Some(hit) = w.hit_of(&target) else { return };
    w.rove(hit);
    w.show(hit, Trigger::Focus);
}

fn focus_out(w: &mut Widget, ev: &Event) {
    let Some(target) = ev.target() else { return };
    if w.hit_of(&target).is_none() || w.trigger() != Some(Trigger::Focus) {
        return;
    }
    let related = ev.dyn_ref::<web_sys::FocusEvent>().and_then(|f| f.related_target());
    if let Some(r) = &related {
        if in_card(w, r) || w.hit_of(r).is_some() {
            return;
        }
    }
    w.hide(false);
}

fn in_card(w: &Widget, target: &JsValue) -> bool {
    let Some(c) = &w.card else { return false };
    target.dyn_ref::<Node>().is_some_and(|n| c.host.contains(Some(n)) || c.shadow.contains(Some(n)))
}

/// The next focusable hit in the same article, `step` = +1 or -1; `None` at the ends.
fn neighbour(w: &Widget, hit: usize, step: isize, to_end: bool) -> Option<usize> {
    let a = &w.articles[w.hits[hit].article];
    let list: Vec<usize> = a.hits.iter().copied().filter(|&i| w.hits[i].focusable).collect();
    if to_end {
        return if step > 0 { list.last().copied() } else { list.first().copied() };
    }
    let pos = list.iter().position(|&i| i == hit)? as isize + step;
    (pos >= 0).then(|| list.get(pos as usize).copied()).flatten()
}

fn key_down(w: &mut Widget, ev: &Event) {
    let Some(k) = ev.dyn_ref::<KeyboardEvent>() else { return };
    if k.alt_key() || k.ctrl_key() || k.meta_key() {
        return;
    }
    let Some(target) = ev.target() else { return };
    let Some(hit) = w.hit_of(&target) else { return };
    let next = match k.key().as_str() {
        "ArrowRight" | "ArrowDown" => neighbour(w, hit, 1, false),
        "ArrowLeft" | "ArrowUp" => neighbour(w, hit, -1, false),
        "Home" => neighbour(w, hit, -1, true),
        "End" => neighbour(w, hit, 1, true),
        "Enter" | " " => {
            ev.prevent_default();
            w.show(hit, Trigger::Click);
            card::focus_action(w, "name");
            return;
        }
        _ => return,
    };
    ev.prevent_default();
    if let Some(n) = next {
        w.focus_hit(n);
        w.show(n, Trigger::Focus);
    }
}

fn click(w: &mut Widget, ev: &Event) {
    let Some(target) = ev.target() else { return };
    let Some(hit) = w.hit_of(&target) else { return };
    if w.open.as_ref().is_some_and(|o| o.hit == hit) {
        if let Some(o) = w.open.as_mut() {
            o.trigger = Trigger::Click;
        }
        return;
    }
    w.show(hit, Trigger::Click);
}

fn pointer_down_anywhere(w: &mut Widget, ev: &Event) {
    let Some(o) = &w.open else { return };
    let path = ev.composed_path();
    let host = w.card.as_ref().map(|c| JsValue::from(c.host.clone()));
    let anchor: Vec<JsValue> = w.hits[o.hit].marks.iter().map(|m| JsValue::from(m.clone())).collect();
    for t in path.iter() {
        if host.as_ref() == Some(&t) || anchor.contains(&t) {
            return;
        }
    }
    w.hide(false);
}

fn escape_anywhere(w: &mut Widget, ev: &Event) {
    let Some(k) = ev.dyn_ref::<KeyboardEvent>() else { return };
    if k.key() != "Escape" || w.open.is_none() {
        return;
    }
    let in_card = w.card.as_ref().is_some_and(|c| c.has_focus(&w.doc));
    let on_mark = w.doc.active_element().is_some_and(|a| w.hit_of(&a).is_some());
    ev.prevent_default();
    w.hide(in_card || on_mark);
}

fn reposition(w: &mut Widget, _: &Event) {
    if w.open.is_none() {
        return;
    }
    let focused = w.card.as_ref().is_some_and(|c| c.has_focus(&w.doc));
    if !card::anchor_visible(w) && !focused && w.trigger() == Some(Trigger::Hover) {
        w.hide(false);
    } else {
        card::position(w);
    }
}

fn card_focus_out(w: &mut Widget, ev: &Event) {
    let related = ev.dyn_ref::<web_sys::FocusEvent>().and_then(|f| f.related_target());
    match related {
        Some(r) if in_card(w, &r) => {}
        Some(r) if w.open.as_ref().is_some_and(|o| w.hit_of(&r) == Some(o.hit)) => {}
        Some(_) => w.hide(false),
        None => {}
    }
}

fn card_key(w: &mut Widget, ev: &Event) {
    let Some(k) = ev.dyn_ref::<KeyboardEvent>() else { return };
    if k.key() == "Escape" && w.open.is_some() {
        ev.prevent_default();
        ev.stop_propagation();
        w.hide(true);
    }
}

fn card_click(w: &mut Widget, ev: &Event) {
    let path = ev.composed_path();
    let Some(el) = path.get(0).dyn_into::<Element>().ok() else { return };
    let Some(btn) = el.closest("[data-action]").ok().flatten() else { return };
    let Some(open) = w.open.as_mut() else { return };
    if open.trigger == Trigger::Hover {
        open.trigger = Trigger::Click;
    }
    let hit = open.hit;
    let action = btn.get_attribute("data-action").unwrap_or_default();
    match action.as_str() {
        "close" => w.hide(true),
        "jump" => {
            if let Some(h) = btn.get_attribute("data-hit").and_then(|s| s.parse::<usize>().ok()) {
                w.jump(h, true);
            }
        }
        "prev" | "next" => {
            let Some(list) = w.by_entity.get(&w.hits[hit].entity) else { return };
            let n = list.len();
            let pos = list.iter().position(|&i| i == hit).unwrap_or(0);
            let to = if action == "next" { list[(pos + 1) % n] } else { list[(pos + n - 1) % n] };
            w.jump(to, false);
            card::focus_action(w, &action);
        }
        "entity" => {
            let Some(e) = btn.get_attribute("data-entity") else { return };
            let Some(&first) = w.by_entity.get(&e).and_then(|l| l.first()) else { return };
            w.hide(false);
            w.jump(first, false);
            w.show(first, Trigger::Click);
            card::focus_action(w, "name");
        }
        "copy" => card::copy_link(w),
        _ => {}
    }
}
