//! The welcome mail, sent when an account is made.

use app::{i18n::td_string, language};
use domain::{
    accounts::{self, User, WelcomeMail},
    mail::{Address, Mail},
};
use model::locale::Locale;
use ops::supervisor::TaskError;

use super::{Mails, escape, html_page, mail};
use crate::jobs::{JobContext, Perform};

/// The welcome, in `language` (the account's).
pub fn welcome(mails: &Mails, user: &User, language: Locale) -> Mail {
    let locale = language::of(language);
    let name = &user.name;
    let (rooms, profile) = (mails.link("/chat"), mails.link("/profile"));
    let greeting = td_string!(locale, mail.greeting, name = name);
    let ready = td_string!(locale, mail.welcome.ready);
    let join = td_string!(locale, mail.welcome.join);
    let settings = td_string!(locale, mail.welcome.profile);
    let ignore = td_string!(locale, mail.welcome.ignore);
    let subject = td_string!(locale, mail.welcome.subject);
    let text =
        format!("{greeting}\n\n{ready}\n\n{join}: {rooms}\n{settings}: {profile}\n\n{ignore}\n");
    let html = html_page(
        language,
        subject,
        &format!(
            "<h1>{heading}</h1>\n<p>{ready}</p>\n\
             <p><a href=\"{rooms}\">{join}</a> · <a href=\"{profile}\">{settings}</a></p>\n\
             <p>{ignore}</p>",
            heading = td_string!(locale, mail.heading, name = escape(name)),
            ready = escape(ready),
            rooms = escape(&rooms),
            join = escape(join),
            profile = escape(&profile),
            settings = escape(settings),
            ignore = escape(ignore),
        ),
    );
    mail(
        mails,
        Address::new(name, &user.email),
        subject.into(),
        text,
        html,
    )
}

impl Perform for WelcomeMail {
    async fn perform(self, context: &JobContext) -> Result<(), TaskError> {
        // An account deleted before its welcome went out gets none.
        let Some(user) = accounts::active_user(&context.db, self.user_id).await? else {
            return Ok(());
        };
        let language = accounts::preferences(&context.db, user.scope())
            .await?
            .language;
        let mail = welcome(&context.mails, &user, language);
        context.mails.mailer.deliver(&mail).await?;
        Ok(())
    }
}
