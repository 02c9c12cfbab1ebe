//! The node's recent log lines: the filter (a GET form, so the URL carries it and it works
//! without JavaScript) and the lines that pass it, newest first.

use std::sync::Arc;

use leptos::{prelude::*, web_sys::FormData};
use leptos_router::{components::Form, params::ParamsMap};
use model::system::{Level, LogFilter, LogLine};

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

/// The level and text to filter by, as the URL says (also after going back or forward).
#[component]
pub fn LogFilterForm(filter: Memo<LogFilter>) -> impl IntoView {
    let LogFilter { level, text } = filter.get_untracked();
    // With JavaScript, `Form` adds the submit button to the query even without a name (as
    // `&=`); dropped, so the URL is the one the browser makes without JavaScript.
    let unnamed_dropped: Arc<dyn Fn(&FormData)> = Arc::new(|data| data.delete(""));
    view! {
        <Form method="GET" action="" on_form_data=unnamed_dropped>
            <div class="log-filter">
                <div class="field">
                    <label for="log-level">"Level"</label>
                    <select
                        id="log-level"
                        name="level"
                        prop:value=move || filter.with(|filter| filter.level.map_or("", Level::as_str))
                    >
                        <option value="" selected=level.is_none()>"All levels"</option>
                        {Level::ALL
                            .into_iter()
                            .map(|option| {
                                view! {
                                    <option value=option.as_str() selected=level == Some(option)>
                                        {level_choice(option)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="log-text">"Containing"</label>
                    <input
                        id="log-text"
                        name="q"
                        type="search"
                        autocomplete="off"
                        placeholder="text in the target or message"
                        value=text
                        prop:value=move || filter.with(|filter| filter.text.clone())
                    />
                </div>
                <button type="submit">"Filter"</button>
            </div>
        </Form>
    }
}

/// "ERROR", "WARN and above": a level includes everything more severe.
fn level_choice(level: Level) -> String {
    match level {
        Level::Error => level.label().to_owned(),
        _ => format!("{} and above", level.label()),
    }
}

/// The lines that passed the filter, out of all the node keeps.
#[component]
pub fn LogTable(lines: Vec<LogLine>, kept: usize) -> impl IntoView {
    let count = format!(
        "{} of {kept} kept line{}",
        lines.len(),
        if kept == 1 { "" } else { "s" }
    );
    view! {
        <p class="muted log-count">{count}</p>
        {if lines.is_empty() {
            view! { <p class="muted">"No line matches this filter."</p> }.into_any()
        } else {
            view! {
                <div class="table-frame">
                    <table class="report-table logs">
                        <thead>
                            <tr>
                                <th scope="col">"Level"</th>
                                <th scope="col">"Time (UTC)"</th>
                                <th scope="col">"Target"</th>
                                <th scope="col">"Message"</th>
                            </tr>
                        </thead>
                        <tbody>{lines.into_iter().map(log_row).collect_view()}</tbody>
                    </table>
                </div>
            }
            .into_any()
        }}
    }
}

fn log_row(line: LogLine) -> impl IntoView {
    let level = line.level.as_str();
    let shown_time = time_of_day(&line.time);
    view! {
        <tr class="log-line" data-level=level>
            <td>
                <span class=format!("level level-{level}")>{line.level.label()}</span>
            </td>
            <td>
                <time datetime=line.time>{shown_time}</time>
            </td>
            <td class="log-target">{line.target}</td>
            <td class="log-message">{line.message}</td>
        </tr>
    }
}

/// "10:30:45.123" of an RFC 3339 time; the text as written if it is not one.
fn time_of_day(time: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(time).map_or_else(
        |_| time.to_owned(),
        |at| at.to_utc().format("%H:%M:%S%.3f").to_string(),
    )
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
        assert_eq!(level_choice(Level::Error), "ERROR");
        assert_eq!(level_choice(Level::Warn), "WARN and above");
    }

    #[test]
    fn log_times_show_the_time_of_day_in_utc() {
        assert_eq!(time_of_day("2024-12-21T10:30:45.123Z"), "10:30:45.123");
        assert_eq!(time_of_day("2024-12-21T12:30:45+02:00"), "10:30:45.000");
        assert_eq!(time_of_day("yesterday"), "yesterday");
    }
}
