//! Small closed-class word lists the rules need (function words, calendar words, name
//! particles, connectors). These are grammar, not knowledge of names: the open-class data
//! (places, given names, heads, common words) lives in [`crate::gazetteer`].

use crate::hash::FxHashSet as HashSet;
use std::sync::OnceLock;

/// English function words: never names on their own, and where a role phrase stops.
pub(crate) const FUNCTION_WORDS: &[&str] = &[
    "a", "about", "above", "across", "after", "against", "all", "along", "also", "although", "am",
    "among", "an", "and", "another", "any", "are", "as", "at", "be", "because", "been", "before",
    "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "during",
    "each", "either", "even", "every", "few", "for", "from", "had", "has", "have", "he", "her",
    "here", "hers", "him", "his", "how", "however", "i", "if", "in", "into", "is", "it", "its",
    "just", "many", "may", "me", "might", "more", "most", "much", "must", "my", "neither", "no",
    "nor", "not", "now", "of", "on", "once", "one", "only", "or", "other", "our", "ours", "out",
    "over", "per", "several", "she", "should", "since", "so", "some", "such", "than", "that", "the",
    "their", "theirs", "them", "then", "there", "these", "they", "this", "those", "though",
    "through", "to", "too", "under", "until", "up", "upon", "us", "very", "was", "we", "were",
    "what", "when", "where", "whether", "which", "while", "who", "whom", "whose", "why", "will",
    "with", "within", "without", "would", "yet", "you", "your", "yours", "said", "says", "told",
    "according", "amid", "amidst", "despite", "via", "towards", "toward", "onto", "beyond",
];

/// Verbs of saying: "X said", "said X" mark a person.
pub(crate) const SPEECH_VERBS: &[&str] = &[
    "said", "says", "told", "added", "asked", "argued", "claimed", "warned", "insisted", "stated",
    "explained", "noted", "wrote", "tweeted", "replied", "admitted", "confirmed", "denied", "urged",
];

/// Day and month names (capitalised mid-sentence, but dates, not entities).
pub(crate) const CALENDAR: &[&str] = &[
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January",
    "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct",
    "Nov", "Dec",
];


/// Acronym-like words that are not names (job titles, units, generic terms).
pub(crate) const NON_NAME_ACRONYMS: &[&str] = &[
    "CEO", "CFO", "COO", "CTO", "MP", "MEP", "MSP", "PM", "AM", "TV", "GDP", "AI", "DNA", "OK",
    "ID", "PR", "HR", "VAT", "CCTV", "PhD", "BA", "MA", "BSc", "MSc", "QC", "KC", "USD", "GBP",
    "EUR", "KM", "MPH", "PDF", "URL", "IT", "Q1", "Q2", "Q3", "Q4", "AGM", "IPO", "FAQ", "LGBT",
    "LGBTQ", "COVID", "SMS", "OMG", "LOL", "RIP", "VIP", "DIY", "PS",
];

/// Role modifiers that stay with a role word ("deputy", "vice", "general" in "director general").
pub(crate) const ROLE_MODIFIERS: &[&str] = &[
    "deputy", "vice", "acting", "prime", "shadow", "former", "interim", "general", "chief",
    "senior", "junior", "assistant", "associate", "executive", "principal", "lead", "co", "first",
];

fn set(list: &'static [&'static str], cell: &'static OnceLock<HashSet<&'static str>>) -> &'static HashSet<&'static str> {
    cell.get_or_init(|| list.iter().copied().collect())
}

/// Legal-form suffixes of company names: "Veltrix Robotics Inc" is "Veltrix Robotics".
pub(crate) const LEGAL_SUFFIXES: &[&str] = &[
    "Inc", "Ltd", "Limited", "plc", "PLC", "Plc", "GmbH", "AG", "LLC", "LLP", "SA", "SAS", "NV",
    "BV", "Corp", "Co", "Pty", "SE", "SpA", "AB", "ASA", "Oy", "KK", "Incorporated", "Corporation",
];

