//! The node's rate limits (cookbook recipe 41), each with the algorithm that fits it (see
//! `ops::limits`), and how a limited HTTP answer says where it stands: every one carries
//! `x-ratelimit-limit`, `x-ratelimit-remaining` and `x-ratelimit-reset` (seconds until the limit
//! is whole again); a refusal is 429 with `retry-after` (seconds), and pages show it in words.
//!
//! Limits are per node and in memory: a refusal costs no query, and a node that restarts
//! forgets them. The sign-in lockout, which must hold on every node, lives in the database
//! (`domain::accounts`) instead.

use std::{net::IpAddr, time::Duration};

use http::{HeaderMap, HeaderName, HeaderValue, header};
use leptos::prelude::use_context;
use ops::limits::{Budget, Rate, SlidingWindow, TokenBucket, Verdict, ceil_secs};
use serde::Deserialize;

use crate::AppError;

/// The limits, as settings (`[limits]`, e.g. `APP_LIMITS__MESSAGES_PER_SECOND`).
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LimitSettings {
    /// Chat writes one person may make — posting, editing and deleting messages, reacting — a
    /// steady rate with a burst (token bucket).
    pub messages_per_second: u32,
    pub message_burst: u32,
    /// Everything else one person's sockets send — joins, typing, receipts, history pages —
    /// heartbeats aside (token bucket).
    pub socket_events_per_second: u32,
    pub socket_event_burst: u32,
    /// Sockets one person may have open on this node at once.
    pub sockets_per_person: usize,
    /// Rooms one person may create within `room_window_secs` (sliding window).
    pub rooms_per_window: u32,
    pub room_window_secs: u64,
    /// Sign-in attempts from one address within `sign_in_window_secs`, whichever accounts
    /// they name (sliding window); the per-account lockout comes on top.
    pub sign_ins_per_address: u32,
    pub sign_in_window_secs: u64,
    /// "Is this email taken?" checks within `email_check_window_secs`, from one address and
    /// from everyone together (sliding windows): enough for people filling in the form, too few
    /// to walk a list of addresses.
    pub email_checks_per_address: u32,
    pub email_checks_per_node: u32,
    pub email_check_window_secs: u64,
    /// Registrations tried from one address within `registration_window_secs`: an attempt
    /// with a taken email says so, so this is an email check too, and each account made
    /// would bring its own per-person budgets.
    pub registrations_per_address: u32,
    pub registration_window_secs: u64,
    /// Password changes one person may try within `password_change_window_secs`: each checks
    /// the current password, which must not be guessable with a stolen session.
    pub password_changes_per_person: u32,
    pub password_change_window_secs: u64,
    /// Password reset links asked for, and resets tried, from one address within
    /// `password_reset_window_secs` (sliding window): each ask may send a mail.
    pub password_resets_per_address: u32,
    pub password_reset_window_secs: u64,
    /// API requests per access token (or per person, signed in by cookie): a steady rate a
    /// minute with a burst (token bucket).
    pub api_requests_per_minute: u32,
    pub api_burst: u32,
    /// Access tokens one person may make within `token_window_secs` (sliding window).
    pub tokens_per_window: u32,
    pub token_window_secs: u64,
    /// Posts one person may write within `post_window_secs` (sliding window).
    pub posts_per_window: u32,
    pub post_window_secs: u64,
    /// Comments, likes, edits and deletes on the board, per person per minute with a burst
    /// (token bucket).
    pub board_actions_per_minute: u32,
    pub board_action_burst: u32,
    /// Searches per client address per minute with a burst (token bucket): search as you
    /// type asks once per pause in typing.
    pub searches_per_minute: u32,
    pub search_burst: u32,
}

impl Default for LimitSettings {
    fn default() -> Self {
        Self {
            messages_per_second: 5,
            message_burst: 10,
            socket_events_per_second: 20,
            socket_event_burst: 50,
            sockets_per_person: 20,
            rooms_per_window: 10,
            room_window_secs: 60 * 60,
            sign_ins_per_address: 20,
            sign_in_window_secs: 10 * 60,
            email_checks_per_address: 10,
            email_checks_per_node: 300,
            email_check_window_secs: 60,
            registrations_per_address: 10,
            registration_window_secs: 60 * 60,
            password_changes_per_person: 5,
            password_change_window_secs: 15 * 60,
            password_resets_per_address: 10,
            password_reset_window_secs: 15 * 60,
            api_requests_per_minute: 120,
            api_burst: 30,
            tokens_per_window: 20,
            token_window_secs: 60 * 60,
            posts_per_window: 20,
            post_window_secs: 60 * 60,
            board_actions_per_minute: 30,
            board_action_burst: 20,
            searches_per_minute: 120,
            search_burst: 30,
        }
    }
}

