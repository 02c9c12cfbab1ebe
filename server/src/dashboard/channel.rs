//! `dashboard:updates`: any signed-in socket may join; the reply carries the charts so far.
//! The collector broadcasts every snapshot twice, with and without the admin figures, and each
//! socket is forwarded the one meant for it.

use async_trait::async_trait;
use domain::pubsub::Broadcast;
use model::{
    dashboard::{self, ADMIN_UPDATE, UPDATE},
    wire::Payload,
};
use serde_json::Value;

use crate::realtime::{Channel, ChannelCtx, ChannelFailure, Join, Joined, Outbound, Reply};

/// Joins `dashboard:updates`.
pub struct DashboardJoin;

/// A socket watching the dashboard: it only listens.
struct Watching {
    admin: bool,
}

#[async_trait]
impl Join for DashboardJoin {
    async fn join(&self, _payload: Payload, ctx: &mut ChannelCtx<'_>) -> Result<Joined, Value> {
        let admin = ctx.user.scope.is_admin();
        let charts = ctx.state.node.charts();
        let history = charts.history();
        let reply = dashboard::DashboardJoin {
            interval_ms: u64::try_from(charts.interval.as_millis()).unwrap_or(u64::MAX),
            history: if admin { history } else { history.public() },
        };
        let reply = serde_json::to_value(reply)
            .map_err(|_| serde_json::json!({ "reason": "unavailable" }))?;
        Ok((Box::new(Watching { admin }), reply))
    }
}

#[async_trait]
impl Channel for Watching {
    async fn handle_in(
        &mut self,
        _event: &str,
        _payload: Payload,
        _ctx: &mut ChannelCtx<'_>,
    ) -> Result<Reply, ChannelFailure> {
        Ok(Reply::refuse("the dashboard only listens"))
    }

    fn handle_out(&mut self, broadcast: &Broadcast) -> Outbound {
        let meant_for_me = match broadcast.event.as_str() {
            UPDATE => !self.admin,
            ADMIN_UPDATE => self.admin,
            _ => true,
        };
        if meant_for_me {
            Outbound::Forward
        } else {
            Outbound::Skip
        }
    }
}
