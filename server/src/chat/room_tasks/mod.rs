//! One task per live chat room (cookbook recipes 15 and 18): started on the room's first join,
//! found by room id through the registry, stopped once the room has been empty for a while, and
//! restarted if it fails. It owns what is live about a room rather than stored (see [`room`]).

mod room;

use std::{
    collections::{HashMap, HashSet},
    panic::AssertUnwindSafe,
    sync::{
        Arc, Mutex, MutexGuard, PoisonError,
        atomic::{AtomicU64, AtomicUsize, Ordering},
    },
    time::Duration,
};

use chrono::{DateTime, Utc};
use domain::{
    chat::room_topic,
    pubsub::{PubSub, SubscriberId},
};
use futures_util::FutureExt;
use tokio::{sync::mpsc, time::Instant};

pub use room::TYPING_EXPIRES;
use room::{Command, Room};

/// Restarts allowed within [`RESTART_WINDOW`] before a room task is given up (recipe 21's
/// restart intensity, as the cookbook's default: 3 in 5 seconds).
const MAX_RESTARTS: usize = 3;
const RESTART_WINDOW: Duration = Duration::from_secs(5);

/// What a room task is seen as on the system page.
#[derive(Clone, Debug, serde::Serialize)]
pub struct RoomTaskInfo {
    pub room_id: i64,
    pub started_at: DateTime<Utc>,
    pub restarts: usize,
    pub sockets: usize,
    pub last_error: Option<String>,
}

struct Entry {
    /// Tells this task's entry from a later one for the same room, so a stopping task never
    /// removes its successor.
    generation: u64,
    commands: mpsc::UnboundedSender<Command>,
    started_at: DateTime<Utc>,
    restarts: usize,
    sockets: Arc<AtomicUsize>,
    last_error: Option<String>,
}

/// The registry of live rooms and the supervisor of their tasks.
pub struct RoomTasks {
    rooms: Mutex<HashMap<i64, Entry>>,
    pubsub: PubSub,
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
        let mut rooms = self.tasks.lock();
        let entry = rooms
            .entry(self.room_id)
            .or_insert_with(|| self.tasks.start(self.room_id));
        // Cannot fail: a task removes its entry, under this lock, before its inbox goes.
        let _queued = entry.commands.send(command);
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
    pub fn new(pubsub: PubSub, idle: Duration) -> Arc<Self> {
        Arc::new(Self {
            rooms: Mutex::default(),
            pubsub,
            idle,
            generations: AtomicU64::new(0),
        })
    }

    /// The room's handle, its task started if it is not running.
    pub fn room(self: &Arc<Self>, room_id: i64) -> RoomHandle {
        self.lock()
            .entry(room_id)
            .or_insert_with(|| self.start(room_id));
        RoomHandle {
            tasks: self.clone(),
            room_id,
        }
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<i64, Entry>> {
        self.rooms.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn start(self: &Arc<Self>, room_id: i64) -> Entry {
        let (commands, inbox) = mpsc::unbounded_channel();
        let generation = self.generations.fetch_add(1, Ordering::Relaxed);
        let sockets = Arc::new(AtomicUsize::new(0));
        tokio::spawn(
            self.clone()
                .supervise(room_id, generation, sockets.clone(), inbox),
        );
        tracing::debug!(room_id, "room task started");
        Entry {
            generation,
            commands,
            started_at: Utc::now(),
            restarts: 0,
            sockets,
            last_error: None,
        }
    }

    /// Runs the room's task, restarting it after a failure unless it failed more than
    /// [`MAX_RESTARTS`] times within [`RESTART_WINDOW`]. The inbox and the room's sockets
    /// outlive each run, so a restart loses neither.
    async fn supervise(
        self: Arc<Self>,
        room_id: i64,
        generation: u64,
        socket_count: Arc<AtomicUsize>,
        mut inbox: mpsc::UnboundedReceiver<Command>,
    ) {
        let mut failures: Vec<Instant> = Vec::new();
        let mut sockets = HashSet::new();
        loop {
            let mut room = Room {
                room_id,
                topic: room_topic(room_id),
                pubsub: self.pubsub.clone(),
                socket_count: socket_count.clone(),
                sockets: std::mem::take(&mut sockets),
                typing: HashMap::new(),
                idle: self.idle,
            };
            let run = AssertUnwindSafe(room.run(&mut inbox)).catch_unwind().await;
            sockets = std::mem::take(&mut room.sockets);
            let mut rooms = self.lock();
            let ours = rooms
                .get_mut(&room_id)
                .filter(|entry| entry.generation == generation);
            match run {
                // Idle, or stopped: done, unless a command arrived while stopping.
                Ok(()) if inbox.is_empty() => {
                    if ours.is_some() {
                        rooms.remove(&room_id);
                    }
                    tracing::debug!(room_id, "room task stopped");
                    return;
                }
                Ok(()) => {}
                Err(panic) => {
                    let reason = panic_message(panic.as_ref());
                    tracing::error!(room_id, reason, "room task failed");
                    let now = Instant::now();
                    failures.retain(|at| now.duration_since(*at) < RESTART_WINDOW);
                    failures.push(now);
                    if failures.len() > MAX_RESTARTS {
                        tracing::error!(room_id, "room task failed too often; given up");
                        if ours.is_some() {
                            rooms.remove(&room_id);
                        }
                        return;
                    }
                    if let Some(entry) = ours {
                        entry.restarts += 1;
                        entry.last_error = Some(reason);
                    }
                }
            }
        }
    }

    /// Every live room's task, for the system page.
    pub fn list(&self) -> Vec<RoomTaskInfo> {
        let mut list: Vec<_> = self
            .lock()
            .iter()
            .map(|(room_id, entry)| RoomTaskInfo {
                room_id: *room_id,
                started_at: entry.started_at,
                restarts: entry.restarts,
                sockets: entry.sockets.load(Ordering::Relaxed),
                last_error: entry.last_error.clone(),
            })
            .collect();
        list.sort_by_key(|info| info.room_id);
        list
    }

    /// Stops a room's task (it starts again on the next join). Returns whether it was running.
    pub fn stop(&self, room_id: i64) -> bool {
        // Dropping the sender ends the task's inbox, and with it the task.
        self.lock().remove(&room_id).is_some()
    }

    /// Makes a room's task fail, to see it restarted. Returns whether it was running.
    pub fn kill(&self, room_id: i64) -> bool {
        self.lock()
            .get(&room_id)
            .is_some_and(|entry| entry.commands.send(Command::Kill).is_ok())
    }
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panicked".to_owned())
}
