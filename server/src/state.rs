//! What every handler can reach, built once by `startup` and shared by clone.

use std::sync::Arc;

use app::{api_docs::ApiDocuments, auth::ssr::CookiePolicy, limits::Limits};
use axum::extract::FromRef;
use domain::{chat::Chat, db::Db, uploads::Uploads};
use leptos::config::LeptosOptions;
use ops::Node;
use pubsub::PubSub;

use crate::{
    assets::Assets, chat::RoomTasks, metrics::Metrics, settings::Settings, user_socket::Realtime,
};

/// What every handler can reach. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub settings: Arc<Settings>,
    pub db: Db,
    /// The chat's verbs, over `db` and `pubsub`.
    pub chat: Chat,
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
    /// The supervisor, log ring, checks and charts (what the system page shows).
    pub node: Node,
    /// The API's OpenAPI documents, which its reference page reads.
    pub api_documents: ApiDocuments,
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
