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

/// The binary fuse filters, with their fingerprint bits (mirrors FUSE_BITS in
/// scripts/gen-gazetteers.py) and value bits.
const FILTERS: [(&str, &[u8], u32, u32); 3] = [
    ("cities", include_bytes!("data/cities.fuse"), 9, 0),
    ("given", include_bytes!("data/given-names.fuse"), 9, 2),
    ("common", include_bytes!("data/common-words.fuse"), 8, 0),
];

/// Random ASCII words (xorshift, fixed seed): `prefix` then 7 lower-case letters.
fn random_words(prefix: &str, n: usize) -> impl Iterator<Item = String> + '_ {
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    (0..n).map(move |_| {
        let mut w = String::from(prefix);
        for _ in 0..7 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            w.push((b'a' + (x % 26) as u8) as char);
        }
        w
    })
}

#[test]
fn fuse_filters_are_well_formed_and_answer() {
    assert!(CITIES.is_some() && GIVEN_NAMES.is_some() && COMMON_WORDS.is_some());
    for (name, f, bits, value_bits) in FILTERS {
        assert_eq!(&f[..4], b"SLFF", "{name}: header");
        let (lg, width) = (u64::from(f[8]), u64::from(f[13]));
        let count = u64::from(u32::from_le_bytes([f[9], f[10], f[11], f[12]]));
        assert_eq!((width, u32::from(f[14])), (u64::from(bits + value_bits), value_bits), "{name}: cell bits");
        let cells = (count + ARITY - 1) << lg;
        assert!(cells >= 1000 && f.len() as u64 == 15 + (cells * width).div_ceil(8) + 3, "{name}: {cells} cells in {} bytes", f.len());
    }
    // members are found (no false negatives: the generator checks every key) ...
    for w in ["Stephen", "Maria", "Nicola", "Tom", "José", "Jose", "Alex", "Chinedu", "Priya", "Wei", "Siobhan"] {
        assert!(is_given_name(w), "{w}");
    }
    for w in ["the", "failure", "chief", "photograph", "studies", "making", "government"] {
        assert!(is_common_word(w), "{w}");
    }
    for w in ["London", "Beijing", "Lagos", "Kraków", "Krakow", "Manchester", "Nairobi"] {
        assert!(place(w).is_some(), "{w}");
    }
    // ... and false positives are rare: random capitalised strings are almost never members
    let hits: usize = random_words("Q", 20_000).map(|w| usize::from(is_given_name(&w)) + usize::from(place(&w).is_some())).sum();
    assert!(hits < 200, "{hits} false positives in 40,000 lookups");
}

#[test]
fn fuse_false_positive_rates_are_as_stated() {
    // 2^-bits per lookup of a non-member: at most 1.25 times that over 200,000 random words
    // (the expected counts are 390 to 1,560, so this fails only on a real defect)
    const N: usize = 200_000;
    for (name, f, bits, _) in FILTERS {
        let hits = random_words("zq", N).filter(|w| fuse_contains(Fuse::new(f), w)).count();
        let expected = N as f64 / f64::from(1u32 << bits);
        assert!((hits as f64) < 1.25 * expected, "{name}: {hits} false positives in {N}, expected {expected:.0}");
        assert!((hits as f64) > 0.75 * expected, "{name}: {hits} false positives in {N}, expected {expected:.0}: wrong bits?");
    }
}

/// Known non-members that the filters wrongly held before scripts/gen-gazetteers.py set their free
/// cells to avoid every known non-member (SOURCES.md, "Known non-members"): none may match now.
#[test]
fn known_non_members_do_not_match() {
    // given names, cities, countries and places are not common words ("Daniel" is a name) ...
    for w in ["daniel", "sarah", "sylvia", "dana", "rowan", "jonathon", "jakarta", "denver", "guatemala", "kampala"] {
        assert!(!is_common_word(w), "is_common_word({w:?})");
        assert!(is_given_name(&title_case(w)) || place(&title_case(w)).is_some(), "{w} is a name or place");
    }
    // ... common words, places and demonyms are not given names ...
    for w in ["Equity", "Rail", "Relevant", "Dramatic", "Buck", "Latino", "Cabinda", "Martinez", "Ltda"] {
        assert!(!is_given_name(w), "is_given_name({w:?})");
    }
    // ... and given names are not cities
    for w in ["Janis", "Trond", "Biljana", "Adeniyi", "Pavel", "Sami", "Han"] {
        assert!(place(w).is_none(), "place({w:?})");
        assert!(is_given_name(w), "{w} is a given name");
    }
}

fn title_case(w: &str) -> String {
    w[..1].to_uppercase() + &w[1..]
}

#[test]
fn malformed_fuse_filters_hold_nothing() {
    let f: &[u8] = include_bytes!("data/given-names.fuse");
    assert_eq!(fuse_get(Fuse::new(f), "Stephen"), Some(0));
    assert_eq!(fuse_get(Fuse::new(f), "Maria"), Some(1));
    let with = |at: usize, byte: u8| {
        let mut g = f.to_vec();
        g[at] = byte;
        g
    };
    let bad: Vec<Vec<u8>> = vec![
        Vec::new(),
        b"SLFF".to_vec(),
        f[..14].to_vec(),
        f[..15].to_vec(),
        f[..f.len() - 1].to_vec(),
        [f, &[0]].concat(),
        with(0, b'X'),      // magic
        with(8, 25),        // segment length 2^25
        with(8, 200),       // shift out of range
        with(13, 0),        // 0-bit cells
        with(13, 17),       // 17-bit cells
        with(14, 11),       // value bits >= cell bits
        [&f[..9], &[0, 0, 0, 0], &f[13..]].concat(),          // no segments
        [&f[..9], &[255, 255, 255, 255], &f[13..]].concat(),  // 2^32 segments
    ];
    for (i, g) in bad.iter().enumerate() {
        assert!(Fuse::new(g).is_none() && !fuse_contains(Fuse::new(g), "Stephen"), "malformed filter {i} answers");
    }
    // no header field or truncation makes a lookup panic
    for at in 4..15 {
        for byte in [0, 1, 7, 8, 9, 11, 15, 16, 24, 31, 32, 63, 64, 128, 255] {
            let g = with(at, byte);
            for len in [g.len(), g.len() / 2, 20, 15] {
                let _ = fuse_get(Fuse::new(&g[..len]), "Stephen");
            }
        }
    }
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
