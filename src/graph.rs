//! Roles (as each article states them), relations (co-mentions with evidence) and salience.

use crate::extract::Cand;
use crate::gazetteer as gz;
use crate::lexicon::{self, lower};
use crate::model::{EntityKind, Scope};
use crate::tokenize::{Kind, Tokens};
use crate::hash::FxHashMap as HashMap;

/// A role found for a candidate: text span in its document.
pub(crate) struct FoundRole {
    pub cand: usize,
    pub start: usize,
    pub end: usize,
}

fn is_role(w: &str) -> bool {
    gz::is_role_word(&lower(w))
}

/// Adjective-like by its ending ("parliamentary", "influential", "economic", "senior").
fn is_adjective_like(w: &str) -> bool {
    ["al", "ary", "ic", "ian", "ive", "ous", "ful", "ent", "ant", "ior", "ern", "ese", "ish"].iter().any(|s| w.len() > s.len() + 2 && w.ends_with(s))
}

fn is_det(w: &str) -> bool {
    matches!(w, "the" | "a" | "an" | "The" | "A" | "An")
}

/// Roles of the person candidates of one document. `cands` are that document's candidates
/// (indices into the global list start at `base`), sorted by position.
pub(crate) fn roles(t: &Tokens<'_>, cands: &[Cand], base: usize, kinds: &[EntityKind]) -> Vec<FoundRole> {
    let mut out = Vec::new();
    // which candidate covers each token
    let mut cover: HashMap<usize, usize> = HashMap::default();
    for (k, c) in cands.iter().enumerate() {
        for ti in c.t0..=c.t1 {
            cover.insert(ti, k);
        }
    }
    let word = |i: usize| t.str(i);
    let is_w = |i: usize| t.toks[i].kind == Kind::Word;
    for (k, c) in cands.iter().enumerate() {
        if kinds[k] != EntityKind::Person {
            continue;
        }
        // 1. a title split off the name: "Prime Minister Keir Starling"
        if let Some((s, e)) = c.title {
            out.push(FoundRole { cand: base + k, start: s, end: e });
            continue;
        }
        let sent = t.toks[c.t0].sent;
        let same = |i: usize| t.toks[i].sent == sent;
        // 2. a lower-case pre-title: "former parliamentary researcher X", "MI5 director general Sir Ken"
        if c.t0 > 0 {
            let adj = c.t0 - 1;
            let mut start_tok = None;
            let mut end_tok = adj;
            if is_w(adj) && same(adj) && word(adj).chars().next().is_some_and(char::is_lowercase) && (is_role(word(adj)) || word(adj) == "general") {
                start_tok = Some(adj);
            } else if let Some(&ek) = cover.get(&adj) {
                // "head of MI5 Ken Lomax", "leader of the Labour Party Jeremy Corwen"
                let e = &cands[ek];
                let mut p = e.t0;
                if p >= 1 && is_w(p - 1) && word(p - 1) == "the" {
                    p -= 1;
                }
                if p >= 2 && is_w(p - 1) && word(p - 1) == "of" && is_w(p - 2) && is_role(word(p - 2)) && same(p - 2) && kinds[ek] != EntityKind::Person {
                    start_tok = Some(p - 2);
                    end_tok = adj;
                }
            }
            if let Some(mut s) = start_tok {
                // extend back over modifiers: lower-case content words, capitalised names
                let mut steps = 0;
                while s > 0 && steps < 5 {
                    let p = s - 1;
                    if !same(p) {
                        break;
                    }
                    if t.toks[p].kind == Kind::Punct('-') {
                        s = p;
                        continue;
                    }
                    if !is_w(p) {
                        break;
                    }
                    let w = word(p);
                    let lw = lower(w);
                    if lexicon::is_function_word(&lw) || is_det(w) || lexicon::is_speech_verb(&lw) {
                        break;
                    }
                    let lowercase = w.chars().next().is_some_and(char::is_lowercase);
                    if lowercase && !is_role(w) && !lexicon::is_role_modifier(&lw) && !is_adjective_like(&lw) {
                        break;
                    }
                    if w.chars().next().is_some_and(char::is_uppercase) && !cover.contains_key(&p) && gz::demonym(w).is_none() && !is_role(w) && !lexicon::is_role_modifier(&lw) {
                        break;
                    }
                    if let Some(&ck) = cover.get(&p) {
                        if kinds[ck] == EntityKind::Person {
                            break;
                        }
                        s = cands[ck].t0;
                    } else {
                        s = p;
                    }
                    steps += 1;
                }
                out.push(FoundRole { cand: base + k, start: t.toks[s].start(), end: t.toks[end_tok].end() });
                continue;
            }
        }
        // 3. an appositive: "X, the Director-General of MI5,", "X, a former UK trade envoy,"
        let n = t.toks.len();
        let comma = c.t1 + 1;
        if comma + 1 < n && t.toks[comma].kind == Kind::Punct(',') && same(comma + 1) && is_w(comma + 1) {
            let first = comma + 1;
            let fw = word(first);
            if cover.get(&first).is_some_and(|&ck| kinds[ck] == EntityKind::Person) {
                continue; // a list of names
            }
            let mut j = first;
            let mut words = 0;
            let mut role_at = None;
            let mut end = None;
            while j < n && same(j) && words < 14 {
                match t.toks[j].kind {
                    Kind::Punct(',' | '.' | ';' | ')' | '\u{2014}' | '\u{2013}' | ':') => {
                        end = Some(j);
                        break;
                    }
                    Kind::Punct(_) => {}
                    _ => {
                        words += 1;
                        if role_at.is_none() && words <= 6 && is_role(word(j)) {
                            role_at = Some(j);
                        }
                        if words == 1 && lexicon::is_function_word(&lower(fw)) && !is_det(fw) {
                            break;
                        }
                    }
                }
                j += 1;
            }
            if let (Some(_), Some(e)) = (role_at, end) {
                if e > first {
                    out.push(FoundRole { cand: base + k, start: t.toks[first].start(), end: t.toks[e - 1].end() });
                }
            }
        }
    }
    out
}

