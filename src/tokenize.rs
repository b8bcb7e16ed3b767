//! Tokens, sentences and paragraphs (lines) of one text, with byte spans.
//!
//! Words keep internal apostrophes ("O'Neill", "don't") but not a possessive or contracted
//! "'s"; hyphens split words ("China-UK" → China, -, UK) and mark the next word `hyphen_before`;
//! dotted acronyms ("U.S.") are one word. Sentences end at . ! ? (not after abbreviations or
//! initials) and at line breaks; each line is a paragraph.

use crate::text::normalize::{is_apostrophe, is_hyphen};

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Letters (and digits) — a word.
    Word,
    /// Digits only.
    Num,
    /// One punctuation or symbol char.
    Punct(char),
}

/// One token: byte span, kind, sentence index, flags; 16 bytes (every document's tokens are held
/// at once, and they are most of the engine's memory). Its paragraph is its sentence's
/// ([`Tokens::para`]): a sentence never spans two lines.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Token {
    start: u32,
    pub kind: Kind,
    pub sent: u32,
    len: u16,
    flags: u8,
}

const SPACE_BEFORE: u8 = 1;
const HYPHEN_BEFORE: u8 = 2;
const INITIAL: u8 = 4;

/// The longest token in bytes; a longer run of letters is split (no word is that long).
pub(crate) const MAX_TOKEN: usize = u16::MAX as usize;

impl Token {
    fn new(start: usize, end: usize, kind: Kind, space_before: bool, hyphen_before: bool) -> Token {
        let flags = if space_before { SPACE_BEFORE } else { 0 } | if hyphen_before { HYPHEN_BEFORE } else { 0 };
        // texts are at most `Analyzer::max_bytes` (< 4 GiB) long; tokens at most MAX_TOKEN
        Token { start: start as u32, kind, sent: 0, len: (end - start).min(MAX_TOKEN) as u16, flags }
    }
    /// Byte offset of its first byte.
    pub fn start(&self) -> usize {
        self.start as usize
    }
    /// Byte offset after its last byte.
    pub fn end(&self) -> usize {
        self.start as usize + usize::from(self.len)
    }
    pub fn is_word(&self) -> bool {
        matches!(self.kind, Kind::Word | Kind::Num)
    }
    /// Whitespace precedes it.
    pub fn space_before(&self) -> bool {
        self.flags & SPACE_BEFORE != 0
    }
    /// Joined to the previous word by a hyphen ("UK" in "China-UK").
    pub fn hyphen_before(&self) -> bool {
        self.flags & HYPHEN_BEFORE != 0
    }
    /// First word of its sentence, or right after an opening quote or colon.
    pub fn initial(&self) -> bool {
        self.flags & INITIAL != 0
    }
}

/// A tokenized text.
pub(crate) struct Tokens<'t> {
    pub text: &'t str,
    pub toks: Vec<Token>,
    /// Byte span of each paragraph (line), indexed by [`Tokens::para`].
    pub paras: Vec<(usize, usize)>,
    /// Byte span of each sentence, indexed by `Token::sent`.
    pub sents: Vec<(usize, usize)>,
    /// The paragraph of each sentence.
    sent_para: Vec<u32>,
}

impl<'t> Tokens<'t> {
    pub fn str(&self, i: usize) -> &'t str {
        &self.text[self.toks[i].start()..self.toks[i].end()]
    }
    /// The paragraph (line) of token `i`.
    pub fn para(&self, i: usize) -> u32 {
        self.sent_para.get(self.toks[i].sent as usize).copied().unwrap_or(0)
    }
}

/// True for combining marks, which belong to the word they follow.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x300..=0x36F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
        || matches!(c as u32, 0x200C | 0x200D)
}

/// Emoji and pictographic symbols.
fn is_pictograph(c: char) -> bool {
    matches!(c as u32, 0x2190..=0x21FF | 0x2300..=0x23FF | 0x2600..=0x27BF | 0x2B00..=0x2BFF | 0x1F000..=0x1FAFF)
}

fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    c.is_alphanumeric() || is_mark(c)
}

fn is_open_quote(c: char) -> bool {
    matches!(c, '"' | '\'' | '\u{201C}' | '\u{2018}' | '\u{00AB}' | '\u{201E}' | '\u{2039}' | '(' | '[')
}

const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "St", "Prof", "Sr", "Jr", "Gen", "Col", "Lt", "Sgt", "Capt", "Rev",
    "Hon", "Gov", "Sen", "Rep", "No", "v", "vs", "etc", "Inc", "Ltd", "Co", "Corp", "Mt", "Ft", "Jan",
    "Feb", "Mar", "Apr", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec", "approx", "Messrs", "Cllr",
];

