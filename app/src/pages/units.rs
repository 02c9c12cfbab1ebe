//! How quantities are written on the pages, in the page's language: numbers, durations,
//! memory, file sizes and moments. One place, so every page says "12.5 MiB" the same way
//! ("12,5 Mio" in French).

use chrono::{DateTime, Utc};

use crate::i18n::{Locale, td_string};

const MIB: f64 = 1024.0 * 1024.0;

/// A whole number with the language's grouping: "12,345" (en), "12 345" (fr, with a narrow
/// no-break space), "12.345" (es, id); Spanish groups only from five digits on. Takes any of
/// the integer types the figures come in (`i128` holds them all).
pub fn integer(locale: Locale, value: impl Into<i128>) -> String {
    let value: i128 = value.into();
    let digits = value.unsigned_abs().to_string();
    let grouped = if locale == Locale::es && digits.len() <= 4 {
        digits
    } else {
        group(&digits, thousands(locale))
    };
    if value < 0 {
        format!("-{grouped}")
    } else {
        grouped
    }
}

/// A number with `places` decimals, grouped and with the language's decimal sign: "1,234.5"
/// (en), "1 234,5" (fr), "1234,5" (es), "1.234,5" (id). Not a number reads as 0.
pub fn decimal(locale: Locale, value: f64, places: usize) -> String {
    let value = finite(value);
    let fixed = format!("{:.places$}", value.abs());
    let (whole, fraction) = fixed.split_once('.').unwrap_or((&fixed, ""));
    let whole = whole
        .parse::<i128>()
        .map_or_else(|_| whole.to_owned(), |n| integer(locale, n));
    // A negative number that rounds to zero is written without its sign.
    let rounds_to_zero = !fixed.bytes().any(|b| matches!(b, b'1'..=b'9'));
    let sign = if value < 0.0 && !rounds_to_zero {
        "-"
    } else {
        ""
    };
    if fraction.is_empty() {
        format!("{sign}{whole}")
    } else {
        let point = if locale == Locale::en { '.' } else { ',' };
        format!("{sign}{whole}{point}{fraction}")
    }
}

fn thousands(locale: Locale) -> &'static str {
    match locale {
        Locale::en => ",",
        Locale::fr => "\u{202F}",
        Locale::es | Locale::id => ".",
    }
}

fn group(digits: &str, separator: &str) -> String {
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3 * separator.len());
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push_str(separator);
        }
        grouped.push(digit);
    }
    grouped
}

/// Milliseconds with one decimal: "0.4 ms", "12.5 ms" (response times are often below 1 ms).
pub fn millis(locale: Locale, ms: f64) -> String {
    td_string!(locale, units.millis, n = decimal(locale, ms, 1))
}

/// A period in whole seconds when it is one ("2 s"), else in milliseconds ("500 ms").
pub fn interval(locale: Locale, ms: u64) -> String {
    if ms.is_multiple_of(1000) {
        td_string!(locale, units.seconds, n = integer(locale, ms / 1000))
    } else {
        td_string!(locale, units.millis, n = integer(locale, ms))
    }
}

/// Bytes in mebibytes with one decimal: "118.3 MiB" ("118,3 Mio" in French).
pub fn mebibytes(locale: Locale, bytes: u64) -> String {
    td_string!(
        locale,
        units.mebibytes,
        n = decimal(locale, bytes as f64 / MIB, 1)
    )
}

/// A file's size as the upload rules count it (a megabyte is 1024 × 1024 bytes, so a file
/// shown as "10.0 MB" is within the "up to 10 MB" limit): "512 B", "12.3 KB", "4.2 MB"
/// ("4,2 Mo" in French).
pub fn file_size(locale: Locale, bytes: u64) -> String {
    const KB: f64 = 1024.0;
    match bytes {
        0..1024 => td_string!(locale, units.bytes, n = bytes),
        1024..1_048_576 => {
            td_string!(
                locale,
                units.kilobytes,
                n = decimal(locale, bytes as f64 / KB, 1)
            )
        }
        _ => td_string!(
            locale,
            units.megabytes,
            n = decimal(locale, bytes as f64 / MIB, 1)
        ),
    }
}

/// A size in the upload rules' megabytes, whole when it is ("10 MB"), else with one
/// decimal ("0.6 MB"): how limits and quotas are said.
pub fn megabytes(locale: Locale, bytes: u64) -> String {
    let megabytes = bytes as f64 / MIB;
    let places = if bytes.is_multiple_of(1024 * 1024) {
        0
    } else {
        1
    };
    td_string!(
        locale,
        units.megabytes,
        n = decimal(locale, megabytes, places)
    )
}

/// How long the node has run, in its two largest units: "45 s", "3 min 7 s", "2 h 5 min",
/// "4 d 1 h".
pub fn uptime(locale: Locale, secs: u64) -> String {
    let (days, hours, minutes, seconds) =
        (secs / 86_400, secs / 3_600 % 24, secs / 60 % 60, secs % 60);
    match (days, hours, minutes) {
        (0, 0, 0) => td_string!(locale, units.seconds, n = seconds),
        (0, 0, _) => td_string!(
            locale,
            units.minutes_seconds,
            minutes = minutes,
            seconds = seconds
        ),
        (0, _, _) => td_string!(
            locale,
            units.hours_minutes,
            hours = hours,
            minutes = minutes
        ),
        _ => td_string!(locale, units.days_hours, days = days, hours = hours),
    }
}

