//! Pieces several pages use.

mod avatar;
mod field;
mod form;
mod link;
mod uploader;

pub use avatar::{Avatar, OwnAvatar};
pub use field::Field;
pub use form::{Submission, Verdict};
pub use link::{Link, LinkStatus};
pub use uploader::Uploader;
