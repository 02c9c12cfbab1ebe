//! `mentions:<user id>` (contract: `model::mentions`): the badge in every page's navigation.
//! Only the person themselves may join; the reply is their unseen count, and the channel then
//! forwards each new count the domain announces.

use async_trait::async_trait;
use domain::mentions::Mentions;
use model::{
    mentions::{self, NOT_YOURS, Unread},
    wire::Payload,
};
use realtime::{Join, ListenOnly};
use serde_json::{Value, json};

use crate::user_socket::{ChannelCtx, Joined, SocketUser};

/// Joins `mentions:<user id>`.
pub struct MentionsJoin {
    pub mentions: Mentions,
}

#[async_trait]
impl Join<SocketUser> for MentionsJoin {
    async fn join(&self, _payload: Payload, ctx: &mut ChannelCtx<'_>) -> Result<Joined, Value> {
        let scope = ctx.user.scope;
        if mentions::person(ctx.topic) != Some(scope.user_id) {
            return Err(json!({ "reason": NOT_YOURS }));
        }
        let count = self.mentions.unread(scope).await.map_err(|error| {
            tracing::error!(error = &error as &dyn std::error::Error, "unread mentions");
            json!({ "reason": "unavailable" })
        })?;
        let reply = serde_json::to_value(Unread { count })
            .map_err(|_| json!({ "reason": "unavailable" }))?;
        Ok((
            Box::new(ListenOnly("the mentions channel only listens")),
            reply,
        ))
    }
}
