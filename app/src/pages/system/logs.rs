//! The node's recent log lines: the filter (a GET form, so the URL carries it and it works
//! without JavaScript) and the lines that pass it, newest first, a page at a time (links that
//! carry the page's place in the URL, `before`, beside the filter).

use std::sync::Arc;

use chrono::{DateTime, Utc};
use leptos::{prelude::*, web_sys::FormData};
use leptos_router::{
    components::Form,
    hooks::{use_location, use_query_map},
    params::ParamsMap,
};
use model::system::{Level, LogFilter, LogLine};

use crate::{
    components::{LocalTime, TableFrame, TimeStyle},
    i18n::{Locale, t, t_string, td_string, use_i18n},
    pages::units,
};

/// The query parameter that says where a page of lines starts.
const BEFORE: &str = "before";

/// The filter a URL asks for: `level` (a level's name; anything else means all levels) and
/// `q`, the text to look for.
pub fn filter_from_query(query: &ParamsMap) -> LogFilter {
    LogFilter {
        level: query
            .get_str("level")
            .and_then(|level| level.parse::<Level>().ok()),
        text: query.get("q").unwrap_or_default(),
    }
}

/// Where the page of lines the URL asks for starts: below this line number (from the newest
/// when absent or not a number).
pub fn before_from_query(query: &ParamsMap) -> Option<u64> {
    query.get_str(BEFORE).and_then(|before| before.parse().ok())
}

