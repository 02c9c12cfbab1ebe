//! The password reset mail: the link that lets the owner of an address choose a new password.

use chrono::Utc;
use domain::{
    accounts::{self, PasswordResetMail, RESET_VALID_FOR, ResetToken, User},
    mail::{Address, Mail},
};
use ops::supervisor::TaskError;

use super::{Mails, escape, html_page, mail};
use crate::jobs::{JobContext, Perform};

/// Where a reset link leads; the token travels in the query.
pub const RESET_PATH: &str = "/password/reset";

pub fn password_reset(mails: &Mails, user: &User, token: &ResetToken) -> Mail {
    let name = &user.name;
    let link = mails.link(&format!("{RESET_PATH}?token={}", token.expose()));
    let minutes = RESET_VALID_FOR.as_secs() / 60;
    let text = format!(
        "Hello {name},\n\n\
         Someone asked to reset the password of your Commons account. To choose a new one,\n\
         open this link within {minutes} minutes (it works once):\n\n\
         {link}\n\n\
         Choosing a new password signs you out everywhere. If you did not ask, ignore this\n\
         mail: your password stays as it is.\n"
    );
    let html = html_page(
        "Reset your password",
        &format!(
            "<h1>Reset your password</h1>\n\
             <p>Hello {name}, someone asked to reset the password of your Commons account.</p>\n\
             <p><a href=\"{link}\">Choose a new password</a> — the link works once, \
             within {minutes} minutes.</p>\n\
             <p>Choosing a new password signs you out everywhere. If you did not ask, ignore \
             this mail: your password stays as it is.</p>",
            name = escape(name),
            link = escape(&link),
        ),
    );
    mail(
        mails,
        Address::new(name, &user.email),
        "Reset your Commons password".into(),
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
        let mail = password_reset(&context.mails, &user, &token);
        context.mails.mailer.deliver(&mail).await?;
        Ok(())
    }
}
