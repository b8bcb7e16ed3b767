//! Table-driven tests of the engine's rules: one named row per rule, regression rows for
//! errors fixed. Each row is a text, the mentions it must yield (text, type) and, where it
//! matters, mentions it must not yield.

use crate::{Analyzer, Document};

/// The (text, type) of every mention of a single-document analysis.
fn mentions(text: &str) -> Vec<(String, String)> {
    let a = Analyzer::new().analyze(&[Document::new("t", text)]).expect("analysis");
    a.documents[0].mentions.iter().map(|m| (m.text.clone(), m.kind.as_str().to_string())).collect()
}

/// Asserts that `text` yields each of `want` (text, type) and none of `not`.
fn check(name: &str, text: &str, want: &[(&str, &str)], not: &[&str]) {
    let got = mentions(text);
    for (w, k) in want {
        assert!(
            got.iter().any(|(t, kk)| t == w && kk == k),
            "row {name}: expected mention {w:?} {k}\n  text: {text:?}\n  got: {got:?}"
        );
    }
    for n in not {
        assert!(!got.iter().any(|(t, _)| t == n), "row {name}: unexpected mention {n:?}\n  text: {text:?}\n  got: {got:?}");
    }
}

macro_rules! rows {
    ($($name:ident: $text:expr, [$(($w:expr, $k:expr)),* $(,)?], [$($n:expr),* $(,)?];)*) => {
        $(#[test] fn $name() { check(stringify!($name), $text, &[$(($w, $k)),*], &[$($n),*]); })*
    };
}

rows! {
    connector_of_org: "The case was dropped by the Crown Prosecution Service on Monday.", [("Crown Prosecution Service", "ORG")], ["Monday"];
    connector_of_place: "Members of the House of Commons voted.", [("House of Commons", "ORG")], [];
    law_with_year: "They were charged under the Official Secrets Act 1911 last year.", [("Official Secrets Act 1911", "LAW")], [];
    law_year_before: "Prosecutions under the 1911 Official Secrets Act are rare.", [("Official Secrets Act", "LAW")], ["1911 Official Secrets Act"];
    honorific_in_span: "Yesterday Sir Jane Doe-Rivers spoke.", [("Sir Jane Doe-Rivers", "PERSON")], [];
    job_title_not_in_span: "The MI5 chief Sir Ken Lomax spoke.", [("Sir Ken Lomax", "PERSON"), ("MI5", "ORG")], ["MI5 chief Sir Ken Lomax"];
    title_split_from_name: "It was led by Prime Minister Keir Starling and others.", [("Keir Starling", "PERSON")], ["Prime Minister Keir Starling", "Prime Minister"];
    office_split_from_name: "The Director of Public Prosecutions Stephen Parkes said no.", [("Stephen Parkes", "PERSON")], ["Director of Public Prosecutions Stephen Parkes"];
    sentence_initial_common_word: "Speaking on Thursday, Ms Ana Ruiz said it was over.", [("Ms Ana Ruiz", "PERSON")], ["Speaking", "Thursday"];
    sentence_initial_despite: "Despite this, the plan went ahead in Paris.", [("Paris", "PLACE")], ["Despite"];
    headline_title_case: "Spy Chief Laments Failure to Prosecute China Spies\nThe spy chief said China was a threat.", [("China", "PLACE")], ["Spy Chief Laments Failure", "Chief", "Failure"];
    quote_initial_name: "He said: “Beijing will respond,” and left.", [("Beijing", "PLACE")], [];
    curly_quotes_inside: "They celebrated “a golden era in China-UK relations” with Li Wei.", [("China", "PLACE"), ("UK", "PLACE"), ("Li Wei", "PERSON")], ["China-UK"];
    acronym_digits: "MI5 and the NHS were named; the CPS declined.", [("MI5", "ORG"), ("NHS", "ORG"), ("CPS", "ORG")], [];
    acronym_plural_not_name: "British MPs were targeted.", [], ["MPs", "British"];
    possessive_excluded: "Ken Lomax and Matt Rogers spoke. It was Lomax’s speech and Rogers' statement at MI5's office.", [("Lomax", "PERSON"), ("Rogers", "PERSON"), ("MI5", "ORG")], ["Lomax’s", "MI5's", "Rogers'"];
    lone_unknown_name_is_org: "Shares in Northwind fell after Northwind warned on profits.", [("Northwind", "ORG")], [];
    dateline_in_capitals: "LONDON (Reuters) - Ministers met on Friday.", [("LONDON", "PLACE")], ["Friday"];
    honorific_with_full_stop: "Mr. Smith met Dr. Jane Wong.", [("Mr. Smith", "PERSON"), ("Dr. Jane Wong", "PERSON")], [];
    sentence_adverb_not_name: "Conversely, the plan failed. Separately, Paris agreed.", [("Paris", "PLACE")], ["Conversely", "Separately"];
    lone_sentence_initial_unknown_dropped: "Hearsay isn't proof, said one reader.", [], ["Hearsay"];
    leading_the_dropped: "WASHINGTON (Reuters) - The Federal Reserve held rates.", [("WASHINGTON", "PLACE"), ("Federal Reserve", "ORG")], ["The Federal Reserve"];
    month_abbreviation_as_given_name: "Goldman Sachs economist Jan Hatzius wrote on Jan. 5 and Jan 6.", [("Jan Hatzius", "PERSON"), ("Goldman Sachs", "ORG")], ["Jan"];
    ordinal_amendment: "Lawyers argued the 14th Amendment had been misread.", [("14th Amendment", "LAW")], ["Amendment"];
    abbreviated_title: "Sen. Warren pressed Gov. Newsom on housing.", [("Sen. Warren", "PERSON"), ("Gov. Newsom", "PERSON")], [];
    contraction_of_i_not_a_name: "“It's the worst I've seen,” she said. “I’m sure.”", [], ["I've", "I’m"];
    places_listed_after_in: "Homes were flooded in Yorkshire and Lincolnshire overnight.", [("Yorkshire", "PLACE"), ("Lincolnshire", "PLACE")], [];
    named_storm_is_misc: "The rain came as Storm Babet hit the coast.", [("Storm Babet", "MISC")], [];
    demonym_and_org_head: "A spokesman said the Scottish Government was working.", [("Scottish Government", "ORG")], [];
    title_first_minister: "First Minister John Swinney said so.", [("John Swinney", "PERSON")], ["First Minister John Swinney"];
    person_and_org_split: "Mission specialist Christina Koch and Canadian Space Agency astronaut Jeremy Hansen flew.", [("Christina Koch", "PERSON"), ("Canadian Space Agency", "ORG"), ("Jeremy Hansen", "PERSON")], [];
    shares_in_is_not_a_place: "Analysts said shares in Boeing rose.", [("Boeing", "ORG")], [];
    acronym_that_spells_a_word: "The World Health Organization (WHO) said so. WHO officials agreed.", [("World Health Organization", "ORG"), ("WHO", "ORG")], [];
    sentence_initial_name_in_a_pair: "Pfizer and Moderna said their vaccines work.", [("Pfizer", "ORG"), ("Moderna", "ORG")], [];
    multi_word_dateline: "NEW DELHI, Jan 12 (AP) — Ministers met.", [("NEW DELHI", "PLACE")], [];
    initial_starts_a_name: "Tata chairman N. Chandrasekaran said so.", [("N. Chandrasekaran", "PERSON")], [];
    possessive_is_not_a_place: "The firm will invest in Jaguar Land Rover's plant.", [], [];
    unknown_place_after_in: "The flood hit homes in Little Snoring overnight.", [("Little Snoring", "PLACE")], [];
    missing_space_after_comma: "He met figures including Sir Sadiq Kamal,Nicola Stirling and others.", [("Sir Sadiq Kamal", "PERSON"), ("Nicola Stirling", "PERSON")], [];
    list_of_names_split: "Both Christopher Bell and Christopher Cole denied it.", [("Christopher Bell", "PERSON"), ("Christopher Cole", "PERSON")], ["Christopher Bell and Christopher Cole"];
    org_head_after_name: "He was then leader of the Labour Party Jeremy Corwen's rival.", [("Labour Party", "ORG"), ("Jeremy Corwen", "PERSON")], [];
    usernames_not_entities: "The vote was close.\n7 Comments\nMatzomaster\nI agree with this.\nRotfront\nNo.", [], ["Matzomaster", "Rotfront", "Comments"];
    pronoun_i_not_name: "“Of course I am frustrated,” he said.", [], ["I"];
    weekday_month_not_names: "Speaking on Thursday, October 16, 2025, she left in May 2018.", [], ["Thursday", "October", "May"];
    family_name_first: "Officials met Li Qiang in Beijing.", [("Li Qiang", "PERSON"), ("Beijing", "PLACE")], [];
    lowercase_party: "Zhao, an influential figure within the Chinese Communist party, met them.", [("Chinese Communist party", "ORG")], [];
    demonym_alone_not_name: "Chinese state actors pose a threat, the official said.", [], ["Chinese"];
    org_of_the_place_modifier: "According to the Foreign Affairs Office of the Beijing municipal government, he met Zhao.", [("Foreign Affairs Office", "ORG"), ("Beijing", "PLACE")], ["Foreign Affairs Office of the Beijing"];
    title_with_place_inside: "The talks were led by US President Donald Trumble.", [("US", "PLACE"), ("Donald Trumble", "PERSON")], ["US President Donald Trumble"];
    name_particles: "The report named Ursula von der Leyen and Mohammed bin Salman.", [("Ursula von der Leyen", "PERSON"), ("Mohammed bin Salman", "PERSON")], [];
    accents_and_combining: "José Álvarez met Łukasz Nowak in Kraków.", [("José Álvarez", "PERSON"), ("Łukasz Nowak", "PERSON")], [];
    dotted_acronym: "Officials in the U.S. and the U.K. agreed.", [("U.S.", "PLACE"), ("U.K.", "PLACE")], [];
}

fn analysis(texts: &[(&str, &str)]) -> crate::Analysis {
    let docs: Vec<Document> = texts.iter().map(|(i, t)| Document::new(*i, *t)).collect();
    Analyzer::new().analyze(&docs).expect("analysis")
}

fn entity_of(a: &crate::Analysis, doc: &str, text: &str) -> String {
    let d = a.documents.iter().find(|d| &*d.id == doc).expect("doc");
    d.mentions.iter().find(|m| m.text == text).unwrap_or_else(|| panic!("no mention {text:?} in {doc}: {:?}", d.mentions)).entity.to_string()
}

macro_rules! same {
    ($($name:ident: $docs:expr, $a:expr, $b:expr, $same:expr;)*) => {
        $(#[test] fn $name() {
            let an = analysis(&$docs);
            let (ea, eb) = (entity_of(&an, $a.0, $a.1), entity_of(&an, $b.0, $b.1));
            assert_eq!(ea == eb, $same, "row {}: {:?} vs {:?}\n{:#?}", stringify!($name), $a, $b, an.entities);
        })*
    };
}

