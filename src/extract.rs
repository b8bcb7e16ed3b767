//! Mention candidates: capitalised runs found with corpus-wide evidence, split into names,
//! titles and lists, and typed from heads, gazetteers and context cues.

use crate::gazetteer as gz;
use crate::lexicon::{self, lower};
use crate::model::EntityKind;
use crate::tokenize::{Kind, Tokens};
use crate::hash::FxHashSet as HashSet;

/// How a line reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LineKind {
    /// Running text.
    Body,
    /// A headline in Title Case.
    Headline,
    /// A line in capitals.
    Caps,
    /// One word alone (a user name, a label).
    Label,
}

/// Evidence gathered over all documents before extraction.
#[derive(Default)]
pub(crate) struct Corpus<'a> {
    /// Words written capitalised in running text, not at a sentence start.
    pub mid_caps: HashSet<&'a str>,
    /// Words written in lower case anywhere.
    pub lower_seen: HashSet<&'a str>,
    /// All-caps words in running text.
    pub acronyms: HashSet<&'a str>,
    /// Lower-cased words of the names found in running text (filled after the first pass).
    pub name_words: HashSet<String>,
    /// Lower-cased names found in running text.
    pub name_keys: HashSet<String>,
}

impl Corpus<'_> {
    /// Records the names found in running text, the evidence for headlines.
    pub(crate) fn learn_names(&mut self, text: &str, cands: &[Cand]) {
        let mut k = String::new();
        for c in cands {
            crate::text::normalize::key_into(&text[c.start..c.end], &mut k);
            for w in k.split([' ', '-']) {
                if !self.name_words.contains(w) {
                    self.name_words.insert(w.to_string());
                }
            }
            if !self.name_keys.contains(&k) {
                self.name_keys.insert(k.clone());
            }
        }
    }
}

/// Which lines an extraction pass reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pass {
    /// Running text.
    Body,
    /// Headlines and lines in capitals, read with the names of the running text as evidence.
    Headlines,
}

/// A mention candidate in one document.
#[derive(Debug, Clone)]
pub(crate) struct Cand {
    pub doc: usize,
    /// First and last token (inclusive).
    pub t0: usize,
    pub t1: usize,
    /// Byte span.
    pub start: usize,
    pub end: usize,
    pub kind: EntityKind,
    /// 3 strong (head, gazetteer, honorific, given name), 2 cue, 1 default, 0 weak.
    pub strength: u8,
    /// Starts with an honorific ("Sir", "Prince").
    pub honorific: bool,
    pub acronym: bool,
    /// Canonical place name from the gazetteer.
    pub place: Option<&'static str>,
    /// A title split off right before it ("Prime Minister" before "Keir Starling"): byte span.
    pub title: Option<(usize, usize)>,
    /// Family name written first ("Zhao Lei").
    pub family_first: bool,
    /// In the headline (first line).
    pub in_title: bool,
}

pub(crate) fn is_cap(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// "MI5", "UK", "U.S.", "G7", "NHS": ≥ 2 chars, no lower-case letter, ≥ 1 letter.
pub(crate) fn is_acronym(w: &str) -> bool {
    let mut letters = 0;
    let mut n = 0;
    for c in w.chars() {
        n += 1;
        if c.is_lowercase() {
            return false;
        }
        if c.is_alphabetic() {
            letters += 1;
        }
    }
    n >= 2 && letters >= 1 && (letters >= 2 || w.chars().any(|c| c.is_ascii_digit()))
}

/// "MPs", "CEOs": a plural of an acronym, not a name.
fn is_plural_acronym(w: &str) -> bool {
    w.len() >= 3 && w.ends_with('s') && is_acronym(&w[..w.len() - 1])
}

fn is_common(w: &str) -> bool {
    let l = lower(w);
    if lexicon::is_function_word(&l) {
        return true;
    }
    let found = lexicon::lemmas(&l).any(|x| gz::is_common_word(&x));
    found
}

fn is_connector(w: &str) -> bool {
    matches!(w, "of" | "for" | "and" | "the" | "&" | "on" | "upon") || lexicon::is_particle(w)
}

fn is_role(w: &str) -> bool {
    let l = lower(w);
    gz::is_role_word(&l)
}

/// Classifies each paragraph (line).
pub(crate) fn line_kinds(t: &Tokens<'_>) -> Vec<LineKind> {
    let mut out = vec![LineKind::Body; t.paras.len()];
    let mut i = 0;
    let n = t.toks.len();
    while i < n {
        let p = t.para(i) as usize;
        let mut j = i;
        let (mut words, mut caps, mut allcaps, mut content) = (0, 0, 0, 0);
        let mut last_punct = None;
        while j < n && t.para(j) as usize == p {
            let tok = t.toks[j];
            match tok.kind {
                Kind::Word => {
                    let w = t.str(j);
                    words += 1;
                    last_punct = None;
                    let small = matches!(w, "a" | "an" | "the" | "of" | "in" | "on" | "to" | "for" | "and" | "or" | "but" | "at" | "by" | "with" | "from" | "as" | "vs" | "into" | "over" | "amid" | "after" | "s");
                    if !small {
                        content += 1;
                        if is_cap(w) {
                            caps += 1;
                        }
                        if !w.chars().any(char::is_lowercase) && w.chars().filter(|c| c.is_alphabetic()).count() >= 2 {
                            allcaps += 1;
                        }
                    }
                }
                Kind::Num => {
                    words += 1;
                    last_punct = None;
                }
                Kind::Punct(c) if c.is_ascii_punctuation() || matches!(c, '\u{201D}' | '\u{2019}' | '\u{2026}') || last_punct.is_none() => last_punct = Some(c),
                Kind::Punct(_) => {}
            }
            j += 1;
        }
        // several sentences on the line, or a full stop before trailing symbols: running text
        let several = j > i && t.toks[i].sent != t.toks[j - 1].sent;
        let ends_sentence = several || matches!(last_punct, Some('.' | '!' | '?' | '\u{201D}' | '"' | '\'' | '\u{2019}' | ':' | ';' | ','));
        if p < out.len() {
            out[p] = if words == 1 && !ends_sentence {
                LineKind::Label
            } else if content >= 2 && allcaps * 10 >= content * 8 {
                LineKind::Caps
            } else if !ends_sentence && content >= 1 && words <= 24 && caps * 4 >= content * 3 {
                LineKind::Headline
            } else {
                LineKind::Body
            };
        }
        i = j;
    }
    out
}

/// Adds one document's evidence to the corpus.
pub(crate) fn gather<'a>(c: &mut Corpus<'a>, t: &Tokens<'a>, lines: &[LineKind]) {
    for (i, tok) in t.toks.iter().enumerate() {
        if tok.kind != Kind::Word {
            continue;
        }
        let w = t.str(i);
        let first = w.chars().next().unwrap_or(' ');
        if first.is_lowercase() {
            c.lower_seen.insert(w);
            continue;
        }
        if lines.get(t.para(i) as usize) != Some(&LineKind::Body) {
            continue;
        }
        if is_acronym(w) {
            c.acronyms.insert(w);
        }
        if !tok.initial() && first.is_uppercase() {
            c.mid_caps.insert(w);
        }
    }
}

