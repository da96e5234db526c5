//! A small, safe markdown parser for the coach's replies (text written by a language model).
//!
//! [`parse`] turns markdown into a tiny AST ([`Block`], [`Inline`]) that the UI renders with
//! ordinary elements and text nodes; nothing is ever handed to the browser as HTML. The
//! output is a pure function of the input, so the server and the browser render the same.
//!
//! # Safety rules
//!
//! * **Raw HTML is never interpreted.** `<script>`, `<img onerror=…>`, comments and the like
//!   stay literal text; HTML entities (`&amp;`, `&#106;`) are not decoded either and show as
//!   typed. The renderer puts text in text nodes, which the browser never parses as markup.
//! * **Links keep their target only if it is safe**: `http://` and `https://` URLs with a host,
//!   `mailto:` addresses, and same-site paths starting with exactly one `/` (not `//` and not
//!   `/\`, which browsers read as another host). The check is on the literal prefix
//!   (ASCII case-insensitive) and the whole target must contain no whitespace, control
//!   characters or backslashes, so `javascript:`, `data:`, `vbscript:`, relative and
//!   scheme-relative URLs and disguises such as `JaVaScRiPt:`, `java\tscript:`,
//!   ` javascript:` or `&#106;avascript:` are all rejected. A rejected link becomes its label
//!   (the label's own formatting is kept); the target is dropped. Targets longer than
//!   [`MAX_URL_CHARS`] are not links.
//! * **Images are never loaded.** `![alt](url)` becomes the plain text of `alt` (nothing if
//!   `alt` is empty) and the URL is dropped, whatever its scheme: no request leaves the
//!   browser, so a reply cannot exfiltrate data through an image URL. A model cannot draw
//!   images for us anyway, so an image URL it writes is most likely made up.
//! * **Bare URLs** (`https://…` at a word boundary) and `<https://…>` / `<mailto:…>` become
//!   links, under the same rules; `<javascript:…>` stays literal text.
//! * **Bounded work and depth.** Nested emphasis deeper than [`MAX_NESTING`] is shown as
//!   literal `*`/`_` (links add one level and their labels have their own budget, so the
//!   AST is never deeper than `2 * MAX_NESTING`); no recursion depends on the input's
//!   nesting, so hostile input cannot overflow the stack. Input beyond [`MAX_INPUT_BYTES`]
//!   is kept as one unformatted paragraph. Scans are linear or close to it.
//! * **Partial input is fine** (the reply is re-parsed as tokens stream in): an unclosed
//!   `**`, `` ` `` or `[label](…` stays literal text, and an unclosed code fence is an open
//!   code block running to the end. Nothing panics on any input.
//!
//! # Supported syntax (a pragmatic subset of CommonMark/GFM)
//!
//! * Paragraphs; **every newline inside a paragraph is a line break** ([`Inline::LineBreak`]),
//!   as in chat apps, so a model's line-by-line plans keep their shape.
//! * ATX headings `#`…`######` (levels 5 and 6 are clamped to 4); no setext headings, so a
//!   `---` line is always a rule.
//! * Rules `---`, `***`, `___` (spaces allowed between the characters).
//! * Lists `-`, `*`, `+` and `1.` / `1)`. The AST has no nested lists: indented items join
//!   the enclosing list as plain items. Continuation lines and blank-line separated
//!   paragraphs inside an item become line breaks. A list may interrupt a paragraph.
//! * Fenced code blocks with ```` ``` ```` or `~~~` (the info string is ignored); indented
//!   code blocks are not supported (models fence code).
//! * Block quotes `>` (nested quotes are flattened; content is inline text).
//! * Inline: `**strong**`, `__strong__`, `*emphasis*`, `_emphasis_` with CommonMark's
//!   delimiter rules (so `snake_case_names` stay plain), `` `code` ``, `[label](url "title")`
//!   (the title is ignored), backslash escapes and trailing-backslash line breaks.
//! * Not supported, shown as text: tables, strikethrough, task boxes, reference links,
//!   footnotes, raw HTML.

use std::collections::{HashMap, HashSet};

/// Input beyond this many bytes is not parsed: it becomes one plain-text paragraph.
pub const MAX_INPUT_BYTES: usize = 100_000;
/// How deeply emphasis may nest before further delimiters are shown literally.
pub const MAX_NESTING: usize = 8;
/// The longest link target kept, in characters.
pub const MAX_URL_CHARS: usize = 2048;
/// The deepest parentheses nesting accepted inside a link target.
const MAX_URL_PARENS: usize = 32;

/// A block of the document.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Block {
    Paragraph(Vec<Inline>),
    /// Level 1..=4 (`#` is 1; `#####` and `######` are clamped to 4).
    Heading(u8, Vec<Inline>),
    List {
        ordered: bool,
        items: Vec<Vec<Inline>>,
    },
    /// A fenced code block's content, without the fences or a trailing newline.
    Code(String),
    Quote(Vec<Inline>),
    Rule,
}

/// Inline content. Adjacent `Text` values are always merged, and no `Text` is empty.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Inline {
    Text(String),
    Strong(Vec<Inline>),
    Emphasis(Vec<Inline>),
    Code(String),
    /// `href` has passed [`safe_href`].
    Link {
        text: Vec<Inline>,
        href: String,
    },
    LineBreak,
}

/// Parses markdown into blocks, following the safety rules in the module docs.
pub fn parse(md: &str) -> Vec<Block> {
    let (head, rest) = split_at_limit(md, MAX_INPUT_BYTES);
    let head = normalize(head);
    let lines: Vec<&str> = head.split('\n').collect();
    let mut blocks = BlockParser { lines, pos: 0 }.run();
    let rest = normalize(rest);
    if !rest.trim().is_empty() {
        blocks.push(Block::Paragraph(vec![Inline::Text(rest)]));
    }
    blocks
}

/// The link target to keep for `dest`, or `None` if it is not one of the allowed kinds:
/// `http(s)://host…`, `mailto:…` or a same-site path `/…` (not `//…` or `/\…`).
pub fn safe_href(dest: &str) -> Option<String> {
    if dest.is_empty()
        || dest.chars().count() > MAX_URL_CHARS
        || dest
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '\\')
    {
        return None;
    }
    let starts = |prefix: &str| {
        dest.len() >= prefix.len()
            && dest.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
    };
    let ok = if starts("https://") || starts("http://") {
        let after = &dest[dest.find("//").map_or(dest.len(), |i| i + 2)..];
        !after.is_empty() && !after.starts_with('/')
    } else if starts("mailto:") {
        dest.len() > "mailto:".len()
    } else {
        dest.starts_with('/') && !dest.starts_with("//")
    };
    ok.then(|| dest.to_string())
}

/// Splits `s` at the last char boundary at or before `max` bytes.
fn split_at_limit(s: &str, max: usize) -> (&str, &str) {
    if s.len() <= max {
        return (s, "");
    }
    let mut at = max;
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    s.split_at(at)
}

/// Unifies line endings and replaces NUL, as CommonMark does.
fn normalize(s: &str) -> String {
    s.replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\0', "\u{FFFD}")
}

// ---------------------------------------------------------------------------------------
// Blocks
// ---------------------------------------------------------------------------------------

fn is_space(c: char) -> bool {
    c == ' ' || c == '\t'
}

fn trim_ws(s: &str) -> &str {
    s.trim_matches(is_space)
}

fn is_blank(line: &str) -> bool {
    line.chars().all(is_space)
}

/// Leading indentation in columns (a tab advances to the next multiple of 4).
fn indent_of(line: &str) -> usize {
    let mut col = 0;
    for c in line.chars() {
        match c {
            ' ' => col += 1,
            '\t' => col += 4 - col % 4,
            _ => break,
        }
    }
    col
}

/// Removes up to `cols` columns of leading indentation.
fn strip_indent(line: &str, cols: usize) -> &str {
    let mut col = 0;
    for (i, c) in line.char_indices() {
        if col >= cols {
            return &line[i..];
        }
        match c {
            ' ' => col += 1,
            '\t' => col += 4 - col % 4,
            _ => return &line[i..],
        }
    }
    ""
}

struct Fence {
    ch: char,
    len: usize,
    indent: usize,
}

fn fence_open(line: &str) -> Option<Fence> {
    let t = line.trim_start_matches(is_space);
    let ch = t.chars().next().filter(|&c| c == '`' || c == '~')?;
    let len = t.chars().take_while(|&c| c == ch).count();
    if len < 3 || (ch == '`' && t[len..].contains('`')) {
        return None;
    }
    Some(Fence {
        ch,
        len,
        indent: indent_of(line),
    })
}

