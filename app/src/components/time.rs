//! Moments shown in the reader's time zone. The server knows no reader's zone, so it renders
//! UTC; once hydrated, the browser renders the reader's own time (an effect runs only there),
//! so the two never disagree while hydrating.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Utc};
use leptos::prelude::*;

/// `at` as a wall-clock date and time in the reader's time zone (UTC outside a browser).
pub fn local(at: DateTime<Utc>) -> NaiveDateTime {
    #[cfg(feature = "hydrate")]
    {
        let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
            at.timestamp_millis() as f64
        ));
        // Minutes behind UTC at that instant (negative east of Greenwich), DST included.
        let behind = date.get_timezone_offset() as i64;
        at.naive_utc() - chrono::Duration::minutes(behind)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        at.naive_utc()
    }
}

/// The present. In the browser it is JavaScript's clock: std's (and so `Utc::now`) panics on
/// wasm32-unknown-unknown.
pub fn now() -> DateTime<Utc> {
    #[cfg(feature = "hydrate")]
    {
        DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        Utc::now()
    }
}

/// How much of a moment to say.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TimeStyle {
    /// "Thursday 3 December 2026, 09:05".
    #[default]
    Full,
    /// "09:05".
    Clock,
    /// For logs: "09:05:30.123".
    Precise,
    /// For lists: "09:05" today, "Yesterday", "30 Nov" this year, "31 Dec 2025" before.
    Brief,
}

impl TimeStyle {
    /// `at` (a wall-clock time) in this style, `today` being the reader's date.
    pub fn words(self, at: NaiveDateTime, today: NaiveDate) -> String {
        let format = match self {
            Self::Full => "%A %-d %B %Y, %H:%M",
            Self::Clock => "%H:%M",
            Self::Precise => "%H:%M:%S%.3f",
            Self::Brief if at.date() == today => "%H:%M",
            Self::Brief if today.pred_opt() == Some(at.date()) => return "Yesterday".to_owned(),
            Self::Brief if at.year() == today.year() => "%-d %b",
            Self::Brief => "%-d %b %Y",
        };
        at.format(format).to_string()
    }
}

/// `at` in `style`, in the reader's time zone; the full date and time on hover.
#[component]
pub fn LocalTime(at: DateTime<Utc>, #[prop(optional)] style: TimeStyle) -> impl IntoView {
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let zoned = move |style: TimeStyle| {
        if hydrated.get() {
            style.words(local(at), local(now()).date())
        } else {
            let words = style.words(at.naive_utc(), now().date_naive());
            if style == TimeStyle::Full {
                format!("{words} UTC")
            } else {
                words
            }
        }
    };
    view! {
        <time datetime=at.to_rfc3339() title=move || zoned(TimeStyle::Full)>
            {move || zoned(style)}
        </time>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|day| day.and_hms_opt(h, min, 0))
            .expect("a valid time")
    }

    #[test]
    fn each_style_says_as_much_as_it_should() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 3).expect("a date");
        let morning = at(2026, 12, 3, 9, 5);
        assert_eq!(
            TimeStyle::Full.words(morning, today),
            "Thursday 3 December 2026, 09:05"
        );
        assert_eq!(TimeStyle::Clock.words(morning, today), "09:05");
        assert_eq!(TimeStyle::Precise.words(morning, today), "09:05:00.000");
        assert_eq!(TimeStyle::Brief.words(morning, today), "09:05");
        assert_eq!(
            TimeStyle::Brief.words(at(2026, 12, 2, 23, 59), today),
            "Yesterday"
        );
        assert_eq!(
            TimeStyle::Brief.words(at(2026, 11, 30, 8, 0), today),
            "30 Nov"
        );
        assert_eq!(
            TimeStyle::Brief.words(at(2025, 12, 31, 8, 0), today),
            "31 Dec 2025"
        );
        // Across a new year, the day before is still yesterday.
        let new_year = NaiveDate::from_ymd_opt(2027, 1, 1).expect("a date");
        assert_eq!(
            TimeStyle::Brief.words(at(2026, 12, 31, 8, 0), new_year),
            "Yesterday"
        );
    }
}