same! {
    surname_to_full: [("a", "Sir Ken Lomax spoke. Later Lomax left.")], ("a", "Lomax"), ("a", "Sir Ken Lomax"), true;
    title_given_to_full: [("a", "Sir Ken Lomax spoke."), ("b", "Director general Sir Ken was asked.")], ("b", "Sir Ken"), ("a", "Sir Ken Lomax"), true;
    full_across_docs: [("a", "Sir Ken Lomax spoke."), ("b", "The head of MI5 Ken Lomax spoke.")], ("b", "Ken Lomax"), ("a", "Sir Ken Lomax"), true;
    given_name_for_royal: [("a", "Prince Edmund met him. Edmund then left.")], ("a", "Edmund"), ("a", "Prince Edmund"), true;
    family_first_short: [("a", "He met Zhao Lei twice. Zhao said it went well.")], ("a", "Zhao"), ("a", "Zhao Lei"), true;
    two_full_names_never_merge: [("a", "Christopher Cole and Christopher Bell denied it."), ("b", "Christopher Bell spoke.")], ("a", "Christopher Cole"), ("b", "Christopher Bell"), false;
    shared_surname_nearest: [("a", "Tom Reyes met Maria Reyes. Later Reyes said she agreed.")], ("a", "Reyes"), ("a", "Maria Reyes"), true;
    title_gender_picks_the_person: [("a", "Tom Reyes met Maria Reyes. Tom Reyes left. Ms Reyes stayed.")], ("a", "Ms Reyes"), ("a", "Maria Reyes"), true;
    place_is_not_its_police_force: [("a", "Flooding in Yorkshire worsened. Yorkshire Police said roads were shut.")], ("a", "Yorkshire"), ("a", "Yorkshire Police"), false;
    acronym_expansion_brackets: [("a", "The Serious Fraud Office (SFO) acted. The SFO said so.")], ("a", "SFO"), ("a", "Serious Fraud Office"), true;
    acronym_initials: [("a", "He joined the Chinese Communist party. The CCP agreed.")], ("a", "CCP"), ("a", "Chinese Communist party"), true;
    country_alias: [("a", "The United Kingdom said no."), ("b", "The UK said no.")], ("a", "United Kingdom"), ("b", "UK"), true;
    party_short_form: [("a", "Labour won."), ("b", "The Labour Party won.")], ("a", "Labour"), ("b", "Labour Party"), true;
    plural_party_short_form: [("a", "The Conservative Party lost. Conservatives were angry.")], ("a", "Conservatives"), ("a", "Conservative Party"), true;
    law_without_year: [("a", "Under the Official Secrets Act 1911 it is a crime. The 1911 Official Secrets Act is old.")], ("a", "Official Secrets Act"), ("a", "Official Secrets Act 1911"), true;
}

