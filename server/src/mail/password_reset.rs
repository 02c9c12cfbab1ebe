//! The password reset mail: the link that lets the owner of an address choose a new password.

use app::{i18n::td_string, language};
use chrono::Utc;
use domain::{
    accounts::{self, PasswordResetMail, RESET_VALID_FOR, ResetToken, User},
    mail::{Address, Mail},
};
use model::locale::Locale;
use ops::supervisor::TaskError;

use super::{Mails, escape, html_page, mail};
use crate::jobs::{JobContext, Perform};

/// Where a reset link leads; the token travels in the query.
pub const RESET_PATH: &str = "/password/reset";

/// The reset link, in `language` (the account's).
pub fn password_reset(mails: &Mails, user: &User, token: &ResetToken, language: Locale) -> Mail {
    let locale = language::of(language);
    let name = &user.name;
    let link = mails.link(&format!("{RESET_PATH}?token={}", token.expose()));
    let minutes = RESET_VALID_FOR.as_secs() / 60;
    let greeting = td_string!(locale, mail.greeting, name = name);
    let asked = td_string!(locale, mail.reset.asked);
    let signs_out = td_string!(locale, mail.reset.signs_out);
    let heading = td_string!(locale, mail.reset.heading);
    let text = format!(
        "{greeting}\n\n{asked} {open}\n\n{link}\n\n{signs_out}\n",
        open = td_string!(locale, mail.reset.open_link, minutes = minutes),
    );
    let html = html_page(
        language,
        heading,
        &format!(
            "<h1>{heading}</h1>\n<p>{greeting}</p>\n<p>{asked}</p>\n\
             <p><a href=\"{link}\">{choose}</a> — {works}</p>\n<p>{signs_out}</p>",
            heading = escape(heading),
            greeting = escape(&greeting),
            asked = escape(asked),
            link = escape(&link),
            choose = escape(td_string!(locale, mail.reset.choose)),
            works = escape(&td_string!(
                locale,
                mail.reset.link_works,
                minutes = minutes
            )),
            signs_out = escape(signs_out),
        ),
    );
    let subject = td_string!(locale, mail.reset.subject);
    mail(
        mails,
        Address::new(name, &user.email),
        subject.into(),
        text,
        html,
    )
}

impl Perform for PasswordResetMail {
    async fn perform(self, context: &JobContext) -> Result<(), TaskError> {
        let at = Utc::now().timestamp();
        // Nobody's address: nothing is sent, and the asker was told the same as an owner.
        let Some((user, token)) = accounts::issue_reset_token(&context.db, &self.email, at).await?
        else {
            return Ok(());
        };
        let language = accounts::preferences(&context.db, user.scope())
            .await?
            .language;
        let mail = password_reset(&context.mails, &user, &token, language);
        context.mails.mailer.deliver(&mail).await?;
        Ok(())
    }
}
