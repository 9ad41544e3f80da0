//! Text clean-up and tokens: everything the grammar should not have to care
//! about (full-width forms, invisible characters, markup, links, Chinese
//! numerals) is removed or rewritten here, in one linear pass per step.

use std::borrow::Cow;

/// Rewrites `s` into the plain form the grammar reads:
///
/// - full-width ASCII (`１２：００`, `（`, `～`) becomes ASCII, the ideographic
///   space and NBSP become spaces;
/// - every dash-like character (`–`, `—`, `―`, `−`, `〜`, `～`) becomes `-` or `~`;
/// - zero-width characters (U+200B…U+200D, U+2060, U+FEFF) and U+FE0F vanish,
///   Markdown emphasis `*` and code backticks vanish;
/// - struck-out text (`~~old~~`, `<del>old</del>`, `<s>old</s>`) is dropped,
///   because a struck-out time is the time that is *no longer* valid;
/// - URLs and HTML tags are replaced by a space, so digits inside links never
///   read as dates;
/// - Chinese numerals next to a date/time unit become digits (`下午两点半` →
///   `下午2点半`, `十一月二十四日` → `11月24日`).
pub(crate) fn normalize(s: &str) -> String {
    // Each step borrows its input when it has nothing to change, which is
    // the common case: normalizing is on the path of every line that might
    // hold a date.
    let s = drop_struck(s);
    let s = drop_urls_and_tags(&s);
    let s = plain_chars(&s);
    let converted = match convert_cn_numerals(&s) {
        Cow::Owned(converted) => Some(converted),
        Cow::Borrowed(_) => None,
    };
    converted.unwrap_or_else(|| s.into_owned())
}

/// The character rewrites of [`normalize`]: full-width forms, dashes,
/// invisible characters and emphasis.
fn plain_chars(s: &str) -> Cow<'_, str> {
    let mut out = String::new();
    let mut copied = 0;
    for (i, c) in s.char_indices() {
        let plain = match c {
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{FE0F}' | '*'
            | '`' => None,
            '\u{3000}' | '\u{00A0}' | '\t' => Some(' '),
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' => Some('-'),
            '\u{301C}' | '\u{223C}' => Some('~'),
            // The full-width block mirrors ASCII 0x21..0x7E at a fixed distance.
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFF01 + 0x21),
            _ => continue,
        };
        if out.capacity() == 0 {
            out.reserve(s.len());
        }
        out.push_str(&s[copied..i]);
        out.extend(plain);
        copied = i + c.len_utf8();
    }
    if copied == 0 {
        return Cow::Borrowed(s);
    }
    out.push_str(&s[copied..]);
    Cow::Owned(out)
}

/// Removes `~~…~~`, `<del>…</del>` and `<s>…</s>` spans (unmatched openers are kept).
fn drop_struck(s: &str) -> Cow<'_, str> {
    const PAIRS: [(&str, &str); 3] = [("~~", "~~"), ("<del>", "</del>"), ("<s>", "</s>")];
    // Every opener starts with `~` or `<`.
    if memchr::memchr2(b'~', b'<', s.as_bytes()).is_none()
        || !PAIRS.iter().any(|(open, _)| s.contains(open))
    {
        return Cow::Borrowed(s);
    }
    // Next known position of each opener (absolute); searched again only when
    // the cursor has passed it, so the whole pass stays linear.
    let mut next: [Option<usize>; 3] = [None; 3];
    let mut out = String::with_capacity(s.len());
    let mut at = 0;
    loop {
        for (k, (open, _)) in PAIRS.iter().enumerate() {
            if next[k].is_some_and(|p| p < at) || (next[k].is_none() && at == 0) {
                next[k] = s[at..].find(open).map(|p| p + at);
            }
        }
        let Some((k, pos)) = next
            .iter()
            .enumerate()
            .filter_map(|(k, p)| p.map(|p| (k, p)))
            .min_by_key(|(_, p)| *p)
        else {
            out.push_str(&s[at..]);
            return Cow::Owned(out);
        };
        let (open, close) = PAIRS[k];
        let body = pos + open.len();
        match s[body..].find(close) {
            Some(end) => {
                out.push_str(&s[at..pos]);
                out.push(' ');
                at = body + end + close.len();
            }
            None => {
                // No closer anywhere after: this opener, and any later one of
                // the same kind, stays as text.
                next[k] = None;
                out.push_str(&s[at..body]);
                at = body;
                if next.iter().all(Option::is_none) {
                    out.push_str(&s[at..]);
                    return Cow::Owned(out);
                }
            }
        }
    }
}

