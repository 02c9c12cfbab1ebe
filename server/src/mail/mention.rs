//! The mention mail: someone wrote `@handle` naming the reader, and the reader asked to hear of
//! it by mail (their preferences). Sent once per mention, unless it was seen first.

use app::{i18n::td_string, language};
use domain::{
    accounts::{self, User},
    mail::{Address, Mail},
    mentions::{self, MentionMail},
};
use model::{
    locale::Locale,
    mentions::{MentionInfo, MentionPlace},
};
use ops::supervisor::TaskError;

use super::{Mails, escape, html_page, mail};
use crate::jobs::{JobContext, Perform};

/// The mention, in `language` (the reader's).
pub fn mention_mail(mails: &Mails, user: &User, mention: &MentionInfo, language: Locale) -> Mail {
    let locale = language::of(language);
    let by = &mention.by.name;
    let link = mails.link(&mention.place.href());
    let settings = mails.link("/profile");
    let said = match &mention.place {
        MentionPlace::Post { title, .. } => {
            td_string!(locale, mail.mention.in_post, name = by, title = title)
        }
        MentionPlace::Comment { title, .. } => {
            td_string!(locale, mail.mention.in_comment, name = by, title = title)
        }
        MentionPlace::Message { room, .. } => {
            td_string!(locale, mail.mention.in_message, name = by, room = room)
        }
    };
    let greeting = td_string!(locale, mail.greeting, name = &user.name);
    let open = td_string!(locale, mail.mention.open);
    let stop = td_string!(locale, mail.mention.stop);
    let subject = td_string!(locale, mail.mention.subject, name = by);
    let quoted: String = mention
        .excerpt
        .lines()
        .map(|line| format!("> {line}\n"))
        .collect();
    let text = format!("{greeting}\n\n{said}\n\n{quoted}\n{open}: {link}\n\n{stop}: {settings}\n",);
    let html = html_page(
        language,
        &subject,
        &format!(
            "<p>{greeting}</p>\n<p>{said}</p>\n\
             <blockquote style=\"border-left: 3px solid #ccc; margin: 0; padding-left: 1rem\">\
             {excerpt}</blockquote>\n<p><a href=\"{link}\">{open}</a></p>\n\
             <p style=\"font-size: 0.875rem\"><a href=\"{settings}\">{stop}</a></p>",
            greeting = escape(&greeting),
            said = escape(&said),
            excerpt = escape(&mention.excerpt),
            link = escape(&link),
            open = escape(open),
            settings = escape(&settings),
            stop = escape(stop),
        ),
    );
    mail(
        mails,
        Address::new(&user.name, &user.email),
        subject,
        text,
        html,
    )
}

impl Perform for MentionMail {
    async fn perform(self, context: &JobContext) -> Result<(), TaskError> {
        // Seen already, its place gone or hidden, the account closed: nothing to say.
        let Some((user, mention)) = mentions::for_mail(&context.db, self.mention_id).await? else {
            return Ok(());
        };
        let preferences = accounts::preferences(&context.db, user.scope()).await?;
        // They may have changed their mind since it was queued.
        if !preferences.notifications.mentions_by_mail {
            return Ok(());
        }
        let mail = mention_mail(&context.mails, &user, &mention, preferences.language);
        context.mails.mailer.deliver(&mail).await?;
        Ok(())
    }
}
