//! URL-bearing attributes of an HTML fragment (item descriptions, content),
//! read with a small tag scanner: tags, quoted/unquoted attribute values,
//! comments, and the text of `<script>`/`<style>` skipped.

/// Attributes whose value is a URL (or, for `srcset`, a list of them).
const URL_ATTRS: &[&str] = &[
    "href",
    "src",
    "srcset",
    "poster",
    "cite",
    "action",
    "formaction",
    "background",
    "data",
    "longdesc",
    "xlink:href",
];

/// `(tag, attribute, value)` of every URL attribute, values entity-decoded;
/// each `srcset` candidate is its own entry.
pub fn url_attrs(html: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let b = html.as_bytes();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        i += off + 1;
        if html[i..].starts_with("!--") {
            i = html[i..].find("-->").map_or(html.len(), |e| i + e + 3);
            continue;
        }
        if !b.get(i).is_some_and(u8::is_ascii_alphabetic) {
            continue; // `</x>`, `<!DOCTYPE`, a stray `<`
        }
        let name_end = html[i..]
            .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
            .map_or(html.len(), |e| i + e);
        let tag = html[i..name_end].to_ascii_lowercase();
        i = name_end;
        // Attributes until `>`.
        loop {
            while b
                .get(i)
                .is_some_and(|c| c.is_ascii_whitespace() || *c == b'/')
            {
                i += 1;
            }
            match b.get(i) {
                None => break,
                Some(b'>') => {
                    i += 1;
                    break;
                }
                _ => {}
            }
            let attr_end = html[i..]
                .find(|c: char| c.is_ascii_whitespace() || matches!(c, '=' | '>' | '/'))
                .map_or(html.len(), |e| i + e);
            let attr = html[i..attr_end].to_ascii_lowercase();
            i = attr_end.max(i + 1).min(html.len());
            while b.get(i).is_some_and(u8::is_ascii_whitespace) {
                i += 1;
            }
            if b.get(i) != Some(&b'=') {
                continue; // boolean attribute
            }
            i += 1;
            while b.get(i).is_some_and(u8::is_ascii_whitespace) {
                i += 1;
            }
            let value = match b.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = html[i + 1..]
                        .find(q as char)
                        .map_or(html.len(), |e| i + 1 + e);
                    let v = &html[i + 1..end];
                    i = (end + 1).min(html.len());
                    v
                }
                _ => {
                    let end = html[i..]
                        .find(|c: char| c.is_ascii_whitespace() || c == '>')
                        .map_or(html.len(), |e| i + e);
                    let v = &html[i..end];
                    i = end;
                    v
                }
            };
            if URL_ATTRS.contains(&attr.as_str()) {
                let value = decode_entities(value);
                if attr == "srcset" {
                    for candidate in value.split(',') {
                        if let Some(url) = candidate.split_whitespace().next() {
                            out.push((tag.clone(), attr.clone(), url.to_string()));
                        }
                    }
                } else {
                    out.push((tag.clone(), attr, value));
                }
            }
        }
        if tag == "script" || tag == "style" {
            let close = format!("</{tag}");
            i = html[i..]
                .to_ascii_lowercase()
                .find(&close)
                .map_or(html.len(), |e| i + e);
        }
    }
    out
}

/// The few entities that matter in URLs.
fn decode_entities(v: &str) -> String {
    if !v.contains('&') {
        return v.to_string();
    }
    let mut out = String::with_capacity(v.len());
    let mut rest = v;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let end = after.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let ent = &after[..e];
            let c = match ent {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => ent
                    .strip_prefix("#x")
                    .or_else(|| ent.strip_prefix("#X"))
                    .map(|h| u32::from_str_radix(h, 16))
                    .or_else(|| ent.strip_prefix('#').map(str::parse::<u32>))
                    .and_then(Result::ok)
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether a URL has a scheme (`https:`, `mailto:`); everything else —
/// `/path`, `path`, `//host/path`, `#fragment`, `""` — is relative, and
/// resolves against whatever base a reader happens to use.
pub fn is_absolute(url: &str) -> bool {
    let u = url.trim();
    let Some(colon) = u.find(':') else {
        return false;
    };
    let scheme = &u[..colon];
    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// An absolute URL that is broken in a known way: a `mailto:` whose address
/// was resolved as a relative path (`mailto:https://site/dir/a@b.c`).
pub fn known_bad(url: &str) -> Option<&'static str> {
    let u = url.trim();
    let lower = u.to_ascii_lowercase();
    if let Some(addr) = lower.strip_prefix("mailto:") {
        if addr.contains("://") || addr.split('?').next().unwrap_or("").contains('/') {
            return Some("a mailto: address that was resolved like a relative link");
        }
    }
    None
}
