//! Changing what was said in a room: its author edits a message, its author or an admin
//! deletes one, anyone in the room reacts. Each is a chat write, on the same per-person budget
//! as posting; the domain decides who may, saves, and tells the room.

use domain::chat::ChatError;
use model::chat::channel::{DeleteMessage, EditMessage, React};
use model::wire::Payload;
use realtime::{ChannelFailure, Reply};
use serde::Serialize;

use super::{
    RoomChannel,
    replies::{message_body, params, refusal, to_json},
};
use crate::user_socket::ChannelCtx;

impl RoomChannel {
    pub(super) async fn edit_message(
        &self,
        payload: Payload,
        ctx: &ChannelCtx<'_>,
    ) -> Result<Reply, ChannelFailure> {
        let EditMessage { message_id, body } = match params(payload) {
            Ok(params) => params,
            Err(reply) => return Ok(reply),
        };
        let body = match message_body(&body) {
            Ok(body) => body,
            Err(reply) => return Ok(reply),
        };
        if let Some(refused) = self.over_budget(ctx) {
            return Ok(refused);
        }
        let chat = &self.services.chat;
        let edited = chat
            .edit_message(ctx.user.scope, self.room_id(), message_id, body)
            .await;
        answer(edited, "editing a message failed")
    }

    pub(super) async fn delete_message(
        &self,
        payload: Payload,
        ctx: &ChannelCtx<'_>,
    ) -> Result<Reply, ChannelFailure> {
        let DeleteMessage { message_id } = match params(payload) {
            Ok(params) => params,
            Err(reply) => return Ok(reply),
        };
        if let Some(refused) = self.over_budget(ctx) {
            return Ok(refused);
        }
        let chat = &self.services.chat;
        let deleted = chat
            .delete_message(ctx.user.scope, self.room_id(), message_id)
            .await;
        answer(deleted, "deleting a message failed")
    }

    pub(super) async fn react(
        &self,
        payload: Payload,
        ctx: &ChannelCtx<'_>,
    ) -> Result<Reply, ChannelFailure> {
        let react: React = match params(payload) {
            Ok(params) => params,
            Err(reply) => return Ok(reply),
        };
        if let Some(refused) = self.over_budget(ctx) {
            return Ok(refused);
        }
        let chat = &self.services.chat;
        let changed = chat.react(ctx.user.scope, self.room_id(), react).await;
        answer(changed, "saving a reaction failed")
    }

    /// The refusal of a chat write over its author's budget, shared by all their sockets.
    pub(super) fn over_budget(&self, ctx: &ChannelCtx<'_>) -> Option<Reply> {
        let limit = self.services.limits.messages.check(&ctx.user.scope.user_id);
        (!limit.allowed).then(|| Reply::rate_limited(limit.retry_after))
    }
}

/// The reply to a chat write: what was saved, or why not; a database failure fails the
/// channel (`what` is logged).
fn answer<T: Serialize>(
    outcome: Result<T, ChatError>,
    what: &'static str,
) -> Result<Reply, ChannelFailure> {
    match outcome {
        Ok(saved) => Ok(Reply::Ok(to_json(saved)?)),
        Err(ChatError::Db(error)) => Err(ChannelFailure::new(what, error)),
        Err(error) => Ok(Reply::Error(refusal(error))),
    }
}
