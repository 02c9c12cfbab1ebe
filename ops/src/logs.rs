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

/// The last lines logged, oldest first; at most `capacity` of them.
pub struct LogRing {
    lines: Mutex<VecDeque<String>>,
    capacity: usize,
}

impl LogRing {
    pub fn new(capacity: usize) -> Arc<Self> {
        Arc::new(Self {
            lines: Mutex::new(VecDeque::with_capacity(capacity)),
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
        if lines.len() == self.capacity {
            lines.pop_front();
        }
        lines.push_back(line);
    }

    /// The lines that parse and pass `filter`, newest first, at most `limit`; and how many
    /// lines the ring holds in all.
    pub fn search(&self, filter: &LogFilter, limit: usize) -> (Vec<LogLine>, usize) {
        let lines = self.lock();
        let found = lines
            .iter()
            .rev()
            .filter_map(|line| LogLine::parse(line))
            .filter(|line| filter.accepts(line))
            .take(limit)
            .collect();
        (found, lines.len())
    }

    fn lock(&self) -> MutexGuard<'_, VecDeque<String>> {
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
        let (lines, kept) = ring.search(&LogFilter::default(), 10);
        assert_eq!(kept, 1);
        let line = &lines[0];
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
        let (lines, kept) = ring.search(&LogFilter::default(), 10);
        assert_eq!(kept, 3);
        let messages: Vec<_> = lines.iter().map(|l| l.message.as_str()).collect();
        assert_eq!(messages, ["the database is down", "line 4", "line 3"]);
        let errors = LogFilter {
            level: Some(Level::Error),
            text: String::new(),
        };
        assert_eq!(ring.search(&errors, 10).0.len(), 1);
        assert_eq!(ring.search(&LogFilter::default(), 2).0.len(), 2);
    }

    #[test]
    fn long_lines_are_cut_at_a_character_boundary() {
        let ring = LogRing::new(1);
        ring.push(format!("[INFO] t x - {}", "é".repeat(MAX_LINE_BYTES)));
        let (lines, _) = ring.search(&LogFilter::default(), 1);
        assert!(lines[0].message.ends_with('…'));
        assert!(lines[0].to_string().len() <= MAX_LINE_BYTES + '…'.len_utf8());
    }
}
