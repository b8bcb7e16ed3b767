//! UTF-16 offsets through the public API: on texts with curly quotes, emoji (ZWJ sequences,
//! flags, variation selectors), precomposed and combining accents, CJK (BMP and beyond), CRLF,
//! BOM, RTL scripts, every mention's `text` must equal the UTF-16 slice `[start, end)` of the
//! input, spans must be in bounds, sorted and non-overlapping, and analysis must be
//! deterministic. Table-driven cases first, then property tests (never panic, same invariants).
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use storylink::{Analysis, Analyzer, Document};

/// Every invariant of the offsets contract; returns the violations (empty = fine).
fn violations(docs: &[Document], analysis: &Analysis) -> Vec<String> {
    let mut out = Vec::new();
    if analysis.documents.len() != docs.len() {
        out.push(format!("{} documents in, {} out", docs.len(), analysis.documents.len()));
    }
    for (doc, da) in docs.iter().zip(&analysis.documents) {
        if *doc.id != *da.id {
            out.push(format!("document id {:?} came back as {:?}", doc.id, da.id));
        }
        let units: Vec<u16> = doc.text.encode_utf16().collect();
        let mut prev_end = 0usize;
        for (k, m) in da.mentions.iter().enumerate() {
            let w = format!("{}[{k}] {}..{} {:?} in {:?}", da.id, m.start, m.end, m.text, doc.text);
            if m.start >= m.end {
                out.push(format!("{w}: empty or inverted span"));
                continue;
            }
            if m.end > units.len() {
                out.push(format!("{w}: end beyond the {} UTF-16 units of the text", units.len()));
                continue;
            }
            match String::from_utf16(&units[m.start..m.end]) {
                Ok(s) if s == m.text => {}
                Ok(s) => out.push(format!("{w}: UTF-16 slice is {s:?}")),
                Err(_) => out.push(format!("{w}: span cuts a surrogate pair")),
            }
            if k > 0 && m.start < prev_end {
                out.push(format!("{w}: overlaps or is out of order (previous mention ends at {prev_end})"));
            }
            prev_end = m.end;
            if m.text.trim() != m.text {
                out.push(format!("{w}: mention text has leading/trailing whitespace"));
            }
        }
    }
    out
}

fn analyze(docs: &[Document]) -> Analysis {
    Analyzer::new().analyze(docs).expect("analyze")
}

fn check(docs: &[Document]) -> Analysis {
    let a = analyze(docs);
    let v = violations(docs, &a);
    assert!(v.is_empty(), "offset contract violated:\n{}", v.join("\n"));
    a
}

/// UTF-16 index of the first occurrence of `needle`.
fn u16_index(text: &str, needle: &str) -> usize {
    let b = text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in {text:?}"));
    text[..b].encode_utf16().count()
}

const CASES: &[(&str, &str)] = &[
    ("curly quotes + emoji", "“Angela Merkel” met 😀 Emmanuel Macron in Paris."),
    ("emoji between names", "😀Angela Merkel😀 and 😀Olaf Scholz😀 in Berlin😀."),
    ("no spaces around emoji", "😀Angela😀Merkel😀"),
    ("ZWJ family", "👩‍👩‍👧 Families in Lyon welcomed Anne Hidalgo, said Marie Curie-Dubois."),
    ("ZWJ profession + skin tone", "👩🏽‍🚀 Astronaut Samantha Cristoforetti 👍🏿 thanked NASA and the European Space Agency."),
    ("flags", "🇫🇷🇩🇪 France and Germany signed; Olaf Scholz and 🇬🇧 Rishi Sunak watched from London."),
    ("keycap + variation selectors", "Paris❤️ London ☺︎ 1️⃣ Madrid #️⃣ Rome."),
    ("precomposed accents", "José Álvarez and Łukasz Wróblewski met Nguyễn Thị Lan in Hà Nội and Zürich."),
    ("combining accents (NFD)", "Jose\u{301} A\u{301}lvarez visited Bogota\u{301} with Zoe\u{308} Kravitz and Franc\u{327}ois Hollande."),
    ("CJK in the BMP", "李强 met Li Qiang’s aide in 北京 before flying to Tokyo with Kenji Sato."),
    ("CJK beyond the BMP", "𠀋𠀌 The 𡈽 scholar Wang Wei met 𪚥 Zhang Yiming in Shenzhen."),
    ("mathematical bold letters", "𝐁𝐨𝐥𝐝 𝐍𝐚𝐦𝐞 Sarah Connor met John Connor in Los Angeles."),
    ("CRLF", "Boris Johnson spoke.\r\nKeir Hardie replied in Glasgow.\r\n\r\nNicola Benedetti played in Edinburgh.\r\n"),
    ("lone CR and LF", "Jacinda Ardern\rspoke in Wellington\nand Auckland.\r"),
    ("curly apostrophes in names", "O’Brien’s team met Ms D’Souza at St. Mary’s Hospital in Dún Laoghaire, Ireland."),
    ("possessive s’", "Charles’ lawyers and the Jones’ neighbours met James’s sister in Wales’ capital."),
    ("RTL script", "محمد بن سلمان met Joe Biden in Riyadh; נתניהו spoke in Jerusalem."),
    ("BOM", "\u{feff}Angela Merkel visited Berlin."),
    ("zero-width characters", "Angela\u{200b}Merkel and Jacques\u{200d}Chirac met Helmut\u{2060}Kohl."),
    ("no-break and odd spaces", "Angela\u{a0}Merkel and\tJacques Chirac\u{2003}met\u{202f}Helmut Kohl."),
    ("all caps headline", "VELTRIX ROBOTICS TO BUY GERMAN START-UP KESTREL\nJane Okafor said so."),
    ("hyphenated compounds", "US-China talks and the Franco-German axis: Paris-Berlin trains, Kwame Mensah-Bonsu scored."),
    ("only emoji", "😀😀😀 🇺🇳 👩‍👩‍👧"),
    ("empty", ""),
    ("whitespace", " \r\n\t \u{a0}"),
    ("single letter", "A"),
    ("lone combining mark", "\u{301}Angela"),
    ("control characters", "Angela\u{0}Merkel\u{7}met\u{1b}[31m Boris Johnson\u{7f}."),
];

