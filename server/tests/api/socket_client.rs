//! Opening raw Phoenix V2 sockets on a test node; the client itself is the engine's
//! (`realtime::testing`).

pub use realtime::testing::{WsClient, refusal_status};
use serde_json::Value;
use tokio_tungstenite::tungstenite::{self, client::IntoClientRequest};

use crate::helpers::TestApp;

impl TestApp {
    pub fn ws_url(&self, query: &str) -> String {
        format!(
            "{}/socket/websocket?{query}",
            self.address.replacen("http", "ws", 1)
        )
    }

    /// A socket token for the session in `cookie`.
    pub async fn socket_token(&self, cookie: &str) -> String {
        let response = self
            .client
            .get(self.url("/socket/token"))
            .header("cookie", cookie)
            .send()
            .await
            .expect("request sent");
        assert_eq!(response.status(), 200, "a signed-in user gets a token");
        let body: Value = response.json().await.expect("JSON");
        body["token"].as_str().expect("a token").to_owned()
    }

    /// Opens a socket as `token`'s user, with `vsn=2.0.0`.
    pub async fn ws_connect(&self, token: &str) -> WsClient {
        let url = self.ws_url(&format!("vsn=2.0.0&token={token}"));
        self.ws_open(url.into_client_request().expect("a request"))
            .await
            .expect("the socket opens")
    }

    /// Opens a socket with whatever `request` says; the error carries any refusal's status.
    pub async fn ws_open(
        &self,
        request: tungstenite::handshake::client::Request,
    ) -> Result<WsClient, tungstenite::Error> {
        WsClient::open(request).await
    }

    /// Registers a user through the form and opens a socket as them.
    pub async fn ws_user(&self, name: &str, email: &str) -> WsClient {
        let cookie = self.register(name, email, crate::helpers::PASSWORD).await;
        let token = self.socket_token(&cookie).await;
        self.ws_connect(&token).await
    }
}
