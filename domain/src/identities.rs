//! A clock of who is who: it ticks whenever an account or an access token changes, so that
//! what was remembered about them (the opened tokens, `access_tokens::OpenedTokens`) can tell
//! it is out of date without asking the database. Each [`crate::db::Db`] carries one.
//!
//! The rule every verb that writes `users` or `access_tokens` follows: tick **after** the
//! write commits. A reader notes the time before it reads and keeps what it read only if the
//! clock has not moved since; so nothing read before a change outlives it.
//!
//! The clock is this process's: a change made by another process (the command line, an
//! operator's SQL, another node) is seen when what was remembered expires.

use std::sync::atomic::{AtomicU64, Ordering};

/// See the module.
#[derive(Debug, Default)]
pub struct IdentityClock(AtomicU64);

impl IdentityClock {
    /// The time now, to compare with [`Self::now`] later.
    pub fn now(&self) -> u64 {
        self.0.load(Ordering::SeqCst)
    }

    /// An account or a token changed (its write committed): what was remembered before is out
    /// of date.
    pub fn changed(&self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}