struct Ctx<'a, 'c> {
    doc: usize,
    t: &'c Tokens<'a>,
    corpus: &'c Corpus<'a>,
    lines: &'c [LineKind],
}

impl<'a, 'c> Ctx<'a, 'c> {
    fn w(&self, i: usize) -> &'a str {
        self.t.str(i)
    }

    fn line(&self, i: usize) -> LineKind {
        self.lines.get(self.t.para(i) as usize).copied().unwrap_or(LineKind::Body)
    }

    fn is_word(&self, i: usize) -> bool {
        i < self.t.toks.len() && self.t.toks[i].kind == Kind::Word
    }

    /// Whether word token `i` may be (part of) a name, given where it stands.
    fn accept(&self, i: usize, in_run: bool) -> bool {
        let w = self.w(i);
        if !is_cap(w) || is_plural_acronym(w) || lexicon::is_non_name_acronym(w) {
            return false;
        }
        // "I've", "I’m", "I'll"
        if w.starts_with("I'") || w.starts_with("I\u{2019}") {
            return false;
        }
        if w.chars().count() == 1 {
            // an initial inside a name ("John F. Kennedy") or starting one ("N. Chandrasekaran",
            // "J. K. Rowling"), never "I" or a lone letter
            let dot = self.t.toks.get(i + 1).is_some_and(|n| n.kind == Kind::Punct('.'));
            let name_follows = self.is_word(i + 2) && is_cap(self.w(i + 2)) && (self.w(i + 2).chars().count() == 1 || !is_common(self.w(i + 2)));
            return w != "I" && dot && (in_run || name_follows);
        }
        if lexicon::is_calendar(w) {
            // "Theresa May" stays a name; "in May 2018", "on Thursday" do not; "Jan" is a
            // month only as "Jan." or "Jan 5"
            let next = self.t.toks.get(i + 1);
            let next_num = next.is_some_and(|n| n.kind == Kind::Num);
            let after_given = in_run && i > 0 && self.t.toks[i - 1].kind == Kind::Word && gz::is_given_name(self.w(i - 1));
            let abbrev_as_name = w.len() <= 4 && gz::is_given_name(w) && !next_num && next.is_some_and(|n| n.kind == Kind::Word) && self.is_word(i + 1) && is_cap(self.w(i + 1));
            if (!after_given || next_num) && !abbrev_as_name {
                return false;
            }
        }
        let line = self.line(i);
        if line == LineKind::Caps || line == LineKind::Headline {
            // a headline word is a name word when running text uses it in a name
            let l = crate::text::normalize::key(w);
            return self.corpus.acronyms.contains(w)
                || gz::place(w).is_some()
                || gz::place(&title_case(w)).is_some()
                || self.corpus.name_words.contains(&l)
                || (line == LineKind::Headline && gz::is_given_name(w) && self.is_word(i + 1) && is_cap(self.w(i + 1)) && !is_common(w));
        }
        let uncertain = self.t.toks[i].initial();
        if !uncertain {
            return true;
        }
        if is_acronym(w) || gz::place(w).is_some() || self.corpus.mid_caps.contains(w) {
            return true;
        }
        // "Attorney General Pam Bondi said", "First Minister John Swinney": a title at the start
        if (is_role(w) || lexicon::is_role_modifier(&lower(w)) && self.is_word(i + 1) && is_role(self.w(i + 1))) && self.is_word(i + 1) && is_cap(self.w(i + 1)) {
            return true;
        }
        // "Da Silva", "Van der Berg", "Al-Rashidi" at the start of a sentence
        if lexicon::is_particle(&lower(w)) {
            let mut k = i + 1;
            while k < self.t.toks.len() && (self.t.toks[k].kind == Kind::Punct('-') || self.is_word(k) && lexicon::is_particle(self.w(k))) {
                k += 1;
            }
            if self.is_word(k) && is_cap(self.w(k)) {
                return true;
            }
        }
        // "South Korea’s trade minister": a place name of two or three words
        for k in [i + 1, i + 2] {
            if self.is_word(k) && self.t.toks[k].sent == self.t.toks[i].sent && gz::place(&self.t.text[self.t.toks[i].start()..self.t.toks[k].end()]).is_some() {
                return true;
            }
        }
        // a plural of a name seen mid-sentence: "Conservatives" for "Conservative"
        if w.len() > 3 && w.strip_suffix('s').is_some_and(|s| self.corpus.mid_caps.contains(s)) {
            return true;
        }
        let after = if self.t.toks.get(i + 1).is_some_and(|n| n.kind == Kind::Punct('.')) { i + 2 } else { i + 1 };
        if gz::is_honorific(w) && self.is_word(after) && is_cap(self.w(after)) {
            return true;
        }
        let l = lower(w);
        if self.corpus.lower_seen.contains(l.as_ref()) || is_common(w) {
            return false;
        }
        // a sentence adverb: "Conversely,", "Separately,"
        if l.ends_with("ly") || self.t.toks.get(i + 1).is_some_and(|n| n.kind == Kind::Punct(',')) && !gz::is_given_name(w) {
            return false;
        }
        true
    }
}

