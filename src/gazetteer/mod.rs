//! Gazetteers: countries (with aliases and demonyms), cities, regions, given names (with their
//! usual gender), family-name-first surnames, organisation and law head words, honorifics (with
//! the gender they imply), role words and common English words.
//!
//! # Data
//!
//! The lists live in `data/`, embedded with `include_str!`/`include_bytes!`. They are generated
//! by `scripts/gen-gazetteers.py` from data packages (GeoNames, world-countries, pycountry,
//! gender-guesser's `nam_dict.txt`, Faker, wordfreq, dictionary-en, cleanco) plus the small
//! hand-kept lists in `source/`; `SOURCES.md` records every source, version, licence and the
//! selection rules. Do not edit `data/` by hand: change the script or `source/` and re-run it.
//!
//! # Lookups
//!
//! The three big sets (given names with their gender, common English words, one-word cities)
//! are binary fuse filters (Graf & Lemire 2022): a lookup hashes the word once (FNV-1a-64 and a
//! seeded mix) and XORs 4 packed cells, with no false negatives, a small, stated false-positive
//! rate (2^-fingerprint bits, see SOURCES.md), 9-13 bits per key, and nothing to build at
//! start-up. The given-names filter also stores each name's gender in 2 more bits per cell. The other lists (places with their canonical names, demonyms, honorifics, heads,
//! role words) are small text files parsed once, on first use, into FxHash maps. Matching is
//! case-sensitive, as written in running text, except where a function says otherwise.

use crate::hash::FxBuild;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

const PLACES: &str = include_str!("data/places.tsv");
const CITIES: Option<Fuse<'static>> = Fuse::new(include_bytes!("data/cities.fuse"));
const DEMONYMS: &str = include_str!("data/demonyms.tsv");
/// Given names, with their gender as the value: 0 male, 1 female, 2 unclear (GENDER_CODE in
/// scripts/gen-gazetteers.py).
const GIVEN_NAMES: Option<Fuse<'static>> = Fuse::new(include_bytes!("data/given-names.fuse"));
const FAMILY_FIRST: &str = include_str!("data/family-first-surnames.txt");
const COMMON_WORDS: Option<Fuse<'static>> = Fuse::new(include_bytes!("data/common-words.fuse"));
const HONORIFICS: &str = include_str!("data/honorifics.txt");
const ORG_HEADS: &str = include_str!("data/org-heads.txt");
const LAW_HEADS: &str = include_str!("data/law-heads.txt");
const ROLE_WORDS: &str = include_str!("data/role-words.txt");

/// What kind of place a gazetteer entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceKind {
    /// A sovereign country or territory (also the UK's constituent countries).
    Country,
    /// A city or town.
    City,
    /// A region, state, province or continent.
    Region,
}

/// A place found in the gazetteer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// Canonical name ("United Kingdom" for "UK", "Britain", "U.K."); empty for a city named as
    /// its canonical name ("London"), whose canonical name is then the surface looked up.
    pub canonical: &'static str,
    /// Its kind.
    pub kind: PlaceKind,
}

/// Looks up a place by its surface form, case-sensitive as written in running text
/// ("UK", "United Kingdom", "Britain", "London", "New York"). Multi-word names are looked up
/// whole, with single spaces.
pub fn place(surface: &str) -> Option<Place> {
    match tables().places.get(surface) {
        Some(p) => Some(*p),
        // most cities are named as their canonical name and kept only in a fuse filter: the
        // canonical name is then the surface itself, given as "". Only one-word names are in the
        // filter, and no common word ("Both", "Reading") counts, so its rare false positives fall
        // on rare words.
        None => (!surface.contains([' ', '-'])
            && fuse_contains(CITIES, surface)
            && !is_common_word(&crate::text::case::lower(surface)))
        .then_some(Place { canonical: "", kind: PlaceKind::City }),
    }
}

/// The canonical name for a country or region written as an upper-case code or abbreviation
/// ("US", "U.K.", "UAE", "DRC"); `None` for anything else, including "London".
pub fn country_code(surface: &str) -> Option<&'static str> {
    let is_code = surface.len() >= 2
        && surface.bytes().any(|b| b.is_ascii_uppercase())
        && surface.bytes().all(|b| b.is_ascii_uppercase() || b == b'.');
    if !is_code {
        return None;
    }
    match place(surface) {
        Some(p) if p.kind != PlaceKind::City => Some(p.canonical),
        _ => None,
    }
}

