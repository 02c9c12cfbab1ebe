#![expect(
    clippy::result_large_err,
    reason = "figment::Jail fixes its closures' error type to the large figment::Error"
)]

use figment::Jail;

use super::*;

const SECRET: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef-extra";

fn load(jail: &Jail) -> Result<Settings, SettingsError> {
    Settings::load(jail.directory())
}

#[test]
fn with_nothing_set_the_dev_defaults_apply() {
    Jail::expect_with(|jail| {
        jail.clear_env();
        let settings = load(jail).expect("defaults load");
        assert_eq!(settings.profile, Profile::Dev);
        assert_eq!(settings.server.port, 3000);
        assert_eq!(settings.database.url(), DEFAULT_DATABASE_URL);
        assert_eq!(settings.log_format(), LogFormat::Human);
        Ok(())
    });
}

#[test]
fn the_profile_file_and_the_environment_are_deep_merged_over_the_defaults() {
    Jail::expect_with(|jail| {
        jail.clear_env();
        jail.create_file(
            "dev.toml",
            "[server]\nport = 4000\nshutdown_grace_secs = 5\n[log]\nlevel = \"debug\"\n",
        )?;
        jail.set_env("APP_SERVER__HOST", "0.0.0.0");
        jail.set_env("APP_SERVER__SHUTDOWN_GRACE_SECS", "7");
        let settings = load(jail).expect("layers load");
        assert_eq!(settings.server.port, 4000, "from the file");
        assert_eq!(
            settings.server.host.to_string(),
            "0.0.0.0",
            "from the environment"
        );
        assert_eq!(
            settings.server.shutdown_grace_secs, 7,
            "the environment wins over the file"
        );
        assert_eq!(settings.log.level, "debug", "another section of the file");
        assert_eq!(settings.database.max_connections, 10, "untouched default");
        Ok(())
    });
}

#[test]
fn conventional_variables_are_honoured_and_app_variables_win_over_them() {
    Jail::expect_with(|jail| {
        jail.clear_env();
        jail.set_env("DATABASE_URL", "postgres://a@localhost/one");
        jail.set_env("PORT", "8080");
        assert_eq!(
            load(jail).expect("loads").database.url(),
            "postgres://a@localhost/one"
        );
        assert_eq!(load(jail).expect("loads").server.port, 8080);
        jail.set_env("APP_DATABASE__URL", "postgres://a@localhost/two");
        assert_eq!(
            load(jail).expect("loads").database.url(),
            "postgres://a@localhost/two"
        );
        Ok(())
    });
}

#[test]
fn prod_without_its_secrets_names_each_missing_setting() {
    Jail::expect_with(|jail| {
        jail.clear_env();
        jail.set_env("APP_PROFILE", "prod");
        let error = load(jail).expect_err("prod must refuse");
        assert!(matches!(
            &error,
            SettingsError::MissingForProd(missing) if missing == &[Missing::SecretKeyBase, Missing::DatabaseUrl]
        ));
        let message = error.to_string();
        assert!(
            message.contains("SECRET_KEY_BASE") && message.contains("DATABASE_URL"),
            "{message}"
        );

        jail.set_env("SECRET_KEY_BASE", SECRET);
        jail.set_env("DATABASE_URL", "postgres://app@db/commons");
        let settings = load(jail).expect("prod with its secrets starts");
        assert_eq!(settings.log_format(), LogFormat::Json);
        Ok(())
    });
}

#[test]
fn a_short_secret_key_base_is_refused_in_every_profile() {
    Jail::expect_with(|jail| {
        jail.clear_env();
        jail.set_env("SECRET_KEY_BASE", "too-short");
        assert!(matches!(load(jail), Err(SettingsError::SecretTooShort(9))));
        Ok(())
    });
}

#[test]
fn an_unknown_key_is_an_error_not_silently_ignored() {
    Jail::expect_with(|jail| {
        jail.clear_env();
        jail.create_file("dev.toml", "[server]\nprot = 4000\n")?;
        let message = load(jail).expect_err("typo must be reported").to_string();
        assert!(message.contains("prot"), "{message}");
        Ok(())
    });
}

