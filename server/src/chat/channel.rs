//! `room:<id>` (recipe 27): entering a room, posting, typing, read receipts and history, over
//! the Phoenix protocol; editing, deleting and reacting are in `changes`. The channel only translates: the rules and the broadcasts of what was
//! saved belong to `domain::chat`; what is live about a room belongs to its task.

use async_trait::async_trait;
use chrono::Utc;
use domain::chat::{Chat, ChatError, EnteredRoom};
use model::{
    chat::{
        ChatMessage, ReadReceipt,
        channel::{
            self, HistoryRequest, JoinParams, JoinReply, MAX_DEVICE_CHARS, MAX_PAGE, NewMessage,
            Page, RECENT_MESSAGES, ReadUpTo, TypingNotice, UserJoined, UserLeft, refusals,
        },
    },
    wire::Payload,
};
use serde_json::{Map, Value, json};

use std::sync::Arc;

use app::limits::Limits;
use realtime::{Channel, ChannelFailure, Join, Reply, json_payload};

mod changes;
mod replies;

use replies::{message_body, messages, params, refusal, to_json};

use super::room_tasks::{RoomHandle, RoomTasks};
use crate::{
    metrics::Metrics,
    user_socket::{ChannelCtx, Joined, SocketUser},
};

/// Joins `room:<id>` for whoever the room's rules let in.
pub struct RoomJoin {
    services: Arc<Services>,
}

/// What every room channel works with.
struct Services {
    chat: Chat,
    rooms: Arc<RoomTasks>,
    limits: Arc<Limits>,
    metrics: Arc<Metrics>,
}

impl RoomJoin {
    pub fn new(
        chat: Chat,
        rooms: Arc<RoomTasks>,
        limits: Arc<Limits>,
        metrics: Arc<Metrics>,
    ) -> Self {
        let services = Services {
            chat,
            rooms,
            limits,
            metrics,
        };
        Self {
            services: Arc::new(services),
        }
    }
}

/// A socket's membership of one room: the room as entered (its history), its live task.
pub struct RoomChannel {
    entered: EnteredRoom,
    room: RoomHandle,
    services: Arc<Services>,
}

#[async_trait]
impl Join<SocketUser> for RoomJoin {
    async fn join(&self, payload: Payload, ctx: &mut ChannelCtx<'_>) -> Result<Joined, Value> {
        let room_id =
            channel::room_id(ctx.topic).ok_or_else(|| json!({ "reason": refusals::NOT_FOUND }))?;
        let JoinParams {
            last_seen_id,
            device,
        } = params(payload).map_err(|_| json!({ "reason": refusals::BAD_JOIN }))?;
        let scope = ctx.user.scope;
        let entered = self
            .services
            .chat
            .enter_room(scope, room_id)
            .await
            .map_err(refusal)?;
        let limit = if last_seen_id.is_some() {
            MAX_PAGE
        } else {
            RECENT_MESSAGES
        };
        let recent = entered
            .messages_after(last_seen_id, limit)
            .await
            .map_err(refusal)?;
        let receipts = entered.read_receipts().await.map_err(refusal)?;
        let has_more = last_seen_id.is_some() && recent.len() == MAX_PAGE as usize;

        let device: String = device
            .unwrap_or_else(|| "web".into())
            .chars()
            .filter(|c| !c.is_control())
            .take(MAX_DEVICE_CHARS)
            .collect();
        let meta = Map::from_iter([
            ("name".to_owned(), json!(ctx.user.name)),
            ("online_at".to_owned(), json!(Utc::now())),
            ("device".to_owned(), json!(device)),
        ]);
        let tracked = ctx.track_presence(meta);
        if tracked.first {
            let joined = UserJoined {
                user_id: scope.user_id,
                name: ctx.user.name.clone(),
                joined_at: Utc::now(),
            };
            ctx.broadcast_from(channel::USER_JOINED, json!(joined));
        }
        let handle = self.services.rooms.room(room_id);
        handle.joined(ctx.socket());

        let reply = serde_json::to_value(JoinReply {
            room: entered.room().clone().into(),
            messages: messages(recent),
            has_more,
            receipts: receipts.into_iter().map(ReadReceipt::from).collect(),
        })
        .map_err(|_| json!({ "reason": refusals::UNAVAILABLE }))?;
        let channel = RoomChannel {
            entered,
            room: handle,
            services: self.services.clone(),
        };
        Ok((Box::new(channel), reply))
    }
}

impl RoomChannel {
    fn room_id(&self) -> i64 {
        self.entered.room().id
    }

