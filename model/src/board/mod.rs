//! The community board's vocabulary (recipes 6–11, 13): what a post, a comment and their tags
//! may be, the rules both the form and the server check, and the shapes the feed, a post's page
//! and the API send.

pub mod channel;
mod dto;
mod feed;
mod form;
mod search;
mod stats;
mod tags;
mod text;

pub use dto::{CommentInfo, PostDetail, PostState, PostSummary};
pub use feed::{CursorMalformed, FeedCursor, FeedFilter, FeedPage, FeedSort};
pub use form::{NewPost, PostForm};
pub use search::{SearchError, SearchHit, SearchResults, SearchTerms, SnippetPart};
pub use stats::{BoardMonth, BoardReport, PersonStats, TagCount};
pub use tags::{Tag, Tags, TagsError};
pub use text::{CommentBody, PostBody, PostTitle, TextError};
