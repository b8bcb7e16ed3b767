//! The pipeline: tokenize → gather corpus evidence → extract candidates → resolve identity →
//! roles, relations, salience → the public model with UTF-16 offsets.

use crate::extract::{self, Cand, Corpus};
use crate::graph::{self, Link};
use crate::model::*;
use crate::pipeline::Analyzer;
use crate::resolve;
use crate::text::utf16::Utf16Index;
use crate::tokenize::{self, Tokens};
use crate::hash::FxHashMap as HashMap;

pub(crate) fn run(a: &Analyzer, docs: &[Document]) -> Analysis {
    // made first: small allocations that live to the end, made after the tokens are freed, would
    // sit in the middle of that space (wasm memory after 1 M chars: 7.75 MiB made late, 6.63 here)
    let doc_ids: Vec<Id> = docs.iter().map(|d| Id::from(d.id.as_str())).collect();
    let texts: Vec<&str> = docs.iter().map(|d| d.text.as_str()).collect();
    let toks: Vec<Tokens<'_>> = texts.iter().map(|t| tokenize::tokenize(t)).collect();
    let lines: Vec<Vec<extract::LineKind>> = toks.iter().map(extract::line_kinds).collect();
    let mut corpus = Corpus::default();
    for (t, l) in toks.iter().zip(&lines) {
        extract::gather(&mut corpus, t, l);
    }
    // running text first; its names are the evidence for headlines
    let body: Vec<Vec<Cand>> = toks.iter().zip(&lines).enumerate().map(|(d, (t, l))| extract::extract(d, t, &corpus, l, extract::Pass::Body)).collect();
    for (d, b) in body.iter().enumerate() {
        corpus.learn_names(texts[d], b);
    }
    let heads: Vec<Vec<Cand>> = toks.iter().zip(&lines).enumerate().map(|(d, (t, l))| extract::extract(d, t, &corpus, l, extract::Pass::Headlines)).collect();
    // Tokens are the largest thing held (about 3x the text) and nothing from here to the roles
    // needs them: in a large batch they are dropped now and each document is tokenized again, one
    // at a time, for roles and relations (5% more time, a third less peak memory); a small batch
    // keeps them.
    let titles: Vec<Option<(usize, usize)>> = lines
        .iter()
        .zip(&toks)
        .map(|(l, t)| match (l.first(), t.paras.first()) {
            (Some(extract::LineKind::Headline | extract::LineKind::Caps), Some(&span)) => Some(span),
            _ => None,
        })
        .collect();
    drop(corpus);
    drop(lines);
    let kept: Option<Vec<Tokens<'_>>> = (texts.iter().map(|t| t.len()).sum::<usize>() <= a.keep_tokens_up_to).then_some(toks);
    // all candidates in one vector, by document then position
    let found: usize = body.iter().chain(&heads).map(Vec::len).sum();
    let mut cands: Vec<Cand> = Vec::with_capacity(found);
    let mut doc_ranges = Vec::with_capacity(docs.len());
    for (mut mine, h) in body.into_iter().zip(heads) {
        let s = cands.len();
        mine.extend(h);
        crate::sort::sort_by_key(&mut mine, |c| c.start);
        // the two passes read different lines, so they cannot overlap; keep it so by construction
        let mut end = 0;
        for c in mine {
            if c.start >= end {
                end = c.end;
                cands.push(c);
            }
        }
        doc_ranges.push(s..cands.len());
    }
    let clusters = resolve::resolve(&texts, &cands);
    // cluster of each candidate (None: dropped)
    let mut of: Vec<Option<usize>> = vec![None; cands.len()];
    for (ci, c) in clusters.iter().enumerate() {
        for &m in &c.members {
            of[m] = Some(ci);
        }
    }
    let kinds: Vec<EntityKind> = (0..cands.len()).map(|i| of[i].map(|c| clusters[c].kind).unwrap_or(EntityKind::Misc)).collect();

    // salience per (cluster, doc)
    let nc = clusters.len();
    let mut count = vec![HashMap::<usize, (usize, usize, bool)>::default(); nc]; // doc -> (mentions, first byte, in title)
    for (i, c) in cands.iter().enumerate() {
        if let Some(ci) = of[i] {
            let e = count[ci].entry(c.doc).or_insert((0, c.start, false));
            e.0 += 1;
            e.1 = e.1.min(c.start);
            e.2 |= c.in_title;
        }
    }
    let score = |d: usize, (m, first, title): (usize, usize, bool)| -> f32 {
        let len = texts[d].len().max(1) as f32;
        let s = 0.5 * (m as f32 / 5.0).min(1.0) + 0.3 * (1.0 - first as f32 / len) + 0.2 * f32::from(u8::from(title));
        (s * 1000.0).round() / 1000.0
    };
    let mut total: Vec<(f32, usize, usize)> = (0..nc)
        .map(|ci| {
            let s: f32 = count[ci].iter().map(|(&d, &v)| score(d, v)).sum::<f32>() + 0.5 * (count[ci].len().saturating_sub(1)) as f32;
            let first = clusters[ci].members.iter().copied().min().unwrap_or(0);
            (s, first, ci)
        })
        .collect();
    crate::sort::sort_by(&mut total, |a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut id_of: Vec<Id> = vec![Id::from(""); nc];
    for (rank, &(_, _, ci)) in total.iter().enumerate() {
        id_of[ci] = Id::from(format!("e{}", rank + 1));
    }

    // roles and relations, one document (and its tokens) at a time
    let mut roles: Vec<Vec<(usize, usize, usize)>> = vec![Vec::new(); nc]; // (doc, start, end)
    let mut links: HashMap<(usize, usize), Link> = HashMap::default();
    for (d, r) in doc_ranges.iter().enumerate() {
        let again;
        let toks = match &kept {
            Some(all) => &all[d],
            None => {
                again = tokenize::tokenize(texts[d]);
                &again
            }
        };
        let found = graph::roles(toks, &cands[r.clone()], r.start, &kinds[r.clone()]);
        for f in found {
            if let Some(ci) = of[f.cand] {
                let txt = &texts[d][f.start..f.end];
                // documents come in order: only this one's roles, at the end, can repeat it
                if !roles[ci].iter().rev().take_while(|&&(dd, _, _)| dd == d).any(|&(_, s, e)| &texts[d][s..e] == txt) {
                    roles[ci].push((d, f.start, f.end));
                }
            }
        }
        // relations
        let ents: Vec<(usize, usize)> = r.clone().filter_map(|i| of[i].map(|ci| (ci, cands[i].t0))).collect();
        let mut present: Vec<usize> = ents.iter().map(|&(ci, _)| ci).collect();
        crate::sort::sort_by_key(&mut present, |&c| c);
        present.dedup();
        crate::sort::sort_by(&mut present, |&x, &y| {
            let sx = score(d, count[x][&d]);
            let sy = score(d, count[y][&d]);
            sy.total_cmp(&sx).then(x.cmp(&y))
        });
        present.truncate(25);
        graph::co_mentions(d, toks, &ents, &present, a.max_evidence, &mut links);
    }

    // byte → UTF-16 offsets, per document
    let maps: Vec<Utf16Index<'_>> = texts.iter().map(|t| Utf16Index::new(t)).collect();
    let ev = |d: usize, s: usize, e: usize| Evidence { doc: doc_ids[d].clone(), start: maps[d].get(s), end: maps[d].get(e), text: texts[d][s..e].to_string() };

    // documents
    let documents: Vec<DocumentAnalysis> = docs
        .iter()
        .enumerate()
        .map(|(d, doc)| {
            let mentions = doc_ranges[d]
                .clone()
                .filter_map(|i| {
                    let ci = of[i]?;
                    let c = &cands[i];
                    Some(Mention { start: maps[d].get(c.start), end: maps[d].get(c.end), text: texts[d][c.start..c.end].to_string(), kind: clusters[ci].kind, entity: id_of[ci].clone() })
                })
                .collect();
            let title = titles[d].map(|(s, e)| doc.text[s..e].to_string()).unwrap_or_default();
            DocumentAnalysis { id: doc_ids[d].clone(), title, mentions }
        })
        .collect();

    // entities in id order
    let mut entities = Vec::with_capacity(nc);
    for &(_, _, ci) in &total {
        let cl = &clusters[ci];
        let mut docs_in: Vec<usize> = count[ci].keys().copied().collect();
        crate::sort::sort_by_key(&mut docs_in, |&d| d);
        let mut alias_count: HashMap<&str, usize> = HashMap::default();
        for &m in &cl.members {
            *alias_count.entry(&texts[cands[m].doc][cands[m].start..cands[m].end]).or_default() += 1;
        }
        let mut aliases: Vec<(&str, usize)> = alias_count.into_iter().collect();
        crate::sort::sort_by(&mut aliases, |a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        entities.push(Entity {
            id: id_of[ci].clone(),
            name: cl.name.clone(),
            kind: cl.kind,
            documents: docs_in.iter().map(|&d| doc_ids[d].clone()).collect(),
            aliases: aliases.into_iter().map(|(a, _)| a.to_string()).collect(),
            roles: roles[ci].iter().map(|&(d, s, e)| Role { text: texts[d][s..e].to_string(), evidence: ev(d, s, e) }).collect(),
            reasons: cl.reasons.iter().map(|(a, t, w)| Reason { alias: a.clone(), target: t.clone(), why: w.clone() }).collect(),
            salience: docs_in
                .iter()
                .map(|&d| {
                    let v = count[ci][&d];
                    Salience { doc: doc_ids[d].clone(), mentions: v.0, first: maps[d].get(v.1), in_title: v.2, score: score(d, v) }
                })
                .collect(),
        });
    }

    // relations, strongest first
    // strongest first, ties by entity rank; only the kept ones become Relations (with text)
    let mut rank = vec![0usize; nc];
    for (r, &(_, _, ci)) in total.iter().enumerate() {
        rank[ci] = r;
    }
    let mut scored: Vec<(f32, usize, usize, Link)> = links
        .into_iter()
        .map(|((x, y), l)| {
            let (lo, hi) = if rank[x] <= rank[y] { (x, y) } else { (y, x) };
            let strength = ((1.0 - (-l.weight).exp()) * 1000.0).round() / 1000.0;
            (strength, lo, hi, l)
        })
        .collect();
    crate::sort::sort_by(&mut scored, |a, b| b.0.total_cmp(&a.0).then(rank[a.1].cmp(&rank[b.1])).then(rank[a.2].cmp(&rank[b.2])));
    // Co-mention in the same article only is weak and, among many articles, the most common
    // relation by far (the salient entities of an article, pairwise): each entity keeps its
    // strongest LOOSE_PER_ENTITY of them (a card names at most ten looser-than-sentence relations).
    const LOOSE_PER_ENTITY: u16 = 8;
    let mut loose = vec![0u16; nc];
    scored.retain(|&(_, lo, hi, ref l)| {
        if l.scope != Some(Scope::Article) {
            return true;
        }
        let keep = loose[lo] < LOOSE_PER_ENTITY || loose[hi] < LOOSE_PER_ENTITY;
        if keep {
            loose[lo] += 1;
            loose[hi] += 1;
        }
        keep
    });
    scored.truncate(a.max_relations);
    let rel: Vec<Relation> = scored
        .into_iter()
        .map(|(strength, lo, hi, l)| Relation {
            source: id_of[lo].clone(),
            target: id_of[hi].clone(),
            strength,
            scope: l.scope.unwrap_or(Scope::Article),
            evidence: l.evidence.iter().map(|&(d, s, e)| ev(d, s, e)).collect(),
        })
        .collect();
    Analysis { documents, entities, relations: rel }
}