/// Splits `text` into tokens, sentences and paragraphs.
pub(crate) fn tokenize(text: &str) -> Tokens<'_> {
    // news text has a token per ~5 bytes; all documents' tokens are held at once, so the estimate
    // is generous and the slack is given back at the end rather than doubled into
    let mut toks: Vec<Token> = Vec::with_capacity(text.len() / 4 + 8);
    let bytes = text.as_bytes();
    let mut it = text.char_indices().peekable();
    let mut space_before = true;
    let mut newline = false;
    let mut para: u32 = 0;
    let mut paras = Vec::new();
    let mut para_start = 0usize;
    let mut hyphen_pending = false;
    // the paragraph of each token, until sentences are known
    let mut tok_para: Vec<u32> = Vec::with_capacity(toks.capacity());
    let push = |toks: &mut Vec<Token>, tok_para: &mut Vec<u32>, start, end, kind, sb, hb, para| {
        toks.push(Token::new(start, end, kind, sb, hb));
        tok_para.push(para);
    };
    while let Some((i, c)) = it.next() {
        if c.is_whitespace() {
            space_before = true;
            if c == '\n' || c == '\u{2029}' || c == '\u{2028}' {
                newline = true;
            }
            continue;
        }
        if newline {
            // close the paragraph at the last token end
            let end = toks.last().map(Token::end).unwrap_or(0).max(para_start);
            if tok_para.last() == Some(&para) {
                paras.push((para_start, end));
                para += 1;
            }
            para_start = i;
            newline = false;
            hyphen_pending = false;
        }
        if is_word_char(c) {
            let start = i;
            let mut end = i + c.len_utf8();
            let mut all_digit = c.is_ascii_digit();
            // dotted acronym: U.S. / U.K.
            if c.is_uppercase() && bytes.get(end) == Some(&b'.') {
                let mut j = end;
                let mut n = 1;
                loop {
                    // expect '.' then Upper
                    if bytes.get(j) == Some(&b'.') {
                        let next = text[j + 1..].chars().next();
                        match next {
                            Some(u) if u.is_uppercase() && text[j + 1 + u.len_utf8()..].starts_with('.') => {
                                j += 1 + u.len_utf8();
                                n += 1;
                            }
                            _ => break,
                        }
                    } else {
                        break;
                    }
                }
                if n >= 2 {
                    end = j + 1; // include the final '.'
                    while it.peek().is_some_and(|&(k, _)| k < end) {
                        it.next();
                    }
                    push(&mut toks, &mut tok_para, start, end, Kind::Word, space_before, hyphen_pending, para);
                    space_before = false;
                    hyphen_pending = false;
                    continue;
                }
            }
            loop {
                match it.peek().copied() {
                    Some((k, d)) if is_word_char(d) && k + d.len_utf8() - start <= MAX_TOKEN => {
                        all_digit &= d.is_ascii_digit();
                        end = k + d.len_utf8();
                        it.next();
                    }
                    Some((k, d)) if is_apostrophe(d) => {
                        // look at what follows the apostrophe
                        let rest = &text[k + d.len_utf8()..];
                        let mut rc = rest.chars();
                        let n1 = rc.next();
                        let n2 = rc.next();
                        let possessive_s = matches!(n1, Some('s') | Some('S'))
                            && !n2.is_some_and(is_word_char);
                        let cont = match n1 {
                            Some(u) if u.is_uppercase() => text[start..end].chars().next().is_some_and(char::is_uppercase),
                            Some(l) if l.is_lowercase() => !possessive_s,
                            _ => false,
                        };
                        if cont && k + d.len_utf8() - start <= MAX_TOKEN {
                            end = k + d.len_utf8();
                            it.next();
                        } else {
                            break;
                        }
                    }
                    _ => break,
                }
            }
            let kind = if all_digit { Kind::Num } else { Kind::Word };
            push(&mut toks, &mut tok_para, start, end, kind, space_before, hyphen_pending, para);
            space_before = false;
            hyphen_pending = false;
            // a hyphen directly between two words joins them
            if let Some(&(k, d)) = it.peek() {
                if is_hyphen(d) {
                    let after = text[k + d.len_utf8()..].chars().next();
                    if after.is_some_and(is_word_char) {
                        it.next();
                        push(&mut toks, &mut tok_para, k, k + d.len_utf8(), Kind::Punct('-'), false, false, para);
                        hyphen_pending = true;
                    }
                }
            }
            continue;
        }
        push(&mut toks, &mut tok_para, i, i + c.len_utf8(), Kind::Punct(c), space_before, false, para);
        space_before = false;
        hyphen_pending = false;
    }
    if tok_para.last() == Some(&para) {
        let end = toks.last().map(Token::end).unwrap_or(0);
        paras.push((para_start, end));
    }
    toks.shrink_to_fit();
    let mut t = Tokens { text, toks, paras, sents: Vec::new(), sent_para: Vec::new() };
    assign_sentences(&mut t, &tok_para);
    t.sents.shrink_to_fit();
    t.sent_para.shrink_to_fit();
    t
}

