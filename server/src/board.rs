//! The `post:<id>` channel (contract: `model::board::channel`): a post's page joins it to hear
//! comments and likes as they happen. Whoever may see the post may join; the join's reply
//! catches the page up; after that the channel only forwards what the board announced.

use async_trait::async_trait;
use domain::board::{Board, BoardError};
use model::{
    board::channel::{self, BAD_JOIN, JoinParams, NOT_FOUND, UNAVAILABLE},
    wire::Payload,
};
use realtime::{Join, ListenOnly};
use serde_json::{Value, json};

use crate::user_socket::{ChannelCtx, Joined, SocketUser};

/// Joins `post:<id>`.
pub struct PostJoin {
    pub board: Board,
}

#[async_trait]
impl Join<SocketUser> for PostJoin {
    async fn join(&self, payload: Payload, ctx: &mut ChannelCtx<'_>) -> Result<Joined, Value> {
        let refuse = |reason: &str| json!({ "reason": reason });
        let post_id = channel::post_id(ctx.topic).ok_or_else(|| refuse(NOT_FOUND))?;
        let JoinParams { after } = match payload {
            Payload::Json(map) => serde_json::from_value(Value::Object(map)).ok(),
            Payload::Binary(_) => None,
        }
        .ok_or_else(|| refuse(BAD_JOIN))?;
        let reply = self
            .board
            .catch_up(ctx.user.scope, post_id, after)
            .await
            .map_err(|error| match error {
                BoardError::NotFound | BoardError::Forbidden => refuse(NOT_FOUND),
                BoardError::Db(error) => {
                    tracing::error!(
                        error = &error as &dyn std::error::Error,
                        "a post's join failed"
                    );
                    refuse(UNAVAILABLE)
                }
            })?;
        let reply = serde_json::to_value(reply).map_err(|_| refuse(UNAVAILABLE))?;
        Ok((Box::new(ListenOnly("a post's channel only listens")), reply))
    }
}
