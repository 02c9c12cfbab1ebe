//! The dashboard over the socket (browser only): joins [`TOPIC`], takes the history the join
//! replies with (again on every rejoin, so a gap while disconnected is filled from the node)
//! and records each pushed snapshot. The connection line is the [`LiveChannel`]'s.

use leptos::prelude::*;
use model::{
    dashboard::{ADMIN_UPDATE, DashboardJoin, Snapshot, TOPIC, UPDATE},
    wire::client::Event,
};
use serde_json::Map;

use super::DashboardState;
use crate::{components::Trouble, live::LiveChannel, socket::parse};

/// Connects and joins the dashboard channel; what arrives fills `state`. Stop the channel when
/// the page goes.
pub fn start(state: DashboardState) -> LiveChannel {
    LiveChannel::start(
        TOPIC.to_owned(),
        Map::new(),
        state.link,
        move |channel, event| {
            on_event(state, channel, event);
        },
    )
}

fn on_event(state: DashboardState, channel: &LiveChannel, event: Event) {
    match event {
        Event::Joined { response, .. } => match parse::<DashboardJoin>(response) {
            Some(join) => {
                state.history.set(join.history);
                state.interval_ms.set(Some(join.interval_ms));
                state.problem.set(None);
                channel.live();
            }
            None => state.problem.set(Some(Trouble::NotUnderstood)),
        },
        Event::JoinRefused { .. } => {
            state.problem.set(Some(Trouble::Unavailable));
            channel.not_live();
        }
        Event::Message { event, payload, .. } if event == UPDATE || event == ADMIN_UPDATE => {
            if let Some(snapshot) = parse::<Snapshot>(payload) {
                state.history.update(|history| history.record(snapshot));
            }
        }
        _ => {}
    }
}
