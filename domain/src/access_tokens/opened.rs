//! Tokens already opened, remembered so that a script's requests do not each ask the database
//! who it is: a request with a token seen before is answered from memory, and the database is
//! asked again only when something about a token or an account has changed (the
//! clock of `Db::identities` ticked), when the token expires, or after [`REMEMBER_FOR`] — which
//! bounds how long a change made outside this process (the command line, an operator's SQL,
//! another node) goes unseen. Revoking, deleting an account or changing a role here is seen by
//! the very next request.
//!
//! Only live tokens are remembered, keyed by the secret's hash (never the secret), so a flood
//! of wrong tokens fills nothing; past [`CAPACITY`] what is out of date is dropped, and if that
//! is not enough, everything.

use std::{
    collections::HashMap,
    sync::{
        Arc, PoisonError, RwLock,
        atomic::{AtomicI64, Ordering},
    },
    time::{Duration, Instant},
};

use super::{AccessTokenError, Bearer, Found, PREFIX, due_for_touch, find, touch};
use crate::{db::Db, time::now_seconds as now, tokens::stored_hash as hash};

/// How long an opened token is trusted without asking the database again.
pub const REMEMBER_FOR: Duration = Duration::from_secs(10);
/// How many opened tokens are remembered at most.
pub const CAPACITY: usize = 10_000;

/// A token opened at `clock` (the `Db::identities` time before it was read).
struct Remembered {
    bearer: Arc<Bearer>,
    expires_at: Option<i64>,
    /// Unix seconds; `i64::MIN` for never. Moved on by whichever request marks the token used.
    last_used_at: AtomicI64,
    clock: u64,
    opened: Instant,
}

impl Remembered {
    fn current(&self, clock: u64, at: i64) -> bool {
        self.clock == clock
            && self.opened.elapsed() < REMEMBER_FOR
            && self.expires_at.is_none_or(|expires| expires > at)
    }
}

/// The opened tokens of this process. One per node, shared by every request.
#[derive(Default)]
pub struct OpenedTokens {
    remembered: RwLock<HashMap<String, Remembered>>,
}

impl std::fmt::Debug for OpenedTokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenedTokens")
            .field("remembered", &self.len())
            .finish()
    }
}

impl OpenedTokens {
    pub fn new() -> Self {
        Self::default()
    }

    /// What [`super::authenticate`] answers for `secret`, from memory when it can be.
    pub async fn open(
        &self,
        db: &Db,
        secret: &str,
    ) -> Result<Option<Arc<Bearer>>, AccessTokenError> {
        if !secret.starts_with(PREFIX) {
            return Ok(None);
        }
        let token_hash = hash(secret);
        let at = now();
        // The clock before anything is read: what is read after a change is kept only if no
        // change came between (see `identities`).
        let clock = db.identities().now();
        if let Some((bearer, touch_due)) = self.recall(&token_hash, clock, at) {
            if touch_due {
                touch(db, bearer.token_id, at).await?;
            }
            return Ok(Some(bearer));
        }
        let Some(found) = find(db, &token_hash, at).await? else {
            return Ok(None);
        };
        let touch_due = due_for_touch(found.last_used_at, at);
        if touch_due {
            touch(db, found.bearer.token_id, at).await?;
        }
        Ok(Some(self.remember(
            db,
            token_hash,
            found,
            touch_due.then_some(at),
            clock,
        )))
    }

    /// The remembered bearer of `token_hash` if it is still current, and whether this request
    /// is the one to mark it used.
    fn recall(&self, token_hash: &str, clock: u64, at: i64) -> Option<(Arc<Bearer>, bool)> {
        let remembered = self
            .remembered
            .read()
            .unwrap_or_else(PoisonError::into_inner);
        let entry = remembered.get(token_hash)?;
        if !entry.current(clock, at) {
            return None;
        }
        let last = entry.last_used_at.load(Ordering::Relaxed);
        let touch_due = due_for_touch((last != i64::MIN).then_some(last), at)
            && entry
                .last_used_at
                .compare_exchange(last, at, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok();
        Some((entry.bearer.clone(), touch_due))
    }

    fn remember(
        &self,
        db: &Db,
        token_hash: String,
        found: Found,
        touched_at: Option<i64>,
        clock: u64,
    ) -> Arc<Bearer> {
        let bearer = Arc::new(found.bearer);
        let mut remembered = self
            .remembered
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        if db.identities().now() != clock {
            // Something changed while this was read: answer it (it was true when read, as any
            // request in flight at a change is) but do not keep it.
            return bearer;
        }
        if remembered.len() >= CAPACITY {
            let at = now();
            remembered.retain(|_, entry| entry.current(clock, at));
            if remembered.len() >= CAPACITY {
                remembered.clear();
            }
        }
        let last_used_at = touched_at.or(found.last_used_at).unwrap_or(i64::MIN);
        remembered.insert(
            token_hash,
            Remembered {
                bearer: bearer.clone(),
                expires_at: found.expires_at,
                last_used_at: AtomicI64::new(last_used_at),
                clock,
                opened: Instant::now(),
            },
        );
        bearer
    }

    /// How many tokens are remembered (current or not).
    pub fn len(&self) -> usize {
        self.remembered
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
