//! Property tests of the core over hostile text: no panic, spans on character boundaries,
//! `text` equal to the UTF-16 slice, no overlaps, ids consistent, and the same result twice.
//!
//! `cargo test --test fuzz` runs a few hundred cases per property (part of `make test`);
//! `make fuzz` runs them with `STORYLINK_FUZZ_CASES` (hundreds of thousands) for a long run.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use storylink::{Analysis, Analyzer, Document};

fn cases() -> u32 {
    std::env::var("STORYLINK_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256)
}

fn config() -> ProptestConfig {
    ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() }
}

/// Every invariant the public contract promises, checked on one analysis.
fn check(docs: &[Document], a: &Analysis) -> Result<(), TestCaseError> {
    prop_assert_eq!(a.documents.len(), docs.len());
    let ids: std::collections::HashSet<&str> = a.entities.iter().map(|e| &*e.id).collect();
    prop_assert_eq!(ids.len(), a.entities.len(), "entity ids are unique");
    for (d, da) in docs.iter().zip(&a.documents) {
        prop_assert_eq!(d.id.as_str(), &*da.id);
        let units: Vec<u16> = d.text.encode_utf16().collect();
        let mut last_end = 0;
        for m in &da.mentions {
            prop_assert!(m.start < m.end && m.end <= units.len(), "span {}..{} out of 0..{}", m.start, m.end, units.len());
            prop_assert!(m.start >= last_end, "mentions overlap or are out of order");
            last_end = m.end;
            let slice = String::from_utf16(&units[m.start..m.end]);
            prop_assert!(slice.is_ok(), "span {}..{} splits a surrogate pair", m.start, m.end);
            let slice = slice.ok();
            prop_assert_eq!(slice.as_deref(), Some(m.text.as_str()));
            prop_assert!(ids.contains(&*m.entity), "mention of unknown entity {}", m.entity);
        }
    }
    for e in &a.entities {
        for r in &e.roles {
            let d = docs.iter().find(|d| *d.id == *r.evidence.doc);
            prop_assert!(d.is_some());
            if let Some(d) = d {
                let units: Vec<u16> = d.text.encode_utf16().collect();
                prop_assert!(r.evidence.end <= units.len());
                let ev = String::from_utf16(&units[r.evidence.start..r.evidence.end]).ok();
                prop_assert_eq!(ev.as_deref(), Some(r.evidence.text.as_str()));
            }
        }
    }
    for r in &a.relations {
        prop_assert!(ids.contains(&*r.source) && ids.contains(&*r.target));
        prop_assert!(r.strength > 0.0 && r.strength <= 1.0);
    }
    Ok(())
}

fn run(docs: Vec<Document>) -> Result<(), TestCaseError> {
    let analyzer = Analyzer::new();
    let a = analyzer.analyze(&docs);
    prop_assert!(a.is_ok(), "{:?}", a.err());
    let Ok(a) = a else { return Ok(()) };
    check(&docs, &a)?;
    let b = analyzer.analyze(&docs);
    prop_assert!(b.as_ref().is_ok_and(|b| *b == a), "a second run gave a different result");
    Ok(())
}

