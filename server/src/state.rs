//! What every handler can reach, built once by `startup` and shared by clone.

use std::{ops::Deref, sync::Arc};

use app::{
    api_docs::ApiDocuments, auth::ssr::CookiePolicy, limits::Limits, mailbox::ssr::DevMailbox,
};
use axum::extract::FromRef;
use domain::{
    access_tokens::OpenedTokens, board::Board, chat::Chat, db::Db, mentions::Mentions,
    uploads::Uploads,
};
use leptos::config::LeptosOptions;
use ops::Node;
use pubsub::PubSub;

use crate::{
    assets::Assets, chat::RoomTasks, metrics::Metrics, settings::Settings, user_socket::Realtime,
};

/// What every handler can reach: one pointer, so that cloning it — axum does for every
/// handler and every middleware with state, several times a request — is one atomic increment.
/// (Cloning the fields one by one, the options' strings included, was a fifth of the time a
/// request took.)
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl AppState {
    pub fn new(shared: Shared) -> Self {
        Self(Arc::new(shared))
    }
}

impl Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// The node's parts, built once.
pub struct Shared {
    pub settings: Arc<Settings>,
    pub db: Db,
    /// The chat's verbs, over `db` and `pubsub`.
    pub chat: Chat,
    /// The board's verbs, over `db` and `pubsub`.
    pub board: Board,
    /// People's mentions: the list, the badge's count, marking them seen.
    pub mentions: Mentions,
    pub leptos: LeptosOptions,
    pub assets: Arc<Assets>,
    pub cookies: CookiePolicy,
    /// What the domain announces changes on, and sockets hear them from.
    pub pubsub: PubSub,
    /// The socket engine: every open socket, their channels, presence.
    pub realtime: Arc<Realtime>,
    pub rooms: Arc<RoomTasks>,
    pub metrics: Arc<Metrics>,
    /// Stored files and the uploads in progress.
    pub uploads: Arc<Uploads>,
    /// The rate limits every request and socket is checked against.
    pub limits: Arc<Limits>,
    /// Access tokens already opened, remembered until anything about them changes.
    pub opened_tokens: OpenedTokens,
    /// The supervisor, log ring, checks and charts (what the system page shows).
    pub node: Node,
    /// The API's OpenAPI documents, which its reference page reads.
    pub api_documents: ApiDocuments,
    /// The mail kept instead of sent, in dev and test (`/dev/mailbox`).
    pub dev_mailbox: DevMailbox,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}

impl FromRef<AppState> for Db {
    fn from_ref(state: &AppState) -> Self {
        state.db.clone()
    }
}