fn is_fence_close(line: &str, fence: &Fence) -> bool {
    let t = line.trim_start_matches(is_space);
    let len = t.chars().take_while(|&c| c == fence.ch).count();
    len >= fence.len && is_blank(&t[len..])
}

fn is_rule(line: &str) -> bool {
    let t = trim_ws(line);
    let Some(ch) = t.chars().next().filter(|c| matches!(c, '-' | '*' | '_')) else {
        return false;
    };
    t.chars().all(|c| c == ch || is_space(c)) && t.chars().filter(|&c| c == ch).count() >= 3
}

/// `(level, content)` of an ATX heading line.
fn heading(line: &str) -> Option<(u8, &str)> {
    let t = line.trim_start_matches(is_space);
    let hashes = t.chars().take_while(|&c| c == '#').count();
    if !(1..=6).contains(&hashes) {
        return None;
    }
    let rest = &t[hashes..];
    if !rest.is_empty() && !rest.starts_with(is_space) {
        return None;
    }
    let mut content = trim_ws(rest);
    let without_closing = content.trim_end_matches('#');
    if without_closing.is_empty() {
        content = "";
    } else if without_closing.ends_with(is_space) {
        content = trim_ws(without_closing);
    }
    Some((hashes.min(4) as u8, content))
}

/// The content of a block quote line (nested `>` markers are all removed).
fn quote_line(line: &str) -> Option<&str> {
    let mut t = line.trim_start_matches(is_space).strip_prefix('>')?;
    loop {
        t = t.strip_prefix(is_space).unwrap_or(t);
        match t.trim_start_matches(is_space).strip_prefix('>') {
            Some(inner) => t = inner,
            None => return Some(t),
        }
    }
}

struct Item<'a> {
    ordered: bool,
    indent: usize,
    content: &'a str,
}

fn list_item(line: &str) -> Option<Item<'_>> {
    let t = line.trim_start_matches(is_space);
    let (ordered, rest) = match t.chars().next()? {
        '-' | '*' | '+' => (false, &t[1..]),
        c if c.is_ascii_digit() => {
            let digits = t.chars().take_while(char::is_ascii_digit).count();
            if digits > 9 {
                return None;
            }
            let rest = &t[digits..];
            (
                true,
                rest.strip_prefix('.').or_else(|| rest.strip_prefix(')'))?,
            )
        }
        _ => return None,
    };
    if !rest.is_empty() && !rest.starts_with(is_space) {
        return None;
    }
    Some(Item {
        ordered,
        indent: indent_of(line),
        content: trim_ws(rest),
    })
}

/// Whether `line` starts a block that interrupts a paragraph.
fn starts_block(line: &str) -> bool {
    fence_open(line).is_some()
        || is_rule(line)
        || heading(line).is_some()
        || quote_line(line).is_some()
        || list_item(line).is_some()
}

/// Parses blank-line separated paragraphs (each a list of lines) into inline content,
/// separating the paragraphs with two line breaks.
fn paragraphs_inlines(paragraphs: &[Vec<&str>]) -> Vec<Inline> {
    let mut out = Vec::new();
    for para in paragraphs.iter().filter(|p| !p.is_empty()) {
        if !out.is_empty() {
            out.push(Inline::LineBreak);
            out.push(Inline::LineBreak);
        }
        out.extend(parse_inlines(&para.join("\n")));
    }
    out
}

struct BlockParser<'a> {
    lines: Vec<&'a str>,
    pos: usize,
}

impl<'a> BlockParser<'a> {
    fn run(mut self) -> Vec<Block> {
        let mut blocks = Vec::new();
        while let Some(&line) = self.lines.get(self.pos) {
            if is_blank(line) {
                self.pos += 1;
            } else if let Some(fence) = fence_open(line) {
                blocks.push(self.code(&fence));
            } else if is_rule(line) {
                self.pos += 1;
                blocks.push(Block::Rule);
            } else if let Some((level, content)) = heading(line) {
                self.pos += 1;
                blocks.push(Block::Heading(level, parse_inlines(content)));
            } else if quote_line(line).is_some() {
                blocks.push(self.quote());
            } else if let Some(item) = list_item(line) {
                blocks.push(self.list(item));
            } else {
                blocks.push(self.paragraph());
            }
        }
        blocks
    }

    fn code(&mut self, fence: &Fence) -> Block {
        self.pos += 1;
        let mut content = Vec::new();
        while let Some(&line) = self.lines.get(self.pos) {
            self.pos += 1;
            if is_fence_close(line, fence) {
                break;
            }
            content.push(strip_indent(line, fence.indent));
        }
        Block::Code(content.join("\n"))
    }

    fn quote(&mut self) -> Block {
        let mut paragraphs: Vec<Vec<&str>> = vec![Vec::new()];
        while let Some(&line) = self.lines.get(self.pos) {
            let current = paragraphs.last_mut().expect("never empty");
            if let Some(content) = quote_line(line) {
                if is_blank(content) {
                    if !current.is_empty() {
                        paragraphs.push(Vec::new());
                    }
                } else {
                    current.push(trim_ws(content));
                }
            } else if !is_blank(line) && !starts_block(line) && !current.is_empty() {
                // Lazy continuation of the quote's paragraph.
                current.push(trim_ws(line));
            } else {
                break;
            }
            self.pos += 1;
        }
        Block::Quote(paragraphs_inlines(&paragraphs))
    }

    fn list(&mut self, first: Item<'a>) -> Block {
        let ordered = first.ordered;
        let base = first.indent;
        let new_item = |content: &'a str| {
            if content.is_empty() {
                vec![Vec::new()]
            } else {
                vec![vec![content]]
            }
        };
        let mut items: Vec<Vec<Vec<&str>>> = vec![new_item(first.content)];
        self.pos += 1;
        let mut blank_before = false;
        while let Some(&line) = self.lines.get(self.pos) {
            if is_blank(line) {
                blank_before = true;
                self.pos += 1;
                continue;
            }
            if let Some(item) = list_item(line).filter(|_| !is_rule(line)) {
                // Siblings, and nested items of any kind, which are flattened into this list.
                if item.ordered != ordered && item.indent < base + 2 {
                    break;
                }
                items.push(new_item(item.content));
            } else if starts_block(line) || (blank_before && indent_of(line) < base + 2) {
                break;
            } else {
                let item = items.last_mut().expect("never empty");
                if blank_before {
                    item.push(Vec::new());
                }
                item.last_mut().expect("never empty").push(trim_ws(line));
            }
            blank_before = false;
            self.pos += 1;
        }
        Block::List {
            ordered,
            items: items.iter().map(|p| paragraphs_inlines(p)).collect(),
        }
    }

    fn paragraph(&mut self) -> Block {
        let mut lines = vec![trim_ws(self.lines[self.pos])];
        self.pos += 1;
        while let Some(&line) = self.lines.get(self.pos) {
            if is_blank(line) || starts_block(line) {
                break;
            }
            lines.push(trim_ws(line));
            self.pos += 1;
        }
        Block::Paragraph(parse_inlines(&lines.join("\n")))
    }
}

// ---------------------------------------------------------------------------------------
// Inlines
// ---------------------------------------------------------------------------------------

fn parse_inlines(text: &str) -> Vec<Inline> {
    let chars: Vec<char> = text.chars().collect();
    inlines(&chars, true, MAX_NESTING)
}

/// Appends `inline`, merging adjacent text and dropping empty text.
fn push_inline(out: &mut Vec<Inline>, inline: Inline) {
    match inline {
        Inline::Text(s) if s.is_empty() => {}
        Inline::Text(s) => match out.last_mut() {
            Some(Inline::Text(last)) => last.push_str(&s),
            _ => out.push(Inline::Text(s)),
        },
        other => out.push(other),
    }
}

fn push_text(out: &mut Vec<Inline>, s: &str) {
    push_inline(out, Inline::Text(s.to_string()));
}

/// The plain text of inline content (used for image alt text).
fn plain_text(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text(s) | Inline::Code(s) => out.push_str(s),
            Inline::Strong(c) | Inline::Emphasis(c) | Inline::Link { text: c, .. } => {
                plain_text(c, out)
            }
            Inline::LineBreak => out.push(' '),
        }
    }
}

fn run_len(chars: &[char], at: usize, ch: char) -> usize {
    chars[at..].iter().take_while(|&&c| c == ch).count()
}