#[test]
fn display_name_is_the_fullest_form() {
    let a = analysis(&[("a", "Mr. Powell spoke. Jerome Powell said no. Prince Edmund and Edmund met.")]);
    assert!(a.entities.iter().any(|e| e.name == "Jerome Powell"), "{:?}", a.entities.iter().map(|e| &e.name).collect::<Vec<_>>());
    assert!(a.entities.iter().any(|e| e.name == "Prince Edmund"));
}

#[test]
fn merge_reasons_are_recorded() {
    let a = analysis(&[("a", "Sir Ken Lomax spoke. Later Lomax left.")]);
    let e = a.entities.iter().find(|e| e.name == "Ken Lomax").expect("entity");
    assert!(e.reasons.iter().any(|r| r.alias == "Lomax" && r.why.contains("surname")), "{:?}", e.reasons);
}

#[test]
fn roles_as_stated() {
    let a = analysis(&[
        ("a", "Sir Ken Lomax, the Director-General of MI5, spoke. Charges against former parliamentary researcher Chris Cole were dropped."),
        ("b", "Edmund Pike, a former UK trade envoy, met Chinese president Wang Yi."),
    ]);
    let role = |name: &str| -> Vec<String> { a.entities.iter().find(|e| e.name == name).map(|e| e.roles.iter().map(|r| r.text.clone()).collect()).unwrap_or_default() };
    assert!(role("Ken Lomax").contains(&"the Director-General of MI5".to_string()), "{:?}", role("Ken Lomax"));
    assert!(role("Chris Cole").contains(&"former parliamentary researcher".to_string()), "{:?}", role("Chris Cole"));
    assert!(role("Edmund Pike").contains(&"a former UK trade envoy".to_string()), "{:?}", role("Edmund Pike"));
    assert!(role("Wang Yi").contains(&"Chinese president".to_string()), "{:?}", role("Wang Yi"));
}

