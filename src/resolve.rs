//! Identity: which candidates, within and across documents, are one real entity — with the
//! reason for every link. Full names group by their key (honorifics dropped); acronyms join
//! their expansion; short forms (surname, given name, family name written first, "Labour" for
//! "Labour Party") join the one full name they fit, preferring the same document, and the
//! nearest antecedent when two full names in one document fit. Two different full names are
//! never merged.

use crate::extract::{is_acronym, Cand};
use crate::gazetteer as gz;
use crate::lexicon::{self, lower};
use crate::model::EntityKind;
use crate::text::normalize::key;
use crate::hash::FxHashMap as HashMap;

/// A resolved entity: its candidates and the reasons they were linked.
#[derive(Debug, Clone)]
pub(crate) struct Cluster {
    pub members: Vec<usize>,
    pub kind: EntityKind,
    pub name: String,
    pub reasons: Vec<(String, String, String)>,
}

/// Titles used with a surname ("Mr Reyes", "Dr Okafor"), unlike titles used with a given name
/// ("Prince Edmund", "Sir Ken").
fn is_courtesy_title(w: &str) -> bool {
    matches!(w.trim_end_matches('.'), "Mr" | "Mrs" | "Ms" | "Miss" | "Mx" | "Dr" | "Prof" | "Professor" | "Mister" | "Madam" | "Mme" | "Mlle" | "M" | "Herr" | "Frau" | "Señor" | "Señora" | "Sr" | "Sra")
}

/// Heads of bodies named after their place ("Yorkshire Police", "Leeds City Council"): the place
/// alone is the place, not the body.
fn is_place_named_head(w: &str) -> bool {
    matches!(w, "Police" | "Constabulary" | "Council" | "University" | "College" | "Hospital" | "Airport" | "Station" | "Assembly" | "Government" | "County" | "City" | "Town" | "Cathedral" | "Port" | "Harbour")
}

fn is_conn(w: &str) -> bool {
    matches!(w, "of" | "the" | "and" | "for" | "&" | "on")
}

/// Initials of a name: "Crown Prosecution Service" → "CPS", "Chinese Communist party" → "CCP".
fn initials(words: &[&str]) -> String {
    words.iter().filter(|w| !is_conn(w)).filter_map(|w| w.chars().next()).map(crate::text::case::upper_char).collect()
}

/// An acronym's letters and digits ("U.S." → "US"): what it is matched by.
fn acronym_chars(w: &str) -> impl Iterator<Item = char> + '_ {
    w.chars().filter(|c| c.is_alphanumeric())
}

fn acronym_key(w: &str) -> String {
    acronym_chars(w).collect()
}

