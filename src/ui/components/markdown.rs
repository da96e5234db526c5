//! Renders the coach's markdown safely: the text is parsed by [`crate::domain::markdown`]
//! and shown with ordinary elements and escaped text nodes. There is no `inner_html`, so
//! whatever the model writes can never become markup, script or an image request.
//!
//! Styling hooks: the root is `<div class="md">`; inside it only plain elements are used
//! (`p`, `h3`–`h6`, `ul`/`ol`/`li`, `pre > code`, `blockquote`, `hr`, `strong`, `em`,
//! `code`, `a`, `br`), so style them as `.md p`, `.md pre`… Headings are shifted down so a
//! model's `#` becomes an `h3` and never competes with the page's own headings.
use leptos::prelude::*;

use crate::domain::markdown::{parse, Block, Inline};

/// The coach's markdown `text`, re-rendered whenever it changes (e.g. as tokens stream in).
/// Output is a pure function of `text`, so server rendering and hydration agree.
#[component]
pub fn Markdown(#[prop(into)] text: Signal<String>) -> impl IntoView {
    // A memo, so a token that doesn't change the document (trailing space…) renders nothing.
    let blocks = Memo::new(move |_| text.with(|t| parse(t)));
    view! {
        <div class="md">
            // Keyed by position and content: while a reply streams in, only the block that
            // changed (usually the last) is rebuilt, and the rest of the DOM is left alone.
            <For
                each={move || blocks.get().into_iter().enumerate()}
                key={|(index, block)| (*index, block.clone())}
                children={|(_, block)| block_view(block)}
            />
        </div>
    }
}

fn block_view(block: Block) -> AnyView {
    match block {
        Block::Paragraph(content) => view! { <p>{inlines_view(content)}</p> }.into_any(),
        Block::Heading(1, content) => view! { <h3>{inlines_view(content)}</h3> }.into_any(),
        Block::Heading(2, content) => view! { <h4>{inlines_view(content)}</h4> }.into_any(),
        Block::Heading(3, content) => view! { <h5>{inlines_view(content)}</h5> }.into_any(),
        Block::Heading(_, content) => view! { <h6>{inlines_view(content)}</h6> }.into_any(),
        Block::List { ordered, items } => {
            let items = items
                .into_iter()
                .map(|item| view! { <li>{inlines_view(item)}</li> })
                .collect_view();
            if ordered {
                view! { <ol>{items}</ol> }.into_any()
            } else {
                view! { <ul>{items}</ul> }.into_any()
            }
        }
        Block::Code(code) => view! { <pre><code>{code}</code></pre> }.into_any(),
        Block::Quote(content) => {
            view! { <blockquote>{inlines_view(content)}</blockquote> }.into_any()
        }
        Block::Rule => view! { <hr/> }.into_any(),
    }
}

fn inlines_view(inlines: Vec<Inline>) -> Vec<AnyView> {
    inlines.into_iter().map(inline_view).collect()
}

/// Recursion is bounded: the parser caps how deeply inline content nests.
fn inline_view(inline: Inline) -> AnyView {
    match inline {
        // A text node: escaped on the server, set as text in the browser.
        Inline::Text(text) => text.into_any(),
        Inline::Strong(content) => view! { <strong>{inlines_view(content)}</strong> }.into_any(),
        Inline::Emphasis(content) => view! { <em>{inlines_view(content)}</em> }.into_any(),
        Inline::Code(code) => view! { <code>{code}</code> }.into_any(),
        Inline::LineBreak => view! { <br/> }.into_any(),
        Inline::Link { text, href } => {
            // The parser only keeps http(s), mailto and same-site `/…` targets.
            let same_site = href.starts_with('/');
            let web = !same_site && !href.to_ascii_lowercase().starts_with("mailto:");
            view! {
                <a
                    href={href}
                    target={web.then_some("_blank")}
                    rel={(!same_site).then_some("noopener noreferrer nofollow")}
                >
                    {inlines_view(text)}
                </a>
            }
            .into_any()
        }
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    /// Server-renders `<Markdown>` and strips hydration markers for readability.
    fn render(md: &str) -> String {
        let owner = Owner::new();
        owner.set();
        let text = md.to_string();
        let html = view! { <Markdown text={Signal::stored(text)}/> }.to_html();
        html.replace("<!>", "").replace("<!---->", "")
    }

    #[test]
    fn renders_elements_and_escapes_text() {
        assert_eq!(
            render("# Plan\n\n**Hang** *10 s*, see [guide](https://x.example/g?a=1&b=\"2\")\n\n- a\n- b\n\n1. c\n\n```\n<b>x</b>\n```\n> q\n\n---\n[home](/profile) [mail](mailto:a@b.example)\nline<script>alert(1)</script>"),
            "<div class=\"md\">\
             <h3>Plan</h3>\
             <p><strong>Hang</strong> <em>10 s</em>, see \
             <a href=\"https://x.example/g?a=1&amp;b=&quot;2&quot;\" target=\"_blank\" rel=\"noopener noreferrer nofollow\">guide</a></p>\
             <ul><li>a</li><li>b</li></ul>\
             <ol><li>c</li></ol>\
             <pre><code>&lt;b&gt;x&lt;/b&gt;</code></pre>\
             <blockquote>q</blockquote>\
             <hr>\
             <p><a href=\"/profile\">home</a> \
             <a href=\"mailto:a@b.example\" rel=\"noopener noreferrer nofollow\">mail</a><br>\
             line&lt;script&gt;alert(1)&lt;/script&gt;</p>\
             </div>"
        );
    }

    #[test]
    fn hostile_markdown_renders_inert() {
        let html = render(
            "<img src=x onerror=alert(1)> [x](javascript:alert(1)) ![y](https://evil.example/?q=secret)",
        );
        assert_eq!(
            html,
            "<div class=\"md\"><p>&lt;img src=x onerror=alert(1)&gt; x y</p></div>"
        );
    }

    #[test]
    fn heading_levels_shift_down() {
        assert_eq!(
            render("## a\n### b\n###### c"),
            "<div class=\"md\"><h4>a</h4><h5>b</h5><h6>c</h6></div>"
        );
    }
}