/// The limiters of one node, shared by every request and socket.
pub struct Limits {
    /// Per person: chat messages posted.
    pub messages: TokenBucket<i64>,
    /// Per person: socket events other than heartbeats.
    pub socket_events: TokenBucket<i64>,
    /// Per person: sockets open at once (counted where sockets are).
    pub sockets_per_person: usize,
    /// Per person: rooms created.
    pub rooms: SlidingWindow<i64>,
    /// Per address: sign-in attempts.
    pub sign_ins: SlidingWindow<IpAddr>,
    /// Per address, then for everyone: email checks.
    pub email_checks: SlidingWindow<IpAddr>,
    pub email_checks_everyone: SlidingWindow<()>,
    /// Per address: registrations tried.
    pub registrations: SlidingWindow<IpAddr>,
    /// Per person: password changes tried.
    pub password_changes: SlidingWindow<i64>,
    /// Per address: reset links asked for and resets tried.
    pub password_resets: SlidingWindow<IpAddr>,
    /// Per access token, or per person signed in by cookie: API requests.
    pub api: TokenBucket<ApiClient>,
    /// Per person: access tokens made.
    pub token_creations: SlidingWindow<i64>,
    /// Per person: posts written.
    pub posts: SlidingWindow<i64>,
    /// Per person: comments, likes, edits and deletes on the board.
    pub board_actions: TokenBucket<i64>,
    /// Per address: board searches.
    pub searches: TokenBucket<IpAddr>,
}

/// Whose API budget a request spends: each access token has its own, and a person signed in
/// by cookie has one for all their browser's calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ApiClient {
    Token(i64),
    Person(i64),
}

impl Limits {
    pub fn new(settings: &LimitSettings) -> Self {
        fn window<K: std::hash::Hash + Eq + Clone>(limit: u32, secs: u64) -> SlidingWindow<K> {
            SlidingWindow::new(Budget {
                limit,
                window: Duration::from_secs(secs.max(1)),
            })
        }
        Self {
            messages: TokenBucket::new(Rate::per_second(
                settings.messages_per_second,
                settings.message_burst,
            )),
            socket_events: TokenBucket::new(Rate::per_second(
                settings.socket_events_per_second,
                settings.socket_event_burst,
            )),
            sockets_per_person: settings.sockets_per_person,
            rooms: window(settings.rooms_per_window, settings.room_window_secs),
            sign_ins: window(settings.sign_ins_per_address, settings.sign_in_window_secs),
            email_checks: window(
                settings.email_checks_per_address,
                settings.email_check_window_secs,
            ),
            email_checks_everyone: window(
                settings.email_checks_per_node,
                settings.email_check_window_secs,
            ),
            registrations: window(
                settings.registrations_per_address,
                settings.registration_window_secs,
            ),
            password_changes: window(
                settings.password_changes_per_person,
                settings.password_change_window_secs,
            ),
            password_resets: window(
                settings.password_resets_per_address,
                settings.password_reset_window_secs,
            ),
            api: TokenBucket::new(Rate::per_minute(
                settings.api_requests_per_minute,
                settings.api_burst,
            )),
            token_creations: window(settings.tokens_per_window, settings.token_window_secs),
            posts: window(settings.posts_per_window, settings.post_window_secs),
            board_actions: TokenBucket::new(Rate::per_minute(
                settings.board_actions_per_minute,
                settings.board_action_burst,
            )),
            searches: TokenBucket::new(Rate::per_minute(
                settings.searches_per_minute,
                settings.search_burst,
            )),
        }
    }