pub(crate) fn resolve(texts: &[&str], cands: &[Cand]) -> Vec<Cluster> {
    let n = cands.len();
    let text = |c: &Cand| &texts[c.doc][c.start..c.end];
    // union-find over candidates
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    let mut reasons: Vec<(usize, String, String, String)> = Vec::new();
    let union = |p: &mut Vec<usize>, a: usize, b: usize| {
        let (ra, rb) = (find(p, a), find(p, b));
        if ra != rb {
            p[rb] = ra;
        }
    };

    // the words of every candidate, once, in one vector
    let mut flat: Vec<&str> = Vec::with_capacity(cands.len() * 2);
    let mut spans: Vec<(usize, usize)> = Vec::with_capacity(cands.len());
    for c in cands {
        let s = flat.len();
        flat.extend(texts[c.doc][c.start..c.end].split(char::is_whitespace).filter(|w| !w.is_empty()));
        spans.push((s, flat.len()));
    }
    let ww: Vec<&[&str]> = spans.iter().map(|&(s, e)| &flat[s..e]).collect();
    let cw: Vec<&[&str]> = cands.iter().zip(&ww).map(|(c, w)| if c.honorific && w.len() >= 2 { &w[1..] } else { &w[..] }).collect();
    let fulls: Vec<bool> = (0..n).map(|i| {
        let c = &cands[i];
        let core = cw[i];
        // "van der Berg", "da Silva": a surname with its particles is a short form
        let particles_only = core.len() >= 2 && core[..core.len() - 1].iter().all(|w| lexicon::is_particle(&lower(w)));
        // "Mr Reyes" is a short form; "Prince Edmund" (a title with a given name) is a name
        let titled_single = c.honorific && core.len() == 1 && !is_courtesy_title(ww[i][0]);
        (core.len() >= 2 && !particles_only) || titled_single || c.place.is_some() || c.acronym
    }).collect();
    let full = |i: usize| fulls[i];
    // every key in one string: "@" + canonical place, "#" + acronym, or the name's words keyed
    let mut key_buf = String::with_capacity(cands.iter().map(|c| c.end - c.start + 1).sum());
    let mut key_spans: Vec<(usize, usize)> = Vec::with_capacity(n);
    for (i, c) in cands.iter().enumerate() {
        let s = key_buf.len();
        // a canonical name from the gazetteer ("United Kingdom" for "UK"); "" for a city that is
        // its own canonical name, which then keys by its words like any name
        if let Some(p) = c.place.filter(|p| !p.is_empty()) {
            key_buf.push('@');
            key_buf.push_str(&crate::text::case::lower(p));
        } else if c.acronym {
            key_buf.push('#');
            key_buf.extend(acronym_chars(text(c)));
        } else {
            let mut w = cw[i];
            if c.kind == EntityKind::Org && w.len() >= 3 && w.last().is_some_and(|l| lexicon::is_legal_suffix(l)) {
                w = &w[..w.len() - 1];
            }
            for (k, word) in w.iter().enumerate() {
                if k > 0 {
                    key_buf.push(' ');
                }
                crate::text::normalize::push_key(word, &mut key_buf);
            }
        }
        key_spans.push((s, key_buf.len()));
    }
    let keys: Vec<&str> = key_spans.iter().map(|&(s, e)| &key_buf[s..e]).collect();
    let mut by_key: HashMap<&str, usize> = HashMap::default();
    for i in 0..n {
        if full(i) {
            match by_key.get(keys[i]) {
                Some(&j) => {
                    if text(&cands[i]) != text(&cands[j]) {
                        let why = if cands[i].place.is_some_and(|p| !p.is_empty()) { "same place (gazetteer alias)" } else if cands[i].honorific || cands[j].honorific { "same name, title dropped" } else { "same name" };
                        reasons.push((j, text(&cands[i]).to_string(), text(&cands[j]).to_string(), why.to_string()));
                    }
                    union(&mut parent, j, i);
                }
                None => {
                    by_key.insert(keys[i], i);
                }
            }
        }
    }

    // 2. acronyms: explicit "Long Name (ACR)" first, then unique initials
    let mut acr_map: HashMap<String, usize> = HashMap::default();
    for i in 0..n {
        let c = &cands[i];
        if !c.acronym || c.place.is_some() {
            continue;
        }
        let t = texts[c.doc];
        let before = t[..c.start].trim_end();
        let after = &t[c.end..];
        if before.ends_with('(') && after.starts_with(')') {
            // the candidate right before the parenthesis
            if let Some(j) = (0..i).rev().find(|&j| cands[j].doc == c.doc && t[cands[j].end..c.start].trim() == "(") {
                let k = acronym_key(text(c));
                acr_map.entry(k).or_insert(j);
            }
        }
    }
    let mut by_initials: HashMap<String, Vec<usize>> = HashMap::default();
    for j in 0..n {
        let c = &cands[j];
        if !c.acronym && c.kind != EntityKind::Person && cw[j].len() >= 2 {
            by_initials.entry(initials(&ww[j])).or_default().push(j);
        }
    }
    for i in 0..n {
        let c = &cands[i];
        if !c.acronym || c.place.is_some() {
            continue;
        }
        let k = acronym_key(text(c));
        if let Some(&j) = acr_map.get(&k) {
            reasons.push((j, text(c).to_string(), text(&cands[j]).to_string(), "acronym given in brackets after the full name".into()));
            union(&mut parent, j, i);
            continue;
        }
        let mut found: Vec<usize> = Vec::new();
        for &j in by_initials.get(&k).map(Vec::as_slice).unwrap_or(&[]) {
            let r = find(&mut parent, j);
            if !found.iter().any(|&f| find(&mut parent, f) == r) {
                found.push(j);
            }
        }
        if found.len() == 1 {
            let j = found[0];
            reasons.push((j, text(c).to_string(), text(&cands[j]).to_string(), "initials of the full name".into()));
            union(&mut parent, j, i);
        }
    }

    // laws: "Official Secrets Act" is the "Official Secrets Act 1911" of the same corpus when
    // only one year goes with that name
    let mut by_law: HashMap<String, Vec<usize>> = HashMap::default();
    for j in 0..n {
        let c = &cands[j];
        if c.kind == EntityKind::Law {
            let w = cw[j];
            if w.len() >= 2 && w[w.len() - 1].chars().all(|ch| ch.is_ascii_digit()) {
                by_law.entry(key(&w[..w.len() - 1].join(" "))).or_default().push(j);
            }
        }
    }
    for i in 0..n {
        let c = &cands[i];
        if c.kind != EntityKind::Law || cw[i].last().is_some_and(|w| w.chars().all(|ch| ch.is_ascii_digit())) {
            continue;
        }
        let mut roots: Vec<usize> = Vec::new();
        for &j in by_law.get(keys[i]).map(Vec::as_slice).unwrap_or(&[]) {
            let r = find(&mut parent, j);
            if !roots.contains(&r) {
                roots.push(r);
            }
        }
        if roots.len() == 1 {
            let j = by_law[keys[i]][0];
            reasons.push((j, text(c).to_string(), text(&cands[j]).to_string(), "same law, year omitted".into()));
            union(&mut parent, j, i);
        }
    }

    // index of full names by the single words a short form may use
    let mut by_word: HashMap<String, Vec<usize>> = HashMap::default();
    for j in 0..n {
        let d = &cands[j];
        let dw = cw[j];
        if dw.len() == 1 && d.honorific && !is_courtesy_title(ww[j][0]) {
            by_word.entry(key(dw[0])).or_default().push(j);
        } else if dw.len() >= 2 {
            match d.kind {
                EntityKind::Person => {
                    by_word.entry(key(dw[dw.len() - 1])).or_default().push(j);
                    // the surname with its particles: "van der berg"
                    let mut p = dw.len() - 1;
                    while p > 1 && lexicon::is_particle(&lower(dw[p - 1])) {
                        p -= 1;
                    }
                    if p < dw.len() - 1 {
                        by_word.entry(key(&dw[p..].join(" "))).or_default().push(j);
                    }
                    // the first of a double surname: "Fuentes" in "Rebeca Fuentes Ortega"
                    if dw.len() == 3 && !d.family_first && !lexicon::is_particle(&lower(dw[1])) {
                        by_word.entry(key(dw[1])).or_default().push(j);
                    }
                    let f = key(dw[0]);
                    if f != key(dw[dw.len() - 1]) {
                        by_word.entry(f).or_default().push(j);
                    }
                }
                _ => {
                    if gz::is_org_head(dw[dw.len() - 1]) {
                        let h: Vec<String> = dw[..dw.len() - 1].iter().map(|w| key(w)).collect();
                        by_word.entry(h.join(" ")).or_default().push(j);
                    }
                    // "the Commission" for "European Commission": the head word of one name
                    let l = dw[dw.len() - 1];
                    let law_head = d.kind == EntityKind::Law && gz::is_law_head(l);
                    if (d.kind == EntityKind::Org && gz::is_org_head(l) || law_head) && l.chars().next().is_some_and(char::is_uppercase) {
                        by_word.entry(format!("^{}", key(l))).or_default().push(j);
                    }
                    // "Veltrix" for "Veltrix Robotics Inc": a distinctive first word
                    let f = dw[0];
                    let lf = lower(f);
                    if d.kind == EntityKind::Org && dw.len() >= 2 && !lexicon::is_function_word(&lf) && !gz::is_org_head(f) && !gz::is_role_word(&lf) && gz::place(f).is_none() && gz::demonym(f).is_none() && !is_acronym(f) && !gz::is_given_name(f) {
                        by_word.entry(key(f)).or_default().push(j);
                    }
                }
            }
        }
    }

    // group each word's full names by key: per document the mentions in text order, so a
    // short form looks at one mention per name (the nearest in its own document), not at all
    struct Group {
        any: usize,
        per_doc: HashMap<usize, Vec<usize>>,
    }
    let mut groups: HashMap<String, Vec<Group>> = HashMap::default();
    for (word, js) in by_word {
        let mut gs: Vec<Group> = Vec::new();
        let mut at: HashMap<&str, usize> = HashMap::default();
        for j in js {
            let gi = *at.entry(keys[j]).or_insert_with(|| {
                gs.push(Group { any: j, per_doc: HashMap::default() });
                gs.len() - 1
            });
            gs[gi].per_doc.entry(cands[j].doc).or_default().push(j);
        }
        for g in &mut gs {
            for v in g.per_doc.values_mut() {
                crate::sort::sort_by_key(v, |&j| cands[j].start);
            }
        }
        groups.insert(word, gs);
    }
    let pool_of = |word: &str, c: &Cand, out: &mut Vec<usize>| {
        for g in groups.get(word).map(Vec::as_slice).unwrap_or(&[]) {
            match g.per_doc.get(&c.doc) {
                Some(v) => {
                    let p = v.partition_point(|&j| cands[j].start < c.start);
                    out.push(if p > 0 { v[p - 1] } else { v[0] });
                }
                None => out.push(g.any),
            }
        }
    };

    // 3. short forms
    for i in 0..n {
        let c = &cands[i];
        if full(i) && !c.honorific {
            continue;
        }
        let core = cw[i];
        let particle_surname = core.len() >= 2 && core[..core.len() - 1].iter().all(|w| lexicon::is_particle(&lower(w)));
        if core.len() != 1 && !particle_surname {
            continue;
        }
        let token = key(&core.join(" "));
        let token_sing = token.strip_suffix('s').map(str::to_string);
        // (target index, rank: 0 surname, 1 family-first, 2 given, 3 org/law short form)
        let mut found: Vec<(usize, u8)> = Vec::new();
        let mut seen_roots: Vec<usize> = Vec::new();
        let mut pool_idx: Vec<usize> = Vec::new();
        pool_of(&token, c, &mut pool_idx);
        let head_form = texts[c.doc][..c.start].trim_end().ends_with(" the") && (gz::is_org_head(core[0]) || gz::is_law_head(core[0]));
        if head_form {
            pool_of(&format!("^{token}"), c, &mut pool_idx);
        }
        if let Some(ts) = &token_sing {
            pool_of(ts, c, &mut pool_idx);
        }
        // "Ms Reyes" is not Tom Reyes: the title's gender against the given name's or title's
        let want = if c.honorific { gz::honorific_gender(ww[i][0]) } else { None };
        let gender_of = |j: usize| -> Option<gz::Gender> {
            if cands[j].honorific {
                if let Some(g) = gz::honorific_gender(ww[j][0]) {
                    return Some(g);
                }
            }
            cw[j].first().and_then(|f| gz::given_name_gender(f))
        };
        for j in pool_idx {
            if i == j {
                continue;
            }
            if want.is_some() && cands[j].kind == EntityKind::Person && gender_of(j).is_some_and(|g| Some(g) != want) {
                continue;
            }
            let d = &cands[j];
            let dw = cw[j];
            if dw.len() < 2 {
                // an honorific form with the same single name ("Prince Edmund" for "Edmund")
                if d.honorific && dw.len() == 1 && key(dw[0]) == token && !c.honorific {
                    let r = find(&mut parent, j);
                    if !seen_roots.contains(&r) {
                        seen_roots.push(r);
                        found.push((j, 0));
                    }
                }
                continue;
            }
            let rank = match d.kind {
                EntityKind::Person if c.kind == EntityKind::Person || c.strength <= 2 => {
                    let double = dw.len() == 3 && !d.family_first && key(dw[1]) == token;
                    if key(dw[dw.len() - 1]) == token || double || (particle_surname && key(&dw.join(" ")).ends_with(&format!(" {token}"))) {
                        Some(0)
                    } else if key(dw[0]) == token {
                        Some(if d.family_first { 1 } else { 2 })
                    } else {
                        None
                    }
                }
                EntityKind::Org | EntityKind::Law | EntityKind::Misc if c.place.is_none() && !(c.kind == EntityKind::Place && dw.last().is_some_and(|h| is_place_named_head(h))) => {
                    // "Labour" / "Conservatives" for "X Party"; "Official Secrets Act" for "… 1911"
                    let dk: Vec<String> = dw.iter().map(|w| key(w)).collect();
                    let head_dropped = if dk.len() >= 2 && gz::is_org_head(dw[dw.len() - 1]) { Some(dk[..dk.len() - 1].join(" ")) } else { None };
                    match head_dropped {
                        Some(h) if h == token || Some(&h) == token_sing.as_ref() => Some(3),
                        _ if d.kind == EntityKind::Org && dk[0] == token && c.kind != EntityKind::Place => Some(4),
                        _ if head_form && matches!(d.kind, EntityKind::Org | EntityKind::Law) && dk.last() == Some(&token) => Some(5),
                        _ => None,
                    }
                }
                _ => None,
            };
            if let Some(rank) = rank {
                let r = find(&mut parent, j);
                if let Some(pos) = seen_roots.iter().position(|&x| x == r) {
                    // keep the nearest full mention of that entity in c's document
                    let (fj, _) = found[pos];
                    if cands[fj].doc != c.doc && d.doc == c.doc {
                        found[pos] = (j, rank);
                    }
                    continue;
                }
                seen_roots.push(r);
                found.push((j, rank));
            }
        }
        if found.is_empty() {
            continue;
        }
        // prefer the same document
        let same: Vec<(usize, u8)> = found.iter().copied().filter(|&(j, _)| cands[j].doc == c.doc).collect();
        let pool = if same.is_empty() { found.clone() } else { same };
        let best_rank = pool.iter().map(|&(_, r)| r).min().unwrap_or(0);
        let best: Vec<(usize, u8)> = pool.into_iter().filter(|&(_, r)| r == best_rank).collect();
        let choice = if best.len() == 1 {
            Some((best[0].0, None))
        } else if best.iter().all(|&(j, _)| cands[j].doc == c.doc) {
            // nearest preceding antecedent, else nearest following
            let pre = best.iter().filter(|&&(j, _)| cands[j].start < c.start).max_by_key(|&&(j, _)| cands[j].start);
            pre.map(|&(j, _)| (j, Some(best.len())))
        } else {
            None
        };
        if let Some((j, ambiguous)) = choice {
            let target = text(&cands[j]).to_string();
            let rank = best[0].1;
            let mut why = match rank {
                0 if cands[j].honorific && cw[j].len() == 1 => format!("same name as {target}, title dropped"),
                0 => format!("same surname as {target}"),
                1 => format!("family name, written first, of {target}"),
                2 => format!("given name of {target}"),
                4 => format!("first word of {target}"),
                5 => format!("\"the {}\" for {target}", core[0]),
                _ => format!("short form of {target}"),
            };
            match ambiguous {
                Some(k) => why.push_str(&format!("; nearest of {k} candidates before it")),
                None => {
                    if cands[j].doc != c.doc {
                        why.push_str(" in another article; no candidate in this one");
                    } else {
                        why.push_str(", no other candidate");
                    }
                }
            }
            reasons.push((j, text(c).to_string(), target, why));
            union(&mut parent, j, i);
        }
    }

    // 4. the rest: same key across documents (single names, acronyms)
    let mut single: HashMap<&str, usize> = HashMap::default();
    let mut size = vec![0usize; n];
    for i in 0..n {
        let r = find(&mut parent, i);
        size[r] += 1;
    }
    for (i, k) in keys.iter().enumerate() {
        let r = find(&mut parent, i);
        if r != i || size[r] != 1 {
            continue;
        }
        let k: &str = k;
        match single.get(&k) {
            Some(&j) => union(&mut parent, j, i),
            None => {
                single.insert(k, i);
            }
        }
    }

    // collect clusters
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::default();
    let mut order: Vec<usize> = Vec::new();
    for i in 0..n {
        let r = find(&mut parent, i);
        let e = groups.entry(r).or_insert_with(|| {
            order.push(r);
            Vec::new()
        });
        e.push(i);
    }
    let mut by_root_reasons: HashMap<usize, Vec<(String, String, String)>> = HashMap::default();
    for (j, a, t, w) in reasons {
        let r = find(&mut parent, j);
        let v = by_root_reasons.entry(r).or_default();
        if !v.iter().any(|(x, _, _)| *x == a) {
            v.push((a, t, w));
        }
    }
    let mut out = Vec::new();
    for r in order {
        let members = groups.remove(&r).unwrap_or_default();
        let best = members.iter().copied().max_by_key(|&m| (cands[m].strength, cw[m].len(), std::cmp::Reverse(m)));
        let Some(best) = best else { continue };
        let max_strength = cands[best].strength;
        if max_strength == 0 {
            continue; // weak alone: a capitalised common word with no stronger form
        }
        // kind: strongest member's; ties by majority
        let mut votes: HashMap<EntityKind, (u8, usize)> = HashMap::default();
        for &m in &members {
            let v = votes.entry(cands[m].kind).or_insert((0, 0));
            v.0 = v.0.max(cands[m].strength);
            v.1 += 1;
        }
        let kind = votes.iter().max_by_key(|(k, &(s, c))| (s, c, std::cmp::Reverse(**k))).map(|(k, _)| *k).unwrap_or(EntityKind::Misc);
        let name = display_name(texts, cands, &cw, &members);
        let reasons = by_root_reasons.remove(&r).unwrap_or_default();
        out.push(Cluster { members, kind, name, reasons });
    }
    out
}