/// Replaces URLs (`http://…`, `https://…`), Markdown link targets
/// (`](/blog/2021/08/17/x/)`) and HTML tags (`<br>`, `</td>`, `<!-- … -->` on
/// one line) by a space. A `<` that does not start a tag
/// within 300 bytes is kept, so the pass stays linear.
fn drop_urls_and_tags(s: &str) -> Cow<'_, str> {
    if memchr::memchr(b'<', s.as_bytes()).is_none() && !s.contains("http") && !s.contains("](") {
        return Cow::Borrowed(s);
    }
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let mut copied = 0;
    while i < b.len() {
        if b[i] == b']' && b.get(i + 1) == Some(&b'(') {
            // A Markdown link's target (`[text](/blog/2021/08/17/x/)`),
            // relative or not, within 500 bytes and without spaces.
            let window = &b[i + 2..b.len().min(i + 502)];
            if let Some(end) = window
                .iter()
                .position(|c| *c == b')' || c.is_ascii_whitespace())
                .filter(|&e| window[e] == b')')
            {
                // A chapter mark of a recording (`[5:37 — Demo](…?t=337)`):
                // its time is a position in the video, not a clock time.
                if let Some(open) = chapter_mark(s, copied, i, &window[..end]) {
                    out.push_str(&s[copied..open]);
                    out.push(' ');
                    i += end + 3;
                    copied = i;
                    continue;
                }
                out.push_str(&s[copied..=i]);
                out.push(' ');
                i += end + 3;
                copied = i;
                continue;
            }
        }
        if b[i] == b'<' {
            let starts_tag = b
                .get(i + 1)
                .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'/' || *c == b'!');
            if starts_tag {
                let window = &b[i..b.len().min(i + 300)];
                if let Some(end) = window.iter().position(|c| *c == b'>') {
                    out.push_str(&s[copied..i]);
                    out.push(' ');
                    i += end + 1;
                    copied = i;
                    continue;
                }
            }
        } else if (b[i] == b'h' || b[i] == b'H')
            && (starts_with_ci(&b[i..], b"http://") || starts_with_ci(&b[i..], b"https://"))
        {
            out.push_str(&s[copied..i]);
            out.push(' ');
            let mut j = i;
            while j < b.len()
                && b[j].is_ascii()
                && !b[j].is_ascii_whitespace()
                && !matches!(b[j], b')' | b'>' | b']' | b'"' | b'\'')
            {
                j += 1;
            }
            i = j;
            copied = i;
            continue;
        }
        i += 1;
    }
    out.push_str(&s[copied..]);
    Cow::Owned(out)
}

/// Where the text of the link closing at `close` (`]`) opens, when the link
/// is a chapter mark: its target is a position in a recording (`?t=337`,
/// `&t=1h2m3s`, `#t=42`) and its text starts with a time (`5:37 — …`,
/// `1:02:03`). Not before `from` (text already copied).
fn chapter_mark(s: &str, from: usize, close: usize, target: &[u8]) -> Option<usize> {
    let playback = target
        .windows(3)
        .any(|w| matches!(w[0], b'?' | b'&' | b'#') && w[1] == b't' && w[2] == b'=')
        && target
            .windows(3)
            .any(|w| w[1] == b'=' && w[0] == b't' && w[2].is_ascii_digit());
    if !playback {
        return None;
    }
    let b = s.as_bytes();
    let lo = from.max(close.saturating_sub(300));
    let open = (lo..close).rev().find(|&k| b[k] == b'[')?;
    if b[open + 1..close].contains(&b']') {
        return None;
    }
    let text = s[open + 1..close].trim_start().as_bytes();
    let digits = text.iter().take_while(|c| c.is_ascii_digit()).count();
    ((1..=2).contains(&digits)
        && text.get(digits) == Some(&b':')
        && text.get(digits + 1).is_some_and(u8::is_ascii_digit))
    .then_some(open)
}

pub(crate) fn starts_with_ci(hay: &[u8], needle: &[u8]) -> bool {
    hay.len() >= needle.len() && hay[..needle.len()].eq_ignore_ascii_case(needle)
}

