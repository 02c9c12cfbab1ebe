//! The public REST API over HTTP (recipes 24, 25, 40): each version's resources, version
//! negotiation, problem bodies, tokens, limits.

mod board;
mod csv;
mod errors;
mod files;
mod languages;
mod me;
mod message_changes;
mod rooms;
mod tokens;
mod users;
mod versions;

use reqwest::{Method, header::HeaderMap};
use serde_json::Value;

use crate::helpers::{PASSWORD, TestApp, register_user};

/// An API answer: its status, headers and JSON body (`Null` when empty).
pub struct Answer {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// The problem's `type` without its `urn:commons:problem:` prefix.
    pub fn problem(&self) -> &str {
        assert_eq!(
            self.header("content-type"),
            Some("application/problem+json"),
            "{}",
            self.body
        );
        self.body["type"]
            .as_str()
            .and_then(|kind| kind.strip_prefix("urn:commons:problem:"))
            .expect("a problem type")
    }
}

/// A program calling the API with one token.
pub struct Client<'a> {
    pub app: &'a TestApp,
    pub token: String,
}

impl<'a> Client<'a> {
    /// Registers `email` and signs in through `POST /api/v2/sessions` for a token of `scope`.
    pub async fn register(app: &'a TestApp, email: &str, scope: &str) -> (Self, i64) {
        let user = register_user(&app.db, email).await;
        let token = sign_in(app, email, scope).await;
        (Self { app, token }, user.id)
    }

    pub async fn send(&self, method: Method, path: &str, body: Option<Value>) -> Answer {
        send(self.app, method, path, Some(&self.token), body, &[]).await
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.send(Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Answer {
        self.send(Method::POST, path, Some(body)).await
    }

    pub async fn patch(&self, path: &str, body: Value) -> Answer {
        self.send(Method::PATCH, path, Some(body)).await
    }

    pub async fn put(&self, path: &str) -> Answer {
        self.send(Method::PUT, path, None).await
    }

    pub async fn delete(&self, path: &str) -> Answer {
        self.send(Method::DELETE, path, None).await
    }
}

/// A token for `email` (with the tests' password) from `POST /api/v2/sessions`.
pub async fn sign_in(app: &TestApp, email: &str, scope: &str) -> String {
    let answer = send(
        app,
        Method::POST,
        "/api/v2/sessions",
        None,
        Some(serde_json::json!({ "email": email, "password": PASSWORD, "scope": scope })),
        &[],
    )
    .await;
    assert_eq!(answer.status, 201, "{}", answer.body);
    answer.body["data"]["secret"]
        .as_str()
        .expect("the secret")
        .to_owned()
}

/// Sends one request with a JSON body (if any), a bearer token (if any) and extra headers.
pub async fn send(
    app: &TestApp,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
    headers: &[(&str, &str)],
) -> Answer {
    let mut request = app.client.request(method, app.url(path));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.expect("request sent");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let bytes = response.bytes().await.expect("a body");
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes).unwrap_or_else(|_| {
            panic!(
                "{status} answered JSON: {}",
                String::from_utf8_lossy(&bytes)
            )
        })
    };
    Answer {
        status,
        headers,
        body,
    }
}
