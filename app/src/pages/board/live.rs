//! A post's page over the socket (browser only): joins `post:<id>` naming the last comment
//! shown, takes what the reply caught up with, and from then on adds, removes and recounts as
//! the board announces. Every rejoin names the newest comment again, so a lost connection
//! loses nothing.

use leptos::prelude::*;
use model::{
    board::channel::{
        self, COMMENT_ADDED, COMMENT_DELETED, COMMENT_LIKED, CommentAdded, CommentDeleted,
        CommentLiked, JoinReply, NOT_FOUND, POST_GONE, POST_LIKED, PostLiked,
    },
    wire::client::Event,
};
use serde_json::{Map, Value, json};

use super::post::LivePost;
use crate::{live::LiveChannel, socket::parse};

/// Connects and joins the post's channel; what arrives changes `post`. Stop the channel when
/// the page goes.
pub(super) fn start(post: LivePost) -> LiveChannel {
    LiveChannel::start(
        channel::topic(post.id),
        params(post),
        post.link,
        move |channel, event| on_event(post, channel, event),
    )
}

/// The join's parameters: the newest comment shown.
fn params(post: LivePost) -> Map<String, Value> {
    let after = post.newest_comment();
    let mut params = Map::new();
    params.insert("after".into(), json!(after));
    params
}

fn on_event(post: LivePost, channel: &LiveChannel, event: Event) {
    match event {
        Event::Joined { response, .. } => {
            if let Some(reply) = parse::<JoinReply>(response) {
                let JoinReply {
                    like_count,
                    comment_count,
                    comments,
                    more,
                } = reply;
                post.likes.set(like_count);
                post.comment_count.set(comment_count);
                for comment in comments {
                    post.add(comment);
                }
                post.behind.set(more);
                channel.live();
                remember_newest(post, channel);
            }
        }
        Event::JoinRefused { response, .. } => {
            let reason = parse::<Map<String, Value>>(response).and_then(|reply| {
                reply
                    .get("reason")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            });
            if reason.as_deref() == Some(NOT_FOUND) {
                post.gone.set(true);
                channel.close();
            } else {
                channel.not_live();
            }
        }
        Event::Message { event, payload, .. } => match event.as_str() {
            COMMENT_ADDED => {
                if let Some(CommentAdded {
                    comment,
                    comment_count,
                }) = parse(payload)
                {
                    post.arrived.set(Some(comment.author.name.clone()));
                    post.add(comment);
                    post.comment_count.set(comment_count);
                    remember_newest(post, channel);
                }
            }
            COMMENT_DELETED => {
                if let Some(CommentDeleted {
                    comment_id,
                    comment_count,
                }) = parse(payload)
                {
                    post.comments
                        .update(|comments| comments.retain(|shown| shown.id != comment_id));
                    post.comment_count.set(comment_count);
                }
            }
            POST_LIKED => {
                if let Some(PostLiked { like_count }) = parse(payload) {
                    post.likes.set(like_count);
                }
            }
            COMMENT_LIKED => {
                if let Some(CommentLiked {
                    comment_id,
                    like_count,
                }) = parse(payload)
                {
                    post.comments.with_untracked(|comments| {
                        if let Some(shown) = comments.iter().find(|shown| shown.id == comment_id) {
                            shown.likes.set(like_count);
                        }
                    });
                }
            }
            POST_GONE => {
                post.gone.set(true);
                channel.close();
            }
            _ => {}
        },
        _ => {}
    }
}

/// A rejoin asks for what came after the newest comment shown now.
fn remember_newest(post: LivePost, channel: &LiveChannel) {
    if let Some(socket) = channel.socket() {
        socket.set_join_params(channel.topic(), params(post));
    }
}
