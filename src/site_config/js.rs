//! Plain literal values of a JavaScript or TypeScript config file, read
//! without running it.
//!
//! Written by hand because no maintained Rust crate parses JavaScript object
//! literals without pulling in a whole engine or compiler front end (swc,
//! boa), and running the user's config (Node) is what feedcal must not need.
//! It reads only what is certain: string (and template strings without
//! `${…}`), number, boolean and `null` literals, and arrays and objects made
//! of them, parenthesised or not. Anything else — a call, a variable, an
//! expression such as `process.env.URL || '…'` — is [`JsValue::Unknown`],
//! never a guess.

/// A value of an object literal as far as it can be read.
#[derive(Debug, Clone, PartialEq)]
pub enum JsValue {
    Str(String),
    Num(f64),
    Bool(bool),
    Null,
    Array(Vec<JsValue>),
    Object(Vec<(String, JsValue)>),
    /// Not a plain literal (the text is kept short, for messages).
    Unknown(String),
}

impl JsValue {
    pub fn get(&self, key: &str) -> Option<&JsValue> {
        match self {
            JsValue::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            JsValue::Str(s) => Some(s),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Str(String),
    /// A template string with `${…}` in it.
    Template,
    Num(f64),
    Ident(String),
    Punct(char),
}

fn tokenize(src: &str) -> Vec<Tok> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '/' && chars.get(i + 1) == Some(&'/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && chars.get(i + 1) == Some(&'*') {
            i += 2;
            while i + 1 < chars.len() && !(chars[i] == '*' && chars[i + 1] == '/') {
                i += 1;
            }
            i += 2;
        } else if c == '\'' || c == '"' || c == '`' {
            let quote = c;
            let mut s = String::new();
            let mut template = false;
            i += 1;
            while i < chars.len() && chars[i] != quote {
                let ch = chars[i];
                if ch == '\\' && i + 1 < chars.len() {
                    i += 1;
                    s.push(match chars[i] {
                        'n' => '\n',
                        't' => '\t',
                        other => other,
                    });
                } else {
                    if quote == '`' && ch == '$' && chars.get(i + 1) == Some(&'{') {
                        template = true;
                    }
                    s.push(ch);
                }
                i += 1;
            }
            i += 1;
            out.push(if template { Tok::Template } else { Tok::Str(s) });
        } else if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '.') {
                i += 1;
            }
            let text: String = chars[start..i].iter().collect();
            out.push(match text.parse::<f64>() {
                Ok(n) => Tok::Num(n),
                Err(_) => Tok::Ident(text),
            });
        } else if c.is_alphabetic() || c == '_' || c == '$' {
            let start = i;
            while i < chars.len()
                && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '$')
            {
                i += 1;
            }
            out.push(Tok::Ident(chars[start..i].iter().collect()));
        } else {
            out.push(Tok::Punct(c));
            i += 1;
        }
    }
    out
}

