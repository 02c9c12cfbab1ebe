//! The mails as they are built, and delivered by SMTP to a real server: Debian's aiosmtpd,
//! started here as a sink that writes what it receives to a Maildir (`scripts/test` installs
//! it; run alone, the test says how when it is missing).

use std::{
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use chrono::Utc;
use domain::{
    accounts::{ResetToken, Role, User},
    chat::RoomDay,
    mail::MemoryMailer,
};

use model::locale::Locale;

use super::{
    digest::{Period, digest},
    mention::mention_mail,
    password_reset::password_reset,
    welcome::welcome,
    *,
};

fn mails(mailer: Arc<dyn Mailer>) -> Mails {
    Mails {
        from: Address::new("Commons", "noreply@commons.test"),
        base_url: "https://commons.test".into(),
        mailer,
    }
}

fn person(name: &str) -> User {
    User {
        id: 7,
        email: "ada@example.com".into(),
        name: name.into(),
        age: None,
        role: Role::User,
        active: true,
        confirmed_at: None,
        avatar_url: None,
        inserted_at: Utc::now(),
        updated_at: Utc::now(),
    }
}

#[test]
fn the_welcome_says_hello_in_both_parts_and_escapes_the_name_in_html() {
    let mail = welcome(
        &mails(Arc::new(MemoryMailer::new())),
        &person("<b>Ada</b> & co"),
        Locale::En,
    );
    assert_eq!(mail.to, Address::new("<b>Ada</b> & co", "ada@example.com"));
    assert!(
        mail.text.starts_with("Hello <b>Ada</b> & co,"),
        "{}",
        mail.text
    );
    assert!(
        mail.html.contains("Hello &lt;b&gt;Ada&lt;/b&gt; &amp; co"),
        "{}",
        mail.html
    );
    assert!(!mail.html.contains("<b>Ada"));
    assert!(mail.text.contains("https://commons.test/chat"));
    assert!(mail.html.contains("href=\"https://commons.test/chat\""));
}

#[test]
fn the_reset_mail_links_to_the_public_url_with_the_token_in_both_parts() {
    let token = ResetToken::from_link("abc_DEF-123");
    let mail = password_reset(
        &mails(Arc::new(MemoryMailer::new())),
        &person("Ada"),
        &token,
        Locale::En,
    );
    let link = "https://commons.test/password/reset?token=abc_DEF-123";
    assert!(mail.text.contains(link), "{}", mail.text);
    assert!(
        mail.html.contains(&format!("href=\"{link}\"")),
        "{}",
        mail.html
    );
    assert!(mail.text.contains("60 minutes"));
}

#[test]
fn a_mention_quotes_what_was_written_links_to_its_place_and_escapes_both() {
    use model::{
        chat::Author,
        mentions::{MentionInfo, MentionPlace},
    };

    let mention = MentionInfo {
        id: 3,
        by: Author {
            id: 1,
            name: "Grace <i>".into(),
            avatar_url: None,
        },
        place: MentionPlace::Comment {
            post_id: 5,
            comment_id: 9,
            title: "<script>x</script>".into(),
        },
        excerpt: "@ada look <b>here</b>".into(),
        at: Utc::now(),
        seen: false,
    };
    let mails = mails(Arc::new(MemoryMailer::new()));
    let mail = mention_mail(&mails, &person("Ada"), &mention, Locale::En);
    assert_eq!(mail.subject, "Grace <i> mentioned you");
    assert!(
        mail.text.contains(
            "Grace <i> mentioned you in a comment on “<script>x</script>”:\n\n> @ada look <b>here</b>"
        ),
        "{}",
        mail.text
    );
    assert!(mail.text.contains("https://commons.test/posts/5#comment-9"));
    assert!(
        mail.html.contains("&lt;script&gt;x&lt;/script&gt;"),
        "{}",
        mail.html
    );
    assert!(mail.html.contains("@ada look &lt;b&gt;here&lt;/b&gt;"));
    assert!(!mail.html.contains("<script>") && !mail.html.contains("<b>here"));
    assert!(mail.html.contains("href=\"https://commons.test/profile\""));

    let french = mention_mail(&mails, &person("Ada"), &mention, Locale::Fr);
    assert_eq!(french.subject, "Grace <i> vous a mentionné");
    // French spaces its guillemets and colon with no-break spaces.
    assert!(
        french
            .text
            .contains("dans un commentaire sur «\u{a0}<script>x</script>\u{a0}»\u{a0}:"),
        "{}",
        french.text
    );
}

#[test]
fn each_mail_is_written_in_the_account_s_language_with_its_plurals() {
    let mails = mails(Arc::new(MemoryMailer::new()));
    let ada = person("Ada");
    let french = welcome(&mails, &ada, Locale::Fr);
    assert_eq!(french.subject, "Bienvenue sur Commons");
    assert!(french.text.starts_with("Bonjour Ada,"), "{}", french.text);
    assert!(
        french.html.contains("<html lang=\"fr\">"),
        "{}",
        french.html
    );
    assert!(french.html.contains("Rejoindre une conversation"));

    let token = ResetToken::from_link("abc");
    let spanish = password_reset(&mails, &ada, &token, Locale::Es);
    assert_eq!(spanish.subject, "Restablece tu contraseña de Commons");
    assert!(spanish.text.contains("60 minutos"), "{}", spanish.text);

    let day = |messages, yours| RoomDay {
        day: 0,
        room: "General".into(),
        messages,
        yours,
    };
    let summary_of = |language, days: &[RoomDay]| {
        let mail = digest(&mails, &ada, Period::Daily, days, language);
        mail.text
            .lines()
            .nth(2)
            .expect("the summary line")
            .to_owned()
    };
    assert_eq!(
        summary_of(Locale::En, &[day(1, 1)]),
        "In the last day, 1 message was posted in 1 of your rooms; 1 was yours."
    );
    assert_eq!(
        summary_of(Locale::Fr, &[day(2, 0)]),
        "Au cours de la dernière journée, 2 messages ont été publiés dans 1 de vos salons\u{a0}; \
         0 était de vous."
    );
    assert_eq!(
        summary_of(Locale::Id, &[day(5, 2)]),
        "Dalam sehari terakhir, 5 pesan dikirim di 1 ruang Anda; 2 di antaranya dari Anda."
    );
    assert_eq!(
        summary_of(Locale::Es, &[]),
        "Fue un día tranquilo: no hubo mensajes en tus salas."
    );
}

#[test]
fn a_sender_address_that_cannot_head_a_mail_stops_the_start_not_every_send() {
    let db_url = "sqlite::memory:";
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let db = runtime
        .block_on(domain::db::Db::connect(
            db_url,
            domain::db::PoolOptions {
                max_connections: 1,
                acquire_timeout: Duration::from_secs(5),
            },
        ))
        .expect("an in-memory database");
    let mut settings = Settings::default();
    settings.mail.from_address = "not an address".into();
    assert!(matches!(
        Mails::from_settings(&settings, &db, "127.0.0.1:3000").map(drop),
        Err(MailError::Address(_))
    ));
    settings.mail.from_address = "noreply@commons.example".into();
    let mails = Mails::from_settings(&settings, &db, "127.0.0.1:3000").expect("valid");
    assert_eq!(mails.link("/chat"), "http://127.0.0.1:3000/chat");
    settings.server.public_url = Some("https://commons.example/".into());
    let mails = Mails::from_settings(&settings, &db, "127.0.0.1:3000").expect("valid");
    assert_eq!(
        mails.link("/chat"),
        "https://commons.example/chat",
        "one slash"
    );
}

/// An SMTP server on a free port that keeps what it receives in a Maildir; stopped when
/// dropped.
struct Sink {
    process: Child,
    port: u16,
    maildir: PathBuf,
    _dir: tempfile::TempDir,
}

/// The Python that has aiosmtpd: Debian's, not whatever `python3` comes first on PATH.
const PYTHON: &str = "/usr/bin/python3";

impl Sink {
    fn start() -> Self {
        let installed = Command::new(PYTHON)
            .args(["-c", "import aiosmtpd"])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success());
        assert!(
            installed,
            "the SMTP sink is missing: `apt-get install python3-aiosmtpd` (scripts/test does)"
        );
        let dir = tempfile::tempdir().expect("a directory");
        let maildir = dir.path().join("Maildir");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        let process = Command::new(PYTHON)
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{port}"))
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&maildir)
            .stdout(Stdio::null())
            .spawn()
            .expect("aiosmtpd starts");
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "aiosmtpd never listened on {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Self {
            process,
            port,
            maildir,
            _dir: dir,
        }
    }

    /// Every message received so far, as raw text.
    fn received(&self) -> Vec<String> {
        let new = self.maildir.join("new");
        let Ok(entries) = std::fs::read_dir(&new) else {
            return Vec::new();
        };
        entries
            .map(|entry| read(&entry.expect("an entry").path()))
            .collect()
    }
}