pub(crate) fn is_legal_suffix(w: &str) -> bool {
    LEGAL_SUFFIXES.contains(&w.trim_end_matches('.'))
}

pub(crate) fn is_function_word(lower: &str) -> bool {
    static S: OnceLock<HashSet<&'static str>> = OnceLock::new();
    set(FUNCTION_WORDS, &S).contains(lower)
}

pub(crate) fn is_calendar(w: &str) -> bool {
    static S: OnceLock<HashSet<&'static str>> = OnceLock::new();
    set(CALENDAR, &S).contains(w)
}

pub(crate) fn is_particle(w: &str) -> bool {
    // a match compiles to a few length and byte comparisons, not a scan of string slices
    matches!(
        w,
        "al" | "bin" | "bint" | "ibn" | "da" | "das" | "de" | "del" | "della" | "der" | "des" | "di" | "dos" | "du" | "el" | "la" | "le" | "van" | "von" | "den" | "ter" | "zu" | "y"
    )
}

pub(crate) fn is_non_name_acronym(w: &str) -> bool {
    static S: OnceLock<HashSet<&'static str>> = OnceLock::new();
    set(NON_NAME_ACRONYMS, &S).contains(w)
}

pub(crate) fn is_speech_verb(lower: &str) -> bool {
    static S: OnceLock<HashSet<&'static str>> = OnceLock::new();
    set(SPEECH_VERBS, &S).contains(lower)
}

pub(crate) fn is_role_modifier(lower: &str) -> bool {
    static S: OnceLock<HashSet<&'static str>> = OnceLock::new();
    set(ROLE_MODIFIERS, &S).contains(lower)
}

/// Lower-cases `w` (allocation only when needed).
pub(crate) fn lower(w: &str) -> Lower<'_> {
    if !w.chars().any(char::is_uppercase) {
        Lower::Borrowed(w)
    } else if w.is_ascii() && w.len() <= INLINE {
        // the common case (a capitalised English word) without an allocation
        let mut buf = [0u8; INLINE];
        for (d, s) in buf.iter_mut().zip(w.bytes()) {
            *d = s.to_ascii_lowercase();
        }
        Lower::Inline(buf, w.len() as u8)
    } else {
        Lower::Owned(crate::text::case::lower(w))
    }
}

const INLINE: usize = 22;

/// A lower-cased word from [`lower`]: the word itself when it has no capital, short ASCII words
/// in place, anything else in a `String`. Reads as a `&str`.
pub(crate) enum Lower<'a> {
    Borrowed(&'a str),
    Inline([u8; INLINE], u8),
    Owned(String),
}

impl std::ops::Deref for Lower<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        match self {
            Lower::Borrowed(s) => s,
            // ASCII bytes only, so always valid UTF-8
            Lower::Inline(b, n) => std::str::from_utf8(b.get(..usize::from(*n)).unwrap_or_default()).unwrap_or_default(),
            Lower::Owned(s) => s,
        }
    }
}

impl AsRef<str> for Lower<'_> {
    fn as_ref(&self) -> &str {
        self
    }
}

/// `lower` and its likely lemmas ("photographs" → "photograph", "laments" → "lament").
pub(crate) fn lemmas(lower: &str) -> impl Iterator<Item = std::borrow::Cow<'_, str>> {
    let mut v: Vec<std::borrow::Cow<'_, str>> = vec![std::borrow::Cow::Borrowed(lower)];
    let strip = |suf: &str| lower.strip_suffix(suf).filter(|s| s.len() >= 3);
    if let Some(s) = strip("ies") {
        v.push(format!("{s}y").into());
    }
    for suf in ["es", "s", "ed", "d", "ing", "ly", "er"] {
        if let Some(s) = strip(suf) {
            v.push(std::borrow::Cow::Borrowed(s));
        }
    }
    if let Some(s) = strip("ing") {
        v.push(format!("{s}e").into());
    }
    v.into_iter()
}
