//! [`Analyzer`] and its builder: documents in, [`Analysis`] out.

use crate::error::{Error, ErrorKind};
use crate::model::{Analysis, Document};

/// Runs the analysis. Cheap to create and to clone; reuse one for many calls.
///
/// ```
/// let analyzer = storylink::Analyzer::builder().max_bytes(1 << 20).build();
/// let analysis = analyzer.analyze(&[storylink::Document::new("a", "Angela Merkel visited Paris.")]).unwrap();
/// assert_eq!(analysis.documents[0].mentions.len(), 2);
/// ```
#[derive(Debug, Clone)]
pub struct Analyzer {
    pub(crate) max_bytes: usize,
    pub(crate) max_relations: usize,
    pub(crate) max_evidence: usize,
    /// Batches up to this many bytes keep every document's tokens from extraction to the
    /// relations; larger ones tokenize again to hold less (the same result either way).
    pub(crate) keep_tokens_up_to: usize,
}

/// Options for an [`Analyzer`].
#[derive(Debug, Clone)]
pub struct AnalyzerBuilder {
    inner: Analyzer,
}

impl Default for Analyzer {
    fn default() -> Analyzer {
        Analyzer { max_bytes: 64 << 20, max_relations: 5_000, max_evidence: 3, keep_tokens_up_to: 512 << 10 }
    }
}

impl AnalyzerBuilder {
    /// Largest total input accepted, in bytes (default 64 MiB); larger input is an error.
    pub fn max_bytes(mut self, n: usize) -> AnalyzerBuilder {
        self.inner.max_bytes = n;
        self
    }

    /// Most relations kept, strongest first (default 5,000).
    pub fn max_relations(mut self, n: usize) -> AnalyzerBuilder {
        self.inner.max_relations = n;
        self
    }

    /// Most evidence spans kept per relation (default 3).
    pub fn max_evidence(mut self, n: usize) -> AnalyzerBuilder {
        self.inner.max_evidence = n;
        self
    }

    /// The analyzer.
    pub fn build(self) -> Analyzer {
        self.inner
    }
}

impl Analyzer {
    /// An analyzer with default options.
    pub fn new() -> Analyzer {
        Analyzer::default()
    }

    /// A builder for options.
    pub fn builder() -> AnalyzerBuilder {
        AnalyzerBuilder { inner: Analyzer::default() }
    }

    /// Analyses the documents together: mentions per document, entities across them, roles,
    /// relations and salience.
    ///
    /// Errors when two documents share an id, an id is empty, or the input exceeds `max_bytes`.
    pub fn analyze(&self, docs: &[Document]) -> Result<Analysis, Error> {
        let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
        if bytes > self.max_bytes {
            return Err(Error::new(ErrorKind::TooLarge { bytes, limit: self.max_bytes }));
        }
        let mut seen = crate::hash::FxHashSet::default();
        for (i, d) in docs.iter().enumerate() {
            if d.id.is_empty() {
                return Err(Error::new(ErrorKind::EmptyId(i)));
            }
            if !seen.insert(d.id.as_str()) {
                return Err(Error::new(ErrorKind::DuplicateId(d.id.clone())));
            }
        }
        Ok(crate::engine::run(self, docs))
    }
}