/// `message` with its quoted-printable parts read back: soft line breaks joined, `=XX` bytes
/// decoded (headers and plain parts pass through as they are).
fn quoted_printable_decoded(message: &str) -> String {
    let joined = message.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|pair| std::str::from_utf8(pair).ok())
            .and_then(|pair| u8::from_str_radix(pair, 16).ok());
        match (bytes[i], hex) {
            (b'=', Some(byte)) => {
                decoded.push(byte);
                i += 3;
            }
            (byte, _) => {
                decoded.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).expect("a message file")
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _already_gone = self.process.kill();
        let _reaped = self.process.wait();
    }
}

#[tokio::test]
async fn a_mail_with_both_parts_and_a_file_arrives_whole_at_a_real_smtp_server() {
    let sink = Sink::start();
    let smtp = SmtpMailer::new(SmtpServer {
        host: "127.0.0.1".into(),
        port: sink.port,
        security: SmtpSecurity::None,
        credentials: None,
        timeout: Duration::from_secs(5),
    })
    .expect("a transport");
    let mails = mails(Arc::new(smtp));
    let day = 1_796_256_000_000; // 2026-12-03
    let days = [
        RoomDay {
            day,
            room: "General".into(),
            messages: 3,
            yours: 1,
        },
        RoomDay {
            day,
            room: "=HYPERLINK(\"http://evil\")".into(),
            messages: 2,
            yours: 0,
        },
    ];
    let mail = digest(
        &mails,
        &person("Ada Lovelace"),
        Period::Weekly,
        &days,
        Locale::En,
    );
    mails.mailer.deliver(&mail).await.expect("delivered");

    let received = sink.received();
    assert_eq!(received.len(), 1, "one message arrived");
    let message = &quoted_printable_decoded(&received[0]);
    for header in [
        "From: Commons <noreply@commons.test>",
        "To: \"Ada Lovelace\" <ada@example.com>",
        "Subject: Your week in Commons",
        "Message-ID: <",
        "Date: ",
    ] {
        assert!(message.contains(header), "{header} in {message}");
    }
    assert!(
        message.contains("Content-Type: multipart/mixed"),
        "{message}"
    );
    assert!(message.contains("Content-Type: multipart/alternative"));
    assert!(message.contains("Content-Type: text/plain; charset=utf-8"));
    assert!(message.contains("Content-Type: text/html; charset=utf-8"));
    assert!(
        message.contains("Hello Ada Lovelace,"),
        "the text part, readable"
    );
    assert!(
        message.contains("5 messages were posted in 2 of your rooms; 1 was yours."),
        "{message}"
    );
    assert!(
        message.contains("<h1>Your week in Commons</h1>"),
        "the HTML part"
    );
    assert!(
        message.contains("<li>=HYPERLINK(&quot;http://evil&quot;): 2 (yours: 0)</li>"),
        "a room's name is escaped in HTML"
    );
    assert!(message.contains("Content-Disposition: attachment; filename=\"activity.csv\""));
    assert!(message.contains("Content-Type: text/csv; charset=utf-8"));
    assert!(
        message.contains("day,room,messages,yours"),
        "the attachment's content: {message}"
    );
    assert!(message.contains("2026-12-03,General,3,1"));
    assert!(
        message.contains("\"'=HYPERLINK(\"\"http://evil\"\")\",2,0"),
        "a formula arrives as text"
    );
}

