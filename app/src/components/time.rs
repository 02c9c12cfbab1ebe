//! Moments shown in the reader's time zone. The server knows no reader's zone, so it renders
//! UTC; once hydrated, the browser renders the reader's own time (an effect runs only there),
//! so the two never disagree while hydrating.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Utc, Weekday};
use leptos::prelude::*;

use crate::i18n::{Locale, td_string, use_i18n};

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
    /// "Thursday 3 December 2026, 09:05" (each language its own order and words).
    #[default]
    Full,
    /// "09:05".
    Clock,
    /// For logs: "09:05:30.123", the same in every language.
    Precise,
    /// For lists: "09:05" today, "Yesterday", "30 Nov" this year, "31 Dec 2025" before.
    Brief,
}

impl TimeStyle {
    /// `at` (a wall-clock time) in this style and `locale`, `today` being the reader's date.
    pub fn words(self, locale: Locale, at: NaiveDateTime, today: NaiveDate) -> String {
        let date = at.date();
        match self {
            Self::Full => td_string!(
                locale,
                time.full,
                weekday = weekday(locale, date.weekday()),
                day = date.day(),
                month = month(locale, date.month()),
                year = date.year(),
                clock = clock(locale, at),
            ),
            Self::Clock => clock(locale, at),
            Self::Precise => at.format("%H:%M:%S%.3f").to_string(),
            Self::Brief if date == today => clock(locale, at),
            Self::Brief if today.pred_opt() == Some(date) => {
                td_string!(locale, time.yesterday).to_owned()
            }
            Self::Brief if date.year() == today.year() => td_string!(
                locale,
                time.brief,
                day = date.day(),
                month = short_month(locale, date.month())
            ),
            Self::Brief => td_string!(
                locale,
                time.brief_year,
                day = date.day(),
                month = short_month(locale, date.month()),
                year = date.year()
            ),
        }
    }
}

/// The heading over a day's messages: "Today", "Yesterday", "Monday 30 November", and the
/// year too when it is not this one.
pub fn day_heading(locale: Locale, day: NaiveDate, today: NaiveDate) -> String {
    let words = if day == today {
        td_string!(locale, time.today).to_owned()
    } else if today.pred_opt() == Some(day) {
        td_string!(locale, time.yesterday).to_owned()
    } else {
        let (weekday, month) = (weekday(locale, day.weekday()), month(locale, day.month()));
        if day.year() == today.year() {
            td_string!(
                locale,
                time.day,
                weekday = weekday,
                day = day.day(),
                month = month
            )
        } else {
            let year = day.year();
            td_string!(
                locale,
                time.day_year,
                weekday = weekday,
                day = day.day(),
                month = month,
                year = year
            )
        }
    };
    // A heading stands alone: its first letter is a capital even where weekdays are written
    // in lower case ("lundi 30 novembre" → "Lundi 30 novembre").
    let mut letters = words.chars();
    letters
        .next()
        .map(|first| first.to_uppercase().chain(letters).collect())
        .unwrap_or_default()
}

/// A month of a year, "November 2026", from its `YYYY-MM` (as reports key them); anything
/// else as it is.
pub fn month_of_year(locale: Locale, key: &str) -> String {
    let parsed = key.split_once('-').and_then(|(year, number)| {
        let number = number
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=12).contains(n))?;
        Some((year.parse::<i32>().ok()?, number))
    });
    match parsed {
        Some((year, number)) => {
            td_string!(
                locale,
                time.month_year,
                month = month(locale, number),
                year = year
            )
        }
        None => key.to_owned(),
    }
}

/// "09:05" (Indonesian: "09.05").
fn clock(locale: Locale, at: NaiveDateTime) -> String {
    let (hours, minutes) = (at.format("%H"), at.format("%M"));
    td_string!(locale, time.clock, hours = hours, minutes = minutes)
}

fn weekday(locale: Locale, day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => td_string!(locale, time.weekdays.monday),
        Weekday::Tue => td_string!(locale, time.weekdays.tuesday),
        Weekday::Wed => td_string!(locale, time.weekdays.wednesday),
        Weekday::Thu => td_string!(locale, time.weekdays.thursday),
        Weekday::Fri => td_string!(locale, time.weekdays.friday),
        Weekday::Sat => td_string!(locale, time.weekdays.saturday),
        Weekday::Sun => td_string!(locale, time.weekdays.sunday),
    }
}

fn month(locale: Locale, month: u32) -> &'static str {
    match month {
        1 => td_string!(locale, time.months.january),
        2 => td_string!(locale, time.months.february),
        3 => td_string!(locale, time.months.march),
        4 => td_string!(locale, time.months.april),
        5 => td_string!(locale, time.months.may),
        6 => td_string!(locale, time.months.june),
        7 => td_string!(locale, time.months.july),
        8 => td_string!(locale, time.months.august),
        9 => td_string!(locale, time.months.september),
        10 => td_string!(locale, time.months.october),
        11 => td_string!(locale, time.months.november),
        _ => td_string!(locale, time.months.december),
    }
}