fn display_name(texts: &[&str], cands: &[Cand], cw: &[&[&str]], members: &[usize]) -> String {
    if let Some(p) = members.iter().find_map(|&m| cands[m].place.filter(|p| !p.is_empty())) {
        return p.to_string();
    }
    // the fullest non-acronym form; honorific dropped unless the name is then a single word
    // each member's form once (a name mentioned in many articles has many members)
    let forms: Vec<(usize, String)> = members
        .iter()
        .map(|&m| {
            let c = &cands[m];
            let core = cw[m];
            let s = if c.honorific && (core.len() == 1 || core.first().is_some_and(|w| is_conn(w))) { texts[c.doc][c.start..c.end].to_string() } else { core.join(" ") };
            // more name words first; a title only breaks ties ("Prince Edmund" over "Edmund",
            // "Jerome Powell" over "Mr. Powell")
            let nw = if is_acronym(&s) { 0 } else { 2 * core.len() + usize::from(c.honorific) };
            (nw, s)
        })
        .collect();
    let mut counts: HashMap<&str, usize> = HashMap::default();
    for (_, s) in &forms {
        *counts.entry(s.as_str()).or_default() += 1;
    }
    let mut best: Option<(usize, usize, &str)> = None; // (words, count, text)
    for (nw, s) in &forms {
        let cnt = counts.get(s.as_str()).copied().unwrap_or(0);
        if best.is_none_or(|(bw, bc, _)| (*nw, cnt) > (bw, bc)) {
            best = Some((*nw, cnt, s));
        }
    }
    best.map(|b| b.2.to_string()).unwrap_or_default()
}
