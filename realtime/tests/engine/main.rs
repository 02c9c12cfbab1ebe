//! The engine over raw frames, wired to a small application of its own (`app.rs`): every
//! refusal happens before the upgrade, and each protocol rule that needs no particular
//! application — heartbeats, joins and leaves, bad frames, limits, closes, presence.

mod app;
mod channels;
mod connecting;
mod presence;