fn short_month(locale: Locale, month: u32) -> &'static str {
    match month {
        1 => td_string!(locale, time.short_months.january),
        2 => td_string!(locale, time.short_months.february),
        3 => td_string!(locale, time.short_months.march),
        4 => td_string!(locale, time.short_months.april),
        5 => td_string!(locale, time.short_months.may),
        6 => td_string!(locale, time.short_months.june),
        7 => td_string!(locale, time.short_months.july),
        8 => td_string!(locale, time.short_months.august),
        9 => td_string!(locale, time.short_months.september),
        10 => td_string!(locale, time.short_months.october),
        11 => td_string!(locale, time.short_months.november),
        _ => td_string!(locale, time.short_months.december),
    }
}

/// `at` in `style`, in the reader's time zone and language; the full date and time on hover.
#[component]
pub fn LocalTime(at: DateTime<Utc>, #[prop(optional)] style: TimeStyle) -> impl IntoView {
    let i18n = use_i18n();
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let zoned = move |style: TimeStyle| {
        let locale = i18n.get_locale();
        if hydrated.get() {
            style.words(locale, local(at), local(now()).date())
        } else {
            let words = style.words(locale, at.naive_utc(), now().date_naive());
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

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|day| day.and_hms_opt(h, min, 0))
            .expect("a valid time")
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a date")
    }

    #[test]
    fn each_style_says_as_much_as_it_should() {
        let today = date(2026, 12, 3);
        let morning = at(2026, 12, 3, 9, 5);
        let english = Locale::en;
        assert_eq!(
            TimeStyle::Full.words(english, morning, today),
            "Thursday 3 December 2026, 09:05"
        );
        assert_eq!(TimeStyle::Clock.words(english, morning, today), "09:05");
        assert_eq!(
            TimeStyle::Precise.words(english, morning, today),
            "09:05:00.000"
        );
        assert_eq!(TimeStyle::Brief.words(english, morning, today), "09:05");
        assert_eq!(
            TimeStyle::Brief.words(english, at(2026, 12, 2, 23, 59), today),
            "Yesterday"
        );
        assert_eq!(
            TimeStyle::Brief.words(english, at(2026, 11, 30, 8, 0), today),
            "30 Nov"
        );
        assert_eq!(
            TimeStyle::Brief.words(english, at(2025, 12, 31, 8, 0), today),
            "31 Dec 2025"
        );
        // Across a new year, the day before is still yesterday.
        assert_eq!(
            TimeStyle::Brief.words(english, at(2026, 12, 31, 8, 0), date(2027, 1, 1)),
            "Yesterday"
        );
    }

    #[test]
    fn each_language_writes_dates_its_own_way() {
        let today = date(2026, 12, 3);
        let morning = at(2026, 12, 3, 9, 5);
        let full = |locale| TimeStyle::Full.words(locale, morning, today);
        assert_eq!(full(Locale::fr), "jeudi 3 décembre 2026 à 09:05");
        assert_eq!(full(Locale::es), "jueves, 3 de diciembre de 2026, 09:05");
        assert_eq!(full(Locale::id), "Kamis, 3 Desember 2026 09.05");
        let brief = |locale, when| TimeStyle::Brief.words(locale, when, today);
        assert_eq!(brief(Locale::fr, at(2026, 2, 14, 8, 0)), "14 févr.");
        assert_eq!(brief(Locale::es, at(2025, 8, 1, 8, 0)), "1 ago 2025");
        assert_eq!(brief(Locale::id, morning), "09.05");
        assert_eq!(brief(Locale::fr, at(2026, 12, 2, 8, 0)), "hier");
    }

    #[test]
    fn a_day_is_today_yesterday_or_its_date_with_the_year_when_another() {
        let today = date(2026, 12, 3);
        let day = |locale, y, m, d| day_heading(locale, date(y, m, d), today);
        assert_eq!(day(Locale::en, 2026, 12, 3), "Today");
        assert_eq!(day(Locale::en, 2026, 12, 2), "Yesterday");
        assert_eq!(day(Locale::en, 2026, 11, 30), "Monday 30 November");
        assert_eq!(day(Locale::en, 2026, 12, 4), "Friday 4 December");
        assert_eq!(day(Locale::en, 2025, 12, 31), "Wednesday 31 December 2025");
        assert_eq!(
            day_heading(Locale::en, date(2026, 12, 31), date(2027, 1, 1)),
            "Yesterday"
        );
        assert_eq!(day(Locale::fr, 2026, 11, 30), "Lundi 30 novembre");
        assert_eq!(day(Locale::fr, 2026, 12, 3), "Aujourd’hui");
        assert_eq!(day(Locale::es, 2026, 11, 30), "Lunes, 30 de noviembre");
        assert_eq!(
            day(Locale::es, 2025, 12, 31),
            "Miércoles, 31 de diciembre de 2025"
        );
        assert_eq!(day(Locale::id, 2026, 11, 30), "Senin, 30 November");
        assert_eq!(day(Locale::id, 2026, 12, 2), "Kemarin");
    }

    #[test]
    fn a_month_of_a_year_is_named() {
        assert_eq!(month_of_year(Locale::en, "2026-11"), "November 2026");
        assert_eq!(month_of_year(Locale::fr, "2026-02"), "février 2026");
        assert_eq!(month_of_year(Locale::es, "2026-01"), "enero de 2026");
        assert_eq!(month_of_year(Locale::en, "2026-13"), "2026-13");
        assert_eq!(month_of_year(Locale::en, "garbage"), "garbage");
    }
}