/// A moment in unix milliseconds as the machine-readable `datetime` of a `<time>`.
pub fn rfc3339(at_ms: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(at_ms)
        .map(|at| at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
        .unwrap_or_default()
}

/// The time of day of a moment in unix milliseconds, "HH:MM:SS", in the reader's time zone
/// (UTC outside a browser). Only for what the browser alone renders.
pub fn clock(at_ms: i64) -> String {
    #[cfg(feature = "hydrate")]
    {
        let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at_ms as f64));
        format!(
            "{:02}:{:02}:{:02}",
            date.get_hours(),
            date.get_minutes(),
            date.get_seconds()
        )
    }
    #[cfg(not(feature = "hydrate"))]
    {
        DateTime::<Utc>::from_timestamp_millis(at_ms)
            .map_or_else(|| "—".to_owned(), |at| at.format("%H:%M:%S").to_string())
    }
}

fn finite(value: f64) -> f64 {
    if value.is_finite() { value } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EN: Locale = Locale::en;

    #[test]
    fn milliseconds_keep_one_decimal() {
        assert_eq!(millis(EN, 0.0), "0.0 ms");
        assert_eq!(millis(EN, 0.44), "0.4 ms");
        assert_eq!(millis(EN, 12.46), "12.5 ms");
        assert_eq!(millis(EN, f64::NAN), "0.0 ms");
        assert_eq!(millis(Locale::fr, 12.46), "12,5\u{a0}ms");
    }

    #[test]
    fn numbers_follow_each_language() {
        assert_eq!(integer(EN, 1_234_567), "1,234,567");
        assert_eq!(integer(Locale::fr, 1_234_567), "1\u{202F}234\u{202F}567");
        assert_eq!(integer(Locale::id, 1_234_567), "1.234.567");
        assert_eq!(integer(Locale::es, 1_234), "1234");
        assert_eq!(integer(Locale::es, 12_345), "12.345");
        assert_eq!(integer(EN, -1_000), "-1,000");
        assert_eq!(integer(EN, 999), "999");
        assert_eq!(decimal(EN, 1_234.56, 1), "1,234.6");
        assert_eq!(decimal(Locale::fr, 1_234.56, 1), "1\u{202F}234,6");
        assert_eq!(decimal(Locale::es, 1_234.56, 2), "1234,56");
        assert_eq!(decimal(Locale::id, 0.5, 1), "0,5");
        assert_eq!(decimal(EN, -0.04, 1), "0.0");
        assert_eq!(decimal(EN, -2.5, 1), "-2.5");
        assert_eq!(decimal(EN, f64::INFINITY, 1), "0.0");
    }

    #[test]
    fn intervals_are_in_seconds_when_whole() {
        assert_eq!(interval(EN, 2_000), "2 s");
        assert_eq!(interval(EN, 500), "500 ms");
        assert_eq!(interval(EN, 1_500), "1,500 ms");
    }

    #[test]
    fn memory_is_in_mebibytes() {
        assert_eq!(mebibytes(EN, 0), "0.0 MiB");
        assert_eq!(mebibytes(EN, 1024 * 1024), "1.0 MiB");
        assert_eq!(mebibytes(EN, 124_044_902), "118.3 MiB");
        assert_eq!(mebibytes(Locale::fr, 124_044_902), "118,3\u{a0}Mio");
    }

    #[test]
    fn file_sizes_count_as_the_upload_rules_do() {
        assert_eq!(file_size(EN, 0), "0 B");
        assert_eq!(file_size(EN, 1023), "1023 B");
        assert_eq!(file_size(EN, 1024), "1.0 KB");
        assert_eq!(file_size(EN, 12_595), "12.3 KB");
        assert_eq!(file_size(EN, 10 * 1024 * 1024), "10.0 MB");
        assert_eq!(file_size(EN, 4_404_019), "4.2 MB");
        assert_eq!(file_size(Locale::fr, 4_404_019), "4,2\u{a0}Mo");
        assert_eq!(file_size(Locale::es, 12_595), "12,3 KB");
        assert_eq!(file_size(Locale::id, 512), "512 B");
    }

    #[test]
    fn limits_are_in_whole_megabytes_when_they_are() {
        assert_eq!(megabytes(EN, 10 * 1024 * 1024), "10 MB");
        assert_eq!(megabytes(EN, 629_146), "0.6 MB");
        assert_eq!(megabytes(Locale::fr, 10 * 1024 * 1024), "10\u{a0}Mo");
    }

    #[test]
    fn uptime_names_its_two_largest_units() {
        assert_eq!(uptime(EN, 0), "0 s");
        assert_eq!(uptime(EN, 45), "45 s");
        assert_eq!(uptime(EN, 187), "3 min 7 s");
        assert_eq!(uptime(EN, 7_500), "2 h 5 min");
        assert_eq!(uptime(EN, 4 * 86_400 + 3_600 + 59), "4 d 1 h");
        assert_eq!(
            uptime(Locale::fr, 4 * 86_400 + 3_600 + 59),
            "4\u{a0}j 1\u{a0}h"
        );
    }

    #[test]
    fn moments_are_written_for_machines_and_clocks() {
        assert_eq!(rfc3339(1_769_850_300_123), "2026-01-31T09:05:00.123Z");
        assert_eq!(clock(1_769_850_305_000), "09:05:05");
    }
}
