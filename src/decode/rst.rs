//! reStructuredText posts (Pelican's `.rst` articles), read as the Pelican
//! Markdown post that says the same: the document title and the docinfo
//! fields become the `Key: value` metadata header, the body becomes Markdown.
//!
//! Written by hand because no maintained Rust crate reads reST (the crates
//! that exist are unmaintained 0.x parsers without docinfo), and feedcal
//! needs what a post says and links to, not all of docutils. What it reads:
//!
//! - the title: the first line over an adornment line (`Meetup\n======`),
//!   or between an overline and an underline; later titles are `##`
//!   headings, one level per adornment style in the order they appear;
//! - docinfo: the field list right after the title (`:date: 2024-05-01
//!   10:00`, `:tags: a, b`, `:category:`, `:slug:`, `:summary:`), named
//!   as Pelican's reST reader names them;
//! - paragraphs, bullet and enumerated lists (`#.` is numbered), line
//!   blocks, transitions, block quotes (as `>` quotes), literal blocks
//!   (`::`) and `code-block` directives (as indented code), images and
//!   figures, admonitions (their text, quoted), tables (each row a line;
//!   `list-table` and `csv-table` rows as list items of their cells);
//! - inline: ``` ``literal`` ```, `` `text <url>`_ ``, `` `name`_ `` and
//!   `name_` with their `.. _name: url` targets, roles (their text),
//!   footnote references (dropped).
//!
//! Comments and other directives (`.. contents::`, `.. raw::`) are dropped.
//! Every line stays on its line, so a warning names the `.rst` file's own
//! line.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

/// Whether `path` is a reStructuredText post (`.rst`).
pub fn is_rst(path: &std::path::Path) -> bool {
    path.extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("rst"))
}

/// The post as a Pelican Markdown post (see the module docs).
pub fn to_markdown(text: &str) -> String {
    convert(text).text
}

/// A reST post read as Markdown, and where its lines came from.
pub struct Converted {
    pub text: String,
    /// The `.rst` line (1-based) of each metadata header line, in order.
    header_origin: Vec<usize>,
    /// How many lines the body moved down (a header longer than the lines it
    /// came from, or the blank first line of a post without one).
    shift: usize,
}

impl Converted {
    /// The `.rst` file's line of line `n` of the Markdown text: the header
    /// is packed under the title (Pelican's header has no blank lines), so
    /// `:date:` on line 4 may be the Markdown's line 2.
    pub fn original_line(&self, n: usize) -> usize {
        match self.header_origin.get(n.wrapping_sub(1)) {
            Some(o) => *o,
            None => n.saturating_sub(self.shift).max(1),
        }
    }
}

/// The post as a Pelican Markdown post, with its line map.
pub fn convert(text: &str) -> Converted {
    let lines: Vec<&str> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    let targets = targets(&lines);
    let (header, body_start) = header(&lines);
    let header_origin: Vec<usize> = header.iter().map(|(_, line)| line + 1).collect();
    let header: Vec<String> = header.into_iter().map(|(h, _)| h).collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len() + 2);
    if header.is_empty() {
        // Pelican's Markdown header must not be guessed from the body's first
        // line (`Note: …`): a blank first line says there is none.
        out.push(String::new());
    } else {
        out.extend(header);
        // Fields without a title fill every line up to the body, so the
        // header's closing blank is the body's own blank line when it has
        // one, or every body line would name the line below its own.
        if out.len() < body_start || lines.get(body_start).is_some_and(|l| !l.trim().is_empty()) {
            out.push(String::new());
        }
    }
    while out.len() < body_start {
        out.push(String::new());
    }
    let shift = out.len() - body_start;
    Body::new(&lines, &targets).convert(body_start, &mut out);
    Converted {
        text: out.join("\n"),
        header_origin,
        shift,
    }
}

/// An adornment line: one punctuation character repeated (`=====`, `----`).
fn adornment(line: &str) -> Option<char> {
    let t = line.trim_end();
    let c = t.chars().next()?;
    (t.chars().count() >= 2
        && c.is_ascii_punctuation()
        && !matches!(c, '.' | ',' | ';' | '(' | ')' | '[' | ']' | '{' | '}')
        && t.chars().all(|x| x == c))
    .then_some(c)
}

