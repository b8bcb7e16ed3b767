//! Gazetteers: countries (with aliases and demonyms), cities, given names, family-name-first
//! surnames, organisation and law head words, honorifics, common English words.
//!
//! PLACEHOLDER API — the generated data and fast lookups replace these bodies.

/// What kind of place a gazetteer entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceKind {
    /// A sovereign country or territory.
    Country,
    /// A city or town.
    City,
    /// A region, state, province or continent.
    Region,
}

/// A place found in the gazetteer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// Canonical name ("United Kingdom" for "UK", "Britain", "U.K.").
    pub canonical: &'static str,
    /// Its kind.
    pub kind: PlaceKind,
}

/// Looks up a place by its surface form, case-sensitive as written in running text
/// ("UK", "United Kingdom", "Britain", "London", "New York").
pub fn place(_surface: &str) -> Option<Place> {
    None
}

/// The country a demonym or adjective refers to ("Chinese" → "China", "British" → "United Kingdom").
pub fn demonym(_word: &str) -> Option<&'static str> {
    None
}

/// Whether `word` (as written, "Stephen") is a common given name in any origin.
pub fn is_given_name(_word: &str) -> bool {
    false
}

/// Whether `word` is a common family name in cultures that write it first (Chinese, Korean,
/// Vietnamese, Hungarian…): "Xi", "Wang", "Kim", "Nguyen".
pub fn is_family_first_surname(_word: &str) -> bool {
    false
}

/// Whether `word` is an honorific or title written as part of a name ("Mr", "Dr", "Sir", "Prince").
pub fn is_honorific(_word: &str) -> bool {
    false
}

/// Whether `word` is a head word of organisation names ("Service", "Party", "Court", "Ltd").
pub fn is_org_head(_word: &str) -> bool {
    false
}

/// Whether `word` is a head word of law names ("Act", "Bill", "Treaty", "Convention").
pub fn is_law_head(_word: &str) -> bool {
    false
}

/// Whether the lower-case `word` is a frequent English word ("failure", "chief", "speaking").
pub fn is_common_word(_lower: &str) -> bool {
    false
}