fn title_case(w: &str) -> String {
    let mut out = String::with_capacity(w.len());
    for (k, c) in w.chars().enumerate() {
        if k == 0 {
            out.push(c);
        } else {
            out.push(crate::text::case::lower_char(c));
        }
    }
    out
}

/// Finds the candidates of one document.
pub(crate) fn extract(doc: usize, t: &Tokens<'_>, corpus: &Corpus<'_>, lines: &[LineKind], pass: Pass) -> Vec<Cand> {
    let cx = Ctx { doc, t, corpus, lines };
    let n = t.toks.len();
    let mut out = Vec::new();
    let mut run: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < n {
        let line = cx.line(i);
        let wanted = match pass {
            Pass::Body => line == LineKind::Body,
            Pass::Headlines => matches!(line, LineKind::Headline | LineKind::Caps),
        };
        if t.toks[i].kind != Kind::Word || !wanted {
            i += 1;
            continue;
        }
        // a surname that starts with its particles: "said van der Berg"
        let mut lead = Vec::new();
        if lexicon::is_particle(cx.w(i)) && !t.toks[i].initial() {
            let mut k = i;
            while k < n && cx.is_word(k) && lexicon::is_particle(cx.w(k)) && t.toks[k].sent == t.toks[i].sent {
                lead.push(k);
                k += 1;
                if k < n && t.toks[k].kind == Kind::Punct('-') && k + 1 < n && t.toks[k + 1].hyphen_before() {
                    k += 1;
                }
            }
            let prev_cap = i > 0 && cx.is_word(i - 1) && is_cap(cx.w(i - 1));
            if !prev_cap && k < n && cx.is_word(k) && is_cap(cx.w(k)) && !gz::is_given_name(cx.w(k)) && cx.accept(k, true) && lead.len() <= 2 {
                lead.push(k);
            } else {
                lead.clear();
            }
        }
        if lead.is_empty() && !cx.accept(i, false) {
            i += 1;
            continue;
        }
        // grow the run: word tokens of the run (connectors included)
        run.clear();
        if lead.is_empty() {
            run.push(i);
        } else {
            run.extend_from_slice(&lead);
        }
        let mut last = *run.last().unwrap_or(&i);
        let sent = t.toks[run[0]].sent;
        loop {
            let k = last + 1;
            // nothing crosses a sentence or line end: every token looked at must be in it
            if k >= n || t.toks[k].sent != sent {
                break;
            }
            if matches!(t.toks[k].kind, Kind::Punct(_)) && (k + 1 >= n || t.toks[k + 1].sent != sent) {
                break;
            }
            let tk = t.toks[k];
            // hyphen-joined capitalised part: Director-General, Jean-Pierre, China-UK
            if tk.kind == Kind::Punct('-') && k + 1 < n && t.toks[k + 1].hyphen_before() && t.toks[k + 1].kind == Kind::Word && is_cap(cx.w(k + 1)) {
                run.push(k + 1);
                last = k + 1;
                continue;
            }
            // a lower-case syllable of a given name: "Cho Hyun-woo" (not "Beijing-backed")
            if tk.kind == Kind::Punct('-') && k + 1 < n && t.toks[k + 1].hyphen_before() && cx.is_word(k + 1) && run.len() >= 2 {
                let syl = cx.w(k + 1);
                let korean = gz::is_family_first_surname(cx.w(run[0])) && syl.chars().count() <= 3;
                if syl.chars().count() <= 4 && syl.chars().all(char::is_lowercase) && (korean || !is_common(syl)) && !is_common(cx.w(last)) {
                    run.push(k + 1);
                    last = k + 1;
                }
                break;
            }
            // "Khalid al-Rashidi"
            if tk.kind == Kind::Word && tk.space_before() && lexicon::is_particle(cx.w(k)) && k + 2 < n && t.toks[k + 2].sent == sent && t.toks[k + 1].kind == Kind::Punct('-') && t.toks[k + 2].hyphen_before() && cx.is_word(k + 2) && is_cap(cx.w(k + 2)) {
                run.push(k);
                run.push(k + 2);
                last = k + 2;
                continue;
            }
            // an initial's or honorific's full stop: "John F. Kennedy", "Mr. Smith"
            if tk.kind == Kind::Punct('.') && (cx.w(last).chars().count() == 1 || gz::is_honorific(cx.w(last))) && k + 1 < n && t.toks[k + 1].space_before() && cx.is_word(k + 1) && is_cap(cx.w(k + 1)) && t.toks[k + 1].sent == tk.sent {
                if cx.accept(k + 1, true) {
                    run.push(k + 1);
                    last = k + 1;
                    continue;
                }
                break;
            }
            if tk.kind == Kind::Punct('&') && tk.space_before() && k + 1 < n && cx.is_word(k + 1) && is_cap(cx.w(k + 1)) {
                run.push(k);
                run.push(k + 1);
                last = k + 1;
                continue;
            }
            // law year: "Official Secrets Act 1911"
            if tk.kind == Kind::Num && tk.space_before() && gz::is_law_head(cx.w(last)) && cx.w(k).len() == 4 {
                run.push(k);
                last = k;
                break;
            }
            if tk.kind != Kind::Word || !tk.space_before() {
                break;
            }
            let w = cx.w(k);
            if is_cap(w) {
                if cx.accept(k, true) {
                    run.push(k);
                    last = k;
                    continue;
                }
                break;
            }
            // lower-case connectors followed by a capitalised word
            if is_connector(w) {
                let mut m = k + 1;
                let mut conns = vec![k];
                // "of the", "von der", "de la"
                if m < n && cx.is_word(m) && t.toks[m].sent == tk.sent && (w == "of" && cx.w(m) == "the" || lexicon::is_particle(w) && lexicon::is_particle(cx.w(m))) {
                    conns.push(m);
                    m += 1;
                }
                if m < n && cx.is_word(m) && t.toks[m].space_before() && t.toks[m].sent == tk.sent && is_cap(cx.w(m)) && cx.accept(m, true) {
                    run.extend(conns);
                    run.push(m);
                    last = m;
                    continue;
                }
            }
            break;
        }
        // "the 14th Amendment", "the First Amendment": an ordinal before a law head
        if run.len() == 1 && gz::is_law_head(cx.w(run[0])) && run[0] > 0 {
            let p = run[0] - 1;
            let pw = cx.w(p);
            let ordinal = t.toks[p].kind == Kind::Word && t.toks[p].sent == sent && (pw.ends_with("st") || pw.ends_with("nd") || pw.ends_with("rd") || pw.ends_with("th")) && pw.chars().next().is_some_and(|c| c.is_ascii_digit());
            if ordinal && t.toks[run[0]].space_before() {
                run.insert(0, p);
            }
        }
        // "the Chinese Communist party"
        let k = last + 1;
        if k < n && cx.is_word(k) && t.toks[k].space_before() && (cx.w(k) == "party" && !run.iter().any(|&r| gz::is_org_head(cx.w(r))) || matches!(cx.w(k), "plc" | "ltd" | "llc")) {
            run.push(k);
            last = k;
        }
        for seg in split_run(&cx, &run) {
            emit(&cx, &seg, &mut out);
        }
        i = last + 1;
    }
    out
}