/// Co-mention accumulator for one pair of entities.
pub(crate) struct Link {
    pub weight: f32,
    /// The closest co-mention seen (none before the first).
    pub scope: Option<Scope>,
    /// (doc, byte start, byte end): the sentences that show the closest scope only.
    pub evidence: Vec<(usize, usize, usize)>,
}

impl Default for Link {
    fn default() -> Link {
        Link { weight: 0.0, scope: None, evidence: Vec::new() }
    }
}

impl Link {
    /// Records a co-mention at `scope` in `doc`, with the sentences that show it. A closer scope
    /// replaces the evidence of a looser one (a sentence naming both beats their first mentions
    /// in an article). A sentence co-mention keeps up to `max` sentences, from any documents; a
    /// looser one only shows where each was first mentioned, so it keeps the first document's.
    fn note(&mut self, scope: Scope, doc: usize, spans: &[(usize, usize)], max: usize) {
        if self.scope.is_none_or(|s| scope < s) {
            self.scope = Some(scope);
            self.evidence.clear();
        }
        if self.scope != Some(scope) || (scope != Scope::Sentence && self.evidence.first().is_some_and(|&(d, _, _)| d != doc)) {
            return;
        }
        for &(s, e) in spans {
            if s < e && self.evidence.len() < max && !self.evidence.contains(&(doc, s, e)) {
                self.evidence.push((doc, s, e));
            }
        }
    }
}

/// Adds the co-mentions of one document. `ents` holds (entity index, token index, cand byte
/// start) per mention, in text order.
pub(crate) fn co_mentions(doc: usize, t: &Tokens<'_>, ents: &[(usize, usize)], salient: &[usize], max_evidence: usize, links: &mut HashMap<(usize, usize), Link>) {
    const SENT: f32 = 1.0;
    const PARA: f32 = 0.3;
    const DOC: f32 = 0.1;
    let mut first_sent: HashMap<usize, u32> = HashMap::default();
    for &(e, ti) in ents {
        first_sent.entry(e).or_insert(t.toks[ti].sent);
    }
    // `ents` are in text order, so each sentence's (and paragraph's) mentions are consecutive:
    // the entities of one group at a time, in one reused vector
    let group_at = |i: usize, of: &dyn Fn(usize) -> u32, cap: usize, v: &mut Vec<usize>| -> usize {
        v.clear();
        let g = of(ents[i].1);
        let mut j = i;
        while j < ents.len() && of(ents[j].1) == g {
            let e = ents[j].0;
            if !v.contains(&e) && v.len() < cap {
                v.push(e);
            }
            j += 1;
        }
        j
    };
    let sent_of = |ti: usize| t.toks[ti].sent;
    let para_of = |ti: usize| t.para(ti);
    let mut seen: HashMap<(usize, usize), u8> = HashMap::default();
    let mut v: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < ents.len() {
        let s = sent_of(ents[i].1);
        i = group_at(i, &sent_of, 24, &mut v);
        let span = t.sents.get(s as usize).copied().unwrap_or((0, 0));
        for a in 0..v.len() {
            for b in a + 1..v.len() {
                let key = (v[a].min(v[b]), v[a].max(v[b]));
                let l = links.entry(key).or_default();
                l.weight += SENT;
                l.note(Scope::Sentence, doc, &[span], max_evidence);
                seen.insert(key, 0);
            }
        }
    }
    let mut i = 0;
    while i < ents.len() {
        i = group_at(i, &para_of, 40, &mut v);
        for a in 0..v.len() {
            for b in a + 1..v.len() {
                let key = (v[a].min(v[b]), v[a].max(v[b]));
                if seen.get(&key).is_some_and(|&s| s == 0) {
                    continue;
                }
                let l = links.entry(key).or_default();
                l.weight += PARA;
                l.note(Scope::Paragraph, doc, &first_sents(t, &first_sent, key), max_evidence);
                seen.insert(key, 1);
            }
        }
    }
    for a in 0..salient.len() {
        for b in a + 1..salient.len() {
            let key = (salient[a].min(salient[b]), salient[a].max(salient[b]));
            if seen.contains_key(&key) {
                continue;
            }
            let l = links.entry(key).or_default();
            l.weight += DOC;
            l.note(Scope::Article, doc, &first_sents(t, &first_sent, key), max_evidence);
        }
    }
}

/// The sentences where the two entities of `key` are first mentioned in this document.
fn first_sents(t: &Tokens<'_>, first: &HashMap<usize, u32>, key: (usize, usize)) -> [(usize, usize); 2] {
    [key.0, key.1].map(|e| first.get(&e).and_then(|&s| t.sents.get(s as usize).copied()).unwrap_or((0, 0)))
}
