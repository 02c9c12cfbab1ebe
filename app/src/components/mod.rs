//! Pieces several pages use.

mod field;
mod form;

pub use field::Field;
pub use form::{Submission, Verdict};
