//! Table tests for the gazetteer lookups, and checks that the embedded data parses.

use super::*;

use PlaceKind::{City, Country, Region};

/// `(surface, expected)`: place lookups.
const PLACES_TABLE: &[(&str, Option<(&str, PlaceKind)>)] = &[
    ("UK", Some(("United Kingdom", Country))),
    ("U.K.", Some(("United Kingdom", Country))),
    ("Britain", Some(("United Kingdom", Country))),
    ("Great Britain", Some(("United Kingdom", Country))),
    ("United Kingdom", Some(("United Kingdom", Country))),
    ("US", Some(("United States", Country))),
    ("U.S.", Some(("United States", Country))),
    ("USA", Some(("United States", Country))),
    ("United States", Some(("United States", Country))),
    ("UAE", Some(("United Arab Emirates", Country))),
    ("China", Some(("China", Country))),
    ("Russia", Some(("Russia", Country))),
    ("Scotland", Some(("Scotland", Country))),
    ("Wales", Some(("Wales", Country))),
    ("England", Some(("England", Country))),
    ("London", Some(("London", City))),
    ("Beijing", Some(("Beijing", City))),
    ("New York", Some(("New York City", City))),
    ("Westminster", Some(("Westminster", City))),
    ("Washington", Some(("Washington", City))),
    ("Kyiv", Some(("Kyiv", City))),
    ("Kiev", Some(("Kyiv", City))),
    ("Phoenix", Some(("Phoenix", City))),
    ("Texas", Some(("Texas", Region))),
    ("California", Some(("California", Region))),
    ("Europe", Some(("Europe", Region))),
    ("Africa", Some(("Africa", Region))),
    ("Chief", None),
    ("The", None),
    ("london", None),
    ("IN", None),
    ("", None),
];

#[test]
fn place_table() {
    for &(surface, want) in PLACES_TABLE {
        // a city named as its canonical name answers "" (the surface is the canonical name)
        let got = place(surface).map(|p| (if p.canonical.is_empty() { surface } else { p.canonical }, p.kind));
        assert_eq!(got, want, "place({surface:?})");
    }
}

#[test]
fn country_code_table() {
    let rows: &[(&str, Option<&str>)] = &[
        ("US", Some("United States")),
        ("U.S.", Some("United States")),
        ("UK", Some("United Kingdom")),
        ("UAE", Some("United Arab Emirates")),
        ("EU", None), // the European Union is an organisation, not a place
        ("London", None),
        ("NYC", None),
        ("IT", None),
    ];
    for &(surface, want) in rows {
        assert_eq!(country_code(surface), want, "country_code({surface:?})");
    }
}

#[test]
fn demonym_table() {
    let rows: &[(&str, Option<&str>)] = &[
        ("Chinese", Some("China")),
        ("British", Some("United Kingdom")),
        ("Russian", Some("Russia")),
        ("Russians", Some("Russia")),
        ("American", Some("United States")),
        ("Americans", Some("United States")),
        ("Israeli", Some("Israel")),
        ("Israelis", Some("Israel")),
        ("French", Some("France")),
        ("Scottish", Some("Scotland")),
        ("Chineses", None),
        ("Britishs", None),
        ("Speaking", None),
        ("chinese", None),
    ];
    for &(word, want) in rows {
        assert_eq!(demonym(word), want, "demonym({word:?})");
    }
}

/// `(function name, function, word, expected)`.
type Row = (&'static str, fn(&str) -> bool, &'static str, bool);

