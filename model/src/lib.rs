//! The vocabulary browser and server share: types that can only hold valid values
//! ("parse, don't validate"), with the rules that make them, compiled to WebAssembly for live
//! validation in forms and natively for the server's final check — the same code on both sides.

pub mod accounts;
pub mod api;
pub mod board;
pub mod chat;
pub mod dashboard;
pub mod jobs;
pub mod locale;
pub mod mentions;
pub mod refusal;
pub mod schedules;
pub mod system;
pub mod text;
pub mod uploads;
pub mod wire;
