//! The activity digest: what happened in a person's rooms over the last day or week, in words
//! and as a CSV file by day and room. A schedule's job ([`SendDigests`]) enqueues one mail job
//! ([`DigestMail`]) per person whose preferences ask for that period's digest.

use std::collections::BTreeMap;

use app::{i18n::td_string, language};
use chrono::{DateTime, Utc};
use domain::{
    accounts::{self, User},
    chat::{self, RoomDay},
    jobs::{self, Job, NewJob},
    mail::{Address, Attachment, Mail},
};
use model::{accounts::Digest, locale::Locale};
use ops::supervisor::TaskError;
use serde::{Deserialize, Serialize};

use super::{Mails, escape, html_page, mail};
use crate::{
    api::resources::csv::encode,
    jobs::{JobContext, Perform},
};

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// Which digest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Daily,
    Weekly,
}

impl Period {
    fn digest(self) -> Digest {
        match self {
            Self::Daily => Digest::Daily,
            Self::Weekly => Digest::Weekly,
        }
    }

    fn days(self) -> i64 {
        match self {
            Self::Daily => 1,
            Self::Weekly => 7,
        }
    }
}

/// Enqueues the period's digest for each person who asked for it (what the schedule runs).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SendDigests {
    pub period: Period,
}

impl Job for SendDigests {
    const KIND: &'static str = "mail.digests";
    const QUEUE: &'static str = "mail";
}

impl Perform for SendDigests {
    async fn perform(self, context: &JobContext) -> Result<(), TaskError> {
        let db = &context.db;
        let until = Utc::now().timestamp_millis();
        let people = accounts::digest_recipients(db, self.period.digest()).await?;
        for user_id in people {
            let job = DigestMail {
                user_id,
                period: self.period,
                until,
            };
            // Unique per person and day while it waits: a fan-out run twice at once (two
            // clicks on "run now") queues one mail a person.
            let mut job = NewJob::of(&job, until)?;
            job.unique_key = Some(format!(
                "digest:{:?}:{user_id}:{}",
                self.period,
                until / DAY_MS
            ));
            jobs::insert(db, &job, until).await?;
        }
        Ok(())
    }
}

/// One person's digest of the `period` before `until` (unix ms).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct DigestMail {
    pub user_id: i64,
    pub period: Period,
    pub until: i64,
}

impl Job for DigestMail {
    const KIND: &'static str = "mail.digest";
    const QUEUE: &'static str = "mail";
    const MAX_ATTEMPTS: i32 = 10;
}

impl Perform for DigestMail {
    async fn perform(self, context: &JobContext) -> Result<(), TaskError> {
        let db = &context.db;
        let Some(user) = accounts::active_user(db, self.user_id).await? else {
            return Ok(());
        };
        let since = self.until - self.period.days() * DAY_MS;
        let days = chat::activity(db, user.id, since, self.until).await?;
        let language = accounts::preferences(db, user.scope()).await?.language;
        let mail = digest(&context.mails, &user, self.period, &days, language);
        context.mails.mailer.deliver(&mail).await?;
        Ok(())
    }
}

fn date(day: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(day)
        .map(|day| day.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// The digest mail in `language` (the account's), with `activity.csv` (day, room, messages,
/// yours; the same columns in every language, for whatever reads it).
pub fn digest(
    mails: &Mails,
    user: &User,
    period: Period,
    days: &[RoomDay],
    language: Locale,
) -> Mail {
    let locale = language::of(language);
    let mut rooms: BTreeMap<&str, (i64, i64)> = BTreeMap::new();
    for day in days {
        let room = rooms.entry(day.room.as_str()).or_default();
        room.0 += day.messages;
        room.1 += day.yours;
    }
    let (messages, yours) = rooms
        .values()
        .fold((0, 0), |(all, own), (m, y)| (all + m, own + y));
    let summary = summary(locale, period, messages, rooms.len(), yours);
    let subject = match period {
        Period::Daily => td_string!(locale, mail.digest.subject_day),
        Period::Weekly => td_string!(locale, mail.digest.subject_week),
    };
    let greeting = td_string!(locale, mail.greeting, name = &user.name);
    let attached = td_string!(locale, mail.digest.attached);
    let how_often = td_string!(locale, mail.digest.how_often);
    let profile = mails.link("/profile");
    let lines: Vec<String> = rooms
        .iter()
        .map(|(room, (m, y))| {
            td_string!(
                locale,
                mail.digest.room_line,
                room = room,
                messages = m,
                yours = y
            )
        })
        .collect();
    let text = format!(
        "{greeting}\n\n{summary}\n\n{lines}\n{attached}\n{how_often}: {profile}\n",
        lines = lines
            .iter()
            .map(|line| format!("- {line}\n"))
            .collect::<String>(),
    );
    let items: String = lines
        .iter()
        .map(|line| format!("<li>{}</li>", escape(line)))
        .collect();
    let html = html_page(
        language,
        subject,
        &format!(
            "<h1>{heading}</h1>\n<p>{greeting} {summary}</p>\n<ul>{items}</ul>\n\
             <p>{attached} <a href=\"{profile}\">{how_often}</a>.</p>",
            heading = escape(subject),
            greeting = escape(&greeting),
            summary = escape(&summary),
            attached = escape(attached),
            profile = escape(&profile),
            how_often = escape(how_often),
        ),
    );
    let header = ["day", "room", "messages", "yours"].map(str::to_owned);
    let rows = days.iter().map(|day| {
        [
            date(day.day),
            day.room.clone(),
            day.messages.to_string(),
            day.yours.to_string(),
        ]
    });
    let csv = encode(std::iter::once(header).chain(rows));
    let mut mail = mail(
        mails,
        Address::new(&user.name, &user.email),
        subject.into(),
        text,
        html,
    );
    mail.attachments.push(Attachment {
        filename: "activity.csv".into(),
        content_type: "text/csv; charset=utf-8".into(),
        content: csv.to_vec(),
    });
    mail
}

/// "In the last week, 3 messages were posted in 2 of your rooms; 1 was yours.", each count in
/// its language's plural form; a quiet period says so.
fn summary(
    locale: app::i18n::Locale,
    period: Period,
    messages: i64,
    rooms: usize,
    yours: i64,
) -> String {
    let posted = match (period, messages) {
        (Period::Daily, 0) => return td_string!(locale, mail.digest.quiet_day).into(),
        (Period::Weekly, 0) => return td_string!(locale, mail.digest.quiet_week).into(),
        (Period::Daily, count) => {
            td_string!(locale, mail.digest.posted_day, count = count, rooms = rooms)
        }
        (Period::Weekly, count) => {
            td_string!(
                locale,
                mail.digest.posted_week,
                count = count,
                rooms = rooms
            )
        }
    };
    format!(
        "{posted} {}",
        td_string!(locale, mail.digest.yours, count = yours)
    )
}
