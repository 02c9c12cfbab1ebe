//! What the home page tells about the node serving it.

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

/// Reads the node's database facts through the domain.
#[server(endpoint = "node_status")]
pub async fn fetch_node_status() -> Result<NodeStatus, AppError> {
    let db = use_context::<domain::db::Db>().ok_or_else(|| {
        tracing::error!("the database pool was not provided to the server functions");
        AppError::Internal
    })?;
    let info = domain::system::database_info(&db).await?;
    Ok(NodeStatus {
        database: info.backend.name().to_string(),
        database_version: info.server_version,
        migrations_applied: info.migrations_applied,
    })
}
