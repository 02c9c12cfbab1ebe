//! What the home page tells an admin about the node serving it. Which database engine and
//! version a node runs is a fact for its operators, not for anyone who asks.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::AppError;

/// The database engine under the node, as the home page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeStatus {
    pub database: String,
    pub database_version: String,
    pub migrations_applied: i64,
}

/// Reads the node's database facts through the domain, for admins only.
#[server(prefix = "/rpc", endpoint = "node_status")]
pub async fn fetch_node_status() -> Result<NodeStatus, AppError> {
    crate::auth::ssr::for_admin(async |ctx, _admin| {
        let info = domain::system::database_info(&ctx.db).await?;
        Ok(NodeStatus {
            database: info.backend.name().to_string(),
            database_version: info.server_version,
            migrations_applied: info.migrations_applied,
        })
    })
    .await
}
