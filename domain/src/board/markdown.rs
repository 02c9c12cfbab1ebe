//! Markdown in, safe HTML out (recipe 13). pulldown-cmark renders what was written; raw HTML in
//! it is shown as text, never passed through; ammonia then keeps only an allow-list of tags and
//! attributes (no script, no style, no event handlers, no `javascript:` links) and marks every
//! link `rel="nofollow ugc noopener"`. Rendered when read, so a stricter policy applies to
//! everything already written.

use std::{collections::HashSet, sync::LazyLock};

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

/// The sanitiser's policy: ammonia's defaults (which already drop scripts, styles, forms and
/// every `on*` attribute), minus pictures — a picture from anywhere is a tracking pixel, and the
/// page's CSP would block it anyway — and only web and mail links.
static POLICY: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut policy = ammonia::Builder::default();
    policy
        .rm_tags(["img"])
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .link_rel(Some("nofollow ugc noopener"));
    policy
});

fn options() -> Options {
    Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS
}

/// Where a text's headings start: a post's title is the page's `h1`, so its `# Heading` is an
/// `h2`; a comment sits under the comments' `h2`, so its are `h3` and below.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Under {
    Title,
    Comments,
}

fn shifted(level: HeadingLevel, under: Under) -> HeadingLevel {
    use HeadingLevel::{H1, H2, H3, H4, H5, H6};
    let levels = [H1, H2, H3, H4, H5, H6];
    let by = match under {
        Under::Title => 1,
        Under::Comments => 2,
    };
    let at = levels.iter().position(|l| *l == level).unwrap_or(0);
    levels[(at + by).min(levels.len() - 1)]
}

/// `markdown` as HTML that is safe to put in a page, its headings below `under`.
pub fn render(markdown: &str, under: Under) -> String {
    let events = Parser::new_ext(markdown, options()).map(|event| match event {
        // What looks like HTML is text someone typed.
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: shifted(level, under),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(shifted(level, under))),
        other => other,
    });
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, events);
    POLICY.clean(&unsafe_html).to_string()
}

/// The plain text of `markdown`, whitespace collapsed, at most `max` characters (cut at a word
/// with "…" when longer): what the feed shows of a post.
pub fn excerpt(markdown: &str, max: usize) -> String {
    let mut text = String::new();
    for event in Parser::new_ext(markdown, options()) {
        match event {
            // Raw HTML is text here too, as the page shows it.
            Event::Text(words)
            | Event::Code(words)
            | Event::Html(words)
            | Event::InlineHtml(words) => text.push_str(&words),
            Event::SoftBreak | Event::HardBreak | Event::Rule => text.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item)
            | Event::Start(Tag::Item) => text.push(' '),
            _ => {}
        }
        if text.len() > max * 4 + 8 {
            break;
        }
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let collapsed = words.join(" ");
    if collapsed.chars().count() <= max {
        return collapsed;
    }
    let cut: String = collapsed.chars().take(max).collect();
    let at_word = cut
        .rfind(' ')
        .filter(|&at| at > max / 2)
        .unwrap_or(cut.len());
    format!("{}…", cut[..at_word].trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_renders() {
        let html = render(
            "# Hi\n\n*there* and **you**, `code`\n\n- one\n- two",
            Under::Title,
        );
        assert!(html.contains("<h2>Hi</h2>"), "{html}");
        assert!(html.contains("<em>there</em>"));
        assert!(html.contains("<strong>you</strong>"));
        assert!(html.contains("<code>code</code>"));
        assert!(html.contains("<li>one</li>"));
    }

    #[test]
    fn links_are_marked_and_only_web_or_mail() {
        let html = render(
            "[site](https://example.com) [bad](javascript:alert(1))",
            Under::Title,
        );
        assert!(
            html.contains(r#"<a href="https://example.com" rel="nofollow ugc noopener">site</a>"#),
            "{html}"
        );
        assert!(!html.contains("javascript"), "{html}");
    }

    #[test]
    fn raw_html_is_text() {
        let html = render(
            "<script>alert(1)</script> <b onclick=x>b</b>",
            Under::Comments,
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<b "), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn headings_sit_below_the_page_s_own() {
        let html = render("# a\n## b\n###### f", Under::Comments);
        assert!(
            html.contains("<h3>a</h3>") && html.contains("<h4>b</h4>"),
            "{html}"
        );
        assert!(html.contains("<h6>f</h6>"), "{html}");
    }

    #[test]
    fn an_excerpt_is_plain_and_short() {
        assert_eq!(
            excerpt("# Title\n\nSome *text* here,\nand `code`.", 100),
            "Title Some text here, and code."
        );
        let long = "word ".repeat(100);
        let short = excerpt(&long, 20);
        assert_eq!(short, "word word word word…");
        assert_eq!(excerpt("<b>x</b>", 10), "<b>x</b>");
    }
}
