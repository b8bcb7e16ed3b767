//! Quality regression harness: runs the analyzer over every annotated corpus in `tests/data/`
//! and scores it exactly like the project's scorer (`score.py` of the eval kit; its rules are in
//! the eval kit's `FORMAT.md`).
//!
//! A corpus is a directory `tests/data/<corpus>/` with `NNN.txt` articles and a `gold.json`
//! (code-point offsets, see `tests/data/build_gold.py`); `expect.json` beside it holds the floors
//! the figures must reach:
//! `{"relaxed_f1": 0.95, "strict_f1": 0.85, "type_acc": 0.95, "link_f1": 0.95, "shared_f1": 1.0}`.
//!
//! ```text
//! cargo test --test stories                          # everything
//! cargo test --test stories seeds -- --nocapture     # one corpus, figures table printed
//! cargo test --test stories harness                  # the scorer port proving itself on gold
//! STORYLINK_DUMP_PRED=/tmp/pred cargo test --test stories   # also write <corpus>.json predictions
//! ```
//! (with the dumped predictions, `python3 score.py tests/data/<corpus> /tmp/pred/<corpus>.json
//! --details` gives the same figures as this harness.)
//!
//! Per corpus there are two tests: `<corpus>::offsets` (always on: every mention's text equals
//! its UTF-16 slice, mentions sorted and non-overlapping, entity ids known) and
//! `<corpus>::quality` (the thresholds of `expect.json`). Corpora found on disk but not listed in
//! `corpus_tests!` below are still checked by `unlisted_corpora_quality`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use storylink::{Analysis, Analyzer, Document, DocumentAnalysis, EntityKind, Mention};

// ------------------------------------------------------------------------------------------
// The scorer: a faithful port of score.py.
// ------------------------------------------------------------------------------------------

const CANON: [&str; 5] = ["PERSON", "ORG", "PLACE", "LAW", "MISC"];

/// score.py's TYPE_ALIASES: a system's own labels mapped to the five gold types.
fn map_type(raw: &str) -> String {
    let key = raw.trim().to_uppercase();
    let canon = match key.as_str() {
        "PERSON" | "PER" | "PERS" | "PEOPLE" | "HUMAN" => "PERSON",
        "ORG" | "ORGANIZATION" | "ORGANISATION" | "ORGANIZATIONS" | "COMPANY" | "INSTITUTION" => "ORG",
        "PLACE" | "PLACES" | "LOC" | "LOCATION" | "GPE" | "FAC" | "FACILITY" | "COUNTRY" | "CITY" => "PLACE",
        "LAW" | "LEGISLATION" => "LAW",
        "MISC" | "NORP" | "EVENT" | "WORK_OF_ART" | "PRODUCT" | "LANGUAGE" | "OTHER" | "TOPIC" => "MISC",
        _ => return key,
    };
    canon.to_string()
}

/// P/R/F1 as score.py's `prf`: P, R undefined (None) on 0/0; F1 = 0 when TP = 0.
#[derive(Debug, Clone, PartialEq)]
struct Prf {
    p: Option<f64>,
    r: Option<f64>,
    f1: Option<f64>,
    tp: usize,
    n_pred: usize,
    n_gold: usize,
}

fn prf(tp: usize, n_pred: usize, n_gold: usize) -> Prf {
    let p = if n_pred > 0 { Some(tp as f64 / n_pred as f64) } else { None };
    let r = if n_gold > 0 { Some(tp as f64 / n_gold as f64) } else { None };
    let f1 = if tp == 0 {
        if n_pred > 0 || n_gold > 0 {
            Some(0.0)
        } else {
            None
        }
    } else {
        let (p, r) = (p.unwrap(), r.unwrap());
        Some(2.0 * p * r / (p + r))
    };
    Prf { p, r, f1, tp, n_pred, n_gold }
}

/// A mention in code-point offsets (gold or predicted).
#[derive(Debug, Clone)]
struct Span {
    doc: String,
    start: usize,
    end: usize,
    text: String,
    /// Gold type, or the mapped predicted type.
    kind: String,
    /// Gold entity id, or the predicted cluster id (None: prediction without `entity`).
    ent: Option<String>,
    optional: bool,
    /// Index of the prediction within its document (predictions only).
    idx: usize,
}

/// One gold corpus: documents in `docs` order with their texts, gold mentions per document.
#[derive(Debug, Clone)]
struct Corpus {
    name: String,
    docs: Vec<String>,
    texts: HashMap<String, String>,
    /// Per document, sorted by (start, end) (stable: gold.json order on ties).
    gold: HashMap<String, Vec<Span>>,
    entities: Vec<GoldEntity>,
    problems: Vec<String>,
}

#[derive(Debug, Clone, serde::Deserialize)]
struct GoldFile {
    docs: Vec<String>,
    entities: Vec<GoldEntity>,
}

#[derive(Debug, Clone, serde::Deserialize)]
#[allow(dead_code)] // `name` is part of the format; kept for debugging output
struct GoldEntity {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    name: String,
    mentions: Vec<GoldMention>,
}

#[derive(Debug, Clone, serde::Deserialize)]
struct GoldMention {
    doc: String,
    start: usize,
    end: usize,
    text: String,
    #[serde(default)]
    optional: bool,
}

fn cp_slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end.saturating_sub(start)).collect()
}

impl Corpus {
    /// A corpus from gold.json text and the documents' texts (id -> text).
    fn from_parts(name: &str, gold_json: &str, mut texts: HashMap<String, String>) -> Corpus {
        let gold: GoldFile = serde_json::from_str(gold_json)
            .unwrap_or_else(|e| panic!("{name}: gold.json does not parse: {e}"));
        let mut problems = Vec::new();
        let mut mentions: HashMap<String, Vec<Span>> =
            gold.docs.iter().map(|d| (d.clone(), Vec::new())).collect();
        let mut seen = BTreeSet::new();
        texts.retain(|k, _| gold.docs.contains(k));
        for ent in &gold.entities {
            if !seen.insert(ent.id.clone()) {
                problems.push(format!("gold: duplicate entity id {:?}", ent.id));
            }
            if !CANON.contains(&ent.kind.as_str()) {
                problems.push(format!("gold: entity {:?} has type {:?} outside {CANON:?}", ent.id, ent.kind));
            }
            for m in &ent.mentions {
                let Some(t) = texts.get(&m.doc) else {
                    problems.push(format!("gold: entity {:?} mention in unknown doc {:?}", ent.id, m.doc));
                    continue;
                };
                let n = t.chars().count();
                if !(m.start < m.end && m.end <= n) {
                    problems.push(format!("gold: {:?} {}:{}-{} out of range", ent.id, m.doc, m.start, m.end));
                    continue;
                }
                let slice = cp_slice(t, m.start, m.end);
                if slice != m.text {
                    problems.push(format!(
                        "gold: {:?} {}:{}-{} text {:?} != slice {:?}",
                        ent.id, m.doc, m.start, m.end, m.text, slice
                    ));
                }
                mentions.get_mut(&m.doc).unwrap().push(Span {
                    doc: m.doc.clone(),
                    start: m.start,
                    end: m.end,
                    text: slice,
                    kind: ent.kind.clone(),
                    ent: Some(ent.id.clone()),
                    optional: m.optional,
                    idx: 0,
                });
            }
        }
        for d in &gold.docs {
            let ms = mentions.get_mut(d).unwrap();
            ms.sort_by_key(|x| (x.start, x.end));
            let req: Vec<&Span> = ms.iter().filter(|x| !x.optional).collect();
            for w in req.windows(2) {
                if w[1].start < w[0].end {
                    problems.push(format!(
                        "gold: overlapping required mentions in {d}: {}-{} {:?} / {}-{} {:?}",
                        w[0].start, w[0].end, w[0].text, w[1].start, w[1].end, w[1].text
                    ));
                }
            }
        }
        Corpus {
            name: name.to_string(),
            docs: gold.docs,
            texts,
            gold: mentions,
            entities: gold.entities,
            problems,
        }
    }