const WORD_TABLE: &[Row] = &[
    ("is_given_name", is_given_name, "Stephen", true),
    ("is_given_name", is_given_name, "Nicola", true),
    ("is_given_name", is_given_name, "Jeremy", true),
    ("is_given_name", is_given_name, "Matthew", true),
    ("is_given_name", is_given_name, "Will", true),
    ("is_given_name", is_given_name, "Mark", true),
    ("is_given_name", is_given_name, "Grace", true),
    ("is_given_name", is_given_name, "Vladimir", true),
    ("is_given_name", is_given_name, "Ahmed", true),
    ("is_given_name", is_given_name, "José", true),
    ("is_given_name", is_given_name, "Jose", true),
    ("is_given_name", is_given_name, "The", false),
    ("is_given_name", is_given_name, "Speaking", false),
    ("is_given_name", is_given_name, "Chief", false),
    ("is_given_name", is_given_name, "stephen", false),
    ("is_family_first_surname", is_family_first_surname, "Xi", true),
    ("is_family_first_surname", is_family_first_surname, "Zhao", true),
    ("is_family_first_surname", is_family_first_surname, "Wang", true),
    ("is_family_first_surname", is_family_first_surname, "Li", true),
    ("is_family_first_surname", is_family_first_surname, "Zhang", true),
    ("is_family_first_surname", is_family_first_surname, "Kim", true),
    ("is_family_first_surname", is_family_first_surname, "Park", true),
    ("is_family_first_surname", is_family_first_surname, "Nguyen", true),
    ("is_family_first_surname", is_family_first_surname, "Smith", false),
    ("is_common_word", is_common_word, "failure", true),
    ("is_common_word", is_common_word, "chief", true),
    ("is_common_word", is_common_word, "speaking", true),
    ("is_common_word", is_common_word, "photographs", true),
    ("is_common_word", is_common_word, "political", true),
    ("is_common_word", is_common_word, "despite", true),
    ("is_common_word", is_common_word, "the", true),
    ("is_common_word", is_common_word, "studies", true),
    ("is_common_word", is_common_word, "will", true),
    ("is_common_word", is_common_word, "mark", true),
    ("is_common_word", is_common_word, "china", false),
    ("is_common_word", is_common_word, "london", false),
    ("is_common_word", is_common_word, "john", false),
    ("is_common_word", is_common_word, "chinese", false),
    ("is_common_word", is_common_word, "", false),
    ("is_org_head", is_org_head, "Service", true),
    ("is_org_head", is_org_head, "Party", true),
    ("is_org_head", is_org_head, "Ministry", true),
    ("is_org_head", is_org_head, "Ltd", true),
    ("is_org_head", is_org_head, "Ltd.", true),
    ("is_org_head", is_org_head, "plc", true),
    ("is_org_head", is_org_head, "GmbH", true),
    ("is_org_head", is_org_head, "Inc", true),
    ("is_org_head", is_org_head, "Stephen", false),
    ("is_law_head", is_law_head, "Act", true),
    ("is_law_head", is_law_head, "Treaty", true),
    ("is_law_head", is_law_head, "Bill", true),
    ("is_law_head", is_law_head, "Party", false),
    ("is_honorific", is_honorific, "Sir", true),
    ("is_honorific", is_honorific, "Mr", true),
    ("is_honorific", is_honorific, "Dr.", true),
    ("is_honorific", is_honorific, "Baroness", true),
    ("is_honorific", is_honorific, "Sheikh", true),
    ("is_honorific", is_honorific, "Stephen", false),
    ("is_role_word", is_role_word, "researcher", true),
    ("is_role_word", is_role_word, "president", true),
    ("is_role_word", is_role_word, "spokeswoman", true),
    ("is_role_word", is_role_word, "spokesmen", true),
    ("is_role_word", is_role_word, "secretaries", true),
    ("is_role_word", is_role_word, "ministers", true),
    ("is_role_word", is_role_word, "failure", false),
];

#[test]
fn word_table() {
    for &(name, f, word, want) in WORD_TABLE {
        assert_eq!(f(word), want, "{name}({word:?})");
    }
}

#[test]
fn given_name_gender_table() {
    use Gender::{Female, Male};
    let rows: &[(&str, Option<Gender>)] = &[
        ("Maria", Some(Female)),
        ("Tom", Some(Male)),
        ("Stephen", Some(Male)),
        ("Nicola", Some(Female)), // female in Britain and Ireland, male in Italy: English wins
        ("Theresa", Some(Female)),
        ("Grace", Some(Female)),
        ("Mark", Some(Male)),
        ("Will", Some(Male)),
        ("Vladimir", Some(Male)),
        ("Fatima", Some(Female)),
        ("Mohammed", Some(Male)),
        ("José", Some(Male)),
        ("Jose", Some(Male)),
        ("Ngozi", Some(Female)), // from Faker only
        ("Kwame", Some(Male)),   // from Faker only
        // unisex
        ("Alex", None),
        ("Taylor", None),
        ("Kim", None),
        ("Robin", None),
        ("Leslie", None),
        ("Casey", None),
        // not given names
        ("The", None),
        ("maria", None),
        ("", None),
    ];
    for &(word, want) in rows {
        assert_eq!(given_name_gender(word), want, "given_name_gender({word:?})");
    }
}