/// The level and text to filter by, as the URL says (also after going back or forward).
#[component]
pub fn LogFilterForm(filter: Memo<LogFilter>) -> impl IntoView {
    let LogFilter { level, text } = filter.get_untracked();
    // With JavaScript, `Form` adds the submit button to the query even without a name (as
    // `&=`); dropped, so the URL is the one the browser makes without JavaScript.
    let unnamed_dropped: Arc<dyn Fn(&FormData)> = Arc::new(|data| data.delete(""));
    let i18n = use_i18n();
    view! {
        <Form method="GET" action="" on_form_data=unnamed_dropped>
            <div class="log-filter">
                <div class="field">
                    <label for="log-level">{t!(i18n, system.logs.level)}</label>
                    <select
                        id="log-level"
                        name="level"
                        prop:value=move || filter.with(|filter| filter.level.map_or("", Level::as_str))
                    >
                        <option value="" selected=level.is_none()>{t!(i18n, system.logs.all_levels)}</option>
                        {Level::ALL
                            .into_iter()
                            .map(|option| {
                                view! {
                                    <option value=option.as_str() selected=level == Some(option)>
                                        {move || level_choice(i18n.get_locale(), option)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="log-text">{t!(i18n, system.logs.containing)}</label>
                    <input
                        id="log-text"
                        name="q"
                        type="search"
                        autocomplete="off"
                        placeholder=move || t_string!(i18n, system.logs.containing_hint)
                        value=text
                        prop:value=move || filter.with(|filter| filter.text.clone())
                    />
                </div>
                <button type="submit">{t!(i18n, system.logs.filter)}</button>
            </div>
        </Form>
    }
}

/// "ERROR", "WARN and above": a level includes everything more severe.
fn level_choice(locale: Locale, level: Level) -> String {
    match level {
        Level::Error => level.label().to_owned(),
        _ => td_string!(locale, system.logs.and_above, level = level.label()),
    }
}

/// A page of the lines that passed the filter, out of all the node keeps, and the way to the
/// older ones.
#[component]
pub fn LogTable(lines: Vec<LogLine>, kept: usize, older: Option<u64>) -> impl IntoView {
    let i18n = use_i18n();
    let shown = lines.len();
    let count = move || {
        let locale = i18n.get_locale();
        let shown = units::integer(locale, shown as u64);
        td_string!(locale, system.logs.count, shown = shown, count = kept)
    };
    view! {
        <p class="muted log-count">{count}</p>
        {if lines.is_empty() {
            view! { <p class="muted">{t!(i18n, system.logs.none)}</p> }.into_any()
        } else {
            view! {
                <TableFrame label=move || t_string!(i18n, system.logs.table)>
                    <table class="report-table logs">
                        <thead>
                            <tr>
                                <th scope="col">{t!(i18n, system.logs.level)}</th>
                                <th scope="col">{t!(i18n, system.logs.time)}</th>
                                <th scope="col">{t!(i18n, system.logs.target)}</th>
                                <th scope="col">{t!(i18n, system.logs.message)}</th>
                            </tr>
                        </thead>
                        <tbody>{lines.into_iter().map(log_row).collect_view()}</tbody>
                    </table>
                </TableFrame>
            }
            .into_any()
        }}
        <LogPager older />
    }
}

/// "Older lines" below the last one shown, and "Newest lines" once one has gone back.
#[component]
fn LogPager(older: Option<u64>) -> impl IntoView {
    let query = use_query_map().get_untracked();
    let location = use_location();
    let path = location.pathname.get_untracked();
    let search = location.search.get_untracked();
    let paged = before_from_query(&query).is_some();
    let link = move |before: Option<u64>| format!("{path}{}", with_before(&search, before));
    let i18n = use_i18n();
    (paged || older.is_some()).then(|| {
        view! {
            <nav class="pager" aria-label=move || t_string!(i18n, system.logs.pages)>
                {paged.then(|| view! { <a href=link(None)>{t!(i18n, system.logs.newest)}</a> })}
                {older.map(|older| view! { <a href=link(Some(older)) rel="next">{t!(i18n, system.logs.older)}</a> })}
            </nav>
        }
    })
}

/// The query `search` (without its `?`) with `before` set, or gone when `None`; the rest as
/// it was written, so the URL reads as the filter form made it.
fn with_before(search: &str, before: Option<u64>) -> String {
    let mut pairs: Vec<String> = search
        .split('&')
        .filter(|pair| !pair.is_empty() && pair.split('=').next() != Some(BEFORE))
        .map(str::to_owned)
        .collect();
    if let Some(before) = before {
        pairs.push(format!("{BEFORE}={before}"));
    }
    if pairs.is_empty() {
        String::new()
    } else {
        format!("?{}", pairs.join("&"))
    }
}

fn log_row(line: LogLine) -> impl IntoView {
    let level = line.level.as_str();
    let time = match line.time.parse::<DateTime<Utc>>() {
        Ok(at) => view! { <LocalTime at style=TimeStyle::Precise /> }.into_any(),
        Err(_) => line.time.into_any(),
    };
    view! {
        <tr class="log-line" data-level=level>
            <td>
                <span class=format!("level level-{level}")>{line.level.label()}</span>
            </td>
            <td>{time}</td>
            <td class="log-target">{line.target}</td>
            <td class="log-message">{line.message}</td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(pairs: &[(&'static str, &str)]) -> ParamsMap {
        let mut query = ParamsMap::new();
        for (key, value) in pairs {
            query.insert(*key, (*value).to_owned());
        }
        query
    }

    #[test]
    fn the_query_names_the_level_and_the_text() {
        let filter = filter_from_query(&query(&[("level", "warn"), ("q", "room")]));
        assert_eq!(filter.level, Some(Level::Warn));
        assert_eq!(filter.text, "room");
    }

    #[test]
    fn no_level_or_an_unknown_one_means_every_level() {
        assert_eq!(filter_from_query(&query(&[])), LogFilter::default());
        let filter = filter_from_query(&query(&[("level", ""), ("q", "")]));
        assert_eq!(filter, LogFilter::default());
        assert_eq!(filter_from_query(&query(&[("level", "loud")])).level, None);
    }

    #[test]
    fn a_level_choice_includes_the_more_severe() {
        assert_eq!(level_choice(Locale::en, Level::Error), "ERROR");
        assert_eq!(level_choice(Locale::en, Level::Warn), "WARN and above");
        assert_eq!(level_choice(Locale::fr, Level::Info), "INFO et plus grave");
    }

    #[test]
    fn a_page_link_keeps_the_filter_as_written() {
        assert_eq!(
            with_before("level=warn&q=a-b", Some(7)),
            "?level=warn&q=a-b&before=7"
        );
        assert_eq!(with_before("q=x&before=9", Some(3)), "?q=x&before=3");
        assert_eq!(with_before("before=9&q=x", None), "?q=x");
        assert_eq!(with_before("before=9", None), "");
        assert_eq!(with_before("", None), "");
        assert_eq!(
            with_before("beforehand=1", Some(2)),
            "?beforehand=1&before=2"
        );
    }

    #[test]
    fn the_query_says_where_the_page_starts() {
        assert_eq!(before_from_query(&query(&[("before", "120")])), Some(120));
        assert_eq!(before_from_query(&query(&[("before", "-1")])), None);
        assert_eq!(before_from_query(&query(&[])), None);
    }
}
