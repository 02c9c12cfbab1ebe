//! Generates the `i18n` module from `locales/*.json` (leptos_i18n): a `Locale` enum and one
//! typed accessor per key, so an unknown key or a missing argument fails to compile.

use std::{env, error::Error, path::PathBuf};

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    // `t_string!` with arguments, for words outside a view (a refusal, a mail, a title); only
    // the keys used that way cost the bundle anything.
    let config = Config::new("en")?
        .add_locales(["id", "es", "fr"])?
        .parse_options(ParseOptions::default().interpolate_display(true));
    let translations = TranslationsInfos::parse(config)?;
    translations.emit_diagnostics();
    translations.rerun_if_locales_changed();
    let out = PathBuf::from(env::var_os("OUT_DIR").ok_or("cargo sets OUT_DIR")?).join("i18n");
    translations.generate_i18n_module(out)?;
    Ok(())
}
