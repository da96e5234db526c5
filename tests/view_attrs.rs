//! Every attribute value inside a `view!` in `src/ui` is a literal or a `{...}` block.
//!
//! Why: `view!` (rstml) reads an unbraced value as a Rust expression, but a `>` in it ends the
//! tag. `disabled=page >= pages` became `disabled=page` plus the text
//! `= pages on : click = move | _ | go(page + 1) >Older`: Rust printed into the page and a dead
//! button. Braces make the extent of every value explicit, so the class cannot come back.
//!
//! Why a small hand-written scanner: no crate parses `view!` attribute syntax short of the
//! macro's own parser (rstml, with Leptos's node types and settings), which would tie this test
//! to the macro's internals and still not say "this value was unbraced" once it had been parsed
//! into an expression. The rule checked is lexical anyway: after `name=` inside a tag comes a
//! literal or a `{` group. So: a Rust tokenizer (strings, chars, lifetimes, comments, nested
//! groups), the `view!` bodies it finds, and the tags at the top level of each body.
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Ident,
    /// String, raw string, byte string, char or number literal.
    Literal,
    Lifetime,
    Punct(char),
    Open(char),
    Close(char),
}

#[derive(Debug, Clone, Copy)]
struct Tok {
    kind: Kind,
    start: usize,
    end: usize,
}