#[test]
fn table_single_documents() {
    for (name, text) in CASES {
        let docs = [Document::new("d", *text)];
        let a = analyze(&docs);
        let v = violations(&docs, &a);
        assert!(v.is_empty(), "case {name:?}: offset contract violated:\n{}", v.join("\n"));
    }
}

#[test]
fn table_as_one_batch() {
    // All cases analysed together (cross-document linking over odd texts), then again: same result.
    let docs: Vec<Document> = CASES.iter().enumerate().map(|(i, (_, t))| Document::new(format!("c{i}"), *t)).collect();
    let a = check(&docs);
    let b = check(&docs);
    assert_eq!(a, b, "analysis is not deterministic");
    // every mention's entity is known
    for d in &a.documents {
        for m in &d.mentions {
            assert!(a.entity(&m.entity).is_some(), "{}: entity {:?} of {:?} not in entities", d.id, m.entity, m.text);
        }
    }
}

#[test]
fn offsets_after_astral_characters_are_utf16() {
    // The mentions after the emoji must be counted in UTF-16 units (2 per emoji), not code points
    // or bytes: a mention found at "Emmanuel Macron" sits exactly where encode_utf16 puts it.
    let text = "“Angela Merkel” met 😀 Emmanuel Macron in Paris.";
    let docs = [Document::new("d", text)];
    let a = check(&docs);
    let ms = &a.documents[0].mentions;
    assert!(!ms.is_empty(), "nothing found in {text:?}");
    for m in ms {
        if m.text.contains("Macron") || m.text == "Paris" {
            let want = u16_index(text, &m.text);
            assert_eq!(m.start, want, "{:?}", m.text);
            assert_eq!(m.end, want + m.text.encode_utf16().count());
        }
    }
    assert_eq!(u16_index(text, "Paris") - text.chars().position(|c| c == 'P').unwrap(), 1);
}

#[test]
fn finds_names_next_to_astral_characters() {
    // Not vacuous: on the simplest texts the analyzer finds the names, whatever surrounds them.
    for text in [
        "Angela Merkel visited Paris.",
        "😀 Angela Merkel visited Paris.",
        "Angela Merkel 😀 visited Paris😀.",
        "🇩🇪 Angela Merkel visited Paris.\r\n",
        "“Angela Merkel” visited Paris.",
    ] {
        assert_finds_merkel_and_paris(text);
    }
}

fn assert_finds_merkel_and_paris(text: &str) {
    let docs = [Document::new("d", text)];
    let a = check(&docs);
    let texts: Vec<&str> = a.documents[0].mentions.iter().map(|m| m.text.as_str()).collect();
    assert!(texts.iter().any(|t| t.contains("Merkel")), "{text:?}: found only {texts:?}");
    assert!(texts.iter().any(|t| t.contains("Paris")), "{text:?}: found only {texts:?}");
}

#[test]
fn names_before_a_trailing_symbol_are_found() {
    // A symbol or emoji at the end of the text (a social-media post, a comment) must not hide
    // the names before it.
    for text in [
        "Angela Merkel visited Paris. 😀",
        "😀 Angela Merkel visited Paris. 😀",
        "Hello. Angela Merkel visited Paris. 😀",
        "Angela Merkel visited Paris. ☺",
        "Angela Merkel visited Paris. 🇫🇷",
    ] {
        assert_finds_merkel_and_paris(text);
    }
}

#[test]
fn text_is_not_normalised() {
    // NFD input stays NFD in mention texts (they are slices of the input, not normalised forms).
    let text = "Jose\u{301} A\u{301}lvarez met Angela Merkel.";
    let docs = [Document::new("d", text)];
    let a = check(&docs);
    for m in &a.documents[0].mentions {
        let s = &text[text.find(&m.text).expect("mention text is a substring of the input")..];
        assert!(s.starts_with(&m.text));
    }
}