fn assign_sentences(t: &mut Tokens<'_>, para: &[u32]) {
    let n = t.toks.len();
    let mut sent: u32 = 0;
    let mut sent_start = t.toks.first().map(Token::start).unwrap_or(0);
    let mut expect_initial = true;
    let mut i = 0;
    while i < n {
        if i > 0 && para[i] != para[i - 1] {
            t.sents.push((sent_start, t.toks[i - 1].end()));
            t.sent_para.push(para[i - 1]);
            sent += 1;
            sent_start = t.toks[i].start();
            expect_initial = true;
        }
        t.toks[i].sent = sent;
        let tok = t.toks[i];
        match tok.kind {
            Kind::Word | Kind::Num => {
                if expect_initial {
                    t.toks[i].flags |= INITIAL;
                    expect_initial = false;
                }
            }
            Kind::Punct(c) => {
                if is_open_quote(c) && (i + 1 < n && !t.toks[i + 1].space_before()) && (tok.space_before() || i == 0 || expect_initial || matches!(t.toks[i - 1].kind, Kind::Punct(_))) {
                    expect_initial = true;
                } else if is_pictograph(c) {
                    // "… silence 🤝🌍 Thank you": an emoji ends a phrase like a full stop
                    expect_initial = true;
                } else if matches!(c, '\u{2014}' | '\u{2013}' | '-') && tok.space_before() && t.toks.get(i + 1).is_some_and(|n| n.space_before()) {
                    // "WASHINGTON (Reuters) - The Federal Reserve …": a spaced dash starts a phrase
                    expect_initial = true;
                } else if matches!(c, '.' | '!' | '?' | '\u{2026}') {
                    let prev_word = (i > 0 && t.toks[i - 1].is_word() && !tok.space_before()).then(|| t.str(i - 1));
                    let abbrev = prev_word.is_some_and(|w| {
                        c == '.' && (ABBREVIATIONS.contains(&w) || (w.chars().count() == 1 && w.chars().all(char::is_uppercase)))
                    });
                    // a decimal point or a dot inside a token run is no boundary
                    let next_tight = i + 1 < n && !t.toks[i + 1].space_before() && t.toks[i + 1].is_word();
                    if !abbrev && !next_tight {
                        // swallow closing quotes/brackets and further terminal punctuation
                        let mut j = i + 1;
                        while j < n && !t.toks[j].space_before() && para[j] == para[i] && matches!(t.toks[j].kind, Kind::Punct(_)) {
                            t.toks[j].sent = sent;
                            j += 1;
                        }
                        if j < n && para[j] == para[i] {
                            t.sents.push((sent_start, t.toks[j - 1].end()));
                            t.sent_para.push(para[i]);
                            sent += 1;
                            sent_start = t.toks[j].start();
                            expect_initial = true;
                        }
                        i = j;
                        continue;
                    }
                }
            }
        }
        i += 1;
    }
    if n > 0 {
        t.sents.push((sent_start, t.toks[n - 1].end()));
        t.sent_para.push(para[n - 1]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        let t = tokenize(text);
        (0..t.toks.len()).filter(|&i| t.toks[i].is_word()).map(|i| t.str(i)).collect()
    }

    #[test]
    fn possessive_and_apostrophes() {
        assert_eq!(words("Lomax’s O'Neill don't MI5's Collier' x"), ["Lomax", "s", "O'Neill", "don't", "MI5", "s", "Collier", "x"]);
    }

    #[test]
    fn hyphens_and_acronyms() {
        let t = tokenize("China-UK relations in the U.S. today");
        let w: Vec<&str> = (0..t.toks.len()).map(|i| t.str(i)).collect();
        assert_eq!(w, ["China", "-", "UK", "relations", "in", "the", "U.S.", "today"]);
        assert!(t.toks[2].hyphen_before());
    }

    #[test]
    fn sentences_and_initials() {
        let t = tokenize("Mr. Smith met J. K. Rowling. Then he left.\nNew line");
        assert_eq!(t.sents.len(), 3);
        let then = (0..t.toks.len()).find(|&i| t.str(i) == "Then").unwrap();
        assert!(t.toks[then].initial());
        let smith = (0..t.toks.len()).find(|&i| t.str(i) == "Smith").unwrap();
        assert!(!t.toks[smith].initial());
        assert_eq!(t.paras.len(), 2);
    }

    #[test]
    fn quote_initial() {
        let t = tokenize("He said: “Beijing is near,” and left.");
        let b = (0..t.toks.len()).find(|&i| t.str(i) == "Beijing").unwrap();
        assert!(t.toks[b].initial());
    }

    #[test]
    fn combining_marks_stay_in_word() {
        assert_eq!(words("Jose\u{301} A\u{301}lvarez"), ["Jose\u{301}", "A\u{301}lvarez"]);
    }
}
