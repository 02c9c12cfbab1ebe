//! The node's own machinery, the part of OTP this product needs (cookbook recipes 12, 14, 19,
//! 21, 37): a [`supervisor`] that restarts failed tasks with backoff and a restart intensity,
//! [`supervisor::every`] for periodic work that neither overlaps nor drifts, fixed-memory
//! [`metrics`] windows the request path records into without locks, the [`logs`] ring the
//! system page reads, [`limits`] (a token bucket and a sliding window), [`parallel`] maps with per-item timeouts and the [`checks`] built on them,
//! and [`Node`], which gathers them for the system page. Native only; no HTTP, no business.

pub mod checks;
mod errors;
pub mod limits;
pub mod logs;
pub mod metrics;
mod node;
pub mod parallel;
pub mod process;
pub mod supervisor;

pub use errors::error_chain;
pub use node::{LiveRooms, Node, NodeParts};
