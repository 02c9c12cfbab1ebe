//! The welcome mail, sent when an account is made.

use domain::{
    accounts::{self, User, WelcomeMail},
    mail::{Address, Mail},
};
use ops::supervisor::TaskError;

use super::{Mails, escape, html_page, mail};
use crate::jobs::{JobContext, Perform};

pub fn welcome(mails: &Mails, user: &User) -> Mail {
    let name = &user.name;
    let (rooms, profile) = (mails.link("/chat"), mails.link("/profile"));
    let text = format!(
        "Hello {name},\n\n\
         Welcome to Commons! Your account is ready.\n\n\
         Join a conversation: {rooms}\n\
         Your profile and settings: {profile}\n\n\
         If you did not make this account, you can ignore this mail.\n"
    );
    let html = html_page(
        "Welcome to Commons",
        &format!(
            "<h1>Hello {name}</h1>\n\
             <p>Welcome to Commons! Your account is ready.</p>\n\
             <p><a href=\"{rooms}\">Join a conversation</a> · \
             <a href=\"{profile}\">Your profile and settings</a></p>\n\
             <p>If you did not make this account, you can ignore this mail.</p>",
            name = escape(name),
            rooms = escape(&rooms),
            profile = escape(&profile),
        ),
    );
    mail(
        mails,
        Address::new(name, &user.email),
        "Welcome to Commons".into(),
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
        let mail = welcome(&context.mails, &user);
        context.mails.mailer.deliver(&mail).await?;
        Ok(())
    }
}
