//! The activity digest: what happened in a person's rooms over the last day or week, in words
//! and as a CSV file by day and room. A schedule's job ([`SendDigests`]) enqueues one mail job
//! ([`DigestMail`]) per person whose preferences ask for that period's digest.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use domain::{
    accounts::{self, User},
    chat::{self, RoomDay},
    jobs::{self, Job, NewJob},
    mail::{Address, Attachment, Mail},
};
use model::accounts::Digest;
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

    fn span(self) -> &'static str {
        match self {
            Self::Daily => "day",
            Self::Weekly => "week",
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
        let mail = digest(&context.mails, &user, self.period, &days);
        context.mails.mailer.deliver(&mail).await?;
        Ok(())
    }
}

fn date(day: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(day)
        .map(|day| day.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// The digest mail, with `activity.csv` (day, room, messages, yours).
pub fn digest(mails: &Mails, user: &User, period: Period, days: &[RoomDay]) -> Mail {
    let span = period.span();
    let mut rooms: BTreeMap<&str, (i64, i64)> = BTreeMap::new();
    for day in days {
        let room = rooms.entry(day.room.as_str()).or_default();
        room.0 += day.messages;
        room.1 += day.yours;
    }
    let (messages, yours) = rooms
        .values()
        .fold((0, 0), |(all, own), (m, y)| (all + m, own + y));
    let summary = if messages == 0 {
        format!("It was a quiet {span}: no messages in your rooms.")
    } else {
        format!(
            "In the last {span}, {messages} message{} {} posted in {} of your rooms; {yours} {} yours.",
            if messages == 1 { "" } else { "s" },
            if messages == 1 { "was" } else { "were" },
            rooms.len(),
            if yours == 1 { "was" } else { "were" },
        )
    };
    let profile = mails.link("/profile");
    let lines: String = rooms
        .iter()
        .map(|(room, (m, y))| format!("- {room}: {m} (yours: {y})\n"))
        .collect();
    let text = format!(
        "Hello {name},\n\n{summary}\n\n{lines}\nThe attached activity.csv has them by day and room.\n\
         Choose how often this comes (or stop it) on your profile: {profile}\n",
        name = user.name
    );
    let items: String = rooms
        .iter()
        .map(|(room, (m, y))| format!("<li>{}: {m} (yours: {y})</li>", escape(room)))
        .collect();
    let html = html_page(
        &format!("Your {span} in Commons"),
        &format!(
            "<h1>Your {span} in Commons</h1>\n<p>Hello {name}. {summary}</p>\n<ul>{items}</ul>\n\
             <p>The attached activity.csv has them by day and room. \
             <a href=\"{profile}\">Choose how often this comes</a>, or stop it.</p>",
            name = escape(&user.name),
            summary = escape(&summary),
            profile = escape(&profile),
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
        format!("Your {span} in Commons"),
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