fn cn_digit(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

fn is_cn_numeral(c: char) -> bool {
    c == '十' || cn_digit(c).is_some()
}

/// Units after which (or, for minutes, before which) a Chinese numeral is a number.
fn is_unit(c: char) -> bool {
    matches!(
        c,
        '点' | '時' | '时' | '月' | '日' | '号' | '號' | '分' | '刻' | '年'
    )
}

/// The value of a numeral run such as `二十四`, `十`, `两`, `二〇一九`; `None`
/// for shapes that are not plain numbers (`十十`, `一二三四五`).
fn cn_value(run: &[char]) -> Option<u32> {
    if run.is_empty() || run.len() > 4 {
        return None;
    }
    match run.iter().position(|c| *c == '十') {
        Some(p) => {
            if run[p + 1..].contains(&'十') || p > 1 || run.len() - p > 2 {
                return None;
            }
            let tens = if p == 0 { 1 } else { cn_digit(run[0])? };
            let ones = match run.get(p + 1) {
                Some(c) => cn_digit(*c)?,
                None => 0,
            };
            Some(tens * 10 + ones)
        }
        None => run
            .iter()
            .try_fold(0u32, |acc, c| Some(acc * 10 + cn_digit(*c)?)),
    }
}

/// Rewrites Chinese numeral runs that touch a date/time unit into digits.
/// A run right after `周`/`星期`/`礼拜` starts with a weekday (`周二十点` is
/// Tuesday 10:00), so its first character is left alone.
///
/// `一`, `二`, `十` are common in any Chinese text, so the text is copied
/// only from the first run that is rewritten.
fn convert_cn_numerals(s: &str) -> Cow<'_, str> {
    let mut out = String::new();
    let mut copied = 0;
    let mut prev: Option<char> = None;
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if !is_cn_numeral(c) {
            prev = Some(c);
            continue;
        }
        // The run `s[i..j]`, and the character after it.
        let mut j = i + c.len_utf8();
        let mut last = c;
        while let Some(&(k, d)) = it.peek() {
            if !is_cn_numeral(d) {
                break;
            }
            j = k + d.len_utf8();
            last = d;
            it.next();
        }
        let start = if matches!(prev, Some('周' | '期' | '拜')) {
            i + c.len_utf8()
        } else {
            i
        };
        let next_is_unit = it.peek().is_some_and(|&(_, d)| is_unit(d));
        let after_hour = matches!(prev, Some('点' | '时' | '時'));
        // `一百零八点`, `两千零五年`: the run is the tail of a larger number
        // (hundreds, thousands), not an hour or a day of its own.
        let tail_of_larger = matches!(prev, Some('百' | '千' | '万' | '萬' | '亿'));
        prev = Some(last);
        if start == j || tail_of_larger || !(next_is_unit || after_hour) {
            continue;
        }
        let run: Vec<char> = s[start..j].chars().collect();
        if let Some(v) = cn_value(&run) {
            out.push_str(&s[copied..start]);
            out.push_str(&v.to_string());
            copied = j;
        }
    }
    if copied == 0 {
        return Cow::Borrowed(s);
    }
    out.push_str(&s[copied..]);
    Cow::Owned(out)
}

/// A token of normalized text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Tok {
    /// A run of ASCII digits; `len` is the number of digits (capped at 255),
    /// `v` saturates for long runs so they can never validate as anything.
    Num { v: u32, len: u8 },
    /// A run of ASCII letters and `_`, as written.
    Word(String),
    /// Any other single character (CJK, punctuation).
    Ch(char),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    pub t: Tok,
    /// Whitespace came right before this token.
    pub sp: bool,
    /// Byte range of the token in the text it was read from.
    pub at: usize,
    pub end: usize,
}

