//! Known XSS payloads, written as posts and comments: what comes back may hold none of them.

use model::board::CommentBody;

use crate::World;

/// Payloads from the usual cheat sheets, in Markdown's own syntax and as raw HTML.
const PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](java\tscript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "![x](javascript:alert(1))",
    "![x\" onerror=\"alert(1)](https://example.com/x.png)",
    "[x](https://example.com \"title\\\" onmouseover=\\\"alert(1)\")",
    "<a href=\"https://example.com\" onclick=\"alert(1)\">x</a>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<style>body{display:none}</style>",
    "<object data=\"javascript:alert(1)\"></object>",
    "<embed src=\"javascript:alert(1)\">",
    "<form action=\"javascript:alert(1)\"><button>x</button></form>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<body onload=alert(1)>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<base href=\"javascript:alert(1)//\">",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "`<script>alert(1)</script>`",
    "```\n<script>alert(1)</script>\n```",
    "<scr<script>ipt>alert(1)</script>",
    "\"><script>alert(1)</script>",
    "<<script>alert(1);//<</script>",
    "<a href=\"&#x6A;avascript:alert(1)\">x</a>",
    "<https://example.com/\"onmouseover=\"alert(1)>",
    "<javascript:alert(1)>",
];

/// Whether `html` could run anything: a tag that runs or embeds, an event handler, a
/// script URL, a style.
fn dangers(html: &str) -> Vec<&'static str> {
    let lower = html.to_lowercase();
    let mut found = Vec::new();
    for tag in [
        "<script", "<img", "<svg", "<iframe", "<object", "<embed", "<form", "<input", "<style",
        "<meta", "<base", "<math", "<details", "<body", "<button",
    ] {
        if lower.contains(tag) {
            found.push(tag);
        }
    }
    // Inside an element, not in text (where `&lt;` escapes them): its attributes' names
    // (values taken out: quotes inside them are escaped) and its links' values.
    let tags: Vec<&str> = lower
        .split('<')
        .skip(1)
        .filter_map(|tag| tag.split('>').next())
        .collect();
    for attribute in [" on", "style=", "src="] {
        let named = tags.iter().any(|tag| {
            let names: String = tag.split('"').step_by(2).collect();
            names.contains(attribute)
        });
        if named {
            found.push(attribute);
        }
    }
    // Every link goes to the web or to a mail address, whatever was written.
    let links = tags.iter().filter_map(|tag| tag.split("href=\"").nth(1));
    if links.into_iter().any(|href| {
        !["https://", "http://", "mailto:"]
            .iter()
            .any(|ok| href.starts_with(ok))
    }) {
        found.push("a link that is not http(s) or mailto");
    }
    found
}

#[tokio::test]
async fn no_payload_survives_a_post_or_a_comment() {
    let w = World::new().await;
    for payload in PAYLOADS {
        let body = format!("Before\n\n{payload}\n\nafter");
        let id = w.post(w.alice, "Payload", &body, "", true).await;
        let post = w.board.post(None, id).await.unwrap();
        assert_eq!(
            dangers(&post.html),
            Vec::<&str>::new(),
            "{payload} → {}",
            post.html
        );
        assert!(!post.post.excerpt.is_empty());
        let comment = w
            .board
            .add_comment(w.bob, id, CommentBody::parse(payload).unwrap())
            .await
            .unwrap();
        assert_eq!(
            dangers(&comment.html),
            Vec::<&str>::new(),
            "{payload} → {}",
            comment.html
        );
    }
}

#[tokio::test]
async fn every_link_is_marked_nofollow_ugc_noopener() {
    let w = World::new().await;
    let body = "[a](https://example.com) <https://example.org> [m](mailto:x@example.com) \
                <a href=\"https://example.net\" rel=\"opener\">raw</a>";
    let id = w.post(w.alice, "Links", body, "", true).await;
    let html = w.board.post(None, id).await.unwrap().html;
    let links = html.matches("<a ").count();
    assert_eq!(links, 3, "{html}");
    assert_eq!(
        html.matches(r#"rel="nofollow ugc noopener""#).count(),
        links,
        "{html}"
    );
    assert!(
        html.contains("&lt;a href="),
        "raw HTML is shown as text: {html}"
    );
}