fn is_escapable(c: Option<&char>) -> bool {
    c.is_some_and(|c| c.is_ascii_punctuation())
}

/// Finds code span closers; remembers run lengths that have no closer further on, so a
/// left-to-right scan stays near-linear even on hostile runs of backticks.
#[derive(Default)]
struct CodeSpans {
    no_closer: HashSet<usize>,
}

impl CodeSpans {
    /// Start of the first backtick run of exactly `len` at or after `from`.
    fn closer(&mut self, chars: &[char], from: usize, len: usize) -> Option<usize> {
        if self.no_closer.contains(&len) {
            return None;
        }
        let mut j = from;
        while j < chars.len() {
            if chars[j] == '`' {
                let run = run_len(chars, j, '`');
                if run == len {
                    return Some(j);
                }
                j += run;
            } else {
                j += 1;
            }
        }
        self.no_closer.insert(len);
        None
    }
}

/// Matching `]` for each `[`, skipping escapes and code spans.
fn match_brackets(chars: &[char]) -> HashMap<usize, usize> {
    let mut pairs = HashMap::new();
    let mut open = Vec::new();
    let mut spans = CodeSpans::default();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' if is_escapable(chars.get(i + 1)) => i += 2,
            '`' => {
                let len = run_len(chars, i, '`');
                i = match spans.closer(chars, i + len, len) {
                    Some(close) => close + len,
                    None => i + len,
                };
            }
            '[' => {
                open.push(i);
                i += 1;
            }
            ']' => {
                if let Some(o) = open.pop() {
                    pairs.insert(o, i);
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    pairs
}

fn code_span_text(chars: &[char]) -> String {
    let s: String = chars
        .iter()
        .map(|&c| if c == '\n' { ' ' } else { c })
        .collect();
    if s.len() >= 2 && s.starts_with(' ') && s.ends_with(' ') && !s.chars().all(|c| c == ' ') {
        s[1..s.len() - 1].to_string()
    } else {
        s
    }
}

fn is_punct(c: Option<char>) -> bool {
    c.is_some_and(|c| {
        c.is_ascii_punctuation()
            || matches!(c,
                '\u{A1}'..='\u{BF}' | '\u{D7}' | '\u{F7}'
                | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205E}'
                | '\u{20A0}'..='\u{20CF}' | '\u{2190}'..='\u{23FF}'
                | '\u{2500}'..='\u{27BF}' | '\u{2E00}'..='\u{2E7F}'
                | '\u{3001}'..='\u{3003}' | '\u{3008}'..='\u{3011}'
                | '\u{3014}'..='\u{301F}' | '\u{FE10}'..='\u{FE19}'
                | '\u{FE30}'..='\u{FE6F}' | '\u{FF01}'..='\u{FF0F}'
                | '\u{FF1A}'..='\u{FF20}' | '\u{FF3B}'..='\u{FF40}'
                | '\u{FF5B}'..='\u{FF65}' | '\u{1F300}'..='\u{1FAFF}')
    })
}

fn is_ws(c: Option<char>) -> bool {
    c.is_none_or(char::is_whitespace)
}

/// A run of `*` or `_` (CommonMark's "delimiter run") and what it was matched with.
struct Delim {
    ch: char,
    /// Characters not (yet) used by a match: shown literally.
    count: usize,
    orig: usize,
    can_open: bool,
    can_close: bool,
    prev: Option<usize>,
    next: Option<usize>,
    /// Delimiters used (1 or 2) as an opener, innermost first.
    opens: Vec<usize>,
    /// Delimiters used as a closer, innermost first.
    closes: Vec<usize>,
}

enum Tok {
    Node(Inline),
    Delim(usize),
}

/// What `[` at `open` starts, if it is a well-formed inline link `[label](dest "title")`.
struct LinkParts {
    label_end: usize,
    dest: String,
    after: usize,
}

struct InlineParser<'a> {
    chars: &'a [char],
    links: bool,
    depth: usize,
    brackets: HashMap<usize, usize>,
    spans: CodeSpans,
    toks: Vec<Tok>,
    delims: Vec<Delim>,
    text: String,
}

/// Parses inline content. `links`: whether links are recognised (not inside link labels);
/// `depth`: how many more levels of nesting the result may have.
fn inlines(chars: &[char], links: bool, depth: usize) -> Vec<Inline> {
    let mut p = InlineParser {
        chars,
        links,
        depth,
        brackets: match_brackets(chars),
        spans: CodeSpans::default(),
        toks: Vec::new(),
        delims: Vec::new(),
        text: String::new(),
    };
    p.scan();
    process_emphasis(&mut p.delims);
    build(p.toks, &p.delims, depth)
}