#[test]
fn crlf_and_lf_give_the_same_mentions() {
    let lf = "Boris Johnson spoke.\nKeir Hardie replied in Glasgow.\n\nNicola Benedetti played in Edinburgh.\n";
    let crlf = lf.replace('\n', "\r\n");
    let a = check(&[Document::new("d", lf)]);
    let b = check(&[Document::new("d", crlf.as_str())]);
    let ta: Vec<&str> = a.documents[0].mentions.iter().map(|m| m.text.as_str()).collect();
    let tb: Vec<&str> = b.documents[0].mentions.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(ta, tb, "CRLF changed what is found");
}

// ------------------------------------------------------------------------------------------
// Property tests
// ------------------------------------------------------------------------------------------

const WORDS: &[&str] = &[
    "Angela", "Merkel", "Emmanuel", "Macron", "Paris", "Berlin", "Sir", "Dr", "Ms", "Mr", "Mrs", "Justice",
    "Northbridge", "Holdings", "plc", "Inc", "GmbH", "Ltd", "the", "of", "and", "said", "met", "in", "on",
    "al-Rashidi", "bin", "Salman", "da", "Silva", "van", "der", "Berg", "O’Rourke", "O'Brien", "D’Souza",
    "Mensah-Bonsu", "US", "UK", "EU", "UN", "SFO", "NASA", "MI5", "José", "Álvarez", "Łukasz", "Nguyễn",
    "Thị", "Lan", "Jose\u{301}", "李强", "北京", "𠀋", "𝐁𝐨𝐥𝐝", "Fraud", "Act", "2006", "1911", "Court",
    "Crown", "Prosecution", "Service", "Li", "Qiang", "Cho", "Hyun-woo", "Reyes", "Tom", "Maria", "Crown Prince",
    "THE", "VELTRIX", "ROBOTICS", "’s", "'s", "’", "Mr.", "St.", "U.S.", "Jr.", "co-founder", "US-China",
];

const PUNCT: &[&str] = &[
    " ", " ", " ", " ", ", ", ",", ". ", ".", ": ", "; ", "! ", "? ", " — ", " – ", "-", "\n", "\r\n", "\r\n\r\n", "\t",
    "“", "”", "‘", "’", "\"", "'", "(", ")", "[", "]", "«", "»", "…", "\u{a0}", "\u{200b}", "\u{feff}",
    "😀", "🤝🌍", "👩‍👩‍👧", "🇸🇦🇨🇳", "👍🏿", "❤️", "1️⃣", "\u{301}", "#", "@", "&", "/", "%", "$1.2bn", "£40m",
];

fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(WORDS).prop_map(str::to_string),
        2 => prop::sample::select(PUNCT).prop_map(str::to_string),
        1 => "[A-Z][a-z]{1,8}",
        1 => "\\PC{1,3}",
    ]
}

fn name_like_text() -> impl Strategy<Value = String> {
    prop::collection::vec(token(), 0..80).prop_map(|ts| ts.concat())
}

fn assert_invariants(docs: &[Document]) -> Result<(), TestCaseError> {
    let a = analyze(docs);
    let v = violations(docs, &a);
    prop_assert!(v.is_empty(), "{}", v.join("\n"));
    let b = analyze(docs);
    prop_assert_eq!(&a, &b, "analysing twice gave different results");
    for d in &a.documents {
        for m in &d.mentions {
            prop_assert!(a.entity(&m.entity).is_some(), "entity {:?} of {:?} not in entities", m.entity, m.text);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_unicode(text in any::<String>()) {
        assert_invariants(&[Document::new("a", text)])?;
    }

    #[test]
    fn arbitrary_printable(text in "\\PC{0,300}") {
        assert_invariants(&[Document::new("a", text)])?;
    }

    #[test]
    fn name_like(text in name_like_text()) {
        assert_invariants(&[Document::new("a", text)])?;
    }

    #[test]
    fn name_like_batches(texts in prop::collection::vec(name_like_text(), 1..4)) {
        let docs: Vec<Document> = texts.into_iter().enumerate().map(|(i, t)| Document::new(format!("d{i}"), t)).collect();
        assert_invariants(&docs)?;
    }

    #[test]
    fn prefix_shifts_offsets_by_its_utf16_length(
        prefix in prop::sample::select(&["😀 ", "🇸🇦🇨🇳 ", "“", "𠀋 ", "\r\n", "é ", "e\u{301} ", "👩‍👩‍👧 "][..]),
        text in name_like_text(),
    ) {
        // Independent of what is found, every mention after a prefix still satisfies the slice
        // contract; and the text alone satisfies it too.
        let with = format!("{prefix}{text}");
        assert_invariants(&[Document::new("a", with)])?;
        assert_invariants(&[Document::new("a", text)])?;
    }
}
