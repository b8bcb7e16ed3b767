//! The serde model: the public JSON contract of storylink.
//!
//! Every offset in this module is a **UTF-16 code unit** offset (what JavaScript strings and
//! the DOM use), half-open: `start` inclusive, `end` exclusive. The CLI prints an [`Analysis`]
//! as JSON; the wasm binding returns it as a plain JS object. Field names are camelCase.

use serde::{Deserialize, Serialize};

/// An id in the output (an entity's, a document's): shared, so that the many places that name
/// one id (every mention, salience entry, relation and piece of evidence) hold one allocation.
/// Serialised as a plain string.
pub type Id = std::sync::Arc<str>;

/// One input article: an id chosen by the caller and its plain text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// Caller-chosen id (the CLI uses the file stem; the widget the `data-storylink-article` value).
    pub id: String,
    /// The article text exactly as offsets refer to it.
    pub text: String,
}

impl Document {
    /// A document from an id and its text.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Document {
        Document { id: id.into(), text: text.into() }
    }
}

/// The kind of a named entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum EntityKind {
    /// A person ("Sir Ken Lomax").
    Person,
    /// An organisation: company, party, agency, court ("Crown Prosecution Service").
    Org,
    /// A place: country, city, region ("Beijing").
    Place,
    /// A named law ("Official Secrets Act 1911").
    Law,
    /// Any other named thing.
    Misc,
}

impl EntityKind {
    /// The upper-case label used in JSON ("PERSON", "ORG", …).
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "PERSON",
            EntityKind::Org => "ORG",
            EntityKind::Place => "PLACE",
            EntityKind::Law => "LAW",
            EntityKind::Misc => "MISC",
        }
    }
}

/// A span of text in one document, in UTF-16 code units.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// The document id.
    pub doc: Id,
    /// Start (UTF-16, inclusive).
    pub start: usize,
    /// End (UTF-16, exclusive).
    pub end: usize,
    /// The text of the span.
    pub text: String,
}

/// How close two entities are mentioned: serialised as "sentence", "paragraph" or "article".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Named in one sentence.
    Sentence,
    /// In one paragraph, not one sentence.
    Paragraph,
    /// Only in the same article.
    Article,
}

impl Scope {
    /// "sentence", "paragraph" or "article".
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Sentence => "sentence",
            Scope::Paragraph => "paragraph",
            Scope::Article => "article",
        }
    }
}

impl PartialEq<&str> for Scope {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// One mention of an entity in a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// Start (UTF-16 code units, inclusive).
    pub start: usize,
    /// End (UTF-16 code units, exclusive).
    pub end: usize,
    /// The mention's text, equal to the slice of the document.
    pub text: String,
    /// The entity's kind.
    #[serde(rename = "type")]
    pub kind: EntityKind,
    /// The id of the cross-document entity this mention belongs to.
    pub entity: Id,
}

/// The analysis of one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentAnalysis {
    /// The document id.
    pub id: Id,
    /// The headline: the first line of the text when it reads as one, else empty.
    pub title: String,
    /// Mentions in text order, never overlapping.
    pub mentions: Vec<Mention>,
}

/// A role of an entity as one article states it ("the Director-General of MI5").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Role {
    /// The role text, as written ("former parliamentary researcher").
    pub text: String,
    /// Where the text says so.
    pub evidence: Evidence,
}

/// Why two mentions were put in one entity ("same surname as Sir Ken Lomax").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    /// The surface form that was linked ("Lomax").
    pub alias: String,
    /// The form it was linked to ("Sir Ken Lomax").
    pub target: String,
    /// The rule, in words.
    pub why: String,
}

/// How prominent an entity is in one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Salience {
    /// The document id.
    pub doc: Id,
    /// Number of mentions in the document.
    pub mentions: usize,
    /// UTF-16 offset of the first mention.
    pub first: usize,
    /// Whether the headline mentions it.
    pub in_title: bool,
    /// A score in 0..=1 combining the three (higher is more salient).
    pub score: f32,
}

/// A named entity, across all documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Entity {
    /// Stable id within this analysis ("e1", "e2", …), ordered by salience.
    pub id: Id,
    /// Canonical display name (the fullest form, honorifics dropped: "Ken Lomax").
    pub name: String,
    /// The entity's kind.
    #[serde(rename = "type")]
    pub kind: EntityKind,
    /// Ids of the documents that mention it, in input order.
    pub documents: Vec<Id>,
    /// Every distinct surface form, most frequent first.
    pub aliases: Vec<String>,
    /// Roles as each article states them.
    pub roles: Vec<Role>,
    /// Why the mentions were linked.
    pub reasons: Vec<Reason>,
    /// Prominence per document.
    pub salience: Vec<Salience>,
}

/// How two entities are connected: co-mentions, strongest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Relation {
    /// Entity id (the lower of the pair in id order).
    pub source: Id,
    /// Entity id.
    pub target: Id,
    /// Strength: same sentence 1.0, same paragraph 0.3, same article 0.1, summed over
    /// occurrences and damped (`1 - exp(-sum)`), so it lies in 0..1.
    pub strength: f32,
    /// Closest scope seen: "sentence", "paragraph" or "article".
    pub scope: Scope,
    /// The sentences (or, for article-level links, the first mentions) that connect them.
    pub evidence: Vec<Evidence>,
}

/// The result of [`crate::Analyzer::analyze`]: documents with their mentions, entities, relations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    /// One entry per input document, in input order.
    pub documents: Vec<DocumentAnalysis>,
    /// Entities, most salient first.
    pub entities: Vec<Entity>,
    /// Relations between entities, strongest first.
    pub relations: Vec<Relation>,
}

impl Analysis {
    /// The entity with this id.
    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.entities.iter().find(|e| &*e.id == id)
    }

    /// Entities mentioned in at least `n` documents.
    pub fn shared(&self, n: usize) -> impl Iterator<Item = &Entity> {
        self.entities.iter().filter(move |e| e.documents.len() >= n)
    }

    /// Relations that involve the entity with this id, strongest first.
    pub fn relations_of<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Relation> + 'a {
        self.relations.iter().filter(move |r| &*r.source == id || &*r.target == id)
    }
}