/// The place a demonym or national adjective refers to ("Chinese" → "China",
/// "British" → "United Kingdom", "Americans" → "United States", "Scottish" → "Scotland").
/// Case-sensitive; plurals in "s" are accepted where the singular takes one.
pub fn demonym(word: &str) -> Option<&'static str> {
    let map = &tables().demonyms;
    if let Some(c) = map.get(word) {
        return Some(c);
    }
    let singular = word.strip_suffix('s')?;
    if takes_plural_s(singular) {
        map.get(singular).copied()
    } else {
        None
    }
}

/// A person's gender, as far as a name or title tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    /// Female ("Maria", "Ms").
    Female,
    /// Male ("Tom", "Mr").
    Male,
}

/// Whether `word` (as written, "Stephen") is a common given name in any origin. Names that are
/// also English words used as names in English-speaking countries ("Will", "Mark", "Grace") are
/// included: the caller decides by context.
pub fn is_given_name(word: &str) -> bool {
    fuse_contains(GIVEN_NAMES, word)
}

/// The usual gender of a given name (as written, "Maria" → female, "Tom" → male), when the data
/// is clear: `nam_dict.txt`'s codes weighted by how common each reading is, English-speaking
/// countries counting more, then Faker's male/female lists (see SOURCES.md). Unisex names
/// ("Alex", "Taylor", "Kim") and names that are not given names give `None`.
pub fn given_name_gender(word: &str) -> Option<Gender> {
    match fuse_get(GIVEN_NAMES, word)? {
        0 => Some(Gender::Male),
        1 => Some(Gender::Female),
        _ => None,
    }
}

/// The gender an honorific implies ("Mr", "Sir", "Lord", "King" → male; "Mrs", "Ms", "Miss",
/// "Dame", "Queen" → female); `None` for titles that imply none ("Dr", "Prof", "Rev") and for
/// words that are not honorifics. A trailing '.' is ignored ("Mr." works too).
pub fn honorific_gender(word: &str) -> Option<Gender> {
    tables().honorifics.get(strip_dot(word)).copied().flatten()
}

/// Whether `word` is a common family name in cultures that write it first (Chinese, Korean,
/// Vietnamese): "Xi", "Wang", "Kim", "Nguyen". Several are also English words ("He", "Long",
/// "Song", "Moon"), so use context.
pub fn is_family_first_surname(word: &str) -> bool {
    tables().family_first.contains(word)
}

/// Whether `word` is an honorific or title written as part of a name ("Mr", "Dr", "Sir",
/// "Prince"), as written; a trailing '.' is ignored ("Dr." works too).
pub fn is_honorific(word: &str) -> bool {
    tables().honorifics.contains_key(strip_dot(word))
}

/// Whether `word` is a head word of organisation names ("Service", "Party", "Court") or a
/// company legal form ("Ltd", "GmbH", "plc", "Inc."). Matched ignoring case and a trailing '.'.
pub fn is_org_head(word: &str) -> bool {
    contains_lowercased(&tables().org_heads, strip_dot(word))
}

/// Whether `word` is a head word of law names ("Act", "Bill", "Treaty", "Convention"), as
/// written; a trailing '.' is ignored.
pub fn is_law_head(word: &str) -> bool {
    tables().law_heads.contains(strip_dot(word))
}

/// Whether the lower-case `word` is an occupational or role noun that introduces or describes a
/// person ("president", "researcher", "spokeswoman", "ministers").
pub fn is_role_word(lower: &str) -> bool {
    tables().roles.contains(lower)
}

/// Whether the lower-case `word` is a frequent English word ("failure", "chief", "speaking",
/// "photographs"), or a regular inflection of one. Words that are mainly names or places
/// ("china", "london", "john") are not common words.
pub fn is_common_word(lower: &str) -> bool {
    if fuse_contains(COMMON_WORDS, lower) {
        return true;
    }
    let mut found = false;
    common_bases(lower, |base| {
        found = found || fuse_contains(COMMON_WORDS, base);
    });
    found
}

/// How many cells a key of a binary fuse filter has; mirrors `FUSE_ARITY` in
/// scripts/gen-gazetteers.py.
const ARITY: u64 = 4;

