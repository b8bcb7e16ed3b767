//! # storylink
//!
//! Finds the people, organisations, places and laws that news articles name, works out which
//! mentions are the same real entity across articles, and states their roles and relations.
//!
//! # Overview
//! - [`Analyzer`] (built with [`Analyzer::builder`]) runs the analysis.
//! - [`Document`] is one input article; [`Analysis`] the result, which is also the public JSON
//!   contract (UTF-16 offsets, camelCase fields).
//! - [`Error`] is the one error type.
//!
//! # Example
//! ```
//! use storylink::{Analyzer, Document};
//! let docs = [
//!     Document::new("a", "Sir Ken Lomax, the head of MI5, spoke in London."),
//!     Document::new("b", "Lomax said MI5 was frustrated."),
//! ];
//! let analysis = Analyzer::new().analyze(&docs).unwrap();
//! let shared: Vec<&str> = analysis.shared(2).map(|e| e.name.as_str()).collect();
//! assert!(shared.contains(&"Ken Lomax"));
//! assert!(shared.contains(&"MI5"));
//! ```
#![deny(missing_docs)]
// No panics on input-derived data in library code: keep unwrap and expect out of it.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

mod error;
pub mod gazetteer;
mod model;
mod engine;
mod extract;
mod graph;
mod hash;
mod lexicon;
mod resolve;
mod sort;
mod tokenize;
mod pipeline;
pub mod text;
#[cfg(test)]
mod tests;

pub use error::{Error, ErrorKind};
pub use model::{
    Analysis, Document, DocumentAnalysis, Entity, EntityKind, Evidence, Mention, Reason, Relation,
    Role, Salience, Scope, Id,
};
pub use pipeline::{Analyzer, AnalyzerBuilder};

#[cfg(target_arch = "wasm32")]
mod wasm;