#[test]
fn relations_scope_and_evidence() {
    let a = analysis(&[("a", "Zhao Lei received papers from Chris Cole.\nLater that year, MI5 spoke in Paris.")]);
    let id = |n: &str| a.entities.iter().find(|e| e.name == n).map(|e| e.id.clone()).expect(n);
    let rel = |x: &str, y: &str| a.relations.iter().find(|r| (r.source == id(x) && r.target == id(y)) || (r.source == id(y) && r.target == id(x))).cloned();
    let r = rel("Zhao Lei", "Chris Cole").expect("sentence relation");
    assert_eq!(r.scope, "sentence");
    assert!(r.evidence[0].text.contains("received papers"));
    let r2 = rel("Zhao Lei", "MI5").expect("article relation");
    assert_eq!(r2.scope, "article");
    assert!(r.strength > r2.strength);
}

#[test]
fn salience_orders_entities() {
    let a = analysis(&[("a", "Paris Talks Stall\nParis hosted talks. Paris said no. Anna Berg spoke once.")]);
    assert_eq!(a.entities[0].name, "Paris");
    assert!(a.entities[0].salience[0].in_title);
}

#[test]
fn closer_scope_replaces_looser_evidence() {
    // first only in the same article (doc a), then in one sentence (doc b): the relation is a
    // sentence relation and its evidence is that sentence, not the first mentions in doc a
    let a = analysis(&[
        ("a", "Zhao Lei spoke in Paris on Monday.\nMuch later, Chris Cole left the room."),
        ("b", "On Friday Zhao Lei received papers from Chris Cole."),
    ]);
    let id = |n: &str| a.entities.iter().find(|e| e.name == n).map(|e| e.id.clone()).expect(n);
    let r = a
        .relations
        .iter()
        .find(|r| [&r.source, &r.target] == [&id("Zhao Lei"), &id("Chris Cole")] || [&r.target, &r.source] == [&id("Zhao Lei"), &id("Chris Cole")])
        .expect("relation");
    assert_eq!(r.scope, "sentence");
    assert_eq!(r.evidence.len(), 1, "{:?}", r.evidence);
    assert_eq!(&*r.evidence[0].doc, "b");
    assert!(r.evidence[0].text.contains("received papers"));
}

