//! TEMPORARY minimal engine (capitalised runs); replaced by the real extraction pipeline.
use crate::model::*;
use crate::pipeline::Analyzer;
use crate::text::utf16::byte_to_utf16_many;
use std::collections::HashMap;

pub(crate) fn run(_a: &Analyzer, docs: &[Document]) -> Analysis {
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut entities: Vec<Entity> = Vec::new();
    let mut out_docs = Vec::new();
    for d in docs {
        let mut spans = Vec::new();
        let mut start = None;
        let mut last_end = 0;
        for (i, w) in d.text.split_word_bound_indices() {
            let cap = w.chars().next().is_some_and(|c| c.is_uppercase());
            if cap {
                if start.is_none() { start = Some(i); }
                last_end = i + w.len();
            } else if w.trim().is_empty() && start.is_some() && !w.contains('\n') {
            } else if let Some(s) = start.take() {
                spans.push((s, last_end));
            }
        }
        if let Some(s) = start { spans.push((s, last_end)); }
        let flat: Vec<usize> = spans.iter().flat_map(|&(s, e)| [s, e]).collect();
        let u = byte_to_utf16_many(&d.text, &flat);
        let mut mentions = Vec::new();
        for (k, &(s, e)) in spans.iter().enumerate() {
            let text = d.text[s..e].to_string();
            let n = entities.len();
            let idx = *ids.entry(text.clone()).or_insert(n);
            if idx == n {
                entities.push(Entity { id: format!("e{}", n + 1), name: text.clone(), kind: EntityKind::Misc, documents: vec![], aliases: vec![text.clone()], roles: vec![], reasons: vec![], salience: vec![] });
            }
            if !entities[idx].documents.contains(&d.id) { entities[idx].documents.push(d.id.clone()); }
            mentions.push(Mention { start: u[2 * k], end: u[2 * k + 1], text, kind: EntityKind::Misc, entity: entities[idx].id.clone() });
        }
        out_docs.push(DocumentAnalysis { id: d.id.clone(), title: String::new(), mentions });
    }
    Analysis { documents: out_docs, entities, relations: vec![] }
}

trait WordBounds { fn split_word_bound_indices(&self) -> Vec<(usize, &str)>; }
impl WordBounds for str {
    fn split_word_bound_indices(&self) -> Vec<(usize, &str)> {
        let mut v = Vec::new();
        let mut start = 0;
        let mut alnum = None;
        for (i, c) in self.char_indices() {
            let a = c.is_alphanumeric();
            if alnum != Some(a) || !a {
                if i > start { v.push((start, &self[start..i])); }
                start = i;
                alnum = Some(a);
            }
        }
        if start < self.len() { v.push((start, &self[start..])); }
        v
    }
}