/// A stretch of a run (its token indices): a slice of the run, so making one allocates nothing.
#[derive(Debug, Clone, Copy)]
struct Seg<'r> {
    toks: &'r [usize],
    /// Title split off before it.
    title: Option<(usize, usize)>,
    is_title: bool,
}

fn split_run<'r>(cx: &Ctx<'_, '_>, run: &'r [usize]) -> Vec<Seg<'r>> {
    let w = |i: usize| cx.w(i);
    // 1. split at "and" unless it joins parts of one organisation name
    // (each part is a stretch of the run, so a slice of it)
    let mut parts: Vec<&[usize]> = Vec::new();
    let mut from = 0;
    for (p, &ti) in run.iter().enumerate() {
        if w(ti) == "and" {
            let rest = &run[p + 1..];
            let before = &run[from..p];
            let ends_org = rest.last().is_some_and(|&r| gz::is_org_head(w(r)));
            let person_like = |r: usize| gz::is_honorific(w(r)) || gz::is_given_name(w(r)) && !is_common(w(r));
            let next_person = rest.first().is_some_and(|&r| person_like(r) || gz::demonym(w(r)).is_some() || gz::place(w(r)).is_some());
            let prev_person = before.first().is_some_and(|&r| person_like(r)) || before.last().is_some_and(|&r| gz::is_org_head(w(r)));
            if !ends_org || next_person || prev_person {
                parts.push(before);
                from = p + 1;
            }
        }
    }
    parts.push(&run[from..]);
    let mut segs: Vec<Seg> = Vec::new();
    for part in parts {
        // the name being gathered: part[c0..p]
        let mut c0 = 0;
        for (p, &ti) in part.iter().enumerate() {
            let cur = &part[c0..p];
            let word = w(ti);
            // 2. an honorific inside starts a new name ("… Sir Sadiq Kamal")
            let prev = cur.last().map(|&x| w(x));
            let split_here = !cur.is_empty()
                && gz::is_honorific(word)
                && prev.is_some_and(|pw| pw != "of" && pw != "the" && !gz::is_honorific(pw))
                && part.get(p + 1).is_some();
            // 3. a given name after an organisation / title / place starts a person
            let split_given = !cur.is_empty()
                && !split_here
                && gz::is_given_name(word)
                && !is_common(word)
                && prev.is_some_and(|pw| !gz::is_given_name(pw) && !gz::is_honorific(pw) && !is_connector(pw) && pw.chars().count() > 1)
                && part.get(p + 1).is_some_and(|&nx| is_cap(w(nx)))
                && cur.iter().any(|&x| gz::is_org_head(w(x)) || is_role(w(x)) || is_acronym(w(x)) || gz::place(w(x)).is_some());
            // "Ravi Menon | of Brightline Securities": a person's name does not take "of"
            let split_of = word == "of"
                && cur.len() >= 2
                && cur.iter().all(|&x| !is_common(w(x)) && !gz::is_org_head(w(x)) && !gz::is_honorific(w(x)) && !is_role(w(x)) && gz::place(w(x)).is_none() && !is_acronym(w(x)));
            if split_of {
                segs.push(Seg { toks: cur, title: None, is_title: false });
                c0 = p + 1;
                continue;
            }
            // 4. hyphen between two places or acronyms: "China-UK"
            let split_hyphen = !cur.is_empty()
                && cx.t.toks[ti].hyphen_before()
                && prev.is_some_and(|pw| gz::place(pw).is_some() || is_acronym(pw))
                && (gz::place(word).is_some() || is_acronym(word));
            if split_here || split_given || split_hyphen {
                segs.push(Seg { toks: cur, title: None, is_title: false });
                c0 = p;
            }
        }
        if c0 < part.len() {
            segs.push(Seg { toks: &part[c0..], title: None, is_title: false });
        }
    }
    // 5. role split: "Prime Minister | Keir Starling", "Deputy National Security Adviser | Matthew Collier"
    let mut out: Vec<Seg> = Vec::new();
    for seg in segs {
        let toks = seg.toks;
        let headed = toks.iter().rev().find(|&&x| cx.t.toks[x].kind == Kind::Word).is_some_and(|&l| gz::is_law_head(w(l)) || gz::is_org_head(w(l)));
        let inner_role = toks.len() >= 3 && toks[1..toks.len() - 1].iter().any(|&x| is_role(w(x)));
        let starts_name = headed || toks.first().is_some_and(|&f| gz::is_honorific(w(f)) || (gz::is_given_name(w(f)) && !is_role(w(f)) && !inner_role));
        let mut cut = None;
        let ends_in_role = toks.last().is_some_and(|&l| is_role(w(l)));
        if !starts_name && !ends_in_role && toks.len() >= 2 {
            for r in (0..toks.len() - 1).rev() {
                let next = w(toks[r + 1]);
                // "Secretary General": a modifier after a role word belongs to the title
                let title_word = is_role(w(toks[r])) || (r > 0 && lexicon::is_role_modifier(&lower(w(toks[r]))) && is_role(w(toks[r - 1])));
                if title_word && !is_connector(next) && !is_role(next) && !lexicon::is_role_modifier(&lower(next)) && !cx.t.toks[toks[r + 1]].hyphen_before() {
                    cut = Some(r + 1);
                    break;
                }
            }
        }
        // 6. "Foreign Affairs Office | of the Beijing municipal government"
        if cut.is_none() {
            for p in 2..toks.len().saturating_sub(2) {
                if w(toks[p]) == "of" && w(toks[p + 1]) == "the" && gz::is_org_head(w(toks[p - 1])) && gz::place(w(toks[p + 2])).is_some() {
                    out.push(Seg { toks: &toks[..p], ..seg });
                    let tail = Seg { toks: &toks[p + 2..], title: None, is_title: false };
                    out.push(tail);
                    cut = Some(usize::MAX);
                    break;
                }
            }
            if cut == Some(usize::MAX) {
                continue;
            }
        }
        match cut {
            Some(c) => {
                let title_span = (cx.t.toks[toks[0]].start(), cx.t.toks[toks[c - 1]].end());
                out.push(Seg { toks: &toks[..c], title: None, is_title: true });
                out.push(Seg { toks: &toks[c..], title: Some(title_span), is_title: false });
            }
            None => out.push(seg),
        }
    }
    // "The Federal Reserve" → "Federal Reserve" (but "The Hague" is a place)
    for seg in &mut out {
        if seg.toks.len() >= 2 && w(seg.toks[0]) == "The" {
            let text = &cx.t.text[cx.t.toks[seg.toks[0]].start()..cx.t.toks[seg.toks[seg.toks.len() - 1]].end()];
            if gz::place(text).is_none() {
                seg.toks = &seg.toks[1..];
            }
        }
    }
    // trim connectors at the edges
    for seg in &mut out {
        while seg.toks.first().is_some_and(|&f| is_connector(w(f)) || !is_cap(w(f)) && cx.t.toks[f].kind == Kind::Word && !w(f).starts_with(|c: char| c.is_ascii_digit())) {
            seg.toks = &seg.toks[1..];
        }
        while seg.toks.last().is_some_and(|&l| is_connector(w(l))) {
            seg.toks = &seg.toks[..seg.toks.len() - 1];
        }
    }
    out.retain(|s| !s.toks.is_empty());
    // a title right before a name is that person's role as the text states it
    for k in 1..out.len() {
        if out[k].title.is_none() && (out[k - 1].is_title || is_title_seg(cx, out[k - 1].toks)) {
            let a = out[k - 1].toks;
            out[k].title = Some((cx.t.toks[a[0]].start(), cx.t.toks[a[a.len() - 1]].end()));
        }
    }
    out
}

