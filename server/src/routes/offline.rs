//! The page the service worker shows when the network is gone, one per language
//! (`/offline/fr`): the worker keeps all four and answers in the language of the last page it
//! saw. Made from the same translations as every page, and needing nothing but the stylesheet
//! the worker also keeps.

use app::{i18n::td_string, language};
use axum::{
    extract::Path,
    http::{HeaderValue, StatusCode, header},
    response::{Html, IntoResponse, Response},
};
use model::locale::Locale;

pub(super) async fn offline_page(Path(code): Path<String>) -> Response {
    let Some(language) = Locale::ALL.into_iter().find(|locale| locale.code() == code) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let mut response = Html(page(language)).into_response();
    response.headers_mut().insert(
        header::CONTENT_LANGUAGE,
        HeaderValue::from_static(language.code()),
    );
    response
}

/// The page in `language`. Every word is ours (no one else's text goes in), so none needs
/// escaping. Part of the build id, so a changed word reaches the worker's cache.
pub(crate) fn page(language: Locale) -> String {
    let locale = language::of(language);
    let code = language.code();
    let title = td_string!(locale, offline.title);
    let heading = td_string!(locale, offline.heading);
    let lead = td_string!(locale, offline.lead);
    let hint = td_string!(locale, offline.hint);
    let again = td_string!(locale, offline.try_again);
    format!(
        r##"<!doctype html>
<html lang="{code}" dir="ltr">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="theme-color" content="#0f5e56" />
    <title>{title} · Commons</title>
    <link rel="stylesheet" href="/pkg/main.css" />
    <link rel="icon" type="image/png" href="/icons/icon-192.png" />
  </head>
  <body>
    <div class="page">
      <header class="topbar">
        <a class="brand" href="/">
          <img src="/icons/icon-192.png" alt="" width="28" height="28" />
          <span>Commons</span>
        </a>
      </header>
      <main id="main">
        <section class="panel offline">
          <h1>{heading}</h1>
          <p class="lead">{lead}</p>
          <p class="muted">{hint}</p>
          <a class="button" href="/">{again}</a>
        </section>
      </main>
    </div>
  </body>
</html>
"##
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_language_has_its_page() {
        let french = page(Locale::Fr);
        assert!(french.starts_with("<!doctype html>\n<html lang=\"fr\""));
        assert!(french.contains("<h1>Vous êtes hors ligne</h1>"), "{french}");
        assert!(page(Locale::En).contains("<title>Offline · Commons</title>"));
        for language in Locale::ALL {
            assert!(!page(language).contains("{{"), "{language:?}");
        }
    }
}