struct Parser<'t> {
    toks: &'t [Tok],
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    fn punct(&self, c: char) -> bool {
        self.peek() == Some(&Tok::Punct(c))
    }

    /// Skips one expression: up to a `,` or a closing bracket at depth 0.
    fn skip_expression(&mut self) -> String {
        let start = self.pos;
        let mut depth = 0usize;
        while let Some(t) = self.peek() {
            match t {
                Tok::Punct('(' | '[' | '{') => depth += 1,
                Tok::Punct(')' | ']' | '}') if depth == 0 => break,
                Tok::Punct(')' | ']' | '}') => depth -= 1,
                Tok::Punct(',' | ';') if depth == 0 => break,
                _ => {}
            }
            self.pos += 1;
        }
        let text: Vec<String> = self.toks[start..self.pos]
            .iter()
            .take(6)
            .map(|t| match t {
                Tok::Str(s) => format!("{s:?}"),
                Tok::Template => "`…`".to_string(),
                Tok::Num(n) => n.to_string(),
                Tok::Ident(s) => s.clone(),
                Tok::Punct(c) => c.to_string(),
            })
            .collect();
        text.join(" ")
    }

    /// Skips a type (`Options`, `Record<string, number>`, `const`): up to a
    /// `,` `;` or closing bracket outside its own brackets, `<…>` included.
    fn skip_type(&mut self) {
        let mut depth = 0usize;
        while let Some(t) = self.peek() {
            match t {
                Tok::Punct('(' | '[' | '{' | '<') => depth += 1,
                Tok::Punct(')' | ']' | '}' | '>') if depth > 0 => depth -= 1,
                Tok::Punct(')' | ']' | '}' | ',' | ';') if depth == 0 => break,
                _ => {}
            }
            self.pos += 1;
        }
    }

    fn at_end_of_value(&self) -> bool {
        matches!(
            self.peek(),
            None | Some(Tok::Punct(',' | '}' | ']' | ')' | ';'))
        )
    }

    fn value(&mut self) -> JsValue {
        let start = self.pos;
        let v = match self.peek().cloned() {
            Some(Tok::Str(s)) => {
                self.pos += 1;
                JsValue::Str(s)
            }
            Some(Tok::Num(n)) => {
                self.pos += 1;
                JsValue::Num(n)
            }
            Some(Tok::Ident(id)) if id == "true" || id == "false" => {
                self.pos += 1;
                JsValue::Bool(id == "true")
            }
            Some(Tok::Ident(id)) if id == "null" => {
                self.pos += 1;
                JsValue::Null
            }
            Some(Tok::Punct('(')) => {
                self.pos += 1;
                let inner = self.value();
                if self.punct(')') {
                    self.pos += 1;
                    inner
                } else {
                    self.pos = start;
                    JsValue::Unknown(self.skip_expression())
                }
            }
            Some(Tok::Punct('{')) => self.object(),
            Some(Tok::Punct('[')) => self.array(),
            _ => return JsValue::Unknown(self.skip_expression()),
        };
        // TypeScript's `{…} satisfies Options`, `[…] as const`: a type
        // after a literal leaves its value as written.
        while matches!(self.peek(), Some(Tok::Ident(w)) if w == "as" || w == "satisfies") {
            self.pos += 1;
            self.skip_type();
        }
        // `'a' + b`, `x || 'y'`: an expression, not a literal.
        if self.at_end_of_value() {
            v
        } else {
            self.pos = start;
            JsValue::Unknown(self.skip_expression())
        }
    }

    fn array(&mut self) -> JsValue {
        self.pos += 1;
        let mut items = Vec::new();
        while self.peek().is_some() && !self.punct(']') {
            if self.punct(',') {
                self.pos += 1;
                continue;
            }
            items.push(self.value());
            if self.punct(',') {
                self.pos += 1;
            } else if !self.punct(']') {
                self.skip_expression();
                if !self.punct(']') && self.peek().is_some() {
                    self.pos += 1;
                }
            }
        }
        self.pos += 1;
        JsValue::Array(items)
    }

    fn object(&mut self) -> JsValue {
        self.pos += 1;
        let mut entries = Vec::new();
        while self.peek().is_some() && !self.punct('}') {
            if self.punct(',') {
                self.pos += 1;
                continue;
            }
            let key = match self.peek().cloned() {
                Some(Tok::Ident(k)) | Some(Tok::Str(k)) => Some(k),
                Some(Tok::Num(n)) => Some(n.to_string()),
                _ => None,
            };
            match key {
                Some(k) if self.toks.get(self.pos + 1) == Some(&Tok::Punct(':')) => {
                    self.pos += 2;
                    let v = self.value();
                    entries.push((k, v));
                }
                // Shorthand `{ foo }`, a method, a spread, a computed key: not literal.
                Some(k) => {
                    self.pos += 1;
                    let rest = self.skip_expression();
                    entries.push((k, JsValue::Unknown(rest)));
                }
                None => {
                    self.skip_expression();
                }
            }
            if self.punct(',') {
                self.pos += 1;
            } else if !self.punct('}') {
                // Something the reader did not follow: stop at the next separator.
                self.skip_expression();
                if !self.punct('}') && self.peek().is_some() {
                    self.pos += 1;
                }
            }
        }
        self.pos += 1;
        JsValue::Object(entries)
    }
}