/// A binary fuse filter generated by scripts/gen-gazetteers.py (`fuse`), its header read at
/// compile time (a `const`, so a lookup works with constant sizes). Layout: "SLFF", u32 LE seed,
/// u8 log2 of the segment length, u32 LE segment count, u8 cell bits, u8 value bits, then the
/// (segment count + ARITY - 1) segments of cells, packed LSB first, and 3 zero bytes.
#[derive(Clone, Copy)]
struct Fuse<'a> {
    cells: &'a [u8],
    seed: u64,
    lg: u32,
    count: u64,
    width: u32,
    value_bits: u32,
}

impl<'a> Fuse<'a> {
    /// The filter in `data`; `None` (a filter that holds nothing) when the header is malformed or
    /// the size does not match it.
    const fn new(data: &'a [u8]) -> Option<Self> {
        let [b'S', b'L', b'F', b'F', s0, s1, s2, s3, lg, c0, c1, c2, c3, width, value_bits, cells @ ..] = data else {
            return None;
        };
        let (lg, width, value_bits) = (*lg as u32, *width as u32, *value_bits as u32);
        let count = u32::from_le_bytes([*c0, *c1, *c2, *c3]) as u64;
        if width == 0 || width > 16 || value_bits >= width || lg > 24 || count == 0 {
            return None;
        }
        let len = (count + ARITY - 1) << lg;
        if len > u32::MAX as u64 || cells.len() as u64 != (len * width as u64).div_ceil(8) + 3 {
            return None;
        }
        let seed = u32::from_le_bytes([*s0, *s1, *s2, *s3]) as u64;
        Some(Fuse { cells, seed, lg, count, width, value_bits })
    }
}

/// Whether a binary fuse filter holds `key`.
fn fuse_contains(filter: Option<Fuse<'_>>, key: &str) -> bool {
    fuse_get(filter, key).is_some()
}

/// The value a binary fuse filter stores for `key` (0 in a plain set), `None` when the key is not
/// in it. The key's 64-bit hash is the murmur3 finaliser of FNV-1a-64(key) + seed·φ; its ARITY
/// cells are one in each of ARITY consecutive segments, and they XOR to its fingerprint (low bits
/// of hash ^ hash >> 32) shifted past the value bits, XOR the value. No false negatives; the
/// false-positive rate of each file (2^-fingerprint bits) is in SOURCES.md. Mirrors `fuse_get` in
/// scripts/gen-gazetteers.py.
fn fuse_get(filter: Option<Fuse<'_>>, key: &str) -> Option<u32> {
    let Fuse { cells, seed, lg, count, width, value_bits } = filter?;
    let mut h = key.bytes().fold(0xCBF2_9CE4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01B3));
    h = h.wrapping_add(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    h = (h ^ (h >> 33)).wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    h = (h ^ (h >> 33)).wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    h ^= h >> 33;
    let mask = (1u32 << width) - 1;
    let cell = |i: u64| {
        let bit = i * u64::from(width);
        let at = (bit / 8) as usize;
        let word = match cells.get(at..at + 4) {
            Some(&[a, b, c, d]) => u32::from_le_bytes([a, b, c, d]),
            _ => 0,
        };
        (word >> (bit % 8)) & mask
    };
    let first = ((h >> 32) * (count << lg)) >> 32;
    let mut x = (((h ^ (h >> 32)) as u32 & (mask >> value_bits)) << value_bits) ^ cell(first);
    for k in 1..ARITY {
        x ^= cell((first + (k << lg)) ^ ((h >> (12 * (k - 1))) & ((1 << lg) - 1)));
    }
    (x >> value_bits == 0).then_some(x)
}

// ---------------------------------------------------------------------------------------------
// Tables

type Set = HashSet<&'static str, FxBuild>;
type Map<V> = HashMap<&'static str, V, FxBuild>;

struct Tables {
    places: Map<Place>,
    demonyms: Map<&'static str>,
    family_first: Set,
    honorifics: Map<Option<Gender>>,
    org_heads: Set,
    law_heads: Set,
    roles: Set,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut places: Map<Place> = Map::default();
        for (surface, place) in place_rows() {
            places.insert(surface, place);
        }
        let demonyms = lines(DEMONYMS).filter_map(|l| l.split_once('\t')).collect();
        Tables {
            places,
            demonyms,
            family_first: lines(FAMILY_FIRST).collect(),
            honorifics: lines(HONORIFICS).map(honorific_row).collect(),
            org_heads: lines(ORG_HEADS).collect(),
            law_heads: lines(LAW_HEADS).collect(),
            roles: lines(ROLE_WORDS).collect(),
        }
    })
}