/// A title line above `under`: text at the margin, and an underline that is
/// not much shorter than it (docutils asks for as long; CJK text is wider
/// than its characters, so a shorter underline is accepted when it is at
/// least three).
fn is_title(text: &str, under: &str) -> bool {
    let t = text.trim_end();
    !t.is_empty()
        && !t.starts_with(char::is_whitespace)
        && adornment(t).is_none()
        && adornment(under).is_some()
        && (under.trim_end().chars().count() >= t.chars().count().min(3))
}

static FIELD: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^:([^:`]+):(?:\s+(.*))?$").ok());

/// The metadata header (`Title: …`, `Date: …`), each line with the line
/// (0-based) it was read from, and the first body line (0-based).
fn header(lines: &[&str]) -> (Vec<(String, usize)>, usize) {
    let mut i = 0;
    while lines.get(i).is_some_and(|l| l.trim().is_empty()) {
        i += 1;
    }
    let mut out = Vec::new();
    let over = |i: usize| {
        let (a, t, b) = (lines.get(i)?, lines.get(i + 1)?, lines.get(i + 2)?);
        (adornment(a).is_some() && adornment(a) == adornment(b) && !t.trim().is_empty())
            .then(|| t.trim().to_string())
    };
    if let Some(title) = over(i) {
        out.push((format!("Title: {title}"), i + 1));
        i += 3;
    } else if let (Some(t), Some(u)) = (lines.get(i), lines.get(i + 1)) {
        if is_title(t, u) {
            out.push((format!("Title: {}", t.trim()), i));
            i += 2;
        }
    }
    let mut j = i;
    while lines.get(j).is_some_and(|l| l.trim().is_empty()) {
        j += 1;
    }
    let mut fields = 0;
    while let Some(caps) = lines
        .get(j)
        .and_then(|l| FIELD.as_ref().and_then(|r| r.captures(l)))
    {
        // Pelican's reader lowercases field names; the Markdown header is
        // written as Pelican's docs write it (`Date:`), which it reads alike.
        let name = caps[1].trim().replace(char::is_whitespace, "-");
        let mut chars = name.chars();
        let key: String = chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default();
        let mut value = caps.get(2).map_or("", |m| m.as_str()).trim().to_string();
        let at = j;
        j += 1;
        // An indented line continues the field's value.
        while let Some(cont) = lines
            .get(j)
            .filter(|l| l.starts_with([' ', '\t']) && !l.trim().is_empty())
        {
            if !value.is_empty() {
                value.push(' ');
            }
            value.push_str(cont.trim());
            j += 1;
        }
        out.push((format!("{key}: {}", inline(&value, &BTreeMap::new())), at));
        fields += 1;
    }
    if fields > 0 {
        i = j;
    }
    (out, i)
}

static TARGET: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^\s*\.\.\s+_(`[^`]+`|[^:`]+):\s*(\S*)\s*$").ok());

/// The named hyperlink targets (`.. _FOSDEM: https://fosdem.org`), by
/// lowercase name, as docutils matches references.
fn targets(lines: &[&str]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for l in lines {
        if let Some(c) = TARGET.as_ref().and_then(|r| r.captures(l)) {
            if !c[2].is_empty() {
                let name = c[1].trim_matches('`').to_lowercase();
                out.insert(name, c[2].to_string());
            }
        }
    }
    out
}

static DIRECTIVE: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^(\s*)\.\.\s+(?:\|[^|]+\|\s+)?([A-Za-z0-9_:-]+)::\s*(.*)$").ok());
static ENUMERATED: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^(\s*)(?:#\.|\(?([0-9]+)[.)]|\(([0-9]+)\))\s+(.*)$").ok());

/// What the lines below a directive or `::` are.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Block {
    /// Code: kept verbatim, indented four.
    Literal,
    /// An admonition's text: quoted.
    Quote,
    /// A comment or a directive feedcal does not show.
    Dropped,
    /// A `list-table`: each row (`* - 14:00` / `  - 签到`) a list item of
    /// its cells on the row's first line (`- 14:00 | 签到`), as the schedule
    /// it usually is.
    ListTable,
    /// A `csv-table`: each line a row, shown as a `list-table` row.
    CsvTable,
}

struct Body<'a> {
    lines: &'a [&'a str],
    targets: &'a BTreeMap<String, String>,
    /// Heading levels by adornment (character, overlined), in the order seen.
    levels: Vec<(char, bool)>,
}

fn indent(l: &str) -> usize {
    l.len() - l.trim_start().len()
}

impl<'a> Body<'a> {
    fn new(lines: &'a [&'a str], targets: &'a BTreeMap<String, String>) -> Self {
        Body {
            lines,
            targets,
            levels: Vec::new(),
        }
    }

    fn heading(&mut self, style: (char, bool), text: &str) -> String {
        let level = match self.levels.iter().position(|s| *s == style) {
            Some(p) => p,
            None => {
                self.levels.push(style);
                self.levels.len() - 1
            }
        };
        // The title is `#`; sections start at `##`, and Markdown stops at six.
        let hashes = "#".repeat((level + 2).min(6));
        format!("{hashes} {}", inline(text.trim(), self.targets))
    }

    fn convert(&mut self, start: usize, out: &mut Vec<String>) {
        let lines = self.lines;
        let mut i = start;
        // The block a directive or `::` opened, the indent it is under, and
        // its content's indent (from its first line).
        let mut block: Option<(Block, usize, Option<usize>)> = None;
        let mut in_list = false;
        // Inside a simple table: each row is a line of its own.
        let mut in_table = false;
        let mut prev_blank = true;
        // The output line of the list-table row being read.
        let mut row: Option<usize> = None;
        while i < lines.len() {
            let l = lines[i];
            let blank = l.trim().is_empty();
            if let Some((kind, base, content)) = block {
                if blank || indent(l) > base {
                    let line = if blank {
                        String::new()
                    } else {
                        let content = content.unwrap_or(indent(l));
                        block = Some((kind, base, Some(content)));
                        let cut = indent(l).min(content);
                        match kind {
                            Block::Literal => {
                                format!("    {}", l.get(cut..).unwrap_or(l.trim_start()))
                            }
                            Block::Quote => format!("> {}", inline(l.trim(), self.targets)),
                            Block::Dropped => String::new(),
                            Block::ListTable => {
                                let t = l.trim();
                                let cell = t
                                    .strip_prefix("* - ")
                                    .or_else(|| t.strip_prefix("- "))
                                    .or_else(|| t.strip_prefix('*'))
                                    .or_else(|| t.strip_prefix('-'))
                                    .map(str::trim);
                                let text = inline(cell.unwrap_or(t), self.targets);
                                match (t.starts_with('*'), row.and_then(|r| out.get_mut(r))) {
                                    (false, Some(r)) if !text.is_empty() => {
                                        let sep = if cell.is_some() { " | " } else { " " };
                                        r.push_str(sep);
                                        r.push_str(&text);
                                        String::new()
                                    }
                                    (false, Some(_)) => String::new(),
                                    _ => {
                                        row = Some(out.len());
                                        format!("- {text}")
                                    }
                                }
                            }
                            Block::CsvTable => {
                                let cells: Vec<String> = l
                                    .trim()
                                    .split(',')
                                    .map(|c| {
                                        inline(c.trim().trim_matches('"').trim(), self.targets)
                                    })
                                    .collect();
                                format!("- {}", cells.join(" | "))
                            }
                        }
                    };
                    out.push(line);
                    i += 1;
                    prev_blank = blank;
                    continue;
                }
                block = None;
            }
            if blank {
                out.push(String::new());
                prev_blank = true;
                in_table = false;
                i += 1;
                continue;
            }
            let next = lines.get(i + 1).copied().unwrap_or("");
            // Overlined title: adornment, text, the same adornment.
            if let (Some(c), Some(t), Some(u)) = (adornment(l), lines.get(i + 1), lines.get(i + 2))
            {
                if prev_blank && adornment(u) == Some(c) && !t.trim().is_empty() {
                    out.push(String::new());
                    let h = self.heading((c, true), t);
                    out.push(h);
                    out.push(String::new());
                    i += 3;
                    prev_blank = true;
                    in_list = false;
                    continue;
                }
            }
            if prev_blank && indent(l) == 0 && is_title(l, next) {
                let c = adornment(next).unwrap_or('=');
                let h = self.heading((c, false), l);
                out.push(h);
                out.push(String::new());
                i += 2;
                prev_blank = true;
                in_list = false;
                continue;
            }
            if prev_blank && adornment(l).is_some() && l.trim().len() >= 4 && next.trim().is_empty()
            {
                out.push("* * *".to_string());
                i += 1;
                prev_blank = false;
                continue;
            }
            if let Some(c) = DIRECTIVE.as_ref().and_then(|r| r.captures(l)) {
                let base = c[1].len();
                let name = c[2].to_ascii_lowercase();
                let arg = c[3].trim();
                let (line, kind) = match name.as_str() {
                    "image" | "figure" => (format!("![]({arg})"), Block::Dropped),
                    "code" | "code-block" | "sourcecode" => (String::new(), Block::Literal),
                    "list-table" => (title_line(arg, self.targets), Block::ListTable),
                    "csv-table" => (title_line(arg, self.targets), Block::CsvTable),
                    "note" | "warning" | "tip" | "important" | "attention" | "caution"
                    | "danger" | "error" | "hint" | "admonition" | "topic" | "sidebar" => (
                        if arg.is_empty() {
                            String::new()
                        } else {
                            format!("> {}", inline(arg, self.targets))
                        },
                        Block::Quote,
                    ),
                    _ => (String::new(), Block::Dropped),
                };
                out.push(line);
                // A directive's options (`:linenos:`) are not its content.
                i += 1;
                while lines.get(i).is_some_and(|o| {
                    indent(o) > base && o.trim_start().starts_with(':') && kind != Block::Dropped
                }) {
                    out.push(String::new());
                    i += 1;
                }
                block = Some((kind, base, None));
                row = None;
                prev_blank = false;
                continue;
            }
            if let Some(c) = TARGET.as_ref().and_then(|r| r.captures(l)) {
                let name = c[1].trim_matches('`');
                out.push(if c[2].is_empty() {
                    String::new()
                } else {
                    format!("[{}]: {}", escape_label(name), &c[2])
                });
                i += 1;
                prev_blank = false;
                continue;
            }
            let t = l.trim_start();
            if t == ".." || t.starts_with(".. ") {
                // A comment, with the lines indented under it.
                out.push(String::new());
                block = Some((Block::Dropped, indent(l), None));
                i += 1;
                prev_blank = false;
                continue;
            }
            // Grid and simple table borders: rows are kept, one per line.
            if t.starts_with("+-") || t.starts_with("+=") || is_simple_border(t) {
                in_table = in_table || is_simple_border(t);
                out.push(String::new());
                i += 1;
                prev_blank = true;
                continue;
            }
            let mut converted = self.text_line(l, prev_blank, &mut in_list);
            let grid_row = t.starts_with('|') && t.trim_end().ends_with('|') && t.len() > 1;
            if (in_table || grid_row) && !converted.ends_with("  ") {
                // A table row: a line of its own.
                converted.push_str("  ");
            }
            if let Some(p) = converted.strip_suffix("::") {
                // `Example::` opens a literal block and shows one colon;
                // a lone `::` shows nothing.
                let p = p.trim_end();
                converted = if p.is_empty() {
                    String::new()
                } else if p.len() < converted.len() - 2 {
                    p.to_string()
                } else {
                    format!("{p}:")
                };
                block = Some((Block::Literal, indent(l), None));
            }
            out.push(converted);
            prev_blank = false;
            i += 1;
        }
    }

    /// A paragraph, list or quote line.
    fn text_line(&self, l: &str, prev_blank: bool, in_list: &mut bool) -> String {
        let t = l.trim_start();
        let ind = indent(l);
        if let Some(rest) = t.strip_prefix("| ").or((t == "|").then_some("")) {
            return format!("{}  ", inline(rest, self.targets));
        }
        for bullet in ["- ", "* ", "+ ", "• "] {
            if let Some(rest) = t.strip_prefix(bullet) {
                *in_list = true;
                return format!(
                    "{}- {}",
                    " ".repeat(ind),
                    inline(rest.trim_start(), self.targets)
                );
            }
        }
        if let Some(c) = ENUMERATED.as_ref().and_then(|r| r.captures(l)) {
            *in_list = true;
            let n = c.get(2).or(c.get(3)).map_or("1", |m| m.as_str());
            return format!("{}{n}. {}", " ".repeat(ind), inline(&c[4], self.targets));
        }
        if ind > 0 && !*in_list {
            // An indented paragraph is a block quote, not Markdown code.
            return format!("> {}", inline(t, self.targets));
        }
        if ind == 0 && prev_blank {
            *in_list = false;
        }
        let s = inline(t, self.targets);
        let s = if s.starts_with('#') {
            format!("\\{s}")
        } else {
            s
        };
        format!("{}{s}", " ".repeat(ind))
    }
}

/// A table directive's title (`.. list-table:: 日程`), as a line of its own.
fn title_line(arg: &str, targets: &BTreeMap<String, String>) -> String {
    if arg.is_empty() {
        String::new()
    } else {
        format!("{}  ", inline(arg, targets))
    }
}

/// `=====  =======`: a simple table's border.
fn is_simple_border(t: &str) -> bool {
    let t = t.trim_end();
    t.len() >= 3 && t.starts_with('=') && t.contains(' ') && t.chars().all(|c| c == '=' || c == ' ')
}

fn escape_label(s: &str) -> String {
    s.replace('[', "\\[").replace(']', "\\]")
}

static INLINE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(concat!(
        r"``(?P<lit>.+?)``",
        r"|:(?P<role>[A-Za-z0-9_.:+-]+):`(?P<roletext>[^`]+)`",
        r"|`(?P<ltext>[^`<]*?)\s*<(?P<url>[^`>]+)>`__?",
        r"|`(?P<rname>[^`]+)`__?",
        r"|`(?P<interp>[^`]+)`",
        r"|\[(?:#[A-Za-z0-9_-]*|\*|[0-9]+|[A-Za-z][A-Za-z0-9_.-]*)\]_",
        r"|(?P<word>[A-Za-z0-9][A-Za-z0-9-]*)__?(?P<after>[\s.,;:!?)]|$)",
        r"|(?P<lt><)",
    ))
    .ok()
});

