//! The business of the product, free of HTTP, Leptos and wire types.
//!
//! Each module is named after what the business does and exposes verbs that the REST API, the
//! server functions, the WebSocket channels and the jobs all call. Persistence lives in [`db`].

pub mod access_tokens;
pub mod accounts;
pub mod board;
pub mod chat;
pub mod db;
mod identities;
pub mod jobs;
pub mod mail;
pub mod mentions;
pub mod paging;
pub mod schedules;
mod scope;
pub mod sessions;
pub mod system;
#[cfg(feature = "testing")]
pub mod testing;
mod time;
pub mod tokens;
pub mod uploads;

pub use scope::Scope;