#[test]
fn honorific_gender_table() {
    use Gender::{Female, Male};
    let rows: &[(&str, Option<Gender>)] = &[
        ("Mr", Some(Male)),
        ("Mr.", Some(Male)),
        ("Sir", Some(Male)),
        ("Lord", Some(Male)),
        ("King", Some(Male)),
        ("Prince", Some(Male)),
        ("Duke", Some(Male)),
        ("Baron", Some(Male)),
        ("Sheikh", Some(Male)),
        ("Ms", Some(Female)),
        ("Ms.", Some(Female)),
        ("Mrs", Some(Female)),
        ("Miss", Some(Female)),
        ("Dame", Some(Female)),
        ("Lady", Some(Female)),
        ("Queen", Some(Female)),
        ("Princess", Some(Female)),
        ("Duchess", Some(Female)),
        ("Baroness", Some(Female)),
        ("Dr", None),
        ("Dr.", None),
        ("Prof", None),
        ("Rev", None),
        ("Mx", None),
        ("Stephen", None),
        ("mr", None),
        ("", None),
    ];
    for &(word, want) in rows {
        assert_eq!(honorific_gender(word), want, "honorific_gender({word:?})");
    }
}

#[test]
fn embedded_data_parses() {
    let t = tables();
    let sizes = [
        ("places", t.places.len(), 1000),
        ("demonyms", t.demonyms.len(), 150),
        ("family-first surnames", t.family_first.len(), 100),
        ("honorifics", t.honorifics.len(), 20),
        ("org heads", t.org_heads.len(), 50),
        ("law heads", t.law_heads.len(), 10),
        ("role words", t.roles.len(), 100),
    ];
    for (name, len, min) in sizes {
        assert!(len >= min, "{name}: {len} entries, expected at least {min}");
    }
    // Every data line is used: no malformed place rows.
    assert_eq!(place_rows().count(), lines(PLACES).count(), "malformed rows in places.tsv");
    assert!(
        lines(HONORIFICS).all(|l| matches!(l.split_once('\t'), None | Some((_, "M" | "F")))),
        "honorifics: malformed rows"
    );
    assert!(lines(DEMONYMS).all(|l| l.split('\t').count() == 2), "demonyms: malformed rows");
}

#[test]
fn bloom_filters_are_well_formed_and_answer() {
    for (name, f) in [("cities", CITIES), ("given", GIVEN_NAMES), ("female", GIVEN_FEMALE), ("unisex", GIVEN_UNISEX), ("common", COMMON_WORDS)] {
        assert_eq!(&f[..4], b"SLBF", "{name}: header");
        let m = u32::from_le_bytes([f[4], f[5], f[6], f[7]]) as usize;
        assert!(m >= 1000 && f.len() == 9 + m / 8, "{name}: {m} bits in {} bytes", f.len());
        assert!((1..=16).contains(&f[8]), "{name}: k = {}", f[8]);
    }
    // members are found (no false negatives) ...
    for w in ["Stephen", "Maria", "Nicola", "Tom"] {
        assert!(is_given_name(w), "{w}");
    }
    for w in ["the", "failure", "chief", "photograph"] {
        assert!(is_common_word(w), "{w}");
    }
    for w in ["London", "Beijing", "Lagos", "Kraków"] {
        assert!(place(w).is_some(), "{w}");
    }
    // ... and false positives are rare: random capitalised strings are almost never members
    let mut hits = 0;
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    for _ in 0..20_000 {
        let mut w = String::from("Q");
        for _ in 0..7 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            w.push((b'a' + (x % 26) as u8) as char);
        }
        hits += usize::from(is_given_name(&w)) + usize::from(place(&w).is_some());
    }
    assert!(hits < 200, "{hits} false positives in 40,000 lookups");
}

#[test]
fn demonym_targets_are_places() {
    for (word, canonical) in &tables().demonyms {
        assert!(place(canonical).is_some(), "demonym {word:?} -> {canonical:?} is not a place");
    }
}

#[test]
fn canonical_names_are_their_own_places() {
    for (surface, p) in &tables().places {
        let own = place(p.canonical);
        assert!(p.canonical.is_empty() || own.is_some(), "{surface:?} -> {:?}, which is not itself a place", p.canonical);
    }
}

#[test]
fn common_words_are_lower_case() {
    assert!(tables().roles.iter().all(|w| w.bytes().all(|b| b.is_ascii_lowercase())));
}

#[test]
fn inflection_stems() {
    let mut got = Vec::new();
    common_bases("photographs", |s| got.push(s.to_owned()));
    assert_eq!(got, ["photograph"]);
    got.clear();
    common_bases("studies", |s| got.push(s.to_owned()));
    assert_eq!(got, ["study", "studie"]);
    got.clear();
    common_bases("making", |s| got.push(s.to_owned()));
    assert_eq!(got, ["mak", "make"]);
    got.clear();
    common_bases("is", |s| got.push(s.to_owned()));
    assert!(got.is_empty());
}
