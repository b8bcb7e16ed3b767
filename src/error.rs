//! The core's one error type.

use std::fmt;

/// An error from [`crate::Analyzer::analyze`]. Opaque: match on [`Error::kind`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
}

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Two documents share an id.
    DuplicateId(String),
    /// A document id is empty.
    EmptyId(usize),
    /// The input is larger than the analyzer's limit.
    TooLarge {
        /// Total input bytes.
        bytes: usize,
        /// The configured limit.
        limit: usize,
    },
}

impl Error {
    pub(crate) fn new(kind: ErrorKind) -> Error {
        Error { kind }
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::DuplicateId(id) => write!(f, "document id \"{}\" is used by more than one document", id.replace('"', "\\\"")),
            ErrorKind::EmptyId(i) => write!(f, "document {i} has an empty id"),
            ErrorKind::TooLarge { bytes, limit } => {
                write!(f, "input of {bytes} bytes exceeds the limit of {limit} bytes")
            }
        }
    }
}

impl std::error::Error for Error {}
