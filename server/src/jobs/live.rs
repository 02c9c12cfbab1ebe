//! The jobs page, live (recipe 38, Oban Web's part): admins join [`TOPIC`] and are answered the
//! overview; a supervised watcher reads it again every interval while a socket on this node
//! watches, and pushes it when it changed — so the page never polls, and a node nobody watches
//! reads nothing. The list and one job's detail are the page's server functions, asked again
//! when a push says the queue moved.

use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

use async_trait::async_trait;
use chrono::Utc;
use domain::{db::Db, jobs, sessions};
use model::{
    jobs::{JobsOverview, OVERVIEW, TOPIC},
    wire::Payload,
};
use ops::supervisor::{Restart, Supervisor, TaskError, TaskHandle, every};
use pubsub::PubSub;
use realtime::{Join, ListenOnly};
use serde_json::{Value, json};

use crate::user_socket::{ChannelCtx, Joined, SocketUser};

/// The supervisor lists the watcher under this name.
pub const WATCHER_TASK: &str = "jobs_watcher";

/// Joins [`TOPIC`]: admins only, by their role as it is now (not as it was when the socket
/// opened).
pub struct JobsJoin {
    pub db: Db,
}

#[async_trait]
impl Join<SocketUser> for JobsJoin {
    async fn join(&self, _payload: Payload, ctx: &mut ChannelCtx<'_>) -> Result<Joined, Value> {
        let unavailable = |error: domain::db::DbError| {
            tracing::warn!(error = %error, "the jobs overview could not be read for a join");
            json!({ "reason": "unavailable" })
        };
        let user = sessions::socket_user(&self.db, ctx.user.scope.user_id, &ctx.user.session)
            .await
            .map_err(unavailable)?;
        if !user.is_some_and(|user| user.role == domain::accounts::Role::Admin) {
            return Err(json!({ "reason": "forbidden" }));
        }
        let overview = jobs::overview(&self.db, Utc::now().timestamp_millis())
            .await
            .map_err(unavailable)?;
        let reply =
            serde_json::to_value(overview).map_err(|_| json!({ "reason": "unavailable" }))?;
        Ok((
            Box::new(ListenOnly("the jobs overview only listens")),
            reply,
        ))
    }
}

/// Reads the overview while someone on this node watches, and pushes it when it changed.
pub struct Watcher {
    db: Db,
    pubsub: PubSub,
    /// The overview pushed last (`None` after nobody watched: read afresh).
    last: Mutex<Option<JobsOverview>>,
}

impl Watcher {
    pub fn new(db: Db, pubsub: PubSub) -> Arc<Self> {
        Arc::new(Self {
            db,
            pubsub,
            last: Mutex::new(None),
        })
    }

    /// Starts watching under `supervisor`, every `period`, for as long as the node runs.
    pub fn start(self: &Arc<Self>, period: Duration, supervisor: &Supervisor) -> TaskHandle {
        let watcher = self.clone();
        supervisor.start(WATCHER_TASK, Restart::Permanent, move || {
            let watcher = watcher.clone();
            async move { every(period, || async { watcher.tick().await.map(drop) }).await }
        })
    }

    /// One look: answers whether an overview was pushed.
    pub async fn tick(&self) -> Result<bool, TaskError> {
        if self.pubsub.local_subscribers(TOPIC) == 0 {
            *self
                .last
                .lock()
                .expect("the watcher's memory is never poisoned") = None;
            return Ok(false);
        }
        let overview = jobs::overview(&self.db, Utc::now().timestamp_millis()).await?;
        let mut last = self
            .last
            .lock()
            .expect("the watcher's memory is never poisoned");
        if last.as_ref() == Some(&overview) {
            return Ok(false);
        }
        self.pubsub
            .broadcast(TOPIC, OVERVIEW, serde_json::to_value(&overview)?);
        *last = Some(overview);
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use domain::db::PoolOptions;

    use super::*;

    #[tokio::test]
    async fn a_node_nobody_watches_reads_nothing() {
        let db = Db::connect(
            "sqlite::memory:",
            PoolOptions {
                max_connections: 1,
                acquire_timeout: Duration::from_secs(5),
            },
        )
        .await
        .expect("an in-memory database");
        // Closed: a watcher that read anything would fail.
        db.close().await;
        let watcher = Watcher::new(db, PubSub::local());
        assert!(!watcher.tick().await.expect("nothing read, nothing failed"));
    }
}
