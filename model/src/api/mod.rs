//! The public API's vocabulary (recipe 25): personal access tokens — what a token may do, what
//! it is called, how long it lasts — with the rules the profile page checks as you type and
//! the server checks again.

pub(crate) mod tokens;

pub use tokens::{
    AccessTokenForm, NewAccessToken, NewTokenInfo, TokenInfo, TokenName, TokenNameError,
    TokenScope, TokenScopeError,
};
