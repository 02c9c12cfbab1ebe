//! The node's health checks (recipe 14's bounded parallel map, through
//! [`ops::checks::HealthChecks`]): the database answers, the data directory's disk has room,
//! and no supervised task was given up. `/health/ready` and the system page run the same list.

use std::path::{Path, PathBuf};

use domain::db::Db;
use ops::{
    checks::{Check, HealthChecks},
    supervisor::Supervisor,
};

/// Less free space than this where the node keeps its files, and it is not ready.
pub const MIN_FREE_BYTES: u64 = 100 * 1024 * 1024;

pub fn node_checks(
    db: Db,
    data_dir: PathBuf,
    supervisor: Supervisor,
    timeout: std::time::Duration,
) -> HealthChecks {
    HealthChecks::new(
        timeout,
        vec![
            Check::new("database", move || {
                let db = db.clone();
                async move {
                    db.ping()
                        .await
                        .map(|()| format!("{} answers", db.backend().name()))
                        .map_err(|error| {
                            tracing::warn!(
                                error = &error as &dyn std::error::Error,
                                "health check: the database failed"
                            );
                            "the database does not answer".to_owned()
                        })
                }
            }),
            Check::new("disk", move || {
                let data_dir = data_dir.clone();
                async move {
                    tokio::task::spawn_blocking(move || free_space(&data_dir))
                        .await
                        .map_err(|_| "the disk check failed".to_owned())?
                }
            }),
            Check::new("supervisor", move || {
                let supervisor = supervisor.clone();
                async move {
                    match supervisor.escalation() {
                        None => Ok(match supervisor.tasks().len() {
                            1 => "1 task supervised, none given up".to_owned(),
                            n => format!("{n} tasks supervised, none given up"),
                        }),
                        Some(why) => Err(why),
                    }
                }
            }),
        ],
    )
}

/// The free space on the disk that holds `dir` (or, before it exists, its nearest ancestor).
fn free_space(dir: &Path) -> Result<String, String> {
    let existing = dir
        .ancestors()
        .find(|path| path.exists())
        .unwrap_or(Path::new("."));
    let free = fs4::available_space(existing).map_err(|error| {
        format!(
            "cannot read the free space of {}: {error}",
            existing.display()
        )
    })?;
    let text = format!("{} free for {}", size(free), dir.display());
    if free < MIN_FREE_BYTES {
        Err(format!(
            "only {text}; at least {} needed",
            size(MIN_FREE_BYTES)
        ))
    } else {
        Ok(text)
    }
}

fn size(bytes: u64) -> String {
    const MIB: f64 = 1024.0 * 1024.0;
    let mib = bytes as f64 / MIB;
    if mib >= 1024.0 {
        format!("{:.1} GiB", mib / 1024.0)
    } else {
        format!("{mib:.1} MiB")
    }
}
