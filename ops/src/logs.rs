//! The recent log lines, kept in memory for the system page (recipes 12 and 37): a
//! `tracing` layer writes each event as one text line, `[LEVEL] time target - message`, into a
//! bounded ring; the page parses them back ([`LogLine::parse`]) to filter and show them. Text,
//! because it is what an operator copies and greps, and its length bounds its memory.

use std::{
    collections::VecDeque,
    fmt::{self, Write as _},
    sync::{Arc, Mutex, MutexGuard, PoisonError},
};

use chrono::{SecondsFormat, Utc};
use model::system::{Level, LogFilter, LogLine};
use tracing::{Event, Subscriber, field::Field};
use tracing_subscriber::{Layer, layer::Context};

/// A line longer than this is cut (at a character boundary) and marked with `…`.
pub const MAX_LINE_BYTES: usize = 2048;

/// The last lines logged, oldest first, each numbered in the order it came; at most
/// `capacity` of them.
pub struct LogRing {
    lines: Mutex<Lines>,
    capacity: usize,
}

#[derive(Default)]
struct Lines {
    kept: VecDeque<(u64, String)>,
    next_number: u64,
}

/// One page of the lines that pass a filter, newest first.
#[derive(Debug)]
pub struct LogPage {
    pub lines: Vec<LogLine>,
    /// Where the next, older page starts (`before` for [`LogRing::search`]); `None` on the last.
    pub older: Option<u64>,
    /// How many lines the ring holds in all.
    pub kept: usize,
}

impl LogRing {
    pub fn new(capacity: usize) -> Arc<Self> {
        Arc::new(Self {
            lines: Mutex::new(Lines {
                kept: VecDeque::with_capacity(capacity),
                next_number: 0,
            }),
            capacity,
        })
    }

    /// The layer that writes into this ring, for the process's subscriber.
    pub fn layer(self: &Arc<Self>) -> RingLayer {
        RingLayer(self.clone())
    }

    pub fn push(&self, mut line: String) {
        if line.len() > MAX_LINE_BYTES {
            let mut cut = MAX_LINE_BYTES;
            while !line.is_char_boundary(cut) {
                cut -= 1;
            }
            line.truncate(cut);
            line.push('…');
        }
        let mut lines = self.lock();
        if lines.kept.len() == self.capacity {
            lines.kept.pop_front();
        }
        let number = lines.next_number;
        lines.next_number += 1;
        lines.kept.push_back((number, line));
    }