    async fn new_message(
        &self,
        payload: Payload,
        ctx: &ChannelCtx<'_>,
    ) -> Result<Reply, ChannelFailure> {
        let NewMessage { body } = match params(payload) {
            Ok(params) => params,
            Err(reply) => return Ok(reply),
        };
        let body = match message_body(&body) {
            Ok(body) => body,
            Err(reply) => return Ok(reply),
        };
        // Per person, across all their sockets: a new socket does not bring a new budget.
        if let Some(refused) = self.over_budget(ctx) {
            return Ok(refused);
        }
        let scope = ctx.user.scope;
        let services = &self.services;
        match services
            .chat
            .post_message(scope, self.room_id(), body)
            .await
        {
            Ok(message) => {
                services.metrics.record_message();
                self.room
                    .typing(ctx.socket(), scope.user_id, &ctx.user.name, false);
                Ok(Reply::Ok(to_json(ChatMessage::from(message))?))
            }
            Err(ChatError::Db(error)) => {
                Err(ChannelFailure::new("posting a message failed", error))
            }
            Err(error) => Ok(Reply::Error(refusal(error))),
        }
    }

    async fn read_receipt(
        &self,
        payload: Payload,
        ctx: &ChannelCtx<'_>,
    ) -> Result<Reply, ChannelFailure> {
        let ReadUpTo { message_id } = match params(payload) {
            Ok(params) => params,
            Err(reply) => return Ok(reply),
        };
        let chat = &self.services.chat;
        match chat
            .mark_read(ctx.user.scope, self.room_id(), message_id)
            .await
        {
            Ok(receipt) => Ok(Reply::Ok(to_json(ReadReceipt::from(receipt))?)),
            Err(ChatError::Db(error)) => {
                Err(ChannelFailure::new("saving a read receipt failed", error))
            }
            Err(error) => Ok(Reply::Error(refusal(error))),
        }
    }

    /// A page of older messages (`before`) or of newer ones (`after`, to finish catching up).
    async fn page(&self, payload: Payload) -> Result<Reply, ChannelFailure> {
        let request: HistoryRequest = match params(payload) {
            Ok(params) => params,
            Err(reply) => return Ok(reply),
        };
        let (before, after, limit) = (request.before, request.after, request.page_size());
        let history = &self.entered;
        let page = match (before, after) {
            (Some(before), None) => history.messages_before(before, limit).await,
            (None, Some(after)) => history.messages_after(Some(after), limit).await,
            _ => return Ok(Reply::refuse(refusals::BEFORE_OR_AFTER)),
        };
        match page {
            Ok(page) => {
                let has_more = page.len() == limit as usize;
                Ok(Reply::Ok(to_json(Page {
                    messages: messages(page),
                    has_more,
                })?))
            }
            Err(error) => Err(ChannelFailure::new("reading history failed", error)),
        }
    }
}

#[async_trait]
impl Channel<SocketUser> for RoomChannel {
    async fn handle_in(
        &mut self,
        event: &str,
        payload: Payload,
        ctx: &mut ChannelCtx<'_>,
    ) -> Result<Reply, ChannelFailure> {
        match event {
            channel::NEW_MESSAGE => self.new_message(payload, ctx).await,
            channel::TYPING => {
                let TypingNotice { typing } = match params(payload) {
                    Ok(params) => params,
                    Err(reply) => return Ok(reply),
                };
                self.room
                    .typing(ctx.socket(), ctx.user.scope.user_id, &ctx.user.name, typing);
                Ok(Reply::None)
            }
            channel::EDIT_MESSAGE => self.edit_message(payload, ctx).await,
            channel::DELETE_MESSAGE => self.delete_message(payload, ctx).await,
            channel::REACT => self.react(payload, ctx).await,
            channel::READ_RECEIPT => self.read_receipt(payload, ctx).await,
            channel::HISTORY => self.page(payload).await,
            // Answers with what it was sent: the client measures its round trip with it.
            channel::PING => Ok(match json_payload(payload) {
                Ok(map) => Reply::Ok(Value::Object(map)),
                Err(refusal) => refusal,
            }),
            _ => Ok(Reply::refuse(refusals::UNKNOWN_EVENT)),
        }
    }

    async fn terminate(&mut self, ctx: &mut ChannelCtx<'_>) {
        self.room.left(ctx.socket());
        if ctx.untrack_presence() {
            let left = UserLeft {
                user_id: ctx.user.scope.user_id,
                name: ctx.user.name.clone(),
                left_at: Utc::now(),
            };
            ctx.broadcast(channel::USER_LEFT, json!(left));
        }
    }
}