/// Whether a segment reads as a title or office rather than a name ("Prime Minister",
/// "Director of Public Prosecutions").
fn is_title_seg(cx: &Ctx<'_, '_>, toks: &[usize]) -> bool {
    let w = |i: usize| cx.w(i);
    let first = w(toks[0]);
    if gz::is_honorific(first) || (gz::is_given_name(first) && !is_role(first)) {
        return false;
    }
    let last = w(toks[toks.len() - 1]);
    if is_role(last) && !gz::is_org_head(last) {
        return true;
    }
    // "Director of …", "Director-General of …": role words followed by "of"
    match toks.iter().position(|&x| w(x) == "of") {
        Some(p) if p >= 1 && p + 1 < toks.len() => {
            let head = &toks[..p];
            head.iter().any(|&x| is_role(w(x))) && head.iter().all(|&x| is_role(w(x)) || lexicon::is_role_modifier(&lower(w(x))))
        }
        _ => false,
    }
}

/// Types a segment and pushes it as a candidate (or, for titles, the names inside them).
fn emit(cx: &Ctx<'_, '_>, seg: &Seg<'_>, out: &mut Vec<Cand>) {
    let w = |i: usize| cx.w(i);
    let toks = seg.toks;
    if seg.is_title || is_title_seg(cx, toks) {
        // keep what inside a title is a name: "US" in "US President", "Bank of England" in
        // "Bank of England Governor", "France" in "President of France"
        let mut end = toks.len();
        while end > 0 && (is_role(w(toks[end - 1])) || lexicon::is_role_modifier(&lower(w(toks[end - 1]))) || is_connector(w(toks[end - 1]))) {
            end -= 1;
        }
        let mut start = 0;
        if end == toks.len() {
            // "Director of X": what follows "of"
            if let Some(p) = toks.iter().position(|&x| w(x) == "of") {
                start = p + 1;
                while start < end && is_connector(w(toks[start])) {
                    start += 1;
                }
            }
        }
        let inner = &toks[start..end];
        if inner.is_empty() {
            return;
        }
        if let Some(h) = inner.iter().rposition(|&x| gz::is_org_head(w(x))) {
            // "Senate Minority Leader" → "Senate"; "Bank of England Governor" → "Bank of England"
            let keep = if inner.get(h + 1).is_some_and(|&x| matches!(w(x), "of" | "for")) { inner.len() } else { h + 1 };
            let sub = Seg { toks: &inner[..keep], title: None, is_title: false };
            if !is_title_seg(cx, sub.toks) {
                emit(cx, &sub, out);
            }
            return;
        }
        if gz::place(&cx.t.text[cx.t.toks[inner[0]].start()..cx.t.toks[inner[inner.len() - 1]].end()]).is_some() {
            let sub = Seg { toks: inner, title: None, is_title: false };
            if !is_title_seg(cx, sub.toks) {
                emit(cx, &sub, out);
            }
            return;
        }
        // "Nato" in "Nato Secretary General": what is left is a name when nothing in it is a
        // common word or an adjective of nationality
        if inner.iter().all(|&x| !is_common(w(x)) && gz::demonym(w(x)).is_none() && !is_connector(w(x))) && !cx.t.toks[inner[0]].initial() {
            let sub = Seg { toks: inner, title: None, is_title: false };
            emit(cx, &sub, out);
            return;
        }
        for x in inner {
            let word = w(*x);
            if (is_acronym(word) && !lexicon::is_non_name_acronym(word)) || gz::place(word).is_some() {
                let sub = Seg { toks: std::slice::from_ref(x), title: None, is_title: false };
                emit(cx, &sub, out);
            }
        }
        return;
    }
    let t = cx.t;
    if cx.line(toks[0]) != LineKind::Body {
        // "China Trade" in "… China Trade Talks": keep the part running text knows as a name
        let mut a = 0;
        let mut b = toks.len();
        let known = |a: usize, b: usize| {
            let k = crate::text::normalize::key(&t.text[t.toks[toks[a]].start()..t.toks[toks[b - 1]].end()]);
            cx.corpus.name_keys.contains(&k) || gz::place(&t.text[t.toks[toks[a]].start()..t.toks[toks[b - 1]].end()]).is_some()
        };
        while b - a > 1 && !known(a, b) {
            let (fw, lw) = (w(toks[a]), w(toks[b - 1]));
            if is_common(lw) && !gz::is_org_head(lw) && !gz::is_law_head(lw) || is_connector(lw) {
                b -= 1;
            } else if is_common(fw) || is_connector(fw) {
                a += 1;
            } else {
                break;
            }
        }
        if b - a == 1 && is_common(w(toks[a])) && !known(a, b) {
            return; // "Cup" alone in "… Reach Cup Final"
        }
        if a > 0 || b < toks.len() {
            let sub = Seg { toks: &toks[a..b], title: seg.title, is_title: false };
            if !sub.toks.is_empty() && !is_connector(w(sub.toks[0])) {
                emit(cx, &sub, out);
            }
            return;
        }
    }
    let start = t.toks[toks[0]].start();
    let end = t.toks[toks[toks.len() - 1]].end();
    let text = &t.text[start..end];
    let all_words: Vec<&str> = toks.iter().map(|&x| w(x)).collect();
    let words: Vec<&str> = all_words.iter().copied().filter(|x| !is_connector(x)).collect();
    if words.is_empty() {
        return;
    }
    let honorific = gz::is_honorific(words[0]) && words.len() >= 2;
    let core: &[&str] = if honorific { &words[1..] } else { &words };
    let first = core[0];
    let last = core[core.len() - 1];
    let line_start = toks[0] == 0 || t.para(toks[0] - 1) != t.para(toks[0]);
    let dateline = words.iter().all(|x| is_acronym(x)) && (words.len() >= 2 || first.chars().count() >= 4) && line_start
        && t.toks.get(toks[toks.len() - 1] + 1).is_some_and(|n| matches!(n.kind, Kind::Punct('\u{2014}' | '\u{2013}' | '-' | ',' | '(')));
    // in a line of capitals only a word known as an acronym from running text is one
    let acronym = words.len() == 1 && is_acronym(first) && !dateline && (cx.line(toks[0]) != LineKind::Caps || cx.corpus.acronyms.contains(first));
    let mut place = gz::place(text).map(|p| p.canonical);
    if place.is_none() && words.len() == 1 {
        place = gz::place(first).map(|p| p.canonical);
        if place.is_none() && first.chars().count() >= 4 && is_acronym(first) {
            // a dateline in capitals: "LONDON"
            place = gz::place(&title_case(first)).map(|p| p.canonical);
        }
    }
    if line_start && words.len() >= 2 && words.iter().all(|x| is_acronym(x)) && place.is_none() && dateline {
        // "NEW DELHI, Jan 12 (AP) —": a dateline in capitals names a place
        let titled: Vec<String> = words.iter().map(|x| title_case(x)).collect();
        place = gz::place(&titled.join(" ")).map(|p| p.canonical).filter(|c| !c.is_empty());
    }
    let family_first = core.len() >= 2 && core.len() <= 3 && gz::is_family_first_surname(first) && !gz::is_given_name(first);
    let law_last = if t.toks[toks[toks.len() - 1]].kind == Kind::Num && core.len() >= 2 { core[core.len() - 2] } else { last };
    let (kind, strength) = if words.len() >= 2 && gz::is_law_head(law_last) && !honorific || words.len() == 2 && gz::is_law_head(last) && first.starts_with(|c: char| c.is_ascii_digit()) {
        (EntityKind::Law, 3)
    } else if place.is_some() {
        (EntityKind::Place, 3)
    } else if honorific {
        (EntityKind::Person, 3)
    } else if words.len() >= 2 && (is_event_head(last) || matches!(first, "Storm" | "Hurricane" | "Typhoon" | "Cyclone" | "Operation")) {
        (EntityKind::Misc, 3)
    } else if words.len() >= 2 && (org_headed(&all_words) || is_club_head(last)) && !is_place_head(last) {
        (EntityKind::Org, 3)
    } else if words.len() >= 2 && words.iter().any(|x| is_place_head(x)) {
        (EntityKind::Place, 3)
    } else if words.len() == 1 && *lower(first) == *"party" {
        return;
    } else if core.len() >= 2 && gz::is_given_name(first) && !is_common(first) || family_first {
        (EntityKind::Person, 3)
    } else if core.len() >= 2 && gz::is_given_name(first) {
        (EntityKind::Person, 2)
    } else if words.len() == 1 && !acronym && lexicon::is_function_word(&lower(first)) {
        return; // "Here" in a title-case slogan
    } else if words.len() == 1 {
        if acronym {
            (EntityKind::Org, 2)
        } else if gz::demonym(first).is_some() {
            return; // "Chinese" alone is an adjective, not a name
        } else if gz::is_org_head(first) {
            (EntityKind::Org, 0)
        } else if is_common(first) {
            // "Western allies", "Catholic": an adjective is no name unless a longer name says so
            let l = lower(first);
            let adjective = ["ern", "ic", "al", "ish", "ese", "ian", "an", "ist"].iter().any(|suf| l.len() > suf.len() + 2 && l.ends_with(suf));
            let weak = adjective || cx.corpus.lower_seen.contains(l.as_ref());
            (EntityKind::Org, if weak { 0 } else { 1 })
        } else if gz::is_given_name(first) || gz::is_family_first_surname(first) {
            (EntityKind::Person, 1)
        } else {
            // a single unknown name: news introduces people by full name, so a surname alone
            // is resolved to its person later; what stays alone is more often an organisation
            (EntityKind::Org, 1)
        }
    } else if words.iter().all(|x| gz::demonym(x).is_some() || is_common(x)) && words.iter().any(|x| gz::demonym(x).is_some()) {
        return; // "Chinese State" and the like: adjectives
    } else if gz::demonym(first).is_some() || gz::place(first).is_some() {
        (EntityKind::Org, 1) // "Saudi Aramco", "British Steel"
    } else if words.iter().all(|x| !is_common(x) || gz::is_given_name(x)) {
        (EntityKind::Person, 1)
    } else {
        // capitalised phrases with common words are mostly companies, agencies, programmes
        (EntityKind::Org, 1)
    };
    // a lone word at a sentence start or in a headline, with no evidence beyond its capital:
    // kept only if it turns out to be a short form of a name found elsewhere
    let strength = if words.len() == 1 && strength <= 1 && place.is_none() && !acronym {
        let tok = t.toks[toks[0]];
        let unsure = (tok.initial() || cx.line(toks[0]) != LineKind::Body) && !cx.corpus.mid_caps.contains(first) && !gz::is_given_name(first) && !cx.corpus.name_keys.contains(&crate::text::normalize::key(first));
        // …unless the sentence treats it as a name: "Pfizer and Moderna said", "Pfizer said",
        // "Pfizer’s shares"
        let k = toks[0] + 1;
        let named = t.toks.get(k).is_some_and(|n| n.kind == Kind::Word && t.toks[k].sent == tok.sent) && {
            let nw = cx.w(k);
            lexicon::is_speech_verb(nw)
                || (matches!(nw, "and" | "or") && cx.is_word(k + 1) && is_cap(cx.w(k + 1)) && !lexicon::is_function_word(&lower(cx.w(k + 1))))
                || (matches!(nw, "s" | "S") && !t.toks[k].space_before())
        };
        if unsure && !named { 0 } else { strength }
    } else {
        strength
    };
    // "Goldman Sachs economist": a name before a lower-case role noun is the employer
    let (kind, strength) = if kind == EntityKind::Person && strength <= 1 && words.len() >= 2 && !gz::is_given_name(first) {
        let next = toks[toks.len() - 1] + 1;
        if cx.is_word(next) && t.toks[next].sent == t.toks[toks[0]].sent && cx.w(next).chars().next().is_some_and(char::is_lowercase) && is_role(cx.w(next)) {
            (EntityKind::Org, 1)
        } else {
            (kind, strength)
        }
    } else {
        (kind, strength)
    };
    // context cues for weakly typed names
    // "in Geneva", but not "in Jaguar Land Rover's plant"
    let possessive = t.toks.get(toks[toks.len() - 1] + 1).is_some_and(|n| matches!(n.kind, Kind::Punct('\'' | '\u{2019}')) && !n.space_before());
    let after_in = after_place_word(cx, toks[0]) && !possessive;
    let (kind, strength) = if dateline && place.is_none() {
        (EntityKind::Place, 2)
    } else if strength <= 1 && kind == EntityKind::Person && words.len() == 1 && after_in && !is_common(first) {
        (EntityKind::Place, 1) // "in Geneva" (also a given name)
    } else {
        (kind, strength)
    };
    let (kind, strength) = if strength <= 1 && kind != EntityKind::Place {
        let person_like = words.iter().all(|x| !is_common(x) || gz::is_given_name(x)) && gz::demonym(first).is_none() && gz::place(first).is_none();
        if seg.title.is_some() || (person_like && preceded_by_role(cx, toks[0])) || (words.len() >= 2 && kind == EntityKind::Person && near_speech_verb(cx, toks[0], toks[toks.len() - 1])) {
            (EntityKind::Person, 2)
        } else if after_in && !gz::is_given_name(first) && !words.iter().all(|x| is_common(x)) {
            (EntityKind::Place, 1)
        } else {
            (kind, strength)
        }
    } else {
        (kind, strength)
    };
    let in_title = t.para(toks[0]) == 0 && cx.line(toks[0]) != LineKind::Body;
    out.push(Cand {
        doc: cx.doc,
        t0: toks[0],
        t1: toks[toks.len() - 1],
        start,
        end,
        kind,
        strength,
        honorific,
        acronym,
        place,
        title: seg.title,
        family_first,
        in_title,
    });
}