/// Every object literal in `src` that has at least one of `markers` as a
/// key, outermost first; the caller takes the first. Nested objects are
/// found too, so the config object is found wherever the file defines it
/// (`module.exports = {…}`, `const config = {…}`, `defineUserConfig({…})`).
pub fn objects_with(src: &str, markers: &[&str]) -> Vec<JsValue> {
    let toks = tokenize(src);
    let mut found: Vec<(usize, JsValue)> = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        if *t != Tok::Punct('{') {
            continue;
        }
        let mut p = Parser {
            toks: &toks,
            pos: i,
        };
        let obj = p.object();
        let has = matches!(&obj, JsValue::Object(e) if e.iter().any(|(k, _)| markers.contains(&k.as_str())));
        if has {
            found.push((p.pos - i, obj));
        }
    }
    // The largest object is the outermost one holding the markers.
    found.sort_by_key(|f| std::cmp::Reverse(f.0));
    found.into_iter().map(|(_, o)| o).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typescript_types_after_a_literal_keep_its_value() {
        let src = r#"
            const config = {
              url: 'https://x.org',
              plugins: [
                ['@docusaurus/plugin-content-blog',
                 { id: 'community', path: './community' } satisfies PluginContentBlogOptions],
                ['other', { a: 1 } as Record<string, number>, 'after'],
              ],
              list: ['a', 'b'] as const,
              sum: 'a' + b,
            } satisfies Config;
        "#;
        let config = objects_with(src, &["url"]).remove(0);
        let Some(JsValue::Array(plugins)) = config.get("plugins") else {
            panic!("plugins: {:?}", config.get("plugins"));
        };
        let JsValue::Array(first) = &plugins[0] else {
            panic!("{:?}", plugins[0]);
        };
        assert_eq!(
            first[1].get("path").and_then(JsValue::as_str),
            Some("./community")
        );
        let JsValue::Array(second) = &plugins[1] else {
            panic!("{:?}", plugins[1]);
        };
        assert_eq!(second.len(), 3, "{second:?}");
        assert_eq!(second[2].as_str(), Some("after"));
        assert!(matches!(config.get("list"), Some(JsValue::Array(l)) if l.len() == 2));
        assert!(matches!(config.get("sum"), Some(JsValue::Unknown(_))));
    }

    #[test]
    fn plain_literals_are_read_and_expressions_are_not() {
        let src = r#"
            // a comment with { braces }
            const config = {
              title: 'Site',
              url: "https://example.org",
              baseUrl: process.env.BASE || '/',
              trailingSlash: false,
              tagline: `no ${subst}`,
              count: 3,
              list: ['a', "b"],
              nested: ({ path: 'blog', routeBasePath: 'news' }),
              sidebar: require.resolve('./sidebars.js'),
              shorthand,
              method() { return 1 },
            };
            module.exports = config;
        "#;
        let objs = objects_with(src, &["url"]);
        let c = &objs[0];
        assert_eq!(c.get("title").and_then(JsValue::as_str), Some("Site"));
        assert_eq!(
            c.get("url").and_then(JsValue::as_str),
            Some("https://example.org")
        );
        assert!(matches!(c.get("baseUrl"), Some(JsValue::Unknown(_))));
        assert_eq!(c.get("trailingSlash"), Some(&JsValue::Bool(false)));
        assert!(matches!(c.get("tagline"), Some(JsValue::Unknown(_))));
        assert_eq!(c.get("count"), Some(&JsValue::Num(3.0)));
        assert_eq!(
            c.get("list"),
            Some(&JsValue::Array(vec![
                JsValue::Str("a".into()),
                JsValue::Str("b".into())
            ]))
        );
        let nested = c.get("nested").unwrap();
        assert_eq!(
            nested.get("routeBasePath").and_then(JsValue::as_str),
            Some("news")
        );
        assert!(matches!(c.get("sidebar"), Some(JsValue::Unknown(_))));
        assert!(matches!(c.get("shorthand"), Some(JsValue::Unknown(_))));
        assert!(matches!(c.get("method"), Some(JsValue::Unknown(_))));
    }

    #[test]
    fn the_outermost_object_with_the_marker_comes_first() {
        let src = "export default defineUserConfig({ base: '/docs/', locales: { '/': { lang: 'en-US' } } })";
        let objs = objects_with(src, &["base", "lang"]);
        assert_eq!(
            objs[0].get("base").and_then(JsValue::as_str),
            Some("/docs/")
        );
    }
}
