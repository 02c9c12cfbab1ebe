//! Pieces several pages use.

mod avatar;
mod field;
mod form;
mod link;
mod time;
mod uploader;

pub use avatar::{Avatar, OwnAvatar};
pub use field::Field;
pub use form::{Submission, Verdict};
pub use link::{Link, LinkStatus};
pub use time::{LocalTime, TimeStyle, local, now};
pub use uploader::Uploader;