    /// Forgets the keys whose limits are whole again, so memory follows recent callers. Run
    /// periodically.
    pub fn prune(&self) {
        self.messages.prune();
        self.socket_events.prune();
        self.rooms.prune();
        self.sign_ins.prune();
        self.email_checks.prune();
        self.email_checks_everyone.prune();
        self.registrations.prune();
        self.password_changes.prune();
        self.password_resets.prune();
        self.api.prune();
        self.token_creations.prune();
        self.posts.prune();
        self.board_actions.prune();
        self.searches.prune();
    }

    /// An email check from `address`: within its own budget and everyone's.
    pub fn email_check(&self, address: IpAddr) -> Verdict {
        let own = self.email_checks.check(&address);
        if !own.allowed {
            return own;
        }
        own.tighter(self.email_checks_everyone.check(&()))
    }
}

const LIMIT: HeaderName = HeaderName::from_static("x-ratelimit-limit");
const REMAINING: HeaderName = HeaderName::from_static("x-ratelimit-remaining");
const RESET: HeaderName = HeaderName::from_static("x-ratelimit-reset");

/// The `x-ratelimit-*` headers of `verdict`, and `retry-after` when it refused.
pub fn headers(verdict: &Verdict) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(LIMIT, HeaderValue::from(verdict.limit));
    headers.insert(REMAINING, HeaderValue::from(verdict.remaining));
    headers.insert(RESET, HeaderValue::from(ceil_secs(verdict.reset_after)));
    if !verdict.allowed {
        headers.insert(
            header::RETRY_AFTER,
            HeaderValue::from(ceil_secs(verdict.retry_after).max(1)),
        );
    }
    headers
}

/// Puts `verdict`'s headers on the answer of the server function running now.
pub fn note(verdict: &Verdict) {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        for (name, value) in &headers(verdict) {
            response.insert_header(name.clone(), value.clone());
        }
    }
}

/// `Ok` with the verdict when it allowed, else the refusal as the edge's error.
pub fn check(verdict: Verdict) -> Result<Verdict, AppError> {
    if verdict.allowed {
        Ok(verdict)
    } else {
        Err(AppError::from(verdict))
    }
}

impl From<Verdict> for AppError {
    fn from(verdict: Verdict) -> Self {
        Self::RateLimited {
            limit: verdict.limit,
            retry_after_secs: ceil_secs(verdict.retry_after).max(1),
        }
    }
}

/// The limits from the server function's context.
pub(crate) fn from_context() -> Result<std::sync::Arc<Limits>, AppError> {
    use_context::<std::sync::Arc<Limits>>().ok_or_else(|| {
        tracing::error!("the limits are missing from the server function context");
        AppError::Internal
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_says_when_to_retry_in_whole_seconds() {
        let verdict = Verdict {
            allowed: false,
            limit: 20,
            remaining: 0,
            reset_after: Duration::from_millis(59_001),
            retry_after: Duration::from_millis(1),
        };
        let headers = headers(&verdict);
        assert_eq!(headers["x-ratelimit-limit"], "20");
        assert_eq!(headers["x-ratelimit-remaining"], "0");
        assert_eq!(headers["x-ratelimit-reset"], "60");
        assert_eq!(headers["retry-after"], "1");
        assert_eq!(
            AppError::from(verdict),
            AppError::RateLimited {
                limit: 20,
                retry_after_secs: 1
            }
        );
    }

    #[test]
    fn an_allowed_answer_has_no_retry_after() {
        let verdict = Verdict {
            allowed: true,
            limit: 10,
            remaining: 9,
            reset_after: Duration::from_secs(6),
            retry_after: Duration::ZERO,
        };
        let headers = headers(&verdict);
        assert_eq!(headers["x-ratelimit-remaining"], "9");
        assert!(headers.get("retry-after").is_none());
    }

    #[test]
    fn an_email_check_is_refused_by_its_own_or_everyones_budget() {
        let limits = Limits::new(&LimitSettings {
            email_checks_per_address: 2,
            email_checks_per_node: 3,
            ..LimitSettings::default()
        });
        let (one, two): (IpAddr, IpAddr) = ([192, 0, 2, 1].into(), [192, 0, 2, 2].into());
        assert!(limits.email_check(one).allowed);
        assert!(limits.email_check(one).allowed);
        assert!(!limits.email_check(one).allowed, "its own budget");
        assert!(limits.email_check(two).allowed);
        assert!(!limits.email_check(two).allowed, "everyone's budget");
    }
}
