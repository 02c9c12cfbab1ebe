//! Every locale file has exactly the English keys (a plural counts as one key, whatever forms
//! its language needs), and every key is used by the code: a translation cannot be forgotten
//! in one language, nor outlive the text it translated. (A key the code uses but English lacks
//! does not compile.)

use std::{
    collections::BTreeSet,
    fs,
    path::{Path, PathBuf},
};

use serde_json::Value;

const LOCALES: [&str; 4] = ["en", "id", "es", "fr"];
const PLURAL_FORMS: [&str; 6] = ["_zero", "_one", "_two", "_few", "_many", "_other"];

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The keys of a locale file, dotted (`home.heading`), plural forms folded into their key.
fn keys(locale: &str) -> BTreeSet<String> {
    let path = crate_dir().join("locales").join(format!("{locale}.json"));
    let text = fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path:?}: {error}"));
    let json: Value =
        serde_json::from_str(&text).unwrap_or_else(|error| panic!("{path:?}: {error}"));
    let mut keys = BTreeSet::new();
    collect(&json, "", &mut keys);
    keys
}

fn collect(value: &Value, prefix: &str, keys: &mut BTreeSet<String>) {
    match value {
        Value::Object(entries) => {
            for (name, value) in entries {
                let name = PLURAL_FORMS
                    .iter()
                    .find_map(|form| name.strip_suffix(form))
                    .unwrap_or(name);
                let path = if prefix.is_empty() {
                    name.to_owned()
                } else {
                    format!("{prefix}.{name}")
                };
                collect(value, &path, keys);
            }
        }
        Value::String(text) => {
            assert!(!text.trim().is_empty(), "{prefix} is empty");
            keys.insert(prefix.to_owned());
        }
        other => panic!("{prefix}: a translation is a string, not {other}"),
    }
}

#[test]
fn every_locale_has_the_english_keys_and_no_other() {
    let english = keys("en");
    for locale in &LOCALES[1..] {
        let theirs = keys(locale);
        let missing: Vec<_> = english.difference(&theirs).collect();
        let extra: Vec<_> = theirs.difference(&english).collect();
        assert!(missing.is_empty(), "{locale} lacks {missing:?}");
        assert!(
            extra.is_empty(),
            "{locale} has keys English does not: {extra:?}"
        );
    }
}

fn sources(dir: &Path, found: &mut Vec<String>) {
    for entry in fs::read_dir(dir).expect("a source directory") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            sources(&path, found);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            found.push(fs::read_to_string(&path).expect("a source file"));
        }
    }
}

/// The keys the code names: the second argument of `t!`, `t_string!`, `td!`, `td_string!`
/// and their kin (`t!(i18n, home.heading, …)`), in the app and in the server (its mails).
fn used_keys() -> BTreeSet<String> {
    let mut files = Vec::new();
    sources(&crate_dir().join("src"), &mut files);
    sources(&crate_dir().join("../server/src"), &mut files);
    let mut used = BTreeSet::new();
    for file in &files {
        for (at, _) in file.match_indices("!(") {
            let name_start = file[..at]
                .rfind(|c: char| !(c.is_alphanumeric() || c == '_'))
                .map_or(0, |i| i + 1);
            let name = &file[name_start..at];
            if !matches!(
                name,
                "t" | "t_string" | "td" | "td_string" | "t_display" | "td_display"
            ) {
                continue;
            }
            let arguments = &file[at + 2..];
            let Some((_, rest)) = arguments.split_once(',') else {
                continue;
            };
            let key: String = rest
                .trim_start()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '.')
                .collect();
            if !key.is_empty() {
                used.insert(key);
            }
        }
    }
    used
}

#[test]
fn every_key_is_used_by_the_code() {
    let used = used_keys();
    assert!(
        used.contains("home.heading"),
        "the scan finds keys: {used:?}"
    );
    let unused: Vec<_> = keys("en")
        .into_iter()
        .filter(|key| !used.contains(key))
        .collect();
    assert!(unused.is_empty(), "keys no code uses any more: {unused:?}");
}