#[test]
fn secrets_never_show_in_debug_output() {
    Jail::expect_with(|jail| {
        jail.clear_env();
        jail.set_env("SECRET_KEY_BASE", SECRET);
        jail.set_env("DATABASE_URL", "postgres://app:hunter2@db/commons");
        let printed = format!("{:?}", load(jail).expect("loads"));
        assert!(!printed.contains("0123456789abcdef"), "{printed}");
        assert!(!printed.contains("hunter2"), "{printed}");
        Ok(())
    });
}

#[test]
fn the_shipped_prod_file_tells_browsers_https_only() {
    Jail::expect_with(|jail| {
        jail.clear_env();
        jail.create_file("prod.toml", include_str!("../../../config/prod.toml"))?;
        jail.set_env("APP_PROFILE", "prod");
        jail.set_env("SECRET_KEY_BASE", SECRET);
        jail.set_env("DATABASE_URL", "postgres://app@db/commons");
        let settings = load(jail).expect("prod with its secrets starts");
        assert_eq!(settings.server.hsts_max_age_secs, 31_536_000);
        Ok(())
    });
}

#[test]
fn queues_default_to_default_and_mail_and_the_environment_adds_or_changes_one() {
    Jail::expect_with(|jail| {
        jail.clear_env();
        let queues = load(jail).expect("loads").jobs.queues;
        assert_eq!(
            queues.into_iter().collect::<Vec<_>>(),
            [("default".to_owned(), 10), ("mail".to_owned(), 5)]
        );
        jail.set_env("APP_JOBS__QUEUES__MAIL", "2");
        jail.set_env("APP_JOBS__QUEUES__REPORTS", "1");
        let queues = load(jail).expect("loads").jobs.queues;
        assert_eq!(
            queues.into_iter().collect::<Vec<_>>(),
            [
                ("default".to_owned(), 10),
                ("mail".to_owned(), 2),
                ("reports".to_owned(), 1)
            ]
        );
        Ok(())
    });
}

#[test]
fn a_queue_limited_to_nothing_is_not_run_here_and_an_unwritable_name_is_refused() {
    Jail::expect_with(|jail| {
        jail.clear_env();
        jail.set_env("APP_JOBS__QUEUES__MAIL", "0");
        let jobs = load(jail).expect("loads").jobs;
        assert_eq!(jobs.running().collect::<Vec<_>>(), [("default", 10)]);
        jail.clear_env();
        jail.create_file("dev.toml", "[jobs.queues]\n\"a b\" = 1\n")?;
        assert!(matches!(load(jail), Err(SettingsError::InvalidQueue(name)) if name == "a b"));
        Ok(())
    });
}

#[test]
fn mail_goes_to_the_mailbox_in_dev_and_by_smtp_in_prod_which_refuses_the_mailbox() {
    Jail::expect_with(|jail| {
        jail.clear_env();
        let settings = load(jail).expect("loads");
        assert_eq!(
            settings.mail.adapter(settings.profile),
            MailAdapter::Mailbox
        );

        jail.set_env("APP_PROFILE", "prod");
        jail.set_env("SECRET_KEY_BASE", SECRET);
        jail.set_env("DATABASE_URL", "postgres://app@db/commons");
        jail.set_env("APP_MAIL__SMTP__PASSWORD", "smtp-hunter2");
        let settings = load(jail).expect("prod loads");
        assert_eq!(settings.mail.adapter(settings.profile), MailAdapter::Smtp);
        assert!(!format!("{settings:?}").contains("smtp-hunter2"));

        jail.set_env("APP_MAIL__ADAPTER", "mailbox");
        let message = load(jail).expect_err("no mailbox in prod").to_string();
        assert!(message.contains("/dev/mailbox"), "{message}");
        Ok(())
    });
}

#[test]
fn the_public_url_must_be_a_web_address() {
    Jail::expect_with(|jail| {
        jail.clear_env();
        jail.set_env("APP_SERVER__PUBLIC_URL", "javascript:alert(1)");
        assert!(matches!(
            load(jail),
            Err(SettingsError::InvalidPublicUrl(_))
        ));
        jail.set_env("APP_SERVER__PUBLIC_URL", "https://commons.example");
        assert_eq!(
            load(jail).expect("loads").server.public_url.as_deref(),
            Some("https://commons.example")
        );
        Ok(())
    });
}
