//! Log lines as the node keeps them, `[LEVEL] time target - message` (the cookbook's layout,
//! recipe 12), and their parsing back into parts for the system page.

use std::{fmt, str::FromStr};

use serde::{Deserialize, Serialize};

/// How severe a line is, most severe first (so `Error < Warn` in this order).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warn,
    Info,
    Debug,
    Trace,
}

impl Level {
    pub const ALL: [Self; 5] = [
        Self::Error,
        Self::Warn,
        Self::Info,
        Self::Debug,
        Self::Trace,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warn => "warn",
            Self::Info => "info",
            Self::Debug => "debug",
            Self::Trace => "trace",
        }
    }

    /// The upper-case label a line carries.
    pub fn label(self) -> &'static str {
        match self {
            Self::Error => "ERROR",
            Self::Warn => "WARN",
            Self::Info => "INFO",
            Self::Debug => "DEBUG",
            Self::Trace => "TRACE",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A level that is not one of the five.
#[derive(Debug, thiserror::Error)]
#[error("unknown log level {0:?}")]
pub struct UnknownLevel(String);

impl FromStr for Level {
    type Err = UnknownLevel;

    /// Either case: `warn`, `WARN`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|level| level.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| UnknownLevel(s.to_owned()))
    }
}

/// A log line taken apart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogLine {
    pub level: Level,
    /// As written: RFC 3339 in UTC.
    pub time: String,
    /// Where it came from: the module path (`server::routes::health`).
    pub target: String,
    pub message: String,
}

impl LogLine {
    /// Parses `[LEVEL] time target - message`; `None` for anything else. The message may hold
    /// anything, ` - ` included: only the first one separates it.
    pub fn parse(line: &str) -> Option<Self> {
        let rest = line.strip_prefix('[')?;
        let (level, rest) = rest.split_once("] ")?;
        let (time, rest) = rest.split_once(' ')?;
        let (target, message) = rest.split_once(" - ")?;
        let valid_target = !target.is_empty() && !target.contains(char::is_whitespace);
        if time.is_empty() || !valid_target {
            return None;
        }
        Some(Self {
            level: level.parse().ok()?,
            time: time.to_owned(),
            target: target.to_owned(),
            message: message.trim_end_matches(['\r', '\n']).to_owned(),
        })
    }
}

impl fmt::Display for LogLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "[{}] {} {} - {}",
            self.level, self.time, self.target, self.message
        )
    }
}

/// Which lines to show: at least as severe as `level` (all when `None`), containing `text`
/// (ignoring case) in the target or the message.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LogFilter {
    pub level: Option<Level>,
    pub text: String,
}

impl LogFilter {
    pub fn accepts(&self, line: &LogLine) -> bool {
        let severe_enough = self.level.is_none_or(|level| line.level <= level);
        let text = self.text.trim().to_lowercase();
        severe_enough
            && (text.is_empty()
                || line.message.to_lowercase().contains(&text)
                || line.target.to_lowercase().contains(&text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_parses_into_its_parts() {
        let line =
            LogLine::parse("[ERROR] 2024-12-21T10:30:45.123Z app::db - Database connection failed")
                .unwrap();
        assert_eq!(line.level, Level::Error);
        assert_eq!(line.time, "2024-12-21T10:30:45.123Z");
        assert_eq!(line.target, "app::db");
        assert_eq!(line.message, "Database connection failed");
    }

    #[test]
    fn a_message_may_contain_the_separator_and_brackets() {
        let text = "[WARN] 2024-12-21T10:30:45Z server - a - b [c] error=\"x - y\"";
        let line = LogLine::parse(text).unwrap();
        assert_eq!(line.message, "a - b [c] error=\"x - y\"");
        assert_eq!(line.to_string(), text);
    }

    #[test]
    fn anything_else_is_not_a_line() {
        for text in [
            "",
            "plain text",
            "[NOTICE] 2024-12-21T10:30:45Z server - x",
            "[INFO] 2024-12-21T10:30:45Z - no target",
            "[INFO]  server - no time",
            "INFO 2024-12-21T10:30:45Z server - no brackets",
        ] {
            assert_eq!(LogLine::parse(text), None, "{text:?}");
        }
    }

    #[test]
    fn levels_parse_in_either_case_and_order_by_severity() {
        assert_eq!("warn".parse::<Level>().unwrap(), Level::Warn);
        assert_eq!("TRACE".parse::<Level>().unwrap(), Level::Trace);
        assert!("loud".parse::<Level>().is_err());
        assert!(Level::Error < Level::Warn && Level::Debug < Level::Trace);
    }

    #[test]
    fn the_filter_keeps_lines_at_least_as_severe_that_contain_the_text() {
        let line = |level, message: &str| LogLine {
            level,
            time: "t".into(),
            target: "server::chat".into(),
            message: message.into(),
        };
        let filter = LogFilter {
            level: Some(Level::Warn),
            text: "Room".into(),
        };
        assert!(filter.accepts(&line(Level::Error, "room task failed")));
        assert!(filter.accepts(&line(Level::Warn, "ROOM gone")));
        assert!(!filter.accepts(&line(Level::Info, "room task started")));
        assert!(!filter.accepts(&line(Level::Error, "database down")));
        let by_target = LogFilter {
            level: None,
            text: "CHAT".into(),
        };
        assert!(by_target.accepts(&line(Level::Trace, "anything")));
    }
}
