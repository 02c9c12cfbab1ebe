//! The jobs overview over the socket (browser only): joins [`TOPIC`] as an admin, takes the
//! overview the join replies with (again on every rejoin) and each one pushed after, and says
//! the queue moved so the list and the open job are asked again.

use leptos::prelude::*;
use model::{
    jobs::{JobsOverview, OVERVIEW, TOPIC},
    wire::client::Event,
};
use serde_json::Map;

use super::JobsState;
use crate::{components::Trouble, live::LiveChannel, socket::parse};

/// Connects and joins the jobs channel; what arrives fills `state`. Stop the channel when the
/// page goes.
pub fn start(state: JobsState) -> LiveChannel {
    LiveChannel::start(
        TOPIC.to_owned(),
        Map::new(),
        state.link,
        move |channel, event| on_event(state, channel, event),
    )
}

fn on_event(state: JobsState, channel: &LiveChannel, event: Event) {
    let take = |payload| match parse::<JobsOverview>(payload) {
        Some(overview) => {
            state.overview.set(Some(overview));
            state.moved.update(|moved| *moved += 1);
            state.problem.set(None);
            true
        }
        None => {
            state.problem.set(Some(Trouble::NotUnderstood));
            false
        }
    };
    match event {
        Event::Joined { response, .. } => {
            let understood = take(response);
            if understood {
                channel.live();
            }
        }
        Event::JoinRefused { .. } => {
            state.problem.set(Some(Trouble::Unavailable));
            channel.not_live();
        }
        Event::Message { event, payload, .. } if event == OVERVIEW => {
            take(payload);
        }
        _ => {}
    }
}
