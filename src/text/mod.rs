//! Text utilities: UTF-16 offsets and normalisation.

pub mod case;
pub mod normalize;
pub mod utf16;