/// Pieces real and hostile text is made of.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        // name-like words, honorifics, heads, connectors, acronyms
        prop::sample::select(vec![
            "Sir", "Ken", "McCallum", "Prince", "Andrew", "Cai", "Qi", "MI5", "UK", "U.S.", "CPS",
            "Crown", "Prosecution", "Service", "of", "the", "Official", "Secrets", "Act", "1911",
            "Labour", "Party", "party", "Mr", "Ms", ".", "Dr", "van", "der", "al-", "Berg", "José",
            "Álvarez", "O’Neill", "Director-General", "China-UK", "Beijing", "said", "The", "I",
            "Matzomaster", "7 Comments", "MPs", "Chinese", "Westminster", "Reuters", "WASHINGTON",
        ]).prop_map(str::to_string),
        // quotes, dashes, apostrophes, brackets
        prop::sample::select(vec![
            "'", "\"", "“", "”", "‘", "’", "«", "»", "„", "‹", "›", "-", "‐", "‑", "–", "—", "(", ")", "[", "]",
            ",", ";", ":", "!", "?", "…", "’s", "'s", "s'",
        ]).prop_map(str::to_string),
        // whitespace and line ends, including CRLF, NBSP and Unicode separators
        prop::sample::select(vec![" ", "  ", "\n", "\r\n", "\n\n", "\t", "\u{a0}", "\u{2028}", "\u{2029}", "\u{3000}"]).prop_map(str::to_string),
        // control, zero-width, bidi, BOM, NUL
        prop::sample::select(vec![
            "\u{0}", "\u{1}", "\u{7f}", "\u{200b}", "\u{200c}", "\u{200d}", "\u{2060}", "\u{feff}",
            "\u{202a}", "\u{202b}", "\u{202e}", "\u{2066}", "\u{2067}", "\u{2069}", "\u{200f}",
        ]).prop_map(str::to_string),
        // emoji (with ZWJ sequences, flags, skin tones), CJK, RTL scripts, combining marks
        prop::sample::select(vec![
            "😀", "👩‍👩‍👧‍👦", "🇬🇧", "🇸🇦", "👍🏽", "🤝🌍", "習近平", "中国", "김정은", "محمد", "שלום", "e\u{301}",
            "A\u{301}\u{316}", "\u{301}", "ﬁ", "İ", "ß", "Σ", "𝔘𝔎", "\u{10ffff}",
        ]).prop_map(str::to_string),
        // arbitrary characters
        any::<char>().prop_map(|c| c.to_string()),
        // arbitrary capitalised words
        "[A-Z][a-z]{1,10}",
        "[A-Z]{2,6}",
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..120).prop_map(|v| {
        let mut s = String::new();
        for (i, p) in v.iter().enumerate() {
            if i > 0 && i % 3 != 0 {
                s.push(' ');
            }
            s.push_str(p);
        }
        s
    })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn structured_text_keeps_every_invariant(a in text(), b in text()) {
        run(vec![Document::new("a", a), Document::new("b", b)])?;
    }

    #[test]
    fn arbitrary_unicode_keeps_every_invariant(s in "\\PC*", t in any::<String>()) {
        run(vec![Document::new("a", s), Document::new("b", t)])?;
    }

    #[test]
    fn many_documents(texts in prop::collection::vec(text(), 1..12)) {
        let docs = texts.into_iter().enumerate().map(|(i, t)| Document::new(format!("d{i}"), t)).collect();
        run(docs)?;
    }
}

#[test]
fn edge_inputs() {
    let big_word: String = "A".repeat(1 << 20);
    let caps = "THE PRIME MINISTER MET THE PRESIDENT IN PARIS. ".repeat(2_000);
    let punct = "!?.,;:'\"“”‘’—–-()[]{}…".repeat(5_000);
    let names = "Sir Ken McCallum met Cai Qi and Christopher Cash in London. ".repeat(20_000);
    let cases: Vec<(&str, String)> = vec![
        ("empty", String::new()),
        ("one 1 MB word", big_word),
        ("all capitals", caps),
        ("only punctuation", punct),
        ("1 MB of names", names),
        ("nul and controls", "\u{0}\u{1}\u{2}Ken\u{0}McCallum\u{7}".into()),
        ("crlf", "Sir Ken McCallum\r\nspoke.\r\n\r\nMcCallum left.".into()),
    ];
    for (name, t) in cases {
        let docs = vec![Document::new("x", t)];
        let a = Analyzer::new().analyze(&docs).unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut r = Ok(());
        if let Err(e) = check(&docs, &a) {
            r = Err(format!("{name}: {e}"));
        }
        assert!(r.is_ok(), "{r:?}");
    }
}

#[test]
fn ten_megabytes() {
    let t = "Sir Ken McCallum, the Director-General of MI5, said “China” was a threat. 😀\n".repeat(130_000);
    assert!(t.len() > 10_000_000);
    let docs = vec![Document::new("big", t)];
    let a = Analyzer::new().analyze(&docs).expect("10 MB analyses");
    assert_eq!(a.documents[0].mentions.len(), 130_000 * 3); // Sir Ken McCallum, MI5, China
}

#[test]
fn bad_input_is_an_error_not_a_panic() {
    let a = Analyzer::new();
    assert!(a.analyze(&[Document::new("", "x")]).is_err());
    assert!(a.analyze(&[Document::new("a", "x"), Document::new("a", "y")]).is_err());
    let small = Analyzer::builder().max_bytes(3).build();
    let e = small.analyze(&[Document::new("a", "four")]).expect_err("too large");
    assert!(e.to_string().contains("exceeds the limit"), "{e}");
}