/// An organisation name by its head: last ("Crown Prosecution Service", "Veltrix Robotics Inc"),
/// or first before "of"/"for" ("Bank of England", "Department for Education").
fn org_headed(words: &[&str]) -> bool {
    let n = words.len();
    gz::is_org_head(words[n - 1])
        || (n >= 2 && gz::is_org_head(words[n - 2]) && lexicon::is_legal_suffix(words[n - 1]))
        || (n >= 2 && gz::is_org_head(words[0]) && matches!(words[1], "of" | "for"))
}

/// Heads of club and team names the general organisation list lacks ("Riverside Athletic",
/// "Harbour United", "Dunmore City" — a city's own name is found whole in the gazetteer first).
fn is_club_head(w: &str) -> bool {
    matches!(w, "United" | "Athletic" | "Rovers" | "Wanderers" | "Albion" | "FC" | "AFC" | "Hotspur" | "City" | "Town" | "Rangers" | "Orient" | "Argyle" | "Thistle")
}

/// Heads of event, competition and prize names ("World Cup", "Nobel Prize").
fn is_event_head(w: &str) -> bool {
    matches!(w, "Cup" | "Trophy" | "Championship" | "Championships" | "Olympics" | "Games" | "Festival" | "Prize" | "Award" | "Awards" | "War" | "Revolution" | "Expo" | "Marathon" | "Open" | "Grand Prix" | "Biennale" | "Week")
}

