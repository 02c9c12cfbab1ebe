//! How quantities are written on the pages: durations, memory, file sizes and moments. One
//! place, so every page says "12.5 MiB" the same way.

use chrono::{DateTime, Utc};

const MIB: f64 = 1024.0 * 1024.0;

/// Milliseconds with one decimal: "0.4 ms", "12.5 ms" (response times are often below 1 ms).
pub fn millis(ms: f64) -> String {
    format!("{:.1} ms", finite(ms))
}

/// A period in whole seconds when it is one ("2 s"), else in milliseconds ("500 ms").
pub fn interval(ms: u64) -> String {
    if ms.is_multiple_of(1000) {
        format!("{} s", ms / 1000)
    } else {
        format!("{ms} ms")
    }
}

/// Bytes in mebibytes with one decimal: "118.3 MiB".
pub fn mebibytes(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / MIB)
}

/// A file's size as the upload rules count it (a megabyte is 1024 × 1024 bytes, so a file
/// shown as "10.0 MB" is within the "up to 10 MB" limit): "512 B", "12.3 KB", "4.2 MB".
pub fn file_size(bytes: u64) -> String {
    const KB: f64 = 1024.0;
    match bytes {
        0..1024 => format!("{bytes} B"),
        1024..1_048_576 => format!("{:.1} KB", bytes as f64 / KB),
        _ => format!("{:.1} MB", bytes as f64 / MIB),
    }
}

/// How long the node has run, in its two largest units: "45 s", "3 min 7 s", "2 h 5 min",
/// "4 d 1 h".
pub fn uptime(secs: u64) -> String {
    let (days, hours, minutes, seconds) =
        (secs / 86_400, secs / 3_600 % 24, secs / 60 % 60, secs % 60);
    match (days, hours, minutes) {
        (0, 0, 0) => format!("{seconds} s"),
        (0, 0, _) => format!("{minutes} min {seconds} s"),
        (0, _, _) => format!("{hours} h {minutes} min"),
        _ => format!("{days} d {hours} h"),
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

    #[test]
    fn milliseconds_keep_one_decimal() {
        assert_eq!(millis(0.0), "0.0 ms");
        assert_eq!(millis(0.44), "0.4 ms");
        assert_eq!(millis(12.46), "12.5 ms");
        assert_eq!(millis(f64::NAN), "0.0 ms");
    }

    #[test]
    fn intervals_are_in_seconds_when_whole() {
        assert_eq!(interval(2_000), "2 s");
        assert_eq!(interval(500), "500 ms");
        assert_eq!(interval(1_500), "1500 ms");
    }

    #[test]
    fn memory_is_in_mebibytes() {
        assert_eq!(mebibytes(0), "0.0 MiB");
        assert_eq!(mebibytes(1024 * 1024), "1.0 MiB");
        assert_eq!(mebibytes(124_044_902), "118.3 MiB");
    }

    #[test]
    fn file_sizes_count_as_the_upload_rules_do() {
        assert_eq!(file_size(0), "0 B");
        assert_eq!(file_size(1023), "1023 B");
        assert_eq!(file_size(1024), "1.0 KB");
        assert_eq!(file_size(12_595), "12.3 KB");
        assert_eq!(file_size(10 * 1024 * 1024), "10.0 MB");
        assert_eq!(file_size(4_404_019), "4.2 MB");
    }

    #[test]
    fn uptime_names_its_two_largest_units() {
        assert_eq!(uptime(0), "0 s");
        assert_eq!(uptime(45), "45 s");
        assert_eq!(uptime(187), "3 min 7 s");
        assert_eq!(uptime(7_500), "2 h 5 min");
        assert_eq!(uptime(4 * 86_400 + 3_600 + 59), "4 d 1 h");
    }

    #[test]
    fn moments_are_written_for_machines_and_clocks() {
        assert_eq!(rfc3339(1_769_850_300_123), "2026-01-31T09:05:00.123Z");
        assert_eq!(clock(1_769_850_305_000), "09:05:05");
    }
}