impl InlineParser<'_> {
    fn flush(&mut self) {
        if !self.text.is_empty() {
            let text = std::mem::take(&mut self.text);
            self.toks.push(Tok::Node(Inline::Text(text)));
        }
    }

    fn push(&mut self, inline: Inline) {
        self.flush();
        self.toks.push(Tok::Node(inline));
    }

    fn scan(&mut self) {
        let chars = self.chars;
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            i = match c {
                '\\' if is_escapable(chars.get(i + 1)) => {
                    self.text.push(chars[i + 1]);
                    i + 2
                }
                // A backslash before a newline is a hard break; all newlines are breaks here.
                '\\' if chars.get(i + 1) == Some(&'\n') => i + 1,
                '\n' => {
                    self.push(Inline::LineBreak);
                    i + 1
                }
                '`' => self.code_span(i),
                '*' | '_' => self.delim_run(i),
                '!' if chars.get(i + 1) == Some(&'[') && self.depth > 0 => self.image(i),
                '[' if self.links && self.depth > 0 => self.link(i),
                '<' => self.angle_autolink(i),
                'h' | 'H' if self.links && self.depth > 0 => self.bare_url(i),
                _ => {
                    self.text.push(c);
                    i + 1
                }
            };
        }
        self.flush();
    }

    fn code_span(&mut self, i: usize) -> usize {
        let len = run_len(self.chars, i, '`');
        match self.spans.closer(self.chars, i + len, len) {
            Some(close) => {
                self.push(Inline::Code(code_span_text(&self.chars[i + len..close])));
                close + len
            }
            None => {
                self.text.extend(std::iter::repeat_n('`', len));
                i + len
            }
        }
    }

    fn delim_run(&mut self, i: usize) -> usize {
        let ch = self.chars[i];
        let len = run_len(self.chars, i, ch);
        let before = i.checked_sub(1).map(|b| self.chars[b]);
        let after = self.chars.get(i + len).copied();
        let left = !is_ws(after) && (!is_punct(after) || is_ws(before) || is_punct(before));
        let right = !is_ws(before) && (!is_punct(before) || is_ws(after) || is_punct(after));
        let (can_open, can_close) = if ch == '*' {
            (left, right)
        } else {
            (
                left && (!right || is_punct(before)),
                right && (!left || is_punct(after)),
            )
        };
        self.flush();
        let index = self.delims.len();
        self.delims.push(Delim {
            ch,
            count: len,
            orig: len,
            can_open,
            can_close,
            prev: index.checked_sub(1),
            next: None,
            opens: Vec::new(),
            closes: Vec::new(),
        });
        if let Some(prev) = index.checked_sub(1) {
            self.delims[prev].next = Some(index);
        }
        self.toks.push(Tok::Delim(index));
        i + len
    }

    /// `![alt](url)`: never loaded, shown as the plain text of `alt`.
    fn image(&mut self, i: usize) -> usize {
        let Some(parts) = self.link_parts(i + 1) else {
            self.text.push('!');
            return i + 1;
        };
        let label = inlines(&self.chars[i + 2..parts.label_end], false, self.depth - 1);
        plain_text(&label, &mut self.text);
        parts.after
    }

    fn link(&mut self, i: usize) -> usize {
        let Some(parts) = self.link_parts(i) else {
            self.text.push('[');
            return i + 1;
        };
        let mut label = inlines(&self.chars[i + 1..parts.label_end], false, self.depth - 1);
        match safe_href(&parts.dest) {
            Some(href) => {
                if label.is_empty() {
                    label.push(Inline::Text(href.clone()));
                }
                self.push(Inline::Link { text: label, href });
            }
            None => {
                self.flush();
                self.toks.extend(label.into_iter().map(Tok::Node));
            }
        }
        parts.after
    }

    fn link_parts(&self, open: usize) -> Option<LinkParts> {
        let chars = self.chars;
        let label_end = *self.brackets.get(&open)?;
        if chars.get(label_end + 1) != Some(&'(') {
            return None;
        }
        let skip_ws = |mut j: usize| {
            while chars.get(j).is_some_and(|c| c.is_whitespace()) {
                j += 1;
            }
            j
        };
        let mut j = skip_ws(label_end + 2);
        let mut dest = String::new();
        if chars.get(j) == Some(&'<') {
            j += 1;
            loop {
                match *chars.get(j)? {
                    '>' => {
                        j += 1;
                        break;
                    }
                    '\n' | '<' => return None,
                    '\\' if is_escapable(chars.get(j + 1)) => {
                        dest.push(chars[j + 1]);
                        j += 2;
                    }
                    c => {
                        dest.push(c);
                        j += 1;
                    }
                }
                if dest.len() > MAX_URL_CHARS * 4 {
                    return None;
                }
            }
        } else {
            let mut parens = 0;
            loop {
                let c = *chars.get(j)?;
                if c.is_whitespace() || c.is_control() {
                    break;
                }
                match c {
                    '\\' if is_escapable(chars.get(j + 1)) => {
                        dest.push(chars[j + 1]);
                        j += 2;
                        continue;
                    }
                    '(' => {
                        parens += 1;
                        if parens > MAX_URL_PARENS {
                            return None;
                        }
                    }
                    ')' if parens == 0 => break,
                    ')' => parens -= 1,
                    _ => {}
                }
                dest.push(c);
                j += 1;
                if dest.len() > MAX_URL_CHARS * 4 {
                    return None;
                }
            }
        }
        let before_title = j;
        j = skip_ws(j);
        if j > before_title {
            if let Some(&quote) = chars.get(j).filter(|c| matches!(c, '"' | '\'' | '(')) {
                let end = if quote == '(' { ')' } else { quote };
                let start = j;
                j += 1;
                loop {
                    match *chars.get(j)? {
                        c if c == end => break,
                        '\\' => j += 2,
                        _ => j += 1,
                    }
                    if j - start > MAX_URL_CHARS {
                        return None;
                    }
                }
                j = skip_ws(j + 1);
            }
        }
        (chars.get(j) == Some(&')')).then_some(LinkParts {
            label_end,
            dest,
            after: j + 1,
        })
    }

    /// `<https://…>` or `<mailto:…>` is a link; any other `<` is literal text.
    fn angle_autolink(&mut self, i: usize) -> usize {
        let chars = self.chars;
        let mut j = i + 1;
        while j < chars.len() && j - i <= MAX_URL_CHARS + 1 {
            let c = chars[j];
            if c == '>' {
                let url: String = chars[i + 1..j].iter().collect();
                let lower = url.to_ascii_lowercase();
                let is_url = ["http://", "https://", "mailto:"]
                    .iter()
                    .any(|p| lower.starts_with(p));
                if self.links && self.depth > 0 && is_url {
                    if let Some(href) = safe_href(&url) {
                        self.push(Inline::Link {
                            text: vec![Inline::Text(url)],
                            href,
                        });
                        return j + 1;
                    }
                }
                break;
            }
            if c == '<' || c.is_whitespace() || c.is_control() {
                break;
            }
            j += 1;
        }
        self.text.push('<');
        i + 1
    }

    /// A bare `http(s)://…` URL at a word boundary.
    fn bare_url(&mut self, i: usize) -> usize {
        let chars = self.chars;
        // Not after `](`: that is a link still streaming in (`[label](https://exa`).
        let boundary = match i.checked_sub(1).map(|b| chars[b]) {
            None => true,
            Some('(') => i < 2 || chars[i - 2] != ']',
            Some(b) => b.is_whitespace() || matches!(b, '[' | '*' | '_' | '~' | '"' | '\''),
        };
        let starts = |p: &str| {
            p.chars().enumerate().all(|(k, pc)| {
                chars
                    .get(i + k)
                    .is_some_and(|c| c.to_ascii_lowercase() == pc)
            })
        };
        if !boundary || !(starts("http://") || starts("https://")) {
            self.text.push(chars[i]);
            return i + 1;
        }
        // One pass over the run, counting its parentheses as it goes: trimming a trailing
        // `)` below then costs O(1), so the whole scan is linear in the run.
        let mut end = i;
        let (mut opens, mut closes) = (0usize, 0usize);
        while end < chars.len() && end - i <= MAX_URL_CHARS {
            let c = chars[end];
            if c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '`' | '[' | ']' | '"')
            {
                break;
            }
            match c {
                '(' => opens += 1,
                ')' => closes += 1,
                _ => {}
            }
            end += 1;
        }
        count_url_steps(end - i);
        let run_end = end;
        // Trailing punctuation belongs to the sentence, as does an unbalanced `)`.
        loop {
            match chars[end - 1] {
                '?' | '!' | '.' | ',' | ':' | ';' | '*' | '_' | '~' | '\'' | '"' => end -= 1,
                ')' if closes > opens => {
                    closes -= 1;
                    end -= 1;
                }
                _ => break,
            }
        }
        let url: String = chars[i..end].iter().collect();
        match safe_href(&url).filter(|_| url.chars().count() <= MAX_URL_CHARS) {
            Some(href) => {
                self.push(Inline::Link {
                    text: vec![Inline::Text(url)],
                    href,
                });
                end
            }
            None => {
                // Not a link: the whole run is text. Scanning it again from each later
                // `http://` inside it would make a hostile run quadratic.
                self.text.extend(&chars[i..run_end]);
                run_end
            }
        }
    }
}