/// Splits normalized text into tokens; whitespace only sets [`Token::sp`].
pub(crate) fn lex(s: &str) -> Vec<Token> {
    let mut toks = Vec::new();
    let mut sp = false;
    let mut it = s.char_indices().peekable();
    while let Some((at, c)) = it.next() {
        if c.is_whitespace() {
            sp = true;
            continue;
        }
        let t = if c.is_ascii_digit() {
            let mut v: u32 = c.to_digit(10).unwrap_or(0);
            let mut len: u32 = 1;
            while let Some((_, d)) = it.peek().copied() {
                let Some(dv) = d.to_digit(10).filter(|_| d.is_ascii_digit()) else {
                    break;
                };
                v = v.saturating_mul(10).saturating_add(dv);
                len += 1;
                it.next();
            }
            if len > 9 {
                v = u32::MAX;
            }
            Tok::Num {
                v,
                len: len.min(255) as u8,
            }
        } else if c.is_ascii_alphabetic() || c == '_' {
            let mut w = String::new();
            w.push(c);
            while let Some((_, d)) = it.peek().copied() {
                if !(d.is_ascii_alphabetic() || d == '_') {
                    break;
                }
                w.push(d);
                it.next();
            }
            Tok::Word(w)
        } else {
            Tok::Ch(c)
        };
        let end = it.peek().map_or(s.len(), |(p, _)| *p);
        toks.push(Token { t, sp, at, end });
        sp = false;
    }
    toks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_forms_become_ascii() {
        assert_eq!(
            normalize("１３：００～１７：３０（周六）"),
            "13:00~17:30(周六)"
        );
        assert_eq!(normalize("9:00 – 16:00"), "9:00 - 16:00");
        assert_eq!(normalize("a\u{3000}b"), "a b");
    }

    #[test]
    fn invisible_characters_and_emphasis_vanish() {
        assert_eq!(
            normalize("* \u{200B}**活动时间**\u{200B}：x"),
            " 活动时间：x".replace('：', ":")
        );
    }

    #[test]
    fn struck_text_urls_and_tags_are_dropped() {
        assert_eq!(normalize("~~3 月 1 日~~ 3 月 8 日"), "  3 月 8 日");
        assert_eq!(normalize("<del>9:00</del>10:00"), " 10:00");
        assert_eq!(normalize("见 https://x.cn/2023/11/04/a 页"), "见   页");
        assert_eq!(
            normalize("[post](/blog/2021/08/17/x/) on 5 May"),
            "[post]  on 5 May"
        );
        assert_eq!(normalize("<td>19:00</td>"), " 19:00 ");
        assert_eq!(normalize("a < b"), "a < b");
        // An unmatched opener keeps the text.
        assert_eq!(normalize("~~9:00"), "~~9:00");
    }

    #[test]
    fn chapter_marks_of_a_recording_are_dropped() {
        assert_eq!(
            normalize("- [5:37 — Demo](https://youtu.be/x?t=337)"),
            "-  "
        );
        assert_eq!(
            normalize("at [1:02:03](https://www.youtube.com/watch?v=x&t=3723s) we"),
            "at   we"
        );
        // Not a position in a recording, or no time first: the text stays.
        assert_eq!(
            normalize("[5:37 PM UTC](https://example.org/join) call"),
            "[5:37 PM UTC]  call"
        );
        assert_eq!(
            normalize("[Demo at 5:37](https://youtu.be/x?t=337)"),
            "[Demo at 5:37] "
        );
    }

    #[test]
    fn chinese_numerals_next_to_units_become_digits() {
        assert_eq!(normalize("晚上八点"), "晚上8点");
        assert_eq!(normalize("下午两点半"), "下午2点半");
        assert_eq!(normalize("十点一刻"), "10点1刻");
        assert_eq!(normalize("三点三刻"), "3点3刻");
        assert_eq!(normalize("八点十五分"), "8点15分");
        assert_eq!(normalize("八点十五"), "8点15");
        assert_eq!(normalize("十二月二十四日"), "12月24日");
        assert_eq!(normalize("二〇一九年十一月"), "2019年11月");
        // Weekdays stay words; the numeral after them still converts.
        assert_eq!(normalize("周二十点"), "周二10点");
        assert_eq!(normalize("星期一"), "星期一");
        assert_eq!(normalize("周日下午三点"), "周日下午3点");
        // Numerals that touch no unit are prose.
        assert_eq!(normalize("一起来"), "一起来");
    }

    #[test]
    fn lexer_splits_numbers_words_and_chars() {
        let t = lex("2pm 12:00");
        assert_eq!(t[0].t, Tok::Num { v: 2, len: 1 });
        assert_eq!(t[1].t, Tok::Word("pm".into()));
        assert!(t[2].sp);
        assert_eq!(t[3].t, Tok::Ch(':'));
        let long = "9".repeat(40);
        assert_eq!(
            lex(&long)[0].t,
            Tok::Num {
                v: u32::MAX,
                len: 40
            }
        );
    }
}