/// One line's inline markup, as Markdown.
fn inline(text: &str, targets: &BTreeMap<String, String>) -> String {
    let Some(re) = INLINE.as_ref() else {
        return text.to_string();
    };
    let link = |label: &str, url: &str| format!("[{}]({url})", escape_label(label));
    re.replace_all(text, |c: &regex::Captures<'_>| {
        if let Some(lit) = c.name("lit") {
            let fence = if lit.as_str().contains('`') {
                "`` "
            } else {
                "`"
            };
            let close = if fence.len() > 1 { " ``" } else { "`" };
            return format!("{fence}{}{close}", lit.as_str());
        }
        if let Some(role) = c.name("role") {
            let t = c.name("roletext").map_or("", |m| m.as_str());
            // `:ref:`text <target>``: the text.
            let t = t.split_once('<').map_or(t, |(a, _)| a.trim_end());
            return match role.as_str() {
                "code" | "literal" | "file" | "command" | "kbd" | "samp" => format!("`{t}`"),
                _ => t.to_string(),
            };
        }
        if let Some(url) = c.name("url") {
            let label = c.name("ltext").map_or("", |m| m.as_str()).trim();
            let url = url.as_str().trim();
            return if label.is_empty() {
                format!("<{url}>")
            } else {
                link(label, url)
            };
        }
        if let Some(name) = c.name("rname") {
            return match targets.get(&name.as_str().to_lowercase()) {
                Some(url) => link(name.as_str(), url),
                None => name.as_str().to_string(),
            };
        }
        if let Some(t) = c.name("interp") {
            return format!("*{}*", t.as_str());
        }
        if let Some(w) = c.name("word") {
            let after = c.name("after").map_or("", |m| m.as_str());
            return match targets.get(&w.as_str().to_lowercase()) {
                Some(url) => format!("{}{after}", link(w.as_str(), url)),
                None => c[0].to_string(),
            };
        }
        if c.name("lt").is_some() {
            return "&lt;".to_string();
        }
        // A footnote or citation reference: its note is not shown.
        String::new()
    })
    .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_and_docinfo_become_the_metadata_header_on_the_same_lines() {
        let rst = "PyData 五月聚会\n###############\n\n:date: 2024-05-01 10:00\n:tags: meetup, python\n:category: meetups\n\n活动时间：2024 年 5 月 18 日 14:00-17:00\n";
        let md = to_markdown(rst);
        let lines: Vec<&str> = md.lines().collect();
        assert_eq!(lines[0], "Title: PyData 五月聚会");
        assert_eq!(lines[1], "Date: 2024-05-01 10:00");
        assert_eq!(lines[2], "Tags: meetup, python");
        assert_eq!(lines[3], "Category: meetups");
        assert_eq!(lines[4], "");
        // The body's first line is line 8 in both files.
        assert_eq!(lines[7], "活动时间：2024 年 5 月 18 日 14:00-17:00");
        assert_eq!(md.lines().count(), rst.lines().count());
    }

    #[test]
    fn fields_without_a_title_keep_the_body_on_its_lines() {
        let rst = ":title: PyData 五月聚会\n:date: 2024-05-01\n\n活动时间：2024 年 5 月 18 日 14:00-17:00\n";
        let md = to_markdown(rst);
        let lines: Vec<&str> = md.lines().collect();
        assert_eq!(lines[0], "Title: PyData 五月聚会");
        assert_eq!(lines[1], "Date: 2024-05-01");
        assert_eq!(lines[2], "");
        assert_eq!(lines[3], "活动时间：2024 年 5 月 18 日 14:00-17:00");
        assert_eq!(md.lines().count(), rst.lines().count());
    }

    #[test]
    fn header_lines_map_back_to_the_fields_own_lines() {
        let rst = "Meetup\n======\n\n:date: 2024-05-01\n:tags: a\n\nBody.\n";
        let c = convert(rst);
        let md: Vec<&str> = c.text.lines().collect();
        assert_eq!((md[1], c.original_line(2)), ("Date: 2024-05-01", 4));
        assert_eq!((md[2], c.original_line(3)), ("Tags: a", 5));
        assert_eq!(c.original_line(1), 1);
        assert_eq!((md[6], c.original_line(7)), ("Body.", 7));
        // No header: the blank first line moved the body down one.
        let c = convert("Note: bring a laptop.\n");
        assert_eq!(c.text.lines().nth(1), Some("Note: bring a laptop."));
        assert_eq!(c.original_line(2), 1);
    }

    #[test]
    fn overlined_title_and_continued_fields() {
        let rst = "=========\nSprint day\n=========\n:summary: A day of\n    hacking together\n:date: 2023-11-04\n\nBody.\n";
        let md = to_markdown(rst);
        assert!(
            md.starts_with(
                "Title: Sprint day\nSummary: A day of hacking together\nDate: 2023-11-04\n\n"
            ),
            "{md}"
        );
        assert_eq!(md.lines().nth(7), Some("Body."));
    }

    #[test]
    fn no_title_and_no_fields_is_no_header() {
        let md = to_markdown("Note: bring a laptop.\n");
        assert!(md.starts_with("\nNote: bring a laptop."), "{md:?}");
    }

    #[test]
    fn sections_lists_and_literal_blocks() {
        let rst = "Title\n=====\n\n:date: 2024-01-01\n\nSchedule\n--------\n\n- 19:00 doors\n- 19:30 talks\n\n#. first\n#. second\n\nRun this::\n\n    pip install x\n\nAfter.\n\nDetails\n~~~~~~~\n\nMore\n";
        let md = to_markdown(rst);
        let l: Vec<&str> = md.lines().collect();
        assert_eq!(l[5], "## Schedule");
        assert_eq!(l[8], "- 19:00 doors");
        assert_eq!(l[11], "1. first");
        assert_eq!(l[14], "Run this:");
        assert_eq!(l[16], "    pip install x");
        assert_eq!(l[18], "After.");
        assert_eq!(l[20], "### Details");
    }

    #[test]
    fn links_roles_and_literals() {
        let targets: BTreeMap<String, String> =
            [("fosdem".to_string(), "https://fosdem.org".to_string())].into();
        assert_eq!(
            inline("See `the CfP <https://x.org/cfp>`_ and FOSDEM_.", &targets),
            "See [the CfP](https://x.org/cfp) and [FOSDEM](https://fosdem.org)."
        );
        assert_eq!(
            inline("Join `FOSDEM`_ now", &targets),
            "Join [FOSDEM](https://fosdem.org) now"
        );
        assert_eq!(
            inline(
                "run ``make <all>`` :code:`x` :ref:`the venue <venue>`",
                &targets
            ),
            "run `make <all>` `x` the venue"
        );
        assert_eq!(
            inline("a < b, footnote [1]_ here", &targets),
            "a &lt; b, footnote  here"
        );
        // A word ending in `_` that names no target stays as written.
        assert_eq!(inline("snake_ case", &targets), "snake_ case");
    }

    #[test]
    fn directives_comments_and_targets() {
        let rst = "T\n==\n\n.. image:: /img/a.png\n   :alt: a\n\n.. note:: Bring ID\n\n   Doors open at 18:30.\n\n.. code-block:: python\n   :linenos:\n\n   print(1)\n\n.. a comment\n   over two lines\n\n.. _venue: https://example.org/venue\n\nAt the `venue`_.\n";
        let md = to_markdown(rst);
        let l: Vec<&str> = md.lines().collect();
        assert_eq!(l[3], "![](/img/a.png)");
        assert_eq!(l[4], "");
        assert_eq!(l[6], "> Bring ID");
        assert_eq!(l[8], "> Doors open at 18:30.");
        assert_eq!(l[13], "    print(1)");
        assert_eq!(l[15], "");
        assert_eq!(l[16], "");
        assert_eq!(l[18], "[venue]: https://example.org/venue");
        assert_eq!(l[20], "At the [venue](https://example.org/venue).");
    }

    #[test]
    fn list_and_csv_tables_are_rows_of_cells_on_their_own_lines() {
        let rst = "T\n==\n\n.. list-table:: 日程\n   :header-rows: 1\n\n   * - 时间\n     - 内容\n   * - 14:00\n     - 签到\n       与茶歇\n\n.. csv-table:: Talks\n\n   \"19:00\", \"Rust, fast\"\n\nAfter.\n";
        let md = to_markdown(rst);
        let l: Vec<&str> = md.lines().collect();
        assert_eq!(l[3], "日程  ");
        assert_eq!(l[6], "- 时间 | 内容");
        assert_eq!(l[7], "");
        assert_eq!(l[8], "- 14:00 | 签到 与茶歇");
        assert_eq!(l[9], "");
        assert_eq!(l[10], "");
        assert_eq!(l[12], "Talks  ");
        assert_eq!(l[14], "- 19:00 | Rust | fast");
        assert_eq!(l[16], "After.");
        assert_eq!(md.lines().count(), rst.lines().count());
    }

    #[test]
    fn tables_keep_a_row_per_line_and_quotes_are_quoted() {
        let rst = "T\n==\n\n=====  ========\nTime   Talk\n=====  ========\n19:00  Rust\n=====  ========\n\n    A quoted line.\n";
        let md = to_markdown(rst);
        let l: Vec<&str> = md.lines().collect();
        assert_eq!(l[3], "");
        assert_eq!(l[6], "19:00  Rust  ");
        assert_eq!(l[9], "> A quoted line.");
    }
}
