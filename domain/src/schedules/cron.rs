//! A cron expression read in a named time zone, and the fire times it gives.

use std::str::FromStr;

use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Tz;
use croner::{Cron as Pattern, parser::CronParser};

use super::ScheduleError;

/// A valid cron expression (five fields, or six with seconds first; `@daily` and the like) in
/// a valid IANA time zone: its fire times follow the zone's clock, daylight saving included.
#[derive(Clone, Debug)]
pub struct Cron {
    pattern: Pattern,
    zone: Tz,
}

impl Cron {
    pub fn parse(expression: &str, zone: &str) -> Result<Self, ScheduleError> {
        let expression = expression.trim();
        if expression.is_empty() || expression.len() > 120 {
            return Err(ScheduleError::InvalidCron(
                "write 5 fields (minute hour day month weekday), or 6 with seconds first".into(),
            ));
        }
        let pattern = CronParser::new()
            .parse(expression)
            .map_err(|error| ScheduleError::InvalidCron(error.to_string()))?;
        let zone =
            Tz::from_str(zone.trim()).map_err(|_| ScheduleError::UnknownTimeZone(zone.into()))?;
        Ok(Self { pattern, zone })
    }

    /// The first fire time strictly after `at` (unix ms), if there is one.
    pub fn next_after(&self, at: i64) -> Option<i64> {
        let at = self.zone.from_utc_datetime(&utc(at)?.naive_utc());
        self.pattern
            .find_next_occurrence(&at, false)
            .ok()
            .map(|next| next.timestamp_millis())
    }

    /// The last fire time at or before `at` (unix ms), if there is one.
    pub fn latest_until(&self, at: i64) -> Option<i64> {
        let at = self.zone.from_utc_datetime(&utc(at)?.naive_utc());
        self.pattern
            .find_previous_occurrence(&at, true)
            .ok()
            .map(|previous| previous.timestamp_millis())
    }

    /// The next `count` fire times after `at`.
    pub fn upcoming(&self, at: i64, count: usize) -> Vec<i64> {
        std::iter::successors(self.next_after(at), |last| self.next_after(*last))
            .take(count)
            .collect()
    }

    /// A fire time as the schedule's zone reads it: "2026-12-07 09:00 (Europe/Paris)".
    pub fn local(&self, at: i64) -> String {
        utc(at).map_or_else(String::new, |at| {
            format!(
                "{} ({})",
                at.with_timezone(&self.zone).format("%Y-%m-%d %H:%M:%S"),
                self.zone.name()
            )
        })
    }
}

fn utc(at: i64) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp_millis(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-12-03 12:00:00 UTC.
    const NOON: i64 = 1_796_299_200_000;

    #[test]
    fn fire_times_follow_the_zones_clock() {
        let daily = Cron::parse("0 9 * * *", "Europe/Paris").expect("valid");
        let next = daily.next_after(NOON).expect("a next");
        // 09:00 in Paris in December is 08:00 UTC, the next day.
        assert_eq!(next, NOON + 20 * 3_600_000);
        assert_eq!(daily.local(next), "2026-12-04 09:00:00 (Europe/Paris)");
        assert_eq!(daily.latest_until(NOON), Some(NOON - 4 * 3_600_000));
        let five = daily.upcoming(NOON, 5);
        assert_eq!(five.len(), 5);
        assert!(five.windows(2).all(|pair| pair[1] - pair[0] == 86_400_000));
    }

    #[test]
    fn seconds_are_a_sixth_field_and_a_fire_time_is_its_own_latest() {
        let every_ten = Cron::parse("*/10 * * * * *", "UTC").expect("valid");
        assert_eq!(every_ten.next_after(NOON), Some(NOON + 10_000));
        assert_eq!(every_ten.latest_until(NOON), Some(NOON));
        assert_eq!(every_ten.latest_until(NOON + 9_999), Some(NOON));
    }

    #[test]
    fn garbage_is_a_clear_error() {
        for bad in [
            "",
            "* * *",
            "61 * * * *",
            "every day",
            "* * * * * * * *",
            &"*".repeat(500),
        ] {
            assert!(
                matches!(Cron::parse(bad, "UTC"), Err(ScheduleError::InvalidCron(_))),
                "{bad:.20}"
            );
        }
        assert!(matches!(
            Cron::parse("0 9 * * *", "Mars/Olympus"),
            Err(ScheduleError::UnknownTimeZone(_))
        ));
    }
}
