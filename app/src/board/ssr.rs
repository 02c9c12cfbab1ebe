use domain::board::{Board, BoardError, COMMENTS_PAGE, FEED_PAGE, SEARCH_HITS};
use model::{
    board::{
        BoardReport, CommentBody, CommentInfo, FeedCursor, FeedFilter, FeedSort, PostForm,
        SearchResults, SearchTerms, Tag,
    },
    refusal::Refusal,
};
use ops::limits::Verdict;

use super::{FeedQuery, FeedView, PersonView, PostView};
use crate::{
    AppError,
    auth::{
        CurrentUser,
        ssr::{answer, context, for_admin},
    },
    limits::{self, Limits},
};

impl From<BoardError> for AppError {
    fn from(error: BoardError) -> Self {
        match error {
            BoardError::NotFound => Self::NotFound,
            BoardError::Forbidden => Self::Forbidden,
            BoardError::Db(error) => error.into(),
        }
    }
}

/// The feed's filter from what a URL typed: an unknown sort is the default, anything else
/// that does not parse is the reader's mistake (400), never a page of something else.
pub fn filter_of(query: &FeedQuery) -> Result<(FeedFilter, Option<FeedCursor>), AppError> {
    let tag = Tag::parse(&query.tag).map_err(|error| AppError::BadRequest(error.into()))?;
    let author = match query.author.trim() {
        "" => None,
        id => Some(
            id.parse::<i64>()
                .map_err(|_| AppError::BadRequest(Refusal::NoSuchAccount))?,
        ),
    };
    let sort = FeedSort::parse(query.sort.trim()).unwrap_or_default();
    let after = match query.after.trim() {
        "" => None,
        cursor => {
            let cursor: FeedCursor = cursor
                .parse()
                .map_err(|_| AppError::BadRequest(Refusal::CursorMalformed))?;
            // A cursor read in another order points nowhere in this one.
            if cursor.sort != sort {
                return Err(AppError::BadRequest(Refusal::CursorMalformed));
            }
            Some(cursor)
        }
    };
    Ok((FeedFilter { tag, author, sort }, after))
}

pub(super) async fn feed(query: FeedQuery) -> Result<FeedView, AppError> {
    let outcome = async {
        let ctx = context()?;
        let reader = ctx.signed_in().ok().map(|(user, _)| user.scope());
        let (filter, after) = filter_of(&query)?;
        let board = ctx.board();
        let page = board.feed(reader, &filter, after, FEED_PAGE).await?;
        let drafts = match reader {
            Some(reader) if after.is_none() => board.drafts(reader).await?,
            _ => Vec::new(),
        };
        Ok(FeedView { page, drafts })
    };
    answer(outcome.await)
}

pub(super) async fn post(id: i64) -> Result<PostView, AppError> {
    let outcome = async {
        let ctx = context()?;
        let reader = ctx.signed_in().ok().map(|(user, _)| user.scope());
        let board = ctx.board();
        let mut detail = board.post(reader, id).await?;
        let comments = board.comments(reader, id, None, COMMENTS_PAGE).await?;
        let may_manage = reader.is_some_and(|reader| reader.may_manage(detail.post.author.id));
        // The source is for the edit form only.
        if !may_manage {
            detail.markdown = None;
        }
        Ok(PostView {
            detail,
            comments,
            may_manage,
        })
    };
    answer(outcome.await)
}

/// How many of a person's latest posts their page lists.
const RECENT: u32 = 5;

pub(super) async fn person(id: i64) -> Result<PersonView, AppError> {
    let outcome = async {
        let ctx = context()?;
        let reader = ctx.signed_in().ok().map(|(user, _)| user.scope());
        let board = ctx.board();
        let stats = board.person(id).await?;
        if reader.is_none() && stats.posts == 0 {
            return Err(AppError::NotFound);
        }
        let filter = FeedFilter {
            author: Some(id),
            ..FeedFilter::default()
        };
        let recent = board.feed(reader, &filter, None, RECENT).await?.posts;
        Ok(PersonView { stats, recent })
    };
    answer(outcome.await)
}

pub(super) async fn report() -> Result<BoardReport, AppError> {
    for_admin(async |ctx, admin| Ok(ctx.board().report(admin.scope()).await?)).await
}

pub(super) async fn search(q: String) -> Result<SearchResults, AppError> {
    let outcome = async {
        let ctx = context()?;
        let terms = SearchTerms::parse(&q).map_err(|error| AppError::BadRequest(error.into()))?;
        let allowed = limits::check(limits::from_context()?.searches.check(&ctx.ip))?;
        limits::note(&allowed);
        Ok(ctx.board().search(&terms, SEARCH_HITS).await?)
    };
    answer(outcome.await)
}

/// Writes a post for `user` within their budget of new posts; answers its id and where they
/// stand against the limit.
pub async fn create_post(
    board: &Board,
    limits: &Limits,
    user: &CurrentUser,
    form: &PostForm,
) -> Result<(i64, Verdict), AppError> {
    let post = form.parse().map_err(AppError::Invalid)?;
    let allowed = limits::check(limits.posts.check(&user.id))?;
    let id = board.create_post(user.scope(), post).await?;
    Ok((id, allowed))
}

/// Spends one of `user`'s board actions (a comment, a like, an edit, a delete).
pub fn act(limits: &Limits, user: &CurrentUser) -> Result<Verdict, AppError> {
    limits::check(limits.board_actions.check(&user.id))
}

pub async fn update_post(
    board: &Board,
    limits: &Limits,
    user: &CurrentUser,
    post_id: i64,
    form: &PostForm,
) -> Result<Verdict, AppError> {
    let post = form.parse().map_err(AppError::Invalid)?;
    let allowed = act(limits, user)?;
    board.update_post(user.scope(), post_id, post).await?;
    Ok(allowed)
}

pub async fn add_comment(
    board: &Board,
    limits: &Limits,
    user: &CurrentUser,
    post_id: i64,
    body: &str,
) -> Result<(CommentInfo, Verdict), AppError> {
    let body = CommentBody::parse(body)
        .map_err(|error| AppError::invalid_field("body", Refusal::comment(error)))?;
    let allowed = act(limits, user)?;
    let comment = board.add_comment(user.scope(), post_id, body).await?;
    Ok((comment, allowed))
}

/// What a plain form post on the board says on the next page.
#[derive(Clone, Copy, Debug)]
pub enum Done {
    Published,
    DraftSaved,
    Saved,
    Deleted,
    CommentDeleted,
}

impl Done {
    pub fn flash(self, words: model::locale::Locale) -> crate::auth::Flash {
        let locale = crate::language::of(words);
        let message = match self {
            Self::Published => crate::i18n::td_string!(locale, board.published),
            Self::DraftSaved => crate::i18n::td_string!(locale, board.draft_saved),
            Self::Saved => crate::i18n::td_string!(locale, board.saved),
            Self::Deleted => crate::i18n::td_string!(locale, board.deleted),
            Self::CommentDeleted => crate::i18n::td_string!(locale, board.comment_deleted),
        };
        crate::auth::Flash {
            kind: crate::auth::FlashKind::Info,
            message: message.to_owned(),
        }
    }
}