    /// Loads `dir/gold.json` and `dir/<doc>.txt` (bytes exactly as on disk).
    fn load(dir: &Path) -> Corpus {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let gold_json = std::fs::read_to_string(dir.join("gold.json"))
            .unwrap_or_else(|e| panic!("{}: {e}", dir.join("gold.json").display()));
        let gold: GoldFile = serde_json::from_str(&gold_json)
            .unwrap_or_else(|e| panic!("{name}: gold.json does not parse: {e}"));
        let texts = gold
            .docs
            .iter()
            .map(|d| {
                let p = dir.join(format!("{d}.txt"));
                let t = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
                (d.clone(), t)
            })
            .collect();
        Corpus::from_parts(&name, &gold_json, texts)
    }

    fn documents(&self) -> Vec<Document> {
        self.docs.iter().map(|d| Document::new(d.clone(), self.texts[d].clone())).collect()
    }
}

/// A prediction as the CLI's JSON has it: UTF-16 offsets, a type label, an optional cluster id.
#[derive(Debug, Clone)]
struct PredMention {
    start: usize,
    end: usize,
    text: Option<String>,
    kind: String,
    entity: Option<String>,
}

#[derive(Debug, Clone)]
struct PredDoc {
    id: String,
    mentions: Vec<PredMention>,
}

fn preds_of(analysis: &Analysis) -> Vec<PredDoc> {
    analysis
        .documents
        .iter()
        .map(|d| PredDoc {
            id: d.id.to_string(),
            mentions: d
                .mentions
                .iter()
                .map(|m| PredMention {
                    start: m.start,
                    end: m.end,
                    text: Some(m.text.clone()),
                    kind: m.kind.as_str().to_string(),
                    entity: Some(m.entity.to_string()),
                })
                .collect(),
        })
        .collect()
}

/// m[i] = code-point index of UTF-16 index i (len = utf16 length + 1); None inside a pair.
fn u16_to_cp_map(text: &str) -> Vec<Option<usize>> {
    let mut m = Vec::with_capacity(text.len() + 1);
    let mut n = 0;
    for (i, ch) in text.chars().enumerate() {
        m.push(Some(i));
        if ch.len_utf16() == 2 {
            m.push(None);
        }
        n = i + 1;
    }
    m.push(Some(n));
    m
}

/// score.py's `load_predictions`: predictions per gold doc in code points, plus offset errors.
struct Loaded {
    preds: HashMap<String, Vec<Span>>,
    has_clusters: bool,
    errors: Vec<(String, String)>, // (kind, message)
    warnings: Vec<String>,
}

fn load_predictions(corpus: &Corpus, docs: &[PredDoc]) -> Loaded {
    let mut preds: HashMap<String, Vec<Span>> = corpus.docs.iter().map(|d| (d.clone(), Vec::new())).collect();
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let mut has_clusters = false;
    let mut seen = BTreeSet::new();
    let mut maps: HashMap<String, Vec<Option<usize>>> = HashMap::new();
    for doc in docs {
        let did = &doc.id;
        let Some(text) = corpus.texts.get(did) else {
            warnings.push(format!("predictions: document {did:?} is not in the gold corpus; ignored"));
            continue;
        };
        if !seen.insert(did.clone()) {
            errors.push((
                "duplicate-document".to_string(),
                format!("document {did:?} appears twice; mentions merged"),
            ));
        }
        let m16 = maps.entry(did.clone()).or_insert_with(|| u16_to_cp_map(text)).clone();
        let n16 = m16.len() - 1;
        for (k, m) in doc.mentions.iter().enumerate() {
            let (s16, e16) = (m.start, m.end);
            let where_ = format!("{did}[{k}] {s16}-{e16} {:?}", m.text.as_deref().unwrap_or(""));
            if !(s16 < e16 && e16 <= n16) {
                errors.push((
                    "bad-offset".to_string(),
                    format!("{where_}: out of range or empty (doc has {n16} UTF-16 units)"),
                ));
                continue;
            }
            let (Some(s), Some(e)) = (m16[s16], m16[e16]) else {
                errors.push(("bad-offset".to_string(), format!("{where_}: offset falls inside a surrogate pair")));
                continue;
            };
            let slice = cp_slice(text, s, e);
            match &m.text {
                None => errors.push(("missing-text".to_string(), format!("{where_}: no 'text' field"))),
                Some(t) if *t != slice => {
                    let n_cp = text.chars().count();
                    let hint = if e16 <= n_cp && cp_slice(text, s16, e16) == *t {
                        " (matches if offsets are read as code points: UTF-16 conversion missing?)"
                    } else {
                        ""
                    };
                    errors.push(("text-mismatch".to_string(), format!("{where_}: slice is {slice:?}{hint}")));
                }
                Some(_) => {}
            }
            if m.entity.is_some() {
                has_clusters = true;
            }
            preds.get_mut(did).unwrap().push(Span {
                doc: did.clone(),
                start: s,
                end: e,
                text: slice,
                kind: map_type(&m.kind),
                ent: m.entity.clone(),
                optional: false,
                idx: k,
            });
        }
    }
    for d in &corpus.docs {
        if !seen.contains(d) {
            warnings.push(format!("predictions: no entry for gold document {d:?} (scored as no mentions)"));
        }
    }
    Loaded { preds, has_clusters, errors, warnings }
}