/// Non-empty, non-comment lines of an embedded file.
fn lines(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines().filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Rows of places.tsv: `surface<TAB>C|T|R[<TAB>canonical]`; malformed rows are skipped (the tests
/// check there are none).
fn place_rows() -> impl Iterator<Item = (&'static str, Place)> {
    lines(PLACES).filter_map(|line| {
        let mut cols = line.split('\t');
        let surface = cols.next()?;
        let kind = match cols.next()? {
            "C" => PlaceKind::Country,
            "T" => PlaceKind::City,
            "R" => PlaceKind::Region,
            _ => return None,
        };
        let canonical = cols.next().unwrap_or(surface);
        Some((surface, Place { canonical, kind }))
    })
}

/// A row of honorifics.txt: `honorific[<TAB>M|F]`.
fn honorific_row(line: &'static str) -> (&'static str, Option<Gender>) {
    match line.split_once('\t') {
        Some((word, "M")) => (word, Some(Gender::Male)),
        Some((word, "F")) => (word, Some(Gender::Female)),
        Some((word, _)) => (word, None),
        None => (line, None),
    }
}

fn strip_dot(word: &str) -> &str {
    word.strip_suffix('.').unwrap_or(word)
}

/// Looks `word` up in a lower-case set, lower-casing it without allocating when it is short ASCII.
fn contains_lowercased(set: &Set, word: &str) -> bool {
    let mut buf = [0u8; 32];
    if word.is_ascii() && word.len() <= buf.len() {
        let lower = &mut buf[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        std::str::from_utf8(lower).is_ok_and(|l| set.contains(l))
    } else {
        set.contains(crate::text::case::lower(word).as_str())
    }
}

/// Whether a demonym's plural is formed with "s" ("American" → "Americans", not "Chinese",
/// "British", "French", "Swiss"). Mirrors `plural` in scripts/gen-gazetteers.py.
fn takes_plural_s(singular: &str) -> bool {
    !singular.is_empty()
        && !singular.contains(' ')
        && !["ese", "ish", "ch", "sh", "s", "x", "z"].iter().any(|s| singular.ends_with(s))
}

/// Calls `f` with each candidate stem of a regular inflection of `w` ("photographs" →
/// "photograph", "studies" → "study", "making" → "mak", "make"). Mirrors `common_bases` in
/// scripts/gen-gazetteers.py, which leaves out of the data any word one of these stems rebuilds.
fn common_bases(w: &str, mut f: impl FnMut(&str)) {
    const MIN: usize = 3;
    let mut buf = [0u8; 40];
    let mut with_suffix = |stem: &str, suffix: &str, f: &mut dyn FnMut(&str)| {
        let n = stem.len() + suffix.len();
        if n < MIN || n > buf.len() {
            return;
        }
        buf[..stem.len()].copy_from_slice(stem.as_bytes());
        buf[stem.len()..n].copy_from_slice(suffix.as_bytes());
        if let Ok(s) = std::str::from_utf8(&buf[..n]) {
            f(s);
        }
    };
    let emit = |s: &str, f: &mut dyn FnMut(&str)| {
        if s.len() >= MIN {
            f(s);
        }
    };
    if let Some(stem) = w.strip_suffix("ies") {
        with_suffix(stem, "y", &mut f);
    }
    if let Some(stem) = w.strip_suffix("es") {
        if ["s", "x", "z", "ch", "sh", "o"].iter().any(|s| stem.ends_with(s)) {
            emit(stem, &mut f);
        }
    }
    if !w.ends_with("ss") {
        if let Some(stem) = w.strip_suffix('s') {
            emit(stem, &mut f);
        }
    }
    if let Some(stem) = w.strip_suffix("ied") {
        with_suffix(stem, "y", &mut f);
    }
    if let Some(stem) = w.strip_suffix("ed") {
        emit(stem, &mut f);
        emit(&w[..w.len() - 1], &mut f);
    }
    if let Some(stem) = w.strip_suffix("ing") {
        emit(stem, &mut f);
        with_suffix(stem, "e", &mut f);
    }
    if let Some(stem) = w.strip_suffix("ly") {
        emit(stem, &mut f);
    }
}


#[cfg(test)]
mod tests;
