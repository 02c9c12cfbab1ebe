//! The live dashboard (recipe 29): a supervised collector samples the node's figures on a
//! schedule and pushes each snapshot on `dashboard:updates`; the channel answers a join with
//! the recent history, so a page opened mid-way draws full charts at once.

mod channel;
mod collector;

pub use channel::DashboardJoin;
pub use collector::Collector;