fn tokenize(src: &str) -> Vec<Tok> {
    let b = src.as_bytes();
    let n = b.len();
    let mut out = Vec::new();
    let mut i = 0;
    let push = |out: &mut Vec<Tok>, kind, start, end| out.push(Tok { kind, start, end });
    while i < n {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if src[i..].starts_with("//") {
            i = src[i..].find('\n').map_or(n, |j| i + j);
        } else if src[i..].starts_with("/*") {
            let mut depth = 0;
            while i < n {
                if src[i..].starts_with("/*") {
                    depth += 1;
                    i += 2;
                } else if src[i..].starts_with("*/") {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if let Some(end) = raw_string_end(src, i) {
            push(&mut out, Kind::Literal, i, end);
            i = end;
        } else if c == b'"' || src[i..].starts_with("b\"") {
            let mut j = i + if c == b'"' { 1 } else { 2 };
            while j < n && b[j] != b'"' {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            push(&mut out, Kind::Literal, i, j + 1);
            i = j + 1;
        } else if c == b'\'' || src[i..].starts_with("b'") {
            let q = if c == b'\'' { i } else { i + 1 };
            // 'x' or '\n' (a char) versus 'a (a lifetime or label).
            let after = src[q + 1..].chars().next().map_or(0, char::len_utf8);
            if b.get(q + 1) == Some(&b'\\') {
                let close = src[q + 2..].find('\'').map_or(n, |j| q + 2 + j);
                push(&mut out, Kind::Literal, i, close + 1);
                i = close + 1;
            } else if b.get(q + 1 + after) == Some(&b'\'') {
                push(&mut out, Kind::Literal, i, q + 2 + after);
                i = q + 2 + after;
            } else {
                let mut j = q + 1;
                while j < n && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
                    j += 1;
                }
                push(&mut out, Kind::Lifetime, i, j);
                i = j;
            }
        } else if c.is_ascii_digit() {
            let mut j = i;
            while j < n
                && (b[j].is_ascii_alphanumeric()
                    || b[j] == b'_'
                    || (b[j] == b'.' && b.get(j + 1).is_some_and(u8::is_ascii_digit)))
            {
                j += 1;
            }
            push(&mut out, Kind::Literal, i, j);
            i = j;
        } else if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 {
            let mut j = i;
            while j < n && (b[j].is_ascii_alphanumeric() || b[j] == b'_' || b[j] >= 0x80) {
                j += 1;
            }
            if src[j..].starts_with('#') && &src[i..j] == "r" {
                // r#ident
                j += 1;
                while j < n && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
                    j += 1;
                }
            }
            push(&mut out, Kind::Ident, i, j);
            i = j;
        } else {
            let ch = c as char;
            let kind = match ch {
                '(' | '[' | '{' => Kind::Open(ch),
                ')' | ']' | '}' => Kind::Close(ch),
                _ => Kind::Punct(ch),
            };
            push(&mut out, kind, i, i + 1);
            i += 1;
        }
    }
    out
}

/// `r"..."`, `r#"..."#`, `br"..."`: where it ends, when one starts at `i`.
fn raw_string_end(src: &str, i: usize) -> Option<usize> {
    let rest = &src[i..];
    let rest = rest.strip_prefix('b').unwrap_or(rest);
    let after_r = rest.strip_prefix('r')?;
    let hashes = after_r.len() - after_r.trim_start_matches('#').len();
    if !after_r[hashes..].starts_with('"') {
        return None;
    }
    let open = src.len() - after_r.len() + hashes + 1;
    let close = format!("\"{}", "#".repeat(hashes));
    let end = src[open..].find(&close)? + open + close.len();
    Some(end)
}

/// For each opening token, the index of its closing token.
fn matching(toks: &[Tok]) -> Vec<usize> {
    let mut pair = vec![usize::MAX; toks.len()];
    let mut stack = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        match t.kind {
            Kind::Open(_) => stack.push(i),
            Kind::Close(_) => {
                if let Some(o) = stack.pop() {
                    pair[o] = i;
                }
            }
            _ => {}
        }
    }
    pair
}

#[derive(Debug, PartialEq)]
struct Finding {
    line: usize,
    attr: String,
    value: String,
}

/// What one file holds: the attributes with an unbraced non-literal value, and how many
/// attributes with a value were seen in all (so a scanner that sees nothing can't pass).
#[derive(Debug, Default)]
struct Scan {
    bad: Vec<Finding>,
    checked: usize,
}

fn scan(src: &str) -> Scan {
    let toks = tokenize(src);
    let pair = matching(&toks);
    let mut out = Scan::default();
    for k in 0..toks.len().saturating_sub(2) {
        let is_view = toks[k].kind == Kind::Ident
            && &src[toks[k].start..toks[k].end] == "view"
            && toks[k + 1].kind == Kind::Punct('!')
            && matches!(toks[k + 2].kind, Kind::Open(_));
        if is_view && pair[k + 2] != usize::MAX {
            // Nested `view!`s (in children or braced values) are found by this same loop.
            scan_body(src, &toks, &pair, k + 3, pair[k + 2], &mut out);
        }
    }
    out
}

fn is_punct(toks: &[Tok], i: usize, c: char) -> bool {
    toks.get(i).is_some_and(|t| t.kind == Kind::Punct(c))
}

/// The tokens of a view body from `from` to `to` (exclusive), at the body's own level.
fn scan_body(src: &str, toks: &[Tok], pair: &[usize], from: usize, to: usize, out: &mut Scan) {
    let line_of = |t: &Tok| src[..t.start].matches('\n').count() + 1;
    // Joins `aria` `-` `label`, `on` `:` `click`: name parts written without spaces.
    let name_end = |mut i: usize| {
        i += 1;
        while i < to
            && toks[i].start == toks[i - 1].end
            && matches!(
                toks[i].kind,
                Kind::Ident | Kind::Punct('-') | Kind::Punct(':')
            )
        {
            i += 1;
        }
        i
    };
    // An attribute starts here: a name, then `=` but not `==`.
    let attr_starts = |i: usize| {
        if toks[i].kind != Kind::Ident {
            return false;
        }
        let e = name_end(i);
        is_punct(toks, e, '=') && !is_punct(toks, e + 1, '=') && e < to
    };
    let mut i = from;
    while i < to {
        let t = toks[i];
        match t.kind {
            Kind::Open(_) => {
                i = pair[i] + 1;
                continue;
            }
            Kind::Punct('<') if i + 1 < to => {
                if matches!(
                    toks[i + 1].kind,
                    Kind::Punct('/') | Kind::Punct('>') | Kind::Punct('!')
                ) {
                    // A closing tag, a fragment or <!DOCTYPE>: no attribute values.
                    i += 1;
                    continue;
                }
                // The tag name, then its attributes up to `>` or `/>`.
                i = name_end(i + 1);
                while i < to && !is_punct(toks, i, '>') {
                    match toks[i].kind {
                        Kind::Open(_) => i = pair[i] + 1, // {..spread} or {shorthand}
                        Kind::Ident if attr_starts(i) => {
                            let name_to = name_end(i);
                            let attr = src[toks[i].start..toks[name_to - 1].end].to_string();
                            let v = name_to + 1;
                            out.checked += 1;
                            let value = toks[v];
                            let literal = value.kind == Kind::Literal
                                || (value.kind == Kind::Punct('-')
                                    && toks.get(v + 1).is_some_and(|n| n.kind == Kind::Literal));
                            if value.kind == Kind::Open('{') {
                                i = pair[v] + 1;
                            } else if literal {
                                i = v + 1;
                            } else {
                                // Skip the bare value: up to the next attribute or the tag's end.
                                let mut e = v + 1;
                                let value_ends = |e: usize| {
                                    is_punct(toks, e, '>')
                                        || (is_punct(toks, e, '/') && is_punct(toks, e + 1, '>'))
                                        || (toks[e].start > toks[e - 1].end && attr_starts(e))
                                };
                                while e < to && !value_ends(e) {
                                    e = match toks[e].kind {
                                        Kind::Open(_) => pair[e] + 1,
                                        _ => e + 1,
                                    };
                                }
                                let shown = src[value.start..toks[e - 1].end]
                                    .split_whitespace()
                                    .collect::<Vec<_>>()
                                    .join(" ");
                                out.bad.push(Finding {
                                    line: line_of(&value),
                                    attr,
                                    value: shown,
                                });
                                i = e;
                            }
                        }
                        _ => i += 1,
                    }
                }
                i += 1;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_attribute_value_in_src_ui_is_a_literal_or_in_braces() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src/ui"), &mut files);
    files.sort();
    assert!(files.len() > 20, "src/ui has {} .rs files", files.len());
    let mut checked = 0;
    let mut bad = Vec::new();
    for f in &files {
        let s = scan(&std::fs::read_to_string(f).unwrap());
        checked += s.checked;
        let rel = f.strip_prefix(root).unwrap().display().to_string();
        bad.extend(
            s.bad
                .into_iter()
                .map(|b| format!("{rel}:{}: {}={}", b.line, b.attr, b.value)),
        );
    }
    // The UI has hundreds of attributes with values; seeing few means the scanner is blind.
    assert!(checked > 500, "only {checked} attribute values seen");
    assert!(
        bad.is_empty(),
        "attribute values in view! must be a literal or in braces (`name={{...}}`): \
         an unbraced `>` ends the tag and prints Rust into the page.\n{}",
        bad.join("\n")
    );
}

fn bad(src: &str) -> Vec<String> {
    scan(src)
        .bad
        .into_iter()
        .map(|f| format!("{}:{}={}", f.line, f.attr, f.value))
        .collect()
}

#[test]
fn catches_the_journal_pager_bug() {
    let src = r#"
        fn pager() -> impl IntoView {
            view! {
                <nav class="pager">
                    <button type="button" disabled=page >= pages on:click=move |_| go(page + 1)>"Older"</button>
                </nav>
            }
        }
    "#;
    assert_eq!(bad(src), ["5:disabled=page"]);
}

#[test]
fn catches_the_week_button_bug_and_bare_handlers() {
    let src = r#"view! {
        <button disabled=move || week.get() >= last on:click=move |_| week.update(|w| *w += 1)>"Next week"</button>
        <input prop:value=move || x.get() on:input=move |ev| x.set(event_target_value(&ev))/>
        <Show when=move || open.get() fallback=|| view! { <p>"None"</p> }>
            <Thing session=s.clone() id=fid/>
        </Show>
    }"#;
    assert_eq!(
        bad(src),
        [
            "2:disabled=move || week.get()",
            "3:prop:value=move || x.get()",
            "3:on:input=move |ev| x.set(event_target_value(&ev))",
            "4:when=move || open.get()",
            "4:fallback=|| view! { <p>\"None\"</p> }",
            "5:session=s.clone()",
            "5:id=fid",
        ]
    );
}

#[test]
fn catches_a_bare_value_in_a_view_nested_in_braces() {
    let src = r#"view! {
        <ul>{items.into_iter().map(|i| view! { <li class=i.class>{i.name}</li> }).collect_view()}</ul>
        <Show when={move || true} fallback={|| view! { <A href=link>"x"</A> }}>"y"</Show>
    }"#;
    assert_eq!(bad(src), ["2:class=i.class", "3:href=link"]);
}

#[test]
fn accepts_literals_braces_and_plain_rust() {
    let src = r##"
        // Outside a view, `=` is ordinary Rust: let a = b; x.y == z
        fn f() -> impl IntoView {
            let a = b >= c;
            let re = r#"<a href=x>"#;
            let c = '<';
            fn g<'a>(s: &'a str) -> &'a str { s }
            view! {
                <!DOCTYPE html>
                // a comment in the view: <b class=bare>
                <progress max=100 value=-1 step=0.5></progress>
                <input type="text" disabled={page >= pages} on:click={move |_| go(page + 1)} required/>
                <Show when={move || open.get()} fallback={|| view! { <p class="x">"a=b <c>"</p> }}>
                    <div {..attrs} class:active={move || on.get()} aria-label="Close (x=1)">"text"</div>
                </Show>
                <>"fragment"</>
            }
        }
    "##;
    let s = scan(src);
    assert_eq!(s.bad, []);
    // max, value, step, type, disabled, on:click, when, fallback, class, class:active, aria-label
    assert_eq!(s.checked, 11);
}