// Work done by bare-URL scans, counted in tests so a quadratic scan fails one.
#[cfg(test)]
thread_local! {
    static URL_STEPS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

#[cfg(test)]
fn count_url_steps(n: usize) {
    URL_STEPS.with(|s| s.set(s.get() + n));
}

#[cfg(not(test))]
fn count_url_steps(_: usize) {}

/// CommonMark's "process emphasis": pairs openers with closers, recording on each delimiter
/// how many characters each of its matches used.
fn process_emphasis(delims: &mut [Delim]) {
    fn unlink(delims: &mut [Delim], k: usize) {
        let (prev, next) = (delims[k].prev, delims[k].next);
        if let Some(p) = prev {
            delims[p].next = next;
        }
        if let Some(n) = next {
            delims[n].prev = prev;
        }
    }
    // Lowest delimiter index worth looking at, per (char, closer can open, length % 3).
    let mut bottoms = [[[None::<usize>; 3]; 2]; 2];
    let mut current = if delims.is_empty() { None } else { Some(0) };
    while let Some(c) = current {
        if !delims[c].can_close {
            current = delims[c].next;
            continue;
        }
        let key = (
            usize::from(delims[c].ch == '_'),
            usize::from(delims[c].can_open),
            delims[c].orig % 3,
        );
        let bottom = bottoms[key.0][key.1][key.2];
        let mut candidate = delims[c].prev;
        let mut opener = None;
        while let Some(o) = candidate {
            if bottom.is_some_and(|b| o <= b) {
                break;
            }
            let (od, cd) = (&delims[o], &delims[c]);
            if od.ch == cd.ch && od.can_open {
                let odd = (cd.can_open || od.can_close)
                    && cd.orig % 3 != 0
                    && (od.orig + cd.orig) % 3 == 0;
                if !odd {
                    opener = Some(o);
                    break;
                }
            }
            candidate = od.prev;
        }
        match opener {
            Some(o) => {
                let used = if delims[o].count >= 2 && delims[c].count >= 2 {
                    2
                } else {
                    1
                };
                delims[o].count -= used;
                delims[c].count -= used;
                delims[o].opens.push(used);
                delims[c].closes.push(used);
                // Delimiters between the pair can no longer match anything.
                delims[o].next = Some(c);
                delims[c].prev = Some(o);
                if delims[o].count == 0 {
                    unlink(delims, o);
                }
                if delims[c].count == 0 {
                    current = delims[c].next;
                    unlink(delims, c);
                }
            }
            None => {
                bottoms[key.0][key.1][key.2] = delims[c].prev;
                current = delims[c].next;
                if !delims[c].can_open {
                    unlink(delims, c);
                }
            }
        }
    }
}

/// Builds the inline tree from the tokens and the emphasis matches, without recursion.
/// Emphasis beyond `max_depth` levels is shown as its literal delimiters.
fn build(toks: Vec<Tok>, delims: &[Delim], max_depth: usize) -> Vec<Inline> {
    struct Frame {
        ch: char,
        used: usize,
        children: Vec<Inline>,
    }
    fn top<'a>(stack: &'a mut [Frame], root: &'a mut Vec<Inline>) -> &'a mut Vec<Inline> {
        match stack.last_mut() {
            Some(frame) => &mut frame.children,
            None => root,
        }
    }
    fn marks(ch: char, n: usize) -> String {
        std::iter::repeat_n(ch, n).collect()
    }
    let mut root = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    // Matched pairs opened beyond `max_depth`, shown literally. Matches nest, so while
    // this is non-zero every open and close is one of them.
    let mut literal = 0usize;
    for tok in toks {
        let d = match tok {
            Tok::Node(inline) => {
                push_inline(top(&mut stack, &mut root), inline);
                continue;
            }
            Tok::Delim(d) => &delims[d],
        };
        for &used in &d.closes {
            if literal > 0 {
                literal -= 1;
                push_text(top(&mut stack, &mut root), &marks(d.ch, used));
            } else if let Some(frame) = stack.pop() {
                let node = if frame.used == 2 {
                    Inline::Strong(frame.children)
                } else {
                    Inline::Emphasis(frame.children)
                };
                push_inline(top(&mut stack, &mut root), node);
            } else {
                push_text(&mut root, &marks(d.ch, used));
            }
        }
        push_text(top(&mut stack, &mut root), &marks(d.ch, d.count));
        for &used in d.opens.iter().rev() {
            if literal > 0 || stack.len() >= max_depth {
                literal += 1;
                push_text(top(&mut stack, &mut root), &marks(d.ch, used));
            } else {
                stack.push(Frame {
                    ch: d.ch,
                    used,
                    children: Vec::new(),
                });
            }
        }
    }
    // Matches always close, so nothing is left open; be defensive anyway.
    while let Some(frame) = stack.pop() {
        let parent = top(&mut stack, &mut root);
        push_text(parent, &marks(frame.ch, frame.used));
        for child in frame.children {
            push_inline(parent, child);
        }
    }
    root
}

#[cfg(test)]
mod tests {
    use super::Block::*;
    use super::Inline::{Code as C, Emphasis, LineBreak, Link, Strong, Text};
    use super::*;

    fn t(s: &str) -> Inline {
        Text(s.to_string())
    }
    fn p(inlines: Vec<Inline>) -> Block {
        Paragraph(inlines)
    }
    fn pt(s: &str) -> Vec<Block> {
        vec![p(vec![t(s)])]
    }
    fn link(text: Vec<Inline>, href: &str) -> Inline {
        Link {
            text,
            href: href.to_string(),
        }
    }
    fn code(s: &str) -> Inline {
        C(s.to_string())
    }
    /// The inline content of a single paragraph.
    fn inl(md: &str) -> Vec<Inline> {
        match parse(md).as_slice() {
            [Paragraph(inlines)] => inlines.clone(),
            other => panic!(
                "expected one paragraph for {:?}…, got {} blocks",
                md.chars().take(40).collect::<String>(),
                other.len()
            ),
        }
    }
    /// The maximum nesting depth of inline content.
    fn depth(inlines: &[Inline]) -> usize {
        inlines
            .iter()
            .map(|i| match i {
                Strong(c) | Emphasis(c) | Link { text: c, .. } => 1 + depth(c),
                _ => 0,
            })
            .max()
            .unwrap_or(0)
    }

    // --- empty and plain -------------------------------------------------------------

    #[test]
    fn empty_and_blank_input() {
        assert_eq!(parse(""), vec![]);
        assert_eq!(parse("   \n\n\t\n"), vec![]);
    }

    #[test]
    fn plain_paragraph() {
        assert_eq!(parse("Hello, climber."), pt("Hello, climber."));
        assert_eq!(parse("  padded  "), pt("padded"));
    }

    #[test]
    fn newlines_in_a_paragraph_are_line_breaks() {
        assert_eq!(
            parse("Warm-up: 10 min\nMain: 4x4\r\nCool-down"),
            vec![p(vec![
                t("Warm-up: 10 min"),
                LineBreak,
                t("Main: 4x4"),
                LineBreak,
                t("Cool-down")
            ])]
        );
        assert_eq!(parse("a\\\nb"), vec![p(vec![t("a"), LineBreak, t("b")])]);
        assert_eq!(parse("ends with \\"), pt("ends with \\"));
    }

    #[test]
    fn blank_lines_separate_paragraphs() {
        assert_eq!(
            parse("one\n\n\ntwo"),
            vec![p(vec![t("one")]), p(vec![t("two")])]
        );
    }

    // --- headings ---------------------------------------------------------------------

    #[test]
    fn headings() {
        assert_eq!(parse("# Plan"), vec![Heading(1, vec![t("Plan")])]);
        assert_eq!(parse("## Plan ##"), vec![Heading(2, vec![t("Plan")])]);
        assert_eq!(parse("### C#"), vec![Heading(3, vec![t("C#")])]);
        assert_eq!(parse("#### Four"), vec![Heading(4, vec![t("Four")])]);
        assert_eq!(parse("##### Five"), vec![Heading(4, vec![t("Five")])]);
        assert_eq!(parse("###### Six"), vec![Heading(4, vec![t("Six")])]);
        assert_eq!(parse("####### Seven"), pt("####### Seven"));
        assert_eq!(parse("#hashtag"), pt("#hashtag"));
        assert_eq!(parse("#"), vec![Heading(1, vec![])]);
        assert_eq!(
            parse("## **Week 1**"),
            vec![Heading(2, vec![Strong(vec![t("Week 1")])])]
        );
    }

    #[test]
    fn heading_interrupts_paragraph() {
        assert_eq!(
            parse("intro\n# Title\nbody"),
            vec![
                p(vec![t("intro")]),
                Heading(1, vec![t("Title")]),
                p(vec![t("body")])
            ]
        );
    }

    // --- rules ------------------------------------------------------------------------

    #[test]
    fn rules() {
        for md in ["---", "***", "___", "- - -", " * * * ", "-----"] {
            assert_eq!(parse(md), vec![Rule], "{md:?}");
        }
        assert_eq!(
            parse("above\n---\nbelow"),
            vec![p(vec![t("above")]), Rule, p(vec![t("below")])]
        );
        assert_eq!(parse("--"), pt("--"));
    }

    // --- lists ------------------------------------------------------------------------

    #[test]
    fn unordered_list() {
        assert_eq!(
            parse("- hangboard\n* campus\n+ rest"),
            vec![List {
                ordered: false,
                items: vec![vec![t("hangboard")], vec![t("campus")], vec![t("rest")]]
            }]
        );
    }

    #[test]
    fn ordered_list() {
        assert_eq!(
            parse("1. warm up\n2) climb\n10. stretch"),
            vec![List {
                ordered: true,
                items: vec![vec![t("warm up")], vec![t("climb")], vec![t("stretch")]]
            }]
        );
        assert_eq!(parse("1234567890. no"), pt("1234567890. no"));
        assert_eq!(parse("2024 was good"), pt("2024 was good"));
    }

    #[test]
    fn list_items_with_inline_markup() {
        assert_eq!(
            parse("- **Max hangs**: 10 s\n- `7a` project"),
            vec![List {
                ordered: false,
                items: vec![
                    vec![Strong(vec![t("Max hangs")]), t(": 10 s")],
                    vec![code("7a"), t(" project")]
                ]
            }]
        );
    }

    #[test]
    fn list_interrupts_paragraph_and_ends_at_blank_then_text() {
        assert_eq!(
            parse("Do this:\n1. a\n2. b\n\nThen rest."),
            vec![
                p(vec![t("Do this:")]),
                List {
                    ordered: true,
                    items: vec![vec![t("a")], vec![t("b")]]
                },
                p(vec![t("Then rest.")])
            ]
        );
    }

    #[test]
    fn loose_list_stays_one_list() {
        assert_eq!(
            parse("1. a\n\n2. b\n\n\n3. c"),
            vec![List {
                ordered: true,
                items: vec![vec![t("a")], vec![t("b")], vec![t("c")]]
            }]
        );
    }

    #[test]
    fn list_continuation_lines() {
        assert_eq!(
            parse("- first line\n  second line\nlazy line\n\n  new paragraph\n- next"),
            vec![List {
                ordered: false,
                items: vec![
                    vec![
                        t("first line"),
                        LineBreak,
                        t("second line"),
                        LineBreak,
                        t("lazy line"),
                        LineBreak,
                        LineBreak,
                        t("new paragraph")
                    ],
                    vec![t("next")]
                ]
            }]
        );
    }

    #[test]
    fn nested_items_are_flattened() {
        assert_eq!(
            parse("1. Monday\n   - fingers\n   - core\n2. Tuesday"),
            vec![List {
                ordered: true,
                items: vec![
                    vec![t("Monday")],
                    vec![t("fingers")],
                    vec![t("core")],
                    vec![t("Tuesday")]
                ]
            }]
        );
    }

    #[test]
    fn different_list_kind_starts_new_list() {
        assert_eq!(
            parse("- a\n1. b"),
            vec![
                List {
                    ordered: false,
                    items: vec![vec![t("a")]]
                },
                List {
                    ordered: true,
                    items: vec![vec![t("b")]]
                }
            ]
        );
    }

    #[test]
    fn empty_list_item_and_non_items() {
        assert_eq!(
            parse("-"),
            vec![List {
                ordered: false,
                items: vec![vec![]]
            }]
        );
        assert_eq!(parse("-5 °C outside"), pt("-5 °C outside"));
        assert_eq!(
            parse("*not a list*"),
            vec![p(vec![Emphasis(vec![t("not a list")])])]
        );
    }

    #[test]
    fn list_ends_at_other_blocks() {
        assert_eq!(
            parse("- a\n# H\n- b\n---\n> q"),
            vec![
                List {
                    ordered: false,
                    items: vec![vec![t("a")]]
                },
                Heading(1, vec![t("H")]),
                List {
                    ordered: false,
                    items: vec![vec![t("b")]]
                },
                Rule,
                Quote(vec![t("q")])
            ]
        );
    }

    // --- code blocks ------------------------------------------------------------------

    #[test]
    fn fenced_code() {
        assert_eq!(
            parse("```rust\nfn main() {\n    println!(\"**hi**\");\n}\n```\nafter"),
            vec![
                Code("fn main() {\n    println!(\"**hi**\");\n}".to_string()),
                p(vec![t("after")])
            ]
        );
        assert_eq!(
            parse("~~~\n<script>alert(1)</script>\n~~~"),
            vec![Code("<script>alert(1)</script>".to_string())]
        );
        assert_eq!(parse("```\n```"), vec![Code(String::new())]);
    }

    #[test]
    fn code_fence_rules() {
        // A shorter fence does not close; a longer one does.
        assert_eq!(
            parse("````\n```\n`````\nx"),
            vec![Code("```".to_string()), p(vec![t("x")])]
        );
        // Backtick fences' info strings cannot contain backticks: this is inline code.
        assert_eq!(parse("```a```"), vec![p(vec![code("a")])]);
        // Indented fences strip their indentation from the content.
        assert_eq!(
            parse("   ```\n   a\n     b\n   ```"),
            vec![Code("a\n  b".to_string())]
        );
        // Blank lines are kept inside code.
        assert_eq!(parse("```\na\n\nb\n```"), vec![Code("a\n\nb".to_string())]);
    }

    #[test]
    fn fence_interrupts_paragraph_and_list() {
        assert_eq!(
            parse("text\n```\ncode\n```\n- item\n```\nx\n```"),
            vec![
                p(vec![t("text")]),
                Code("code".to_string()),
                List {
                    ordered: false,
                    items: vec![vec![t("item")]]
                },
                Code("x".to_string())
            ]
        );
    }

    // --- quotes -----------------------------------------------------------------------

    #[test]
    fn quotes() {
        assert_eq!(
            parse("> Climb *smart*\n> not hard\nlazy\n>\n> second"),
            vec![Quote(vec![
                t("Climb "),
                Emphasis(vec![t("smart")]),
                LineBreak,
                t("not hard"),
                LineBreak,
                t("lazy"),
                LineBreak,
                LineBreak,
                t("second")
            ])]
        );
        assert_eq!(
            parse("> > nested\n\nafter"),
            vec![Quote(vec![t("nested")]), p(vec![t("after")])]
        );
        assert_eq!(parse(">"), vec![Quote(vec![])]);
        assert_eq!(parse("a > b"), pt("a > b"));
    }

    // --- inline: emphasis -------------------------------------------------------------

    #[test]
    fn strong_and_emphasis() {
        assert_eq!(inl("**bold**"), vec![Strong(vec![t("bold")])]);
        assert_eq!(inl("__bold__"), vec![Strong(vec![t("bold")])]);
        assert_eq!(inl("*it*"), vec![Emphasis(vec![t("it")])]);
        assert_eq!(inl("_it_"), vec![Emphasis(vec![t("it")])]);
        assert_eq!(
            inl("a **b** c *d* e"),
            vec![
                t("a "),
                Strong(vec![t("b")]),
                t(" c "),
                Emphasis(vec![t("d")]),
                t(" e")
            ]
        );
    }

    #[test]
    fn nested_emphasis() {
        assert_eq!(
            inl("***both***"),
            vec![Emphasis(vec![Strong(vec![t("both")])])]
        );
        assert_eq!(
            inl("**bold *and it* here**"),
            vec![Strong(vec![
                t("bold "),
                Emphasis(vec![t("and it")]),
                t(" here")
            ])]
        );
        assert_eq!(
            inl("*it **bold** it*"),
            vec![Emphasis(vec![t("it "), Strong(vec![t("bold")]), t(" it")])]
        );
        assert_eq!(
            inl("**a `b` [c](https://c.example)**"),
            vec![Strong(vec![
                t("a "),
                code("b"),
                t(" "),
                link(vec![t("c")], "https://c.example")
            ])]
        );
    }

    #[test]
    fn emphasis_delimiter_rules() {
        assert_eq!(inl("snake_case_name"), vec![t("snake_case_name")]);
        assert_eq!(inl("2 * 3 * 4"), vec![t("2 * 3 * 4")]);
        assert_eq!(inl("a*b*c"), vec![t("a"), Emphasis(vec![t("b")]), t("c")]);
        assert_eq!(inl("** not bold**"), vec![t("** not bold**")]);
        assert_eq!(inl("*a **"), vec![t("*a **")]);
        assert_eq!(inl("**a*"), vec![t("*"), Emphasis(vec![t("a")])]);
        assert_eq!(inl("*a**"), vec![Emphasis(vec![t("a")]), t("*")]);
        assert_eq!(inl("*a_"), vec![t("*a_")]);
        assert_eq!(
            inl("**Note:** rest"),
            vec![Strong(vec![t("Note:")]), t(" rest")]
        );
        // The rule of three.
        assert_eq!(
            inl("*foo**bar**baz*"),
            vec![Emphasis(vec![t("foo"), Strong(vec![t("bar")]), t("baz")])]
        );
    }

    #[test]
    fn emphasis_spans_line_breaks() {
        assert_eq!(
            inl("**a\nb**"),
            vec![Strong(vec![t("a"), LineBreak, t("b")])]
        );
    }

    #[test]
    fn escapes() {
        assert_eq!(inl(r"\*not\* \_em\_"), vec![t("*not* _em_")]);
        assert_eq!(inl(r"\[x\](https://a.b)"), vec![t("[x](https://a.b)")]);
        assert_eq!(inl(r"\`x\`"), vec![t("`x`")]);
        assert_eq!(inl(r"C:\Users\me"), vec![t(r"C:\Users\me")]);
        assert_eq!(inl(r"\\"), vec![t("\\")]);
    }

    // --- inline: code -----------------------------------------------------------------

    #[test]
    fn code_spans() {
        assert_eq!(inl("use `grip`"), vec![t("use "), code("grip")]);
        assert_eq!(inl("``a ` b``"), vec![code("a ` b")]);
        assert_eq!(inl("` `` `"), vec![code("``")]);
        assert_eq!(inl("`  `"), vec![code("  ")]);
        assert_eq!(inl("`**not bold**`"), vec![code("**not bold**")]);
        assert_eq!(inl(r"`a\`"), vec![code(r"a\")]);
        assert_eq!(inl("`<b>`"), vec![code("<b>")]);
        assert_eq!(inl("`a\nb`"), vec![code("a b")]);
        assert_eq!(inl("``a`"), vec![t("``a`")]);
    }

    // --- inline: links ----------------------------------------------------------------

    #[test]
    fn links() {
        assert_eq!(
            inl("see [the guide](https://example.com/a?b=c#d)."),
            vec![
                t("see "),
                link(vec![t("the guide")], "https://example.com/a?b=c#d"),
                t(".")
            ]
        );
        assert_eq!(
            inl("[*em* label](http://x.example \"title\")"),
            vec![link(
                vec![Emphasis(vec![t("em")]), t(" label")],
                "http://x.example"
            )]
        );
        assert_eq!(
            inl("[mail](mailto:coach@example.com)"),
            vec![link(vec![t("mail")], "mailto:coach@example.com")]
        );
        assert_eq!(
            inl("[profile](/profile)"),
            vec![link(vec![t("profile")], "/profile")]
        );
        assert_eq!(
            inl("[wiki](https://en.wikipedia.org/wiki/Crimp_(climbing))"),
            vec![link(
                vec![t("wiki")],
                "https://en.wikipedia.org/wiki/Crimp_(climbing)"
            )]
        );
        assert_eq!(
            inl("[a](<https://x.example/a b>)"),
            vec![t("a")],
            "spaces are not allowed in targets"
        );
        assert_eq!(
            inl("[a](<https://x.example/a\\>b>)"),
            vec![link(vec![t("a")], "https://x.example/a>b")]
        );
        assert_eq!(
            inl("[](https://x.example)"),
            vec![link(vec![t("https://x.example")], "https://x.example")]
        );
        assert_eq!(inl("[a [b] c](/x)"), vec![link(vec![t("a [b] c")], "/x")]);
        assert_eq!(inl("[`]`](/x)"), vec![link(vec![code("]")], "/x")]);
    }

    #[test]
    fn not_links() {
        assert_eq!(inl("[just brackets]"), vec![t("[just brackets]")]);
        assert_eq!(
            inl("[a] (https://x.example)"),
            vec![
                t("[a] ("),
                link(vec![t("https://x.example")], "https://x.example"),
                t(")")
            ]
        );
        assert_eq!(
            inl("[a](https://x.example"),
            vec![t("[a](https://x.example")]
        );
        assert_eq!(inl("[a]()"), vec![t("a")]);
        assert_eq!(inl("[a `](/x)` b"), vec![t("[a "), code("](/x)"), t(" b")]);
    }

    #[test]
    fn links_do_not_nest() {
        assert_eq!(
            inl("[a [b](/b) c](/a)"),
            vec![link(vec![t("a [b](/b) c")], "/a")]
        );
    }

    /// Bare-URL scan work for `md`, in characters examined.
    fn url_steps(md: &str) -> usize {
        URL_STEPS.with(|s| s.set(0));
        parse(md);
        URL_STEPS.with(|s| s.get())
    }

    #[test]
    fn the_bare_url_scan_is_linear_on_hostile_input() {
        // Each bare URL ends in 2,000 `)`: trimming them one by one used to re-count the
        // URL's parentheses each time (2 million steps per URL).
        let parens = format!("http://a.example{} ", ")".repeat(2000)).repeat(40);
        // Runs that aren't links (`http:///` has no host; over MAX_URL_CHARS is too long)
        // used to be scanned again from every `http://` inside them.
        let unsafe_runs = "(http:///".repeat(10_000);
        let long_run = "(http://x.example".repeat(5_000);
        for md in [&parens, &unsafe_runs, &long_run] {
            let n = md.chars().count().min(MAX_INPUT_BYTES);
            let steps = url_steps(md);
            assert!(steps <= 2 * n, "{steps} steps for {n} characters");
        }
        // And what they show is still right.
        let shown = inl(&format!("see http://a.example/x{} ok", ")".repeat(50)));
        assert_eq!(
            shown,
            vec![
                t("see "),
                link(vec![t("http://a.example/x")], "http://a.example/x"),
                t(&format!("{} ok", ")".repeat(50)))
            ]
        );
        assert_eq!(inl("(http:///(http://x"), vec![t("(http:///(http://x")]);
    }

    #[test]
    fn autolinks() {
        assert_eq!(
            inl("<https://example.com/x>"),
            vec![link(
                vec![t("https://example.com/x")],
                "https://example.com/x"
            )]
        );
        assert_eq!(
            inl("<mailto:a@b.example>"),
            vec![link(vec![t("mailto:a@b.example")], "mailto:a@b.example")]
        );
        assert_eq!(
            inl("Read https://example.com/guide."),
            vec![
                t("Read "),
                link(
                    vec![t("https://example.com/guide")],
                    "https://example.com/guide"
                ),
                t(".")
            ]
        );
        assert_eq!(
            inl("(see https://x.example/a_(b))"),
            vec![
                t("(see "),
                link(
                    vec![t("https://x.example/a_(b)")],
                    "https://x.example/a_(b)"
                ),
                t(")")
            ]
        );
        assert_eq!(
            inl("[https://x.example](https://x.exa"),
            vec![
                t("["),
                link(vec![t("https://x.example")], "https://x.example"),
                t("](https://x.exa")
            ]
        );
        assert_eq!(
            inl("**https://x.example**"),
            vec![Strong(vec![link(
                vec![t("https://x.example")],
                "https://x.example"
            )])]
        );
        assert_eq!(inl("xhttps://x.example"), vec![t("xhttps://x.example")]);
        assert_eq!(inl("https://"), vec![t("https://")]);
        assert_eq!(inl("`https://x.example`"), vec![code("https://x.example")]);
    }

    // --- images -----------------------------------------------------------------------

    #[test]
    fn images_are_never_loaded() {
        assert_eq!(
            inl("![a crimp](https://x.example/c.png)"),
            vec![t("a crimp")]
        );
        assert_eq!(inl("![x](https://evil/?q=secret)"), vec![t("x")]);
        assert_eq!(inl("![](https://evil/?q=secret)"), Vec::<Inline>::new());
        assert_eq!(inl("![**bold** alt](/a.png)"), vec![t("bold alt")]);
        assert_eq!(
            inl("[![badge](https://evil/b.svg)](https://ok.example)"),
            vec![link(vec![t("badge")], "https://ok.example")]
        );
        assert_eq!(inl("wow! [x]"), vec![t("wow! [x]")]);
        assert_eq!(inl("![x]"), vec![t("![x]")]);
    }

    // --- hostile input ----------------------------------------------------------------

    #[test]
    fn raw_html_is_literal_text() {
        assert_eq!(
            parse("<script>alert(1)</script>"),
            pt("<script>alert(1)</script>")
        );
        assert_eq!(
            parse("<img src=x onerror=alert(1)>"),
            pt("<img src=x onerror=alert(1)>")
        );
        assert_eq!(
            parse("<div>\n*hi*\n</div>"),
            vec![p(vec![
                t("<div>"),
                LineBreak,
                Emphasis(vec![t("hi")]),
                LineBreak,
                t("</div>")
            ])]
        );
        assert_eq!(
            parse("&lt;b&gt; &amp; &#106;"),
            pt("&lt;b&gt; &amp; &#106;")
        );
        assert_eq!(parse("<!-- hidden -->"), pt("<!-- hidden -->"));
        assert_eq!(
            parse("**<b>x</b>**"),
            vec![p(vec![Strong(vec![t("<b>x</b>")])])]
        );
    }

    #[test]
    fn dangerous_link_schemes_become_label_text() {
        for md in [
            "[x](javascript:alert(1))",
            "[x](JaVaScRiPt:alert(1))",
            "[x](<java\tscript:alert(1)>)",
            "[x](<javascript\u{0}:alert(1)>)",
            "[x]( javascript:alert(1) )",
            "[x](&#106;avascript:alert(1))",
            "[x](&#x6A;avascript:alert(1))",
            "[x](javascript&colon;alert(1))",
            "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
            "[x](vbscript:msgbox(1))",
            "[x](file:///etc/passwd)",
            "[x](//evil.example/)",
            "[x](/\\evil.example/)",
            "[x](\\\\evil.example)",
            "[x](https:evil.example)",
            "[x](https:///evil.example)",
            "[x](relative/path)",
            "[x](#anchor)",
            "[x](mailto:)",
        ] {
            assert_eq!(inl(md), vec![t("x")], "{md:?}");
        }
        // Malformed: not links at all, so plain text.
        for md in [
            "[x](<java\nscript:alert(1)>)",
            "[x](\u{1}javascript:alert(1))",
            "[x](java script:alert(1))",
        ] {
            let mut text = String::new();
            plain_text(
                &parse(md)
                    .iter()
                    .flat_map(|b| match b {
                        Paragraph(i) => i.clone(),
                        other => panic!("{other:?}"),
                    })
                    .collect::<Vec<_>>(),
                &mut text,
            );
            assert!(!format!("{:?}", parse(md)).contains("Link"), "{md:?}");
            assert!(text.contains("script:alert(1)"), "{md:?}");
        }
        assert_eq!(
            inl("[**x**](javascript:alert(1)) y"),
            vec![Strong(vec![t("x")]), t(" y")]
        );
        assert_eq!(
            inl("<javascript:alert(1)>"),
            vec![t("<javascript:alert(1)>")]
        );
        assert_eq!(inl("javascript:alert(1)"), vec![t("javascript:alert(1)")]);
    }

    #[test]
    fn safe_href_rules() {
        assert_eq!(
            safe_href("HTTPS://x.example").as_deref(),
            Some("HTTPS://x.example")
        );
        assert_eq!(safe_href("http://x").as_deref(), Some("http://x"));
        assert_eq!(safe_href("/chat/1?x=2").as_deref(), Some("/chat/1?x=2"));
        assert_eq!(safe_href("/").as_deref(), Some("/"));
        assert_eq!(
            safe_href("/path:javascript:x").as_deref(),
            Some("/path:javascript:x")
        );
        assert_eq!(
            safe_href("https://x.example/\u{e9}").as_deref(),
            Some("https://x.example/\u{e9}")
        );
        for bad in [
            "",
            "https://",
            "http:/x",
            "javascript:alert(1)",
            " https://x.example",
            "https://x.example/\u{a0}",
            "https://x.example/\u{85}",
            "//x",
            "/\\x",
            "ftp://x",
        ] {
            assert_eq!(safe_href(bad), None, "{bad:?}");
        }
        assert_eq!(
            safe_href(&format!("https://x/{}", "a".repeat(MAX_URL_CHARS))),
            None
        );
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let n = 10_000;
        let md = format!("{}x{}", "*a ".repeat(n), " a*".repeat(n));
        let parsed = inl(&md);
        assert!(depth(&parsed) <= MAX_NESTING, "{}", depth(&parsed));
        let strong = format!("{}x{}", "**".repeat(n), "**".repeat(n));
        assert!(depth(&inl(&strong)) <= MAX_NESTING);
        let m = n / 4;
        let in_link = format!("[{}x{}](/a)", "*a ".repeat(m), " a*".repeat(m));
        let in_link = format!("{}{in_link}{}", "*b ".repeat(m), " b*".repeat(m));
        assert!(depth(&inl(&in_link)) <= 2 * MAX_NESTING);
        let quotes = format!("{}deep", "> ".repeat(n));
        assert_eq!(parse(&quotes), vec![Quote(vec![t("deep")])]);
        let lists = (0..400)
            .map(|i| format!("{}- x", " ".repeat(i)))
            .collect::<Vec<_>>()
            .join("\n");
        match parse(&lists).as_slice() {
            [List { items, .. }] => assert_eq!(items.len(), 400),
            other => panic!("{} blocks", other.len()),
        }
    }

    #[test]
    fn literal_emphasis_beyond_the_limit_keeps_the_text() {
        let md = format!(
            "{}x{}",
            "*a ".repeat(MAX_NESTING + 1),
            " a*".repeat(MAX_NESTING + 1)
        );
        let parsed = inl(&md);
        let mut text = String::new();
        plain_text(&parsed, &mut text);
        assert_eq!(text.matches('*').count(), 2, "{parsed:?}");
        assert_eq!(depth(&parsed), MAX_NESTING);
    }

    #[test]
    fn hostile_repetition_terminates_quickly() {
        let n = 20_000;
        for md in [
            "[".repeat(n),
            "]".repeat(n),
            "[a](".repeat(n),
            "[a](<".repeat(n),
            "[a](b \"".repeat(n),
            "![".repeat(n),
            "<".repeat(n),
            "<a".repeat(n),
            "*_".repeat(n),
            "**a".repeat(n),
            "_a ".repeat(n),
            "`".repeat(n),
            (1..300).map(|k| "`".repeat(k) + "a").collect::<String>(),
            "\\".repeat(n),
            "https://".repeat(n),
            format!("[a]({}", "(".repeat(n)),
            "> - # ```".repeat(n),
        ] {
            let start = std::time::Instant::now();
            let _ = parse(&md);
            assert!(
                start.elapsed() < std::time::Duration::from_secs(5),
                "{:?}…",
                &md[..20.min(md.len())]
            );
        }
    }

    #[test]
    fn oversized_input_is_kept_as_plain_text() {
        let big = format!("{}**tail**", "a".repeat(MAX_INPUT_BYTES - 2));
        let blocks = parse(&big);
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[1], p(vec![t("tail**")]));
        // Splits on a char boundary.
        let wide = "é".repeat(MAX_INPUT_BYTES);
        let mut text = String::new();
        for b in parse(&wide) {
            if let Paragraph(i) = b {
                plain_text(&i, &mut text);
            }
        }
        assert_eq!(text, wide);
    }

    // --- streaming (partial input) ----------------------------------------------------

    #[test]
    fn partial_input_stays_literal() {
        assert_eq!(parse("Try **max"), pt("Try **max"));
        assert_eq!(parse("Try *max"), pt("Try *max"));
        assert_eq!(parse("run `cargo"), pt("run `cargo"));
        assert_eq!(parse("[guide](https://exa"), pt("[guide](https://exa"));
        assert_eq!(parse("[guide"), pt("[guide"));
        assert_eq!(parse("![alt](https://ev"), pt("![alt](https://ev"));
        assert_eq!(parse("<https://exa"), pt("<https://exa"));
        assert_eq!(
            parse("**a** and **b"),
            vec![p(vec![Strong(vec![t("a")]), t(" and **b")])]
        );
    }

    #[test]
    fn partial_code_fence_is_an_open_block() {
        assert_eq!(parse("```"), vec![Code(String::new())]);
        assert_eq!(parse("```py"), vec![Code(String::new())]);
        assert_eq!(
            parse("Example:\n```py\nprint('**x**')\n\n# not a heading"),
            vec![
                p(vec![t("Example:")]),
                Code("print('**x**')\n\n# not a heading".to_string())
            ]
        );
        assert_eq!(parse("``"), pt("``"));
    }

    #[test]
    fn every_prefix_of_a_reply_parses() {
        let reply = "# Plan\n\nHi **Sam**, here's *week 1*:\n\n1. Warm up — `10 min`\n2. [Hangs](https://x.example/h) ![pic](https://e/p.png)\n   - 7 s on / 3 s off\n\n> Rest well\n\n```text\nrest\n```\n---\n<script>x</script> ✓";
        let mut last = Vec::new();
        for (i, _) in reply.char_indices().chain([(reply.len(), ' ')]) {
            last = parse(&reply[..i]);
        }
        assert_eq!(
            last,
            vec![
                Heading(1, vec![t("Plan")]),
                p(vec![
                    t("Hi "),
                    Strong(vec![t("Sam")]),
                    t(", here's "),
                    Emphasis(vec![t("week 1")]),
                    t(":")
                ]),
                List {
                    ordered: true,
                    items: vec![
                        vec![t("Warm up — "), code("10 min")],
                        vec![link(vec![t("Hangs")], "https://x.example/h"), t(" pic")],
                        vec![t("7 s on / 3 s off")]
                    ]
                },
                Quote(vec![t("Rest well")]),
                Code("rest".to_string()),
                Rule,
                p(vec![t("<script>x</script> ✓")])
            ]
        );
    }

    // --- unicode ----------------------------------------------------------------------

    #[test]
    fn unicode() {
        assert_eq!(
            inl("**Übung** für *Kletterer* 🧗‍♀️ — `7a+`"),
            vec![
                Strong(vec![t("Übung")]),
                t(" für "),
                Emphasis(vec![t("Kletterer")]),
                t(" 🧗‍♀️ — "),
                code("7a+")
            ]
        );
        assert_eq!(
            inl("日本語の**強調**です"),
            vec![t("日本語の"), Strong(vec![t("強調")]), t("です")]
        );
        assert_eq!(
            parse("# Привет\n- элемент"),
            vec![
                Heading(1, vec![t("Привет")]),
                List {
                    ordered: false,
                    items: vec![vec![t("элемент")]]
                }
            ]
        );
        assert_eq!(
            inl("[é](https://x.example/é)"),
            vec![link(vec![t("é")], "https://x.example/é")]
        );
        assert_eq!(inl("**💪**"), vec![Strong(vec![t("💪")])]);
    }

    #[test]
    fn nul_and_carriage_returns() {
        assert_eq!(parse("a\0b"), pt("a\u{FFFD}b"));
        assert_eq!(parse("a\rb"), vec![p(vec![t("a"), LineBreak, t("b")])]);
    }
}