#[tokio::test]
async fn a_server_that_is_not_there_is_an_error_the_job_retries_not_a_hang() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port();
    let smtp = SmtpMailer::new(SmtpServer {
        host: "127.0.0.1".into(),
        port,
        security: SmtpSecurity::None,
        credentials: None,
        timeout: Duration::from_secs(2),
    })
    .expect("a transport");
    let mail = welcome(
        &mails(Arc::new(MemoryMailer::new())),
        &person("Ada"),
        Locale::En,
    );
    let started = Instant::now();
    assert!(matches!(smtp.deliver(&mail).await, Err(MailError::Smtp(_))));
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn the_dev_mailbox_answers_this_machine_only() {
    use app::mailbox::ssr::DevMailbox;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let db = runtime
        .block_on(domain::db::Db::connect(
            "sqlite::memory:",
            domain::db::PoolOptions {
                max_connections: 1,
                acquire_timeout: Duration::from_secs(5),
            },
        ))
        .expect("an in-memory database");
    let kept = DevMailbox(Some(Mailbox::new(db)));
    for local in ["127.0.0.1", "::1"] {
        assert!(
            kept.for_client(local.parse().expect("an address"))
                .is_some(),
            "{local}"
        );
    }
    for remote in ["10.0.0.7", "192.168.1.20", "2001:db8::1", "0.0.0.0"] {
        assert!(
            kept.for_client(remote.parse().expect("an address"))
                .is_none(),
            "{remote}"
        );
    }
    assert!(
        DevMailbox(None)
            .for_client("127.0.0.1".parse().expect("an address"))
            .is_none()
    );
}
