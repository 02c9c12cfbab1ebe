//! The chat's live side: the `room:<id>` channel, and one supervised task per live room.

mod channel;
pub mod room_tasks;

pub use channel::RoomJoin;
pub use room_tasks::RoomTasks;
