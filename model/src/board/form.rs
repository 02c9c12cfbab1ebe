//! The post form as typed (the page's and the no-JS post's), and the post it makes once every
//! rule passes.

use serde::{Deserialize, Serialize};

use super::{PostBody, PostState, PostTitle, Tags, TextError};
use crate::{accounts::FieldErrors, refusal::Refusal};

/// A post's form: title, Markdown body, tags as one comma-separated line, and whether to
/// publish it now (`publish` present) or keep it as a draft.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PostForm {
    pub title: String,
    pub body: String,
    pub tags: String,
    pub publish: Option<String>,
}

/// A post every rule passed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewPost {
    pub title: PostTitle,
    pub body: PostBody,
    pub tags: Tags,
    pub state: PostState,
}

impl PostForm {
    pub const TITLE: &'static str = "title";
    pub const BODY: &'static str = "body";
    pub const TAGS: &'static str = "tags";

    /// What is wrong with one field, or `None`; what the form shows while typing.
    pub fn error_for(&self, field: &str) -> Option<Refusal> {
        match field {
            Self::TITLE => PostTitle::parse(&self.title).err().map(Refusal::title),
            Self::BODY => PostBody::parse(&self.body).err().map(Refusal::post),
            Self::TAGS => Tags::parse(&self.tags).err().map(Refusal::from),
            _ => None,
        }
    }

    pub fn parse(&self) -> Result<NewPost, FieldErrors> {
        let mut errors = FieldErrors::default();
        let title = PostTitle::parse(&self.title)
            .map_err(|e| errors.insert(Self::TITLE, Refusal::title(e)))
            .ok();
        let body = PostBody::parse(&self.body)
            .map_err(|e| errors.insert(Self::BODY, Refusal::post(e)))
            .ok();
        let tags = Tags::parse(&self.tags)
            .map_err(|e| errors.insert(Self::TAGS, e))
            .ok();
        match (title, body, tags) {
            (Some(title), Some(body), Some(tags)) => Ok(NewPost {
                title,
                body,
                tags,
                state: if self.publish.is_some() {
                    PostState::Published
                } else {
                    PostState::Draft
                },
            }),
            _ => Err(errors),
        }
    }

    /// The form filled in with a post, to edit it.
    pub fn of(title: &str, markdown: &str, tags: &[String]) -> Self {
        Self {
            title: title.to_owned(),
            body: markdown.to_owned(),
            tags: tags.join(", "),
            publish: None,
        }
    }
}

impl Refusal {
    pub fn title(error: TextError) -> Self {
        match error {
            TextError::Empty => Self::TitleEmpty,
            TextError::TooLong { max } => Self::TitleTooLong { max },
            TextError::ControlCharacter => Self::TextControlCharacter,
        }
    }

    pub fn post(error: TextError) -> Self {
        match error {
            TextError::Empty => Self::PostEmpty,
            TextError::TooLong { max } => Self::PostTooLong { max },
            TextError::ControlCharacter => Self::TextControlCharacter,
        }
    }

    pub fn comment(error: TextError) -> Self {
        match error {
            TextError::Empty => Self::CommentEmpty,
            TextError::TooLong { max } => Self::CommentTooLong { max },
            TextError::ControlCharacter => Self::TextControlCharacter,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_names_each_field_it_refuses() {
        let form = PostForm {
            title: " ".into(),
            body: "ok".into(),
            tags: "a,b,c,d,e,f".into(),
            publish: None,
        };
        let errors = form.parse().unwrap_err();
        assert_eq!(errors.get("title"), Some(&Refusal::TitleEmpty));
        assert_eq!(errors.get("tags"), Some(&Refusal::TooManyTags { max: 5 }));
        assert_eq!(errors.get("body"), None);
    }

    #[test]
    fn publish_present_publishes_else_a_draft() {
        let mut form = PostForm::of("Hi", "*there*", &["Rust".into()]);
        assert_eq!(form.parse().unwrap().state, PostState::Draft);
        form.publish = Some(String::new());
        let post = form.parse().unwrap();
        assert_eq!(post.state, PostState::Published);
        assert_eq!(post.tags.joined(), "rust");
    }
}
