//! How each version pages a list (recipe 40: the envelope is what changed between them).
//!
//! - v1: `?page=2&limit=20` → `{data, total}`. Simple, but rows added meanwhile shift pages.
//! - v2: `?cursor=…&limit=20` → `{data, meta: {next_cursor, limit}}`: a keyset cursor, stable
//!   under inserts and as fast at the end as at the start; `next_cursor` is `null` on the last
//!   page. Cursors are opaque: clients pass back what they were given.
//!
//! Values out of range are refused (400), never silently clamped.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use domain::paging::Page;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::problem::ApiError;

pub const DEFAULT_LIMIT: u32 = 20;
pub const MAX_LIMIT: u32 = 100;

fn check_limit(limit: Option<u32>) -> Result<u32, ApiError> {
    match limit.unwrap_or(DEFAULT_LIMIT) {
        limit @ 1..=MAX_LIMIT => Ok(limit),
        _ => Err(ApiError::bad_request(format!(
            "`limit` must be from 1 to {MAX_LIMIT}."
        ))),
    }
}

/// v1's page of a list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// The page, from 1.
    #[param(minimum = 1, maximum = 1_000_000, default = 1)]
    pub page: Option<u32>,
    /// Items a page.
    #[param(minimum = 1, maximum = 100, default = 20)]
    pub limit: Option<u32>,
}

impl PageParams {
    pub fn page(&self) -> Result<Page, ApiError> {
        let limit = check_limit(self.limit)?;
        let page = match self.page.unwrap_or(1) {
            page @ 1..=1_000_000 => page,
            _ => return Err(ApiError::bad_request("`page` must be from 1 to 1000000.")),
        };
        Ok(Page::Numbered {
            offset: u64::from(page - 1) * u64::from(limit),
            limit,
        })
    }
}

/// v2's page of a list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CursorParams {
    /// Where to go on from: the `next_cursor` of the page before. Leave it out for the first.
    pub cursor: Option<String>,
    /// Items a page.
    #[param(minimum = 1, maximum = 100, default = 20)]
    pub limit: Option<u32>,
}

impl CursorParams {
    pub fn page(&self) -> Result<Page, ApiError> {
        let limit = check_limit(self.limit)?;
        // An empty cursor is no cursor: the first page.
        let cursor = self.cursor.as_deref().filter(|cursor| !cursor.is_empty());
        let after = cursor.map(decode).transpose()?;
        Ok(Page::After { after, limit })
    }
}

fn encode(key: i64) -> String {
    URL_SAFE_NO_PAD.encode(format!("k{key}"))
}

fn decode(cursor: &str) -> Result<i64, ApiError> {
    URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| text.strip_prefix('k')?.parse().ok())
        .ok_or_else(|| ApiError::bad_request("`cursor` is not one this API gave."))
}

/// v1's list: a page and how many there are in all.
#[derive(Debug, Serialize, ToSchema)]
pub struct Paged<T> {
    pub data: Vec<T>,
    pub total: i64,
}

/// v2's list: a page and where the next one starts.
#[derive(Debug, Serialize, ToSchema)]
pub struct Cursored<T> {
    pub data: Vec<T>,
    pub meta: CursorMeta,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CursorMeta {
    /// Pass as `cursor` for the next page; `null` on the last one.
    pub next_cursor: Option<String>,
    pub limit: u32,
}

impl<T> Cursored<T> {
    /// A page read for `page`, with `key` giving each item's key: a full page has a next one.
    pub fn new(data: Vec<T>, page: Page, key: impl Fn(&T) -> i64) -> Self {
        let limit = page.limit();
        let full = u32::try_from(data.len()).is_ok_and(|len| len >= limit);
        let next_cursor = data.last().filter(|_| full).map(|last| encode(key(last)));
        Self {
            data,
            meta: CursorMeta { next_cursor, limit },
        }
    }

    /// A whole list in one page (lists that are short by rule, like one's tokens).
    pub fn whole(data: Vec<T>) -> Self {
        let limit = u32::try_from(data.len()).unwrap_or(u32::MAX);
        Self {
            data,
            meta: CursorMeta {
                next_cursor: None,
                limit,
            },
        }
    }
}

/// One resource, in both versions: `{data: …}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Data<T> {
    pub data: T,
}

impl<T> Data<T> {
    pub fn of(data: impl Into<T>) -> Self {
        Self { data: data.into() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_number_becomes_an_offset_and_out_of_range_is_refused() {
        let params = PageParams {
            page: Some(3),
            limit: Some(10),
        };
        assert_eq!(
            params.page().expect("in range"),
            Page::Numbered {
                offset: 20,
                limit: 10
            }
        );
        for (page, limit) in [(Some(0), None), (None, Some(0)), (None, Some(101))] {
            assert!(PageParams { page, limit }.page().is_err());
        }
    }

    #[test]
    fn a_cursor_goes_round_and_a_forged_one_is_refused() {
        let page = Page::After {
            after: None,
            limit: 2,
        };
        let listed = Cursored::new(vec![5_i64, 9], page, |id| *id);
        let cursor = listed.meta.next_cursor.expect("a full page has a next one");
        let next = CursorParams {
            cursor: Some(cursor),
            limit: Some(2),
        };
        assert_eq!(
            next.page().expect("it parses"),
            Page::After {
                after: Some(9),
                limit: 2
            }
        );
        let short = Cursored::new(vec![5_i64], page, |id| *id);
        assert_eq!(short.meta.next_cursor, None);
        for forged in ["!!", "azz", &URL_SAFE_NO_PAD.encode("k9x")] {
            let params = CursorParams {
                cursor: Some(forged.to_owned()),
                limit: None,
            };
            assert!(params.page().is_err(), "{forged}");
        }
    }
}
