//! Pieces several pages use.

mod avatar;
mod field;
mod focus;
mod form;
mod link;
mod table_frame;
mod time;
mod uploader;

pub use avatar::{Avatar, OwnAvatar};
pub use field::{Field, textarea_text};
pub use focus::focus_later;
pub use form::{Submission, Verdict};
pub use link::{Link, LinkStatus, Trouble};
pub use table_frame::TableFrame;
pub use time::{LocalTime, TimeStyle, day_heading, local, month_of_year, now};
pub use uploader::Uploader;
