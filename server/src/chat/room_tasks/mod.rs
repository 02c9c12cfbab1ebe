//! One task per live chat room (cookbook recipes 15 and 18): started on the room's first join,
//! found by room id through the registry, stopped once the room has been empty for a while, and
//! run by the node's supervisor, which restarts it after a failure. It owns what is live about
//! a room rather than stored (see [`room`]).

mod room;

use std::{
    collections::{HashMap, HashSet},
    sync::{
        Arc, Mutex, MutexGuard, PoisonError,
        atomic::{AtomicU64, AtomicUsize, Ordering},
    },
    time::Duration,
};

use model::{chat::channel, system::RoomTask};
use ops::{
    LiveRooms,
    supervisor::{Restart, Supervisor},
};
use pubsub::{PubSub, SubscriberId};
use tokio::sync::mpsc;

pub use room::TYPING_EXPIRES;
use room::{Command, Room};

struct Entry {
    /// Tells this task's entry from a later one for the same room, so a stopping task never
    /// removes its successor.
    generation: u64,
    commands: mpsc::UnboundedSender<Command>,
    sockets: Arc<AtomicUsize>,
}

/// What a room's task keeps from one run to the next: its inbox and who is in the room.
struct Carried {
    inbox: mpsc::UnboundedReceiver<Command>,
    sockets: HashSet<SubscriberId>,
}

/// The registry of live rooms. Their tasks run under the node's supervisor (as `room:<id>`).
pub struct RoomTasks {
    rooms: Mutex<HashMap<i64, Entry>>,
    pubsub: PubSub,
    supervisor: Supervisor,
    idle: Duration,
    generations: AtomicU64,
}

/// A way to talk to one room's task; sending to a stopped task starts it again.
#[derive(Clone)]
pub struct RoomHandle {
    tasks: Arc<RoomTasks>,
    room_id: i64,
}

impl RoomHandle {
    fn send(&self, command: Command) {
        self.tasks
            .live(&mut self.tasks.lock(), self.room_id, Some(command));
    }

    pub fn joined(&self, socket: SubscriberId) {
        self.send(Command::Joined(socket));
    }

    pub fn left(&self, socket: SubscriberId) {
        self.send(Command::Left(socket));
    }

    pub fn typing(&self, socket: SubscriberId, user_id: i64, name: &str, typing: bool) {
        self.send(Command::Typing {
            socket,
            user_id,
            name: name.to_owned(),
            typing,
        });
    }
}

impl RoomTasks {
    pub fn new(pubsub: PubSub, supervisor: Supervisor, idle: Duration) -> Arc<Self> {
        Arc::new(Self {
            rooms: Mutex::default(),
            pubsub,
            supervisor,
            idle,
            generations: AtomicU64::new(0),
        })
    }

    /// The room's handle, its task started if it is not running.
    pub fn room(self: &Arc<Self>, room_id: i64) -> RoomHandle {
        self.live(&mut self.lock(), room_id, None);
        RoomHandle {
            tasks: self.clone(),
            room_id,
        }
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<i64, Entry>> {
        self.rooms.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Makes sure the room's task runs — starting it, or replacing one the supervisor gave up
    /// (its inbox is closed) — and hands it `command`. Called under the registry's lock, which
    /// a stopping task takes too, so no command is ever sent to a task on its way out.
    fn live(
        self: &Arc<Self>,
        rooms: &mut HashMap<i64, Entry>,
        room_id: i64,
        command: Option<Command>,
    ) {
        let entry = rooms
            .entry(room_id)
            .and_modify(|entry| {
                if entry.commands.is_closed() {
                    *entry = self.start(room_id);
                }
            })
            .or_insert_with(|| self.start(room_id));
        if let Some(command) = command {
            // Cannot fail: the inbox was open just now, and only closes after the task removes
            // its entry under this lock, or after the supervisor gives up (checked above).
            let _queued = entry.commands.send(command);
        }
    }

    fn start(self: &Arc<Self>, room_id: i64) -> Entry {
        let (commands, inbox) = mpsc::unbounded_channel();
        let generation = self.generations.fetch_add(1, Ordering::Relaxed);
        let sockets = Arc::new(AtomicUsize::new(0));
        let carried = Arc::new(tokio::sync::Mutex::new(Carried {
            inbox,
            sockets: HashSet::new(),
        }));
        let tasks = self.clone();
        let socket_count = sockets.clone();
        self.supervisor
            .start(channel::topic(room_id), Restart::Transient, move || {
                let (tasks, carried, socket_count) =
                    (tasks.clone(), carried.clone(), socket_count.clone());
                async move {
                    // A failed run's future is dropped before the next starts, and this lock
                    // (which does not poison) with it.
                    let mut carried = carried.lock().await;
                    let Carried { inbox, sockets } = &mut *carried;
                    loop {
                        let mut room = Room {
                            room_id,
                            topic: channel::topic(room_id),
                            pubsub: tasks.pubsub.clone(),
                            socket_count: socket_count.clone(),
                            sockets,
                            typing: HashMap::new(),
                            announced: HashMap::new(),
                            idle: tasks.idle,
                        };
                        room.run(inbox).await;
                        if tasks.finish(room_id, generation, inbox) {
                            return Ok(());
                        }
                    }
                }
            });
        tracing::debug!(room_id, "room task started");
        Entry {
            generation,
            commands,
            sockets,
        }
    }

    /// A run ended (idle, or stopped): the task is done unless a command arrived meanwhile.
    fn finish(
        &self,
        room_id: i64,
        generation: u64,
        inbox: &mpsc::UnboundedReceiver<Command>,
    ) -> bool {
        let mut rooms = self.lock();
        if !inbox.is_empty() {
            return false;
        }
        if rooms
            .get(&room_id)
            .is_some_and(|entry| entry.generation == generation)
        {
            rooms.remove(&room_id);
        }
        tracing::debug!(room_id, "room task stopped");
        true
    }

    /// Every live room's task, for the system page.
    pub fn list(&self) -> Vec<RoomTask> {
        let mut list: Vec<_> = self
            .lock()
            .iter()
            .filter(|(_, entry)| !entry.commands.is_closed())
            .map(|(room_id, entry)| RoomTask {
                room_id: *room_id,
                name: None,
                sockets: u32::try_from(entry.sockets.load(Ordering::Relaxed)).unwrap_or(u32::MAX),
            })
            .collect();
        list.sort_by_key(|room| room.room_id);
        list
    }

    /// Stops a room's task (it starts again on the next join). Returns whether it was running.
    pub fn stop(&self, room_id: i64) -> bool {
        // Dropping the sender ends the task's inbox, and with it the task.
        self.lock()
            .remove(&room_id)
            .is_some_and(|entry| !entry.commands.is_closed())
    }

    /// Makes a room's task fail, to see it restarted. Returns whether it was running.
    pub fn kill(&self, room_id: i64) -> bool {
        self.lock()
            .get(&room_id)
            .is_some_and(|entry| entry.commands.send(Command::Kill).is_ok())
    }
}

impl LiveRooms for RoomTasks {
    fn rooms(&self) -> Vec<RoomTask> {
        self.list()
    }

    fn stop_room(&self, room_id: i64) -> bool {
        self.stop(room_id)
    }
}