/// Min-cost assignment, rows <= cols; row -> col (score.py's `hungarian_min`, e-maxx).
fn hungarian_min(cost: &[Vec<i64>]) -> Vec<Option<usize>> {
    let n = cost.len();
    let m = cost[0].len();
    const INF: i64 = i64::MAX / 4;
    let mut u = vec![0i64; n + 1];
    let mut v = vec![0i64; m + 1];
    let mut p = vec![0usize; m + 1];
    let mut way = vec![0usize; m + 1];
    for i in 1..=n {
        p[0] = i;
        let mut j0 = 0;
        let mut minv = vec![INF; m + 1];
        let mut used = vec![false; m + 1];
        loop {
            used[j0] = true;
            let i0 = p[j0];
            let mut delta = INF;
            let mut j1 = 0;
            for j in 1..=m {
                if !used[j] {
                    let cur = cost[i0 - 1][j - 1] - u[i0] - v[j];
                    if cur < minv[j] {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if minv[j] < delta {
                        delta = minv[j];
                        j1 = j;
                    }
                }
            }
            for j in 0..=m {
                if used[j] {
                    u[p[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
            if p[j0] == 0 {
                break;
            }
        }
        loop {
            let j1 = way[j0];
            p[j0] = p[j1];
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    let mut assign = vec![None; n];
    for j in 1..=m {
        if p[j] != 0 {
            assign[p[j] - 1] = Some(j - 1);
        }
    }
    assign
}

fn overlap(a: &Span, b: &Span) -> i64 {
    a.end.min(b.end) as i64 - a.start.max(b.start) as i64
}

/// Indices of spans (sorted by start) that overlap x.
fn overlapping(spans: &[Span], x: &Span) -> Vec<usize> {
    spans.iter().enumerate().filter(|(_, s)| s.start < x.end && s.end > x.start).map(|(i, _)| i).collect()
}

/// Max-cardinality, then max-total-overlap one-to-one matching: pred index -> gold index.
fn relaxed_match(preds: &[Span], golds: &[Span]) -> BTreeMap<usize, usize> {
    let mut result = BTreeMap::new();
    if preds.is_empty() || golds.is_empty() {
        return result;
    }
    let mut edges: BTreeMap<(usize, usize), i64> = BTreeMap::new();
    for (i, p) in preds.iter().enumerate() {
        for j in overlapping(golds, p) {
            edges.insert((i, j), overlap(p, &golds[j]));
        }
    }
    if edges.is_empty() {
        return result;
    }
    // connected components: union-find over pred nodes 0..P and gold nodes P..P+G
    let np = preds.len();
    let mut parent: Vec<usize> = (0..np + golds.len()).collect();
    fn find(parent: &mut [usize], mut a: usize) -> usize {
        while parent[a] != a {
            parent[a] = parent[parent[a]];
            a = parent[a];
        }
        a
    }
    for &(i, j) in edges.keys() {
        let (ra, rb) = (find(&mut parent, i), find(&mut parent, np + j));
        if ra != rb {
            parent[ra] = rb;
        }
    }
    let mut comps: BTreeMap<usize, (BTreeSet<usize>, BTreeSet<usize>)> = BTreeMap::new();
    for &(i, j) in edges.keys() {
        let r = find(&mut parent, np + j);
        let c = comps.entry(r).or_default();
        c.0.insert(i);
        c.1.insert(j);
    }
    for (pis, gjs) in comps.values() {
        let pis: Vec<usize> = pis.iter().copied().collect();
        let gjs: Vec<usize> = gjs.iter().copied().collect();
        if pis.len() == 1 || gjs.len() == 1 {
            // best single edge: largest overlap, then earliest pred, then earliest gold
            let mut best: Option<(i64, usize, usize)> = None;
            for &i in &pis {
                for &j in &gjs {
                    if let Some(&w) = edges.get(&(i, j)) {
                        let better = match best {
                            None => true,
                            Some((bw, bi, bj)) => w > bw || (w == bw && (i < bi || (i == bi && j < bj))),
                        };
                        if better {
                            best = Some((w, i, j));
                        }
                    }
                }
            }
            let (_, i, j) = best.unwrap();
            result.insert(i, j);
            continue;
        }
        let big: i64 = gjs.iter().map(|&j| (golds[j].end - golds[j].start) as i64).sum::<i64>() + 1;
        let rows_are_preds = pis.len() <= gjs.len();
        let (rows, cols) = if rows_are_preds { (&pis, &gjs) } else { (&gjs, &pis) };
        let key = |r: usize, c: usize| if rows_are_preds { (r, c) } else { (c, r) };
        let cost: Vec<Vec<i64>> = rows
            .iter()
            .map(|&r| cols.iter().map(|&c| edges.get(&key(r, c)).map_or(0, |w| -(big + w))).collect())
            .collect();
        for (ri, ci) in hungarian_min(&cost).into_iter().enumerate() {
            let Some(ci) = ci else { continue };
            let k = key(rows[ri], cols[ci]);
            if edges.contains_key(&k) {
                result.insert(k.0, k.1);
            }
        }
    }
    result
}

/// Cross-doc unordered pairs within groups: {key: {doc: n}}.
fn pair_counts<K>(groups: &HashMap<K, HashMap<String, usize>>) -> usize {
    groups
        .values()
        .map(|per_doc| {
            let n: usize = per_doc.values().sum();
            (n * n - per_doc.values().map(|c| c * c).sum::<usize>()) / 2
        })
        .sum()
}

#[derive(Debug, Default, Clone)]
struct Details {
    fn_: Vec<String>,
    fp: Vec<String>,
    boundary: Vec<String>,
    kind: Vec<String>,
    ignored: Vec<String>,
    /// Gold entities whose matched mentions are spread over several predicted clusters.
    split: Vec<String>,
    /// Predicted clusters whose matched mentions belong to several gold entities.
    merged: Vec<String>,
}

#[derive(Debug, Clone)]
struct Report {
    corpus: String,
    docs: usize,
    n_req: usize,
    n_opt: usize,
    n_entities: usize,
    n_pred: usize,
    n_ignored: usize,
    relaxed: Prf,
    strict: Prf,
    type_correct: usize,
    type_total: usize,
    has_clusters: bool,
    link: Option<Prf>,
    shared: Option<Prf>,
    gold_shared: Vec<String>,
    shared_missed: Vec<String>,
    errors: Vec<(String, String)>,
    warnings: Vec<String>,
    problems: Vec<String>,
    details: Details,
}

impl Report {
    fn type_acc(&self) -> Option<f64> {
        (self.type_total > 0).then(|| self.type_correct as f64 / self.type_total as f64)
    }
}

fn score(corpus: &Corpus, predictions: &[PredDoc]) -> Report {
    let loaded = load_predictions(corpus, predictions);
    let (mut n_req, mut n_opt) = (0, 0);
    let (mut rel_tp, mut n_pred_scored, mut n_ignored, mut strict_tp, mut type_ok) = (0, 0, 0, 0, 0);
    let mut matched: Vec<(Span, Span)> = Vec::new(); // (gold, pred)
    let mut pred_status: Vec<(Span, &'static str)> = Vec::new();
    let mut det = Details::default();
    for d in &corpus.docs {
        let req: Vec<Span> = corpus.gold[d].iter().filter(|g| !g.optional).cloned().collect();
        let opt: Vec<Span> = corpus.gold[d].iter().filter(|g| g.optional).cloned().collect();
        n_req += req.len();
        n_opt += opt.len();
        let mut ps = loaded.preds[d].clone();
        ps.sort_by_key(|x| (x.start, x.end, x.idx));
        let m = relaxed_match(&ps, &req);
        let mut scored: Vec<&Span> = Vec::new();
        for (i, p) in ps.iter().enumerate() {
            if let Some(&j) = m.get(&i) {
                let g = &req[j];
                matched.push((g.clone(), p.clone()));
                pred_status.push((p.clone(), "tp"));
                scored.push(p);
                if p.kind == g.kind {
                    type_ok += 1;
                } else {
                    det.kind.push(format!(
                        "{d}:{}-{} {:?} {} (gold {} {})",
                        p.start, p.end, p.text, p.kind, g.kind, g.ent.as_deref().unwrap_or("")
                    ));
                }
                if (p.start, p.end) != (g.start, g.end) {
                    det.boundary.push(format!(
                        "{d}: pred {}-{} {:?} / gold {}-{} {:?}",
                        p.start, p.end, p.text, g.start, g.end, g.text
                    ));
                }
                continue;
            }
            let hits_req = !overlapping(&req, p).is_empty();
            let hits_opt = !overlapping(&opt, p).is_empty();
            if !hits_req && hits_opt {
                pred_status.push((p.clone(), "ignored"));
                n_ignored += 1;
                det.ignored.push(format!("{d}:{}-{} {:?} {}", p.start, p.end, p.text, p.kind));
            } else {
                pred_status.push((p.clone(), "fp"));
                scored.push(p);
                det.fp.push(format!("{d}:{}-{} {:?} {}", p.start, p.end, p.text, p.kind));
            }
        }
        let used: BTreeSet<usize> = m.values().copied().collect();
        for (j, g) in req.iter().enumerate() {
            if !used.contains(&j) {
                det.fn_.push(format!(
                    "{d}:{}-{} {:?} {} {}",
                    g.start, g.end, g.text, g.kind, g.ent.as_deref().unwrap_or("")
                ));
            }
        }
        rel_tp += m.len();
        n_pred_scored += scored.len();
        let mut gspans: HashMap<(usize, usize), usize> = HashMap::new();
        for g in &req {
            *gspans.entry((g.start, g.end)).or_default() += 1;
        }
        let mut pspans: HashMap<(usize, usize), usize> = HashMap::new();
        for p in &scored {
            *pspans.entry((p.start, p.end)).or_default() += 1;
        }
        strict_tp += pspans.iter().map(|(s, c)| (*c).min(gspans.get(s).copied().unwrap_or(0))).sum::<usize>();
    }

    let mut gold_docs_of: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for d in &corpus.docs {
        for g in corpus.gold[d].iter().filter(|g| !g.optional) {
            gold_docs_of.entry(g.ent.clone().unwrap()).or_default().insert(d.clone());
        }
    }
    let gold_shared: Vec<String> =
        gold_docs_of.iter().filter(|(_, ds)| ds.len() >= 2).map(|(e, _)| e.clone()).collect();

    let (mut link, mut shared, mut shared_missed) = (None, None, Vec::new());
    if loaded.has_clusters {
        let cid = |p: &Span| p.ent.clone().unwrap_or_else(|| format!("__singleton__{}__{}", p.doc, p.idx));
        let mut g_groups: HashMap<String, HashMap<String, usize>> = HashMap::new();
        let mut p_groups: HashMap<String, HashMap<String, usize>> = HashMap::new();
        let mut j_groups: HashMap<(String, String), HashMap<String, usize>> = HashMap::new();
        for (g, p) in &matched {
            let ge = g.ent.clone().unwrap();
            *g_groups.entry(ge.clone()).or_default().entry(g.doc.clone()).or_default() += 1;
            *p_groups.entry(cid(p)).or_default().entry(g.doc.clone()).or_default() += 1;
            *j_groups.entry((ge, cid(p))).or_default().entry(g.doc.clone()).or_default() += 1;
        }
        let l = prf(pair_counts(&j_groups), pair_counts(&p_groups), pair_counts(&g_groups));
        link = Some(l);

        let mut cl_docs: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (p, st) in &pred_status {
            if *st != "ignored" {
                cl_docs.entry(cid(p)).or_default().insert(p.doc.clone());
            }
        }
        let mut votes: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
        for (g, p) in &matched {
            *votes.entry(cid(p)).or_default().entry(g.ent.clone().unwrap()).or_default() += 1;
        }
        let pred_shared: Vec<&String> = cl_docs.iter().filter(|(_, ds)| ds.len() >= 2).map(|(c, _)| c).collect();
        let mut hit: BTreeSet<String> = BTreeSet::new();
        for c in &pred_shared {
            if let Some(v) = votes.get(*c) {
                let best = v.values().max().copied().unwrap_or(0);
                // BTreeMap iterates in id order: the first at `best` is the smallest id
                if let Some((e, _)) = v.iter().find(|(_, n)| **n == best) {
                    if gold_shared.contains(e) {
                        hit.insert(e.clone());
                    }
                }
            }
        }
        shared = Some(prf(hit.len(), pred_shared.len(), gold_shared.len()));
        shared_missed = gold_shared.iter().filter(|e| !hit.contains(*e)).cloned().collect();

        // diagnostics for link errors (not part of score.py's figures)
        let mut by_gold: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
        for (g, p) in &matched {
            *by_gold.entry(g.ent.clone().unwrap()).or_default().entry(cid(p)).or_default() += 1;
        }
        for (e, cls) in &by_gold {
            if cls.len() > 1 && gold_docs_of.get(e).map_or(0, |d| d.len()) >= 2 {
                det.split.push(format!("gold {e} -> predicted clusters {cls:?}"));
            }
        }
        for (c, v) in &votes {
            if v.len() > 1 {
                det.merged.push(format!("predicted {c} -> gold entities {v:?}"));
            }
        }
    }

    Report {
        corpus: corpus.name.clone(),
        docs: corpus.docs.len(),
        n_req,
        n_opt,
        n_entities: corpus.entities.len(),
        n_pred: corpus.docs.iter().map(|d| loaded.preds[d].len()).sum(),
        n_ignored,
        relaxed: prf(rel_tp, n_pred_scored, n_req),
        strict: prf(strict_tp, n_pred_scored, n_req),
        type_correct: type_ok,
        type_total: rel_tp,
        has_clusters: loaded.has_clusters,
        link,
        shared,
        gold_shared,
        shared_missed,
        errors: loaded.errors,
        warnings: loaded.warnings,
        problems: corpus.problems.clone(),
        details: det,
    }
}

// ------------------------------------------------------------------------------------------
// Thresholds and reporting
// ------------------------------------------------------------------------------------------

/// Floors from `expect.json`; a missing key has no floor.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    relaxed_f1: Option<f64>,
    strict_f1: Option<f64>,
    type_acc: Option<f64>,
    link_f1: Option<f64>,
    shared_f1: Option<f64>,
}

/// The project's goals, used when a corpus has no expect.json.
const DEFAULT_EXPECT: Expect = Expect {
    relaxed_f1: Some(0.95),
    strict_f1: Some(0.85),
    type_acc: Some(0.95),
    link_f1: Some(0.95),
    shared_f1: Some(1.0),
};

fn load_expect(dir: &Path) -> Expect {
    let p = dir.join("expect.json");
    match std::fs::read_to_string(&p) {
        Ok(s) => serde_json::from_str(&s).unwrap_or_else(|e| panic!("{}: {e}", p.display())),
        Err(_) => DEFAULT_EXPECT,
    }
}

/// A figure for threshold checks: F1 undefined (nothing predicted, nothing gold) is perfect;
/// a missing figure (no clusters, no matches) is 0.
fn f1_of(x: &Option<Prf>) -> f64 {
    match x {
        Some(p) => p.f1.unwrap_or(if p.n_pred == 0 && p.n_gold == 0 { 1.0 } else { 0.0 }),
        None => 0.0,
    }
}

fn figures(r: &Report) -> [(&'static str, f64); 5] {
    [
        ("relaxed_f1", f1_of(&Some(r.relaxed.clone()))),
        ("strict_f1", f1_of(&Some(r.strict.clone()))),
        ("type_acc", r.type_acc().unwrap_or(if r.n_req == 0 { 1.0 } else { 0.0 })),
        ("link_f1", f1_of(&r.link)),
        ("shared_f1", f1_of(&r.shared)),
    ]
}

/// Which floors are not met: (figure, value, floor).
fn shortfalls(r: &Report, e: &Expect) -> Vec<(&'static str, f64, f64)> {
    let floors = [e.relaxed_f1, e.strict_f1, e.type_acc, e.link_f1, e.shared_f1];
    figures(r)
        .iter()
        .zip(floors)
        .filter_map(|(&(name, v), floor)| floor.filter(|f| v + 1e-9 < *f).map(|f| (name, v, f)))
        .collect()
}

fn fmt3(x: Option<f64>) -> String {
    x.map_or_else(|| "    -".to_string(), |v| format!("{v:5.3}"))
}

fn table_header() -> String {
    format!(
        "{:<10} {:>4} {:>5} {:>5} | {:>6} {:>6} {:>6} | {:>6} | {:>6} | {:>6} {:>6} {:>6} | {:>6} | {:>4}",
        "corpus", "docs", "gold", "pred", "rel-P", "rel-R", "rel-F1", "strict", "type", "link-P", "link-R",
        "link-F", "shared", "errs"
    )
}

fn table_row(r: &Report) -> String {
    let l = r.link.clone();
    format!(
        "{:<10} {:>4} {:>5} {:>5} | {:>6} {:>6} {:>6} | {:>6} | {:>6} | {:>6} {:>6} {:>6} | {:>6} | {:>4}",
        r.corpus,
        r.docs,
        r.n_req,
        r.n_pred,
        fmt3(r.relaxed.p),
        fmt3(r.relaxed.r),
        fmt3(r.relaxed.f1),
        fmt3(r.strict.f1),
        fmt3(r.type_acc()),
        fmt3(l.as_ref().and_then(|x| x.p)),
        fmt3(l.as_ref().and_then(|x| x.r)),
        fmt3(l.as_ref().and_then(|x| x.f1)),
        fmt3(r.shared.as_ref().and_then(|x| x.f1)),
        r.errors.len()
    )
}

/// score.py-style text report (with `--details`).
fn render(r: &Report, details: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "corpus: {}  ({} docs; gold: {} required + {} optional mentions, {} entities, {} shared)",
        r.corpus,
        r.docs,
        r.n_req,
        r.n_opt,
        r.n_entities,
        r.gold_shared.len()
    );
    let _ = writeln!(
        out,
        "predicted mentions: {} ({} ignored: overlap only optional gold)   clusters: {}",
        r.n_pred,
        r.n_ignored,
        if r.has_clusters { "yes" } else { "no" }
    );
    let _ = writeln!(out, "{:18}{:>6}{:>7}{:>7}   counts", "", "P", "R", "F1");
    for (label, x, unit) in [
        ("relaxed mentions", Some(&r.relaxed), "tp/pred/gold"),
        ("strict mentions", Some(&r.strict), "tp/pred/gold"),
        ("cross-doc links", r.link.as_ref(), "tp/pred+/gold+ pairs"),
        ("shared entities", r.shared.as_ref(), "tp/pred/gold"),
    ] {
        match x {
            None => {
                let _ = writeln!(out, "{label:18}{:>20}", "n/a (no clusters)");
            }
            Some(x) => {
                let _ = writeln!(
                    out,
                    "{label:18}{:>6} {:>6} {:>6}   {}/{}/{} {unit}",
                    fmt3(x.p),
                    fmt3(x.r),
                    fmt3(x.f1),
                    x.tp,
                    x.n_pred,
                    x.n_gold
                );
            }
        }
    }
    let _ = writeln!(
        out,
        "{:18}{:>6}   {}/{} relaxed matches",
        "type accuracy",
        fmt3(r.type_acc()),
        r.type_correct,
        r.type_total
    );
    let _ = writeln!(out, "errors (offset/text checks): {}", r.errors.len());
    for (k, m) in &r.errors {
        let _ = writeln!(out, "  ERROR {k}: {m}");
    }
    for w in &r.warnings {
        let _ = writeln!(out, "  warning: {w}");
    }
    for p in &r.problems {
        let _ = writeln!(out, "  GOLD PROBLEM: {p}");
    }
    if details {
        let d = &r.details;
        for (label, items) in [
            ("missed gold (FN)", &d.fn_),
            ("false positives", &d.fp),
            ("relaxed-only matches (boundary differs)", &d.boundary),
            ("wrong type", &d.kind),
            ("split across predicted clusters (shared gold entities)", &d.split),
            ("predicted clusters merging gold entities", &d.merged),
            ("ignored (optional-only)", &d.ignored),
        ] {
            let _ = writeln!(out, "{label}: {}", items.len());
            for x in items {
                let _ = writeln!(out, "  {x}");
            }
        }
        let _ = writeln!(out, "shared entities missed: {:?}", r.shared_missed);
    }
    out
}

// ------------------------------------------------------------------------------------------
// Running the analyzer over the corpora
// ------------------------------------------------------------------------------------------

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("data")
}

/// Every directory under tests/data with a gold.json, by name.
fn discover() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(data_dir())
        .expect("tests/data")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir() && p.join("gold.json").is_file())
        .collect();
    dirs.sort();
    dirs
}

fn analyze(corpus: &Corpus) -> Analysis {
    let docs = corpus.documents();
    let analysis = Analyzer::new()
        .analyze(&docs)
        .unwrap_or_else(|e| panic!("{}: analyze failed: {e}", corpus.name));
    if let Ok(dir) = std::env::var("STORYLINK_DUMP_PRED") {
        let _ = std::fs::create_dir_all(&dir);
        let p = Path::new(&dir).join(format!("{}.json", corpus.name));
        std::fs::write(&p, serde_json::to_string(&analysis).unwrap()).unwrap();
    }
    analysis
}

/// Contract checks beyond the scorer's: UTF-16 slice, order, overlap, ids, entity list.
fn contract_violations(corpus: &Corpus, analysis: &Analysis) -> Vec<String> {
    let mut v = Vec::new();
    let ids: Vec<&str> = analysis.documents.iter().map(|d| &*d.id).collect();
    if ids != corpus.docs.iter().map(String::as_str).collect::<Vec<_>>() {
        v.push(format!("documents {ids:?} are not the input documents {:?} in order", corpus.docs));
    }
    let known: BTreeSet<&str> = analysis.entities.iter().map(|e| &*e.id).collect();
    for d in &analysis.documents {
        let Some(text) = corpus.texts.get(&*d.id) else { continue };
        let units: Vec<u16> = text.encode_utf16().collect();
        let mut prev_end = 0;
        for (k, m) in d.mentions.iter().enumerate() {
            let w = format!("{}[{k}] {}-{} {:?}", d.id, m.start, m.end, m.text);
            if !(m.start < m.end && m.end <= units.len()) {
                v.push(format!("{w}: out of range or empty ({} UTF-16 units)", units.len()));
                continue;
            }
            match String::from_utf16(&units[m.start..m.end]) {
                Ok(s) if s == m.text => {}
                Ok(s) => v.push(format!("{w}: UTF-16 slice is {s:?}")),
                Err(_) => v.push(format!("{w}: splits a surrogate pair")),
            }
            if m.start < prev_end {
                v.push(format!("{w}: overlaps or precedes the previous mention (ends at {prev_end})"));
            }
            prev_end = prev_end.max(m.end);
            if !known.contains(&*m.entity) {
                v.push(format!("{w}: entity {:?} is not in `entities`", m.entity));
            }
        }
    }
    v
}

fn check_offsets(dir: &Path) -> Report {
    let corpus = Corpus::load(dir);
    assert!(corpus.problems.is_empty(), "{}: gold problems:\n{}", corpus.name, corpus.problems.join("\n"));
    let analysis = analyze(&corpus);
    let report = score(&corpus, &preds_of(&analysis));
    let violations = contract_violations(&corpus, &analysis);
    let errs: Vec<String> = report.errors.iter().map(|(k, m)| format!("{k}: {m}")).collect();
    assert!(
        errs.is_empty() && violations.is_empty(),
        "{}: {} scorer offset errors, {} contract violations\n{}\n{}",
        corpus.name,
        errs.len(),
        violations.len(),
        errs.join("\n"),
        violations.join("\n")
    );
    report
}

fn check_quality(dir: &Path) {
    let corpus = Corpus::load(dir);
    let expect = load_expect(dir);
    let analysis = analyze(&corpus);
    let report = score(&corpus, &preds_of(&analysis));
    println!("{}\n{}", table_header(), table_row(&report));
    let short = shortfalls(&report, &expect);
    if !short.is_empty() || !report.errors.is_empty() || !report.problems.is_empty() {
        let mut msg = String::new();
        let _ = writeln!(msg, "\n===== corpus {}: quality below expect.json =====", corpus.name);
        for (name, v, floor) in &short {
            let _ = writeln!(msg, "  {name} = {v:.3} < {floor:.3}");
        }
        msg.push_str(&render(&report, true));
        panic!("{msg}");
    } else {
        println!("{}", render(&report, false));
    }
}

macro_rules! corpus_tests {
    ($($name:ident),* $(,)?) => {
        const LISTED: &[&str] = &[$(stringify!($name)),*];
        $(
            mod $name {
                fn dir() -> std::path::PathBuf { super::data_dir().join(stringify!($name)) }

                /// Always on: offsets/text consistent, mentions ordered and non-overlapping.
                #[test]
                fn offsets() {
                    super::check_offsets(&dir());
                }

                /// The figures of expect.json.
                #[test]
                fn quality() {
                    super::check_quality(&dir());
                }
            }
        )*
    };
}

corpus_tests!(seeds, courts, world, business, sport);

/// Corpora added under tests/data without a line in `corpus_tests!` are still checked.
#[test]
fn unlisted_corpora_quality() {
    for dir in discover() {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        if !LISTED.contains(&name.as_str()) {
            check_offsets(&dir);
            check_quality(&dir);
        }
    }
}

/// The figures table of every corpus (pass or fail); `-- --nocapture` to see it.
#[test]
fn all_corpora_table() {
    let dirs = discover();
    assert!(dirs.len() >= 5, "expected the seeds and the project corpora in tests/data, found {dirs:?}");
    println!("\n{}", table_header());
    for dir in &dirs {
        let corpus = Corpus::load(dir);
        let report = score(&corpus, &preds_of(&analyze(&corpus)));
        let expect = load_expect(dir);
        let short = shortfalls(&report, &expect);
        let mark = if short.is_empty() { String::new() } else { format!("  below: {:?}", short.iter().map(|s| s.0).collect::<Vec<_>>()) };
        println!("{}{mark}", table_row(&report));
    }
}

/// Predictions JSON (the CLI's output, or any system's) as PredDocs.
fn preds_from_json(json: &str) -> Vec<PredDoc> {
    let v: serde_json::Value = serde_json::from_str(json).expect("predictions JSON");
    v["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .map(|d| PredDoc {
            id: d["id"].as_str().map(str::to_string).unwrap_or_else(|| d["id"].to_string()),
            mentions: d["mentions"]
                .as_array()
                .map(|ms| {
                    ms.iter()
                        .map(|m| PredMention {
                            start: m["start"].as_u64().expect("integer start") as usize,
                            end: m["end"].as_u64().expect("integer end") as usize,
                            text: m["text"].as_str().map(str::to_string),
                            kind: m["type"].as_str().unwrap_or("NONE").to_string(),
                            entity: match &m["entity"] {
                                serde_json::Value::Null => None,
                                serde_json::Value::String(s) => Some(s.clone()),
                                other => Some(other.to_string()),
                            },
                        })
                        .collect()
                })
                .unwrap_or_default(),
        })
        .collect()
}

/// `STORYLINK_SCORE=tests/data/<corpus>:pred.json cargo test --test stories score_external -- --nocapture`
/// scores a predictions file with this port (to compare with score.py); a no-op otherwise.
#[test]
fn score_external_predictions() {
    let Ok(spec) = std::env::var("STORYLINK_SCORE") else { return };
    let (dir, pred) = spec.rsplit_once(':').expect("STORYLINK_SCORE=CORPUS_DIR:PREDICTIONS.json");
    let corpus = Corpus::load(Path::new(dir));
    let json = std::fs::read_to_string(pred).expect("predictions file");
    let r = score(&corpus, &preds_from_json(&json));
    println!("{}", render(&r, true));
    let f = |x: &Option<Prf>| x.as_ref().map(|x| (x.tp, x.n_pred, x.n_gold));
    println!(
        "COUNTS relaxed={:?} strict={:?} type={}/{} link={:?} shared={:?} ignored={} errors={}",
        (r.relaxed.tp, r.relaxed.n_pred, r.relaxed.n_gold),
        (r.strict.tp, r.strict.n_pred, r.strict.n_gold),
        r.type_correct,
        r.type_total,
        f(&r.link),
        f(&r.shared),
        r.n_ignored,
        r.errors.len()
    );
}

// ------------------------------------------------------------------------------------------
// The harness proving itself
// ------------------------------------------------------------------------------------------

fn kind_of(label: &str) -> EntityKind {
    match label {
        "PERSON" => EntityKind::Person,
        "ORG" => EntityKind::Org,
        "PLACE" => EntityKind::Place,
        "LAW" => EntityKind::Law,
        "MISC" => EntityKind::Misc,
        other => panic!("unknown label {other}"),
    }
}

/// The gold of a corpus as an `Analysis` (required mentions only, UTF-16 offsets, cluster = gold id).
fn gold_as_analysis(corpus: &Corpus) -> Analysis {
    let documents = corpus
        .docs
        .iter()
        .map(|d| {
            let text = &corpus.texts[d];
            // code point -> UTF-16 offset
            let mut cp2u = Vec::new();
            let mut u = 0;
            for ch in text.chars() {
                cp2u.push(u);
                u += ch.len_utf16();
            }
            cp2u.push(u);
            let mentions = corpus.gold[d]
                .iter()
                .filter(|g| !g.optional)
                .map(|g| Mention {
                    start: cp2u[g.start],
                    end: cp2u[g.end],
                    text: g.text.clone(),
                    kind: kind_of(&g.kind),
                    entity: g.ent.as_deref().unwrap_or_default().into(),
                })
                .collect();
            DocumentAnalysis { id: d.as_str().into(), title: String::new(), mentions }
        })
        .collect();
    Analysis { documents, entities: Vec::new(), relations: Vec::new() }
}

fn all_perfect(r: &Report) -> bool {
    figures(r).iter().all(|(_, v)| (*v - 1.0).abs() < 1e-12)
        && r.relaxed.p == Some(1.0)
        && r.relaxed.r == Some(1.0)
        && r.link.as_ref().is_some_and(|l| l.p.is_none() || l.p == Some(1.0))
        && r.errors.is_empty()
}

fn seeds() -> Corpus {
    Corpus::load(&data_dir().join("seeds"))
}

#[test]
fn harness_gold_scores_perfect_on_every_corpus() {
    for dir in discover() {
        let corpus = Corpus::load(&dir);
        assert!(corpus.problems.is_empty(), "{}: {:?}", corpus.name, corpus.problems);
        let report = score(&corpus, &preds_of(&gold_as_analysis(&corpus)));
        assert!(all_perfect(&report), "gold vs gold not perfect:\n{}", render(&report, true));
        assert_eq!(report.relaxed.tp, report.n_req);
        assert_eq!(report.strict.tp, report.n_req);
        assert_eq!(report.shared.as_ref().unwrap().tp, report.gold_shared.len());
        assert!(report.n_req > 0);
    }
}

#[test]
fn harness_seed_counts_match_the_eval_readme() {
    // eval README: 28 entities, 92 required mentions, 9 entities shared by both stories.
    let report = score(&seeds(), &preds_of(&gold_as_analysis(&seeds())));
    assert_eq!((report.n_entities, report.n_req, report.gold_shared.len()), (28, 92, 9));
}

#[test]
fn harness_with_optional_predictions_is_still_perfect() {
    // Predicting optional gold mentions ("the duke", "Chinese") is neither credited nor penalised.
    let corpus = seeds();
    let mut docs = preds_of(&gold_as_analysis(&corpus));
    let mut added = 0;
    for d in &mut docs {
        let text = &corpus.texts[&d.id];
        for g in corpus.gold[&d.id].iter().filter(|g| g.optional) {
            let req_overlap = corpus.gold[&d.id].iter().any(|r| !r.optional && r.start < g.end && g.start < r.end);
            if req_overlap {
                continue;
            }
            let pre: String = text.chars().take(g.start).collect();
            let s = pre.encode_utf16().count();
            let e = s + g.text.encode_utf16().count();
            d.mentions.push(PredMention { start: s, end: e, text: Some(g.text.clone()), kind: "MISC".into(), entity: Some("opt".into()) });
            added += 1;
        }
    }
    let report = score(&corpus, &docs);
    assert!(added > 0);
    assert_eq!(report.n_ignored, added);
    assert!(all_perfect(&report), "{}", render(&report, true));
}

#[test]
fn harness_detects_dropped_mentions() {
    let corpus = seeds();
    let mut docs = preds_of(&gold_as_analysis(&corpus));
    for d in &mut docs {
        d.mentions = d.mentions.iter().step_by(2).cloned().collect();
    }
    let r = score(&corpus, &docs);
    assert_eq!(r.relaxed.p, Some(1.0));
    assert!(r.relaxed.r.unwrap() < 0.6, "{:?}", r.relaxed);
    assert!(!r.details.fn_.is_empty() && r.details.fp.is_empty());
    assert!(!shortfalls(&r, &DEFAULT_EXPECT).is_empty());
}

#[test]
fn harness_detects_false_positives_and_boundaries() {
    let corpus = seeds();
    let mut docs = preds_of(&gold_as_analysis(&corpus));
    // "Comments" / "Thursday" are not entities: false positives.
    let text = &corpus.texts["000"];
    for word in ["Thursday", "Comments"] {
        let cp = text.find(word).unwrap();
        let s = text[..cp].encode_utf16().count();
        docs[0].mentions.push(PredMention {
            start: s,
            end: s + word.len(),
            text: Some(word.into()),
            kind: "MISC".into(),
            entity: Some(format!("fp-{word}")),
        });
    }
    // Shrink every multi-character mention of 001 by one unit at the end: strict misses, relaxed hits.
    let t1: Vec<u16> = corpus.texts["001"].encode_utf16().collect();
    for m in &mut docs[1].mentions {
        if m.end - m.start > 1 {
            m.end -= 1;
            m.text = Some(String::from_utf16(&t1[m.start..m.end]).unwrap());
        }
    }
    let r = score(&corpus, &docs);
    assert_eq!(r.details.fp.len(), 2, "{:?}", r.details.fp);
    assert_eq!(r.relaxed.r, Some(1.0));
    assert!(r.relaxed.p.unwrap() < 1.0);
    assert!(r.strict.f1.unwrap() < 0.7);
    assert!(!r.details.boundary.is_empty());
    assert!(r.errors.is_empty(), "{:?}", r.errors);
}

#[test]
fn harness_detects_wrong_types() {
    let corpus = seeds();
    let mut docs = preds_of(&gold_as_analysis(&corpus));
    for d in &mut docs {
        for m in &mut d.mentions {
            m.kind = "PERSON".into();
        }
    }
    let r = score(&corpus, &docs);
    assert_eq!(r.relaxed.f1, Some(1.0));
    let acc = r.type_acc().unwrap();
    assert!(acc < 0.5 && acc > 0.0, "{acc}");
    // foreign labels are mapped as score.py maps them (GPE -> PLACE, ORGANIZATION -> ORG)
    let mut docs = preds_of(&gold_as_analysis(&corpus));
    for d in &mut docs {
        for m in &mut d.mentions {
            m.kind = match m.kind.as_str() {
                "PLACE" => "GPE".into(),
                "ORG" => "Organization".into(),
                k => k.to_string(),
            };
        }
    }
    assert_eq!(score(&corpus, &docs).type_acc(), Some(1.0));
}

#[test]
fn harness_detects_linking_errors() {
    let corpus = seeds();
    // split: every document gets its own cluster ids -> no cross-doc link, no shared entity
    let mut docs = preds_of(&gold_as_analysis(&corpus));
    for d in &mut docs {
        for m in &mut d.mentions {
            m.entity = Some(format!("{}-{}", d.id, m.entity.as_ref().unwrap()));
        }
    }
    let r = score(&corpus, &docs);
    assert_eq!(r.relaxed.f1, Some(1.0));
    let link = r.link.clone().unwrap();
    assert_eq!((link.tp, link.n_pred, link.p), (0, 0, None));
    assert_eq!(link.f1, Some(0.0));
    assert_eq!(r.shared.as_ref().unwrap().f1, Some(0.0));
    assert_eq!(r.shared_missed.len(), 9);
    // merge: everything one cluster -> link recall 1, precision low; one shared cluster
    let mut docs = preds_of(&gold_as_analysis(&corpus));
    for d in &mut docs {
        for m in &mut d.mentions {
            m.entity = Some("all".into());
        }
    }
    let r = score(&corpus, &docs);
    let link = r.link.clone().unwrap();
    assert_eq!(link.r, Some(1.0));
    assert!(link.p.unwrap() < 0.5);
    let sh = r.shared.clone().unwrap();
    assert_eq!((sh.tp, sh.n_pred, sh.n_gold), (1, 1, 9));
    assert!(!r.details.merged.is_empty());
    // no cluster ids at all -> link and shared n/a
    let mut docs = preds_of(&gold_as_analysis(&corpus));
    for d in &mut docs {
        for m in &mut d.mentions {
            m.entity = None;
        }
    }
    let r = score(&corpus, &docs);
    assert!(!r.has_clusters && r.link.is_none() && r.shared.is_none());
    assert!(!shortfalls(&r, &DEFAULT_EXPECT).is_empty());
}

#[test]
fn harness_detects_code_point_offsets() {
    // The classic bug: code-point offsets instead of UTF-16. The world corpus has emoji.
    let corpus = Corpus::load(&data_dir().join("world"));
    let mut docs = preds_of(&gold_as_analysis(&corpus));
    for d in &mut docs {
        let text = &corpus.texts[&d.id];
        for m in &mut d.mentions {
            let cp_start = text.encode_utf16().take(m.start).collect::<Vec<_>>();
            let cp_start = String::from_utf16(&cp_start).unwrap().chars().count();
            let len = m.text.as_ref().unwrap().chars().count();
            m.start = cp_start;
            m.end = cp_start + len;
        }
    }
    let r = score(&corpus, &docs);
    assert!(!r.errors.is_empty());
    assert!(r.errors.iter().any(|(_, m)| m.contains("UTF-16 conversion missing?")), "{:?}", r.errors);
    assert!(r.errors.iter().all(|(k, _)| k == "text-mismatch"), "{:?}", r.errors);
    assert!(r.strict.f1.unwrap() < 1.0);
}

#[test]
fn harness_reports_bad_offsets() {
    let corpus = Corpus::from_parts(
        "tiny",
        r#"{"docs":["a"],"entities":[{"id":"x","type":"PERSON","name":"Ann Lee","mentions":[{"doc":"a","start":2,"end":9,"text":"Ann Lee","optional":false}]}]}"#,
        HashMap::from([("a".to_string(), "😀 Ann Lee".to_string())]),
    );
    assert!(corpus.problems.is_empty(), "{:?}", corpus.problems);
    let pm = |s, e, t: &str| PredMention { start: s, end: e, text: Some(t.into()), kind: "PERSON".into(), entity: Some("c".into()) };
    let docs = vec![PredDoc { id: "a".into(), mentions: vec![pm(1, 3, "x"), pm(3, 3, ""), pm(3, 99, "x"), pm(3, 10, "Ann Lee")] }];
    let r = score(&corpus, &docs);
    let kinds: Vec<&str> = r.errors.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(kinds, ["bad-offset", "bad-offset", "bad-offset"], "{:?}", r.errors);
    assert_eq!((r.relaxed.tp, r.strict.tp), (1, 1));
    // a document the gold does not know is a warning, a missing one too
    let r = score(&corpus, &[PredDoc { id: "zz".into(), mentions: vec![] }]);
    assert_eq!(r.warnings.len(), 2);
    assert_eq!(r.relaxed.r, Some(0.0));
}

#[test]
fn harness_matching_is_max_cardinality_then_max_overlap() {
    // gold: "Ann Lee" (0-7) and "Bo Chan" (8-15); text "Ann Lee Bo Chan."
    let corpus = Corpus::from_parts(
        "m",
        r#"{"docs":["a"],"entities":[
          {"id":"ann","type":"PERSON","name":"Ann Lee","mentions":[{"doc":"a","start":0,"end":7,"text":"Ann Lee"}]},
          {"id":"bo","type":"PERSON","name":"Bo Chan","mentions":[{"doc":"a","start":8,"end":15,"text":"Bo Chan"}]}]}"#,
        HashMap::from([("a".to_string(), "Ann Lee Bo Chan.".to_string())]),
    );
    let text = "Ann Lee Bo Chan.";
    let pm = |s: usize, e: usize| PredMention { start: s, end: e, text: Some(text[s..e].into()), kind: "PERSON".into(), entity: None };
    let run = |ms: Vec<PredMention>| score(&corpus, &[PredDoc { id: "a".into(), mentions: ms }]);
    // one prediction over both golds: 1 TP (the larger overlap), 1 FN
    let r = run(vec![pm(4, 10)]);
    assert_eq!((r.relaxed.tp, r.relaxed.n_pred, r.details.fn_.len()), (1, 1, 1));
    assert!(r.details.fn_[0].contains("Bo"), "{:?}", r.details.fn_);
    // two predictions on one gold: 1 TP, 1 FP
    let r = run(vec![pm(0, 3), pm(4, 7)]);
    assert_eq!((r.relaxed.tp, r.details.fp.len(), r.strict.tp), (1, 1, 0));
    // greedy by overlap would give A (0-10) to Ann and leave B (2-5) unmatched;
    // max cardinality gives A to Bo and B to Ann.
    let r = run(vec![pm(0, 10), pm(2, 5)]);
    assert_eq!((r.relaxed.tp, r.details.fp.len(), r.details.fn_.len()), (2, 0, 0), "{}", render(&r, true));
    // exact spans: strict = relaxed
    let r = run(vec![pm(0, 7), pm(8, 15)]);
    assert_eq!((r.relaxed.f1, r.strict.f1), (Some(1.0), Some(1.0)));
}

#[test]
fn harness_shared_entity_mapping() {
    // two predicted shared clusters mapping to one gold entity: 1 TP + 1 FP
    let corpus = seeds();
    let mut docs = preds_of(&gold_as_analysis(&corpus));
    let mut flip = false;
    for d in &mut docs {
        for m in &mut d.mentions {
            if m.entity.as_deref() == Some("mi5") {
                flip = !flip;
                m.entity = Some(if flip { "mi5-a".into() } else { "mi5-b".into() });
            }
        }
    }
    let r = score(&corpus, &docs);
    let sh = r.shared.clone().unwrap();
    assert_eq!((sh.tp, sh.n_pred, sh.n_gold), (9, 10, 9), "{:?}", r.shared);
    assert!(r.link.as_ref().unwrap().r.unwrap() < 1.0);
    assert!(r.details.split.iter().any(|s| s.contains("mi5")));
}

#[test]
fn entity_kind_labels_are_the_scorer_labels() {
    let all = [EntityKind::Person, EntityKind::Org, EntityKind::Place, EntityKind::Law, EntityKind::Misc];
    let labels: Vec<&str> = all.iter().map(|k| k.as_str()).collect();
    assert_eq!(labels, CANON);
    for k in all {
        assert_eq!(map_type(k.as_str()), k.as_str(), "scorer maps {k:?} to itself");
        assert_eq!(serde_json::to_string(&k).unwrap(), format!("\"{}\"", k.as_str()), "JSON label of {k:?}");
        assert_eq!(kind_of(k.as_str()), k);
    }
}

#[test]
fn every_corpus_has_an_expect_file_and_txt_for_each_doc() {
    for dir in discover() {
        let e = dir.join("expect.json");
        assert!(e.is_file(), "{} missing", e.display());
        let _ = load_expect(&dir);
        let corpus = Corpus::load(&dir);
        assert!(corpus.docs.len() >= 2, "{}: a corpus links entities across >= 2 documents", corpus.name);
        for d in &corpus.docs {
            assert!(dir.join(format!("{d}.txt")).is_file());
        }
    }
}
