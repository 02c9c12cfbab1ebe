//! Pieces several pages use.

mod field;
mod form;
mod link;

pub use field::Field;
pub use form::{Submission, Verdict};
pub use link::Link;