#[test]
fn article_relations_show_the_first_article_only() {
    let docs: Vec<(String, String)> = (0..4).map(|i| (format!("d{i}"), "Zhao Lei spoke in Paris on Monday.\nMuch later, Chris Cole left.".to_string())).collect();
    let docs: Vec<(&str, &str)> = docs.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let a = analysis(&docs);
    for r in a.relations.iter().filter(|r| r.scope != "sentence") {
        assert!(r.evidence.iter().all(|e| &*e.doc == "d0"), "{:?}", r.evidence);
        assert!(r.evidence.len() <= 2);
    }
}

#[test]
fn keeping_or_retokenizing_gives_the_same_analysis() {
    let docs: Vec<Document> = [
        include_str!("../tests/data/seeds/000.txt"),
        include_str!("../tests/data/seeds/001.txt"),
        include_str!("../tests/data/world/001.txt"),
        "Zhao Lei received papers from Chris Cole.\nLater that year, MI5 spoke in Paris. “Sir Ken” 😀 said so.",
    ]
    .iter()
    .enumerate()
    .map(|(i, t)| Document::new(format!("d{i}"), *t))
    .collect();
    let keep = Analyzer { keep_tokens_up_to: usize::MAX, ..Analyzer::new() }.analyze(&docs).expect("analysis");
    let again = Analyzer { keep_tokens_up_to: 0, ..Analyzer::new() }.analyze(&docs).expect("analysis");
    assert!(!keep.relations.is_empty());
    assert_eq!(keep, again);
}
