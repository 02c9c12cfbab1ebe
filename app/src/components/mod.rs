//! Pieces several pages use.

mod field;

pub use field::Field;