    /// At most `limit` of the lines that parse and pass `filter`, newest first, starting
    /// below line number `before` (from the newest when `None`). Numbers, not offsets, so a
    /// page stays where it was while new lines arrive.
    pub fn search(&self, filter: &LogFilter, before: Option<u64>, limit: usize) -> LogPage {
        let lines = self.lock();
        let mut found: Vec<(u64, LogLine)> = lines
            .kept
            .iter()
            .rev()
            .skip_while(|(number, _)| before.is_some_and(|before| *number >= before))
            .filter_map(|(number, text)| Some((*number, LogLine::parse(text)?)))
            .filter(|(_, line)| filter.accepts(line))
            .take(limit.saturating_add(1))
            .collect();
        let older = if found.len() > limit {
            found.truncate(limit);
            found.last().map(|(number, _)| *number)
        } else {
            None
        };
        LogPage {
            lines: found.into_iter().map(|(_, line)| line).collect(),
            older,
            kept: lines.kept.len(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Lines> {
        self.lines.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Writes every event that passes the subscriber's filter into a [`LogRing`].
pub struct RingLayer(Arc<LogRing>);

impl<S: Subscriber> Layer<S> for RingLayer {
    fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
        let metadata = event.metadata();
        let level = match *metadata.level() {
            tracing::Level::ERROR => Level::Error,
            tracing::Level::WARN => Level::Warn,
            tracing::Level::INFO => Level::Info,
            tracing::Level::DEBUG => Level::Debug,
            tracing::Level::TRACE => Level::Trace,
        };
        let time = Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true);
        let mut fields = Fields::default();
        event.record(&mut fields);
        let line = LogLine {
            level,
            time,
            target: metadata.target().to_owned(),
            message: fields.into_message(),
        };
        self.0.push(line.to_string());
    }
}

/// An event's message, then its other fields as ` name=value`, on one line.
#[derive(Default)]
struct Fields {
    message: String,
    rest: String,
}

impl Fields {
    fn into_message(mut self) -> String {
        self.message.push_str(&self.rest);
        // One event, one line: newlines inside values would split it.
        self.message.replace(['\n', '\r'], " ")
    }
}

impl tracing::field::Visit for Fields {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.message.push_str(value);
        } else {
            self.record_debug(field, &value);
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        if field.name() == "message" {
            let _infallible = write!(self.message, "{value:?}");
        } else {
            let _infallible = write!(self.rest, " {}={value:?}", field.name());
        }
    }
}

#[cfg(test)]
mod tests {
    use tracing_subscriber::layer::SubscriberExt;

    use super::*;

    fn logged(ring: &Arc<LogRing>, log: impl FnOnce()) {
        let subscriber = tracing_subscriber::registry().with(ring.layer());
        tracing::subscriber::with_default(subscriber, log);
    }

    #[test]
    fn events_become_lines_that_parse_back() {
        let ring = LogRing::new(10);
        logged(&ring, || {
            tracing::warn!(room_id = 7, reason = "boom\nagain", "room task failed");
        });
        let page = ring.search(&LogFilter::default(), None, 10);
        assert_eq!(page.kept, 1);
        let line = &page.lines[0];
        assert_eq!(line.level, Level::Warn);
        assert_eq!(line.target, module_path!());
        assert_eq!(
            line.message,
            r#"room task failed room_id=7 reason="boom\nagain""#
        );
        assert!(
            line.time.ends_with('Z') && line.time.len() == 24,
            "{}",
            line.time
        );
    }

    #[test]
    fn the_ring_keeps_the_newest_lines_and_answers_newest_first() {
        let ring = LogRing::new(3);
        logged(&ring, || {
            for n in 0..5 {
                tracing::info!("line {n}");
            }
            tracing::error!("the database is down");
        });
        let page = ring.search(&LogFilter::default(), None, 10);
        assert_eq!(page.kept, 3);
        assert_eq!(
            messages(&page),
            ["the database is down", "line 4", "line 3"]
        );
        assert_eq!(page.older, None);
        let errors = LogFilter {
            level: Some(Level::Error),
            text: String::new(),
        };
        assert_eq!(ring.search(&errors, None, 10).lines.len(), 1);
    }

    fn messages(page: &LogPage) -> Vec<&str> {
        page.lines.iter().map(|l| l.message.as_str()).collect()
    }

    #[test]
    fn pages_go_back_in_time_and_stay_put_while_new_lines_arrive() {
        let ring = LogRing::new(100);
        logged(&ring, || {
            for n in 0..5 {
                tracing::info!("line {n}");
                tracing::debug!("noise {n}");
            }
        });
        let only_lines = LogFilter {
            level: None,
            text: "line".to_owned(),
        };
        let first = ring.search(&only_lines, None, 2);
        assert_eq!(messages(&first), ["line 4", "line 3"]);
        let older = first.older.expect("more lines than a page");

        logged(&ring, || tracing::info!("line 5"));
        let second = ring.search(&only_lines, Some(older), 2);
        assert_eq!(messages(&second), ["line 2", "line 1"]);
        let last = ring.search(&only_lines, second.older, 2);
        assert_eq!(messages(&last), ["line 0"]);
        assert_eq!(last.older, None);
        // Exactly a page left: no empty page after it.
        let exact = ring.search(&only_lines, second.older.map(|n| n + 1), 3);
        assert_eq!(exact.older, None);
        // A cursor from the future or the distant past is no error.
        assert_eq!(ring.search(&only_lines, Some(u64::MAX), 2).lines.len(), 2);
        assert!(ring.search(&only_lines, Some(0), 2).lines.is_empty());
    }

    #[test]
    fn long_lines_are_cut_at_a_character_boundary() {
        let ring = LogRing::new(1);
        ring.push(format!("[INFO] t x - {}", "é".repeat(MAX_LINE_BYTES)));
        let lines = ring.search(&LogFilter::default(), None, 1).lines;
        assert!(lines[0].message.ends_with('…'));
        assert!(lines[0].to_string().len() <= MAX_LINE_BYTES + '…'.len_utf8());
    }
}