fn is_place_head(w: &str) -> bool {
    matches!(
        w,
        "Palace" | "Palais" | "Castle" | "Cathedral" | "Abbey" | "Tower" | "Stadium" | "Arena" | "Park" | "Ground" | "Street" | "Road" | "Avenue" | "Square" | "Lane" | "Bridge" | "River" | "Lake" | "Mount"
            | "Mountains" | "Island" | "Islands" | "Valley" | "Bay" | "Sea" | "Ocean" | "Gulf"
            | "Strait" | "Peninsula" | "County" | "Province" | "District" | "Heights" | "Desert"
            | "Coast" | "Canal" | "Airport" | "Harbour" | "Harbor"
    )
}

/// Whether a place preposition governs token `i`: "in X", and "in Y and X", "in Y, Z or X".
fn after_place_word(cx: &Ctx<'_, '_>, i: usize) -> bool {
    // "in", but not "shares in", "a stake in", "invested in"
    let is_prep = |p: usize| {
        matches!(cx.w(p), "in" | "near" | "outside" | "across" | "throughout")
            && !prev_word(cx, p).is_some_and(|q| matches!(cx.w(q), "shares" | "stake" | "stakes" | "investment" | "investments" | "invested" | "invest" | "investing" | "interest" | "interests" | "holding" | "holdings" | "Shares"))
    };
    let Some(p) = prev_word(cx, i) else { return false };
    if is_prep(p) {
        return true;
    }
    // walk back over one list: "and"/"or"/"," then capitalised words, at most a few hops
    let mut k = i;
    for _ in 0..4 {
        let Some(sep) = k.checked_sub(1) else { return false };
        let tok = cx.t.toks[sep];
        let is_sep = tok.kind == Kind::Punct(',') || (tok.kind == Kind::Word && matches!(cx.w(sep), "and" | "or"));
        if !is_sep || tok.sent != cx.t.toks[i].sent {
            return false;
        }
        let mut j = sep;
        while j > 0 && cx.t.toks[j - 1].kind == Kind::Word && is_cap(cx.w(j - 1)) {
            j -= 1;
        }
        if j == sep {
            return false;
        }
        if j > 0 && cx.t.toks[j - 1].kind == Kind::Word && is_prep(j - 1) {
            return true;
        }
        k = j;
    }
    false
}

fn prev_word(cx: &Ctx<'_, '_>, i: usize) -> Option<usize> {
    (i > 0 && cx.t.toks[i - 1].kind == Kind::Word && cx.t.toks[i - 1].sent == cx.t.toks[i].sent).then(|| i - 1)
}

fn preceded_by_role(cx: &Ctx<'_, '_>, i: usize) -> bool {
    prev_word(cx, i).is_some_and(|p| {
        let w = cx.w(p);
        w.chars().next().is_some_and(char::is_lowercase) && (is_role(w) || (lexicon::is_role_modifier(w) && w == "general"))
    })
}

fn near_speech_verb(cx: &Ctx<'_, '_>, first: usize, last: usize) -> bool {
    let t = cx.t;
    let before = prev_word(cx, first).is_some_and(|p| lexicon::is_speech_verb(cx.w(p)));
    let after = last + 1 < t.toks.len() && t.toks[last + 1].kind == Kind::Word && t.toks[last + 1].sent == t.toks[last].sent && lexicon::is_speech_verb(cx.w(last + 1));
    before || after
}
