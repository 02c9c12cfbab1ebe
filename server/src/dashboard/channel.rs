//! `dashboard:updates`: any signed-in socket may join; the reply carries the charts so far.
//! The collector broadcasts every snapshot twice, with and without the admin figures, and each
//! socket is forwarded the one meant for it.

use async_trait::async_trait;
use model::{
    dashboard::{self, ADMIN_UPDATE, UPDATE},
    wire::Payload,
};
use pubsub::Broadcast;
use serde_json::Value;

use std::sync::Arc;

use ops::metrics::Charts;
use realtime::{Channel, ChannelFailure, Join, Outbound, Reply};

use crate::user_socket::{ChannelCtx, Joined, SocketUser};

/// Joins `dashboard:updates`.
pub struct DashboardJoin {
    pub charts: Arc<Charts>,
}

/// A socket watching the dashboard: it only listens.
struct Watching {
    admin: bool,
}

#[async_trait]
impl Join<SocketUser> for DashboardJoin {
    async fn join(&self, _payload: Payload, ctx: &mut ChannelCtx<'_>) -> Result<Joined, Value> {
        let admin = ctx.user.scope.is_admin();
        let charts = &self.charts;
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
impl Channel<SocketUser> for Watching {
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
