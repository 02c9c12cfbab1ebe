//! The refusals each kind of operation documents (`responses(…, ReadRefusals)`), every one a
//! [`Problem`]: for the OpenAPI documents only, since handlers answer `ApiError`.

use utoipa::IntoResponses;

use super::problem::Problem;

/// What a read can be refused with, for the documents.
#[expect(dead_code, reason = "a set of documented answers, never built")]
#[derive(IntoResponses)]
pub enum ReadRefusals {
    #[response(
        status = 400,
        description = "A query or path that does not parse",
        content_type = "application/problem+json"
    )]
    BadRequest(Problem),
    #[response(
        status = 401,
        description = "No credentials, or ones that open nothing",
        content_type = "application/problem+json"
    )]
    Unauthorized(Problem),
    #[response(
        status = 403,
        description = "Not allowed",
        content_type = "application/problem+json"
    )]
    Forbidden(Problem),
    #[response(
        status = 404,
        description = "Not found, or not yours",
        content_type = "application/problem+json"
    )]
    NotFound(Problem),
    #[response(
        status = 429,
        description = "Over the caller's rate limit",
        content_type = "application/problem+json"
    )]
    TooManyRequests(Problem),
}

/// What a write can be refused with, for the documents.
#[expect(dead_code, reason = "a set of documented answers, never built")]
#[derive(IntoResponses)]
pub enum WriteRefusals {
    #[response(
        status = 400,
        description = "Malformed JSON (with its line and column), or a query or path that does not parse",
        content_type = "application/problem+json"
    )]
    BadRequest(Problem),
    #[response(
        status = 401,
        description = "No credentials, or ones that open nothing",
        content_type = "application/problem+json"
    )]
    Unauthorized(Problem),
    #[response(
        status = 403,
        description = "Not allowed, or a read-only token",
        content_type = "application/problem+json"
    )]
    Forbidden(Problem),
    #[response(
        status = 404,
        description = "Not found, or not yours",
        content_type = "application/problem+json"
    )]
    NotFound(Problem),
    #[response(
        status = 409,
        description = "Conflicts with what exists",
        content_type = "application/problem+json"
    )]
    Conflict(Problem),
    #[response(
        status = 413,
        description = "The body is too large",
        content_type = "application/problem+json"
    )]
    TooLarge(Problem),
    #[response(
        status = 415,
        description = "The body is not JSON",
        content_type = "application/problem+json"
    )]
    UnsupportedMediaType(Problem),
    #[response(
        status = 422,
        description = "Fields to correct",
        content_type = "application/problem+json"
    )]
    Invalid(Problem),
    #[response(
        status = 429,
        description = "Over the caller's rate limit",
        content_type = "application/problem+json"
    )]
    TooManyRequests(Problem),
}
