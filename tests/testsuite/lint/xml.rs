//! A small, strict XML reader: elements, attributes, text, CDATA, comments,
//! processing instructions and a DOCTYPE without internal subset. Enough to
//! read RSS and Atom as written, and to refuse what is not well-formed.
//! Names are kept as written (`content:encoded`); namespaces are not resolved.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Element(Element),
    Text(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
    /// 1-based line of the start tag.
    pub line: usize,
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.elements().filter(move |e| e.name == name)
    }

    pub fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    /// The text of this element (its text and CDATA children, concatenated).
    pub fn text(&self) -> String {
        self.children
            .iter()
            .filter_map(|n| match n {
                Node::Text(t) => Some(t.as_str()),
                Node::Element(_) => None,
            })
            .collect()
    }

    /// Every element below this one, depth first.
    pub fn descendants(&self) -> Vec<&Element> {
        let mut out = Vec::new();
        for e in self.elements() {
            out.push(e);
            out.extend(e.descendants());
        }
        out
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlError {
    pub line: usize,
    pub message: String,
}

/// Parses a document; returns its root element.
pub fn parse(bytes: &[u8]) -> Result<Element, XmlError> {
    let text = std::str::from_utf8(bytes).map_err(|e| XmlError {
        line: 1 + bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count(),
        message: format!("not UTF-8: {e}"),
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    Parser {
        s: text,
        pos: 0,
        seen: 0,
        seen_line: 1,
    }
    .document()
}

struct Parser<'a> {
    s: &'a str,
    pos: usize,
    /// Line number at `seen` (the position only moves forward).
    seen: usize,
    seen_line: usize,
}

impl<'a> Parser<'a> {
    fn line(&mut self) -> usize {
        if self.pos > self.seen {
            self.seen_line += self.s[self.seen..self.pos].matches('\n').count();
            self.seen = self.pos;
        }
        self.seen_line
    }

    fn err<T>(&mut self, message: impl Into<String>) -> Result<T, XmlError> {
        Err(XmlError {
            line: self.line(),
            message: message.into(),
        })
    }

    fn rest(&self) -> &'a str {
        &self.s[self.pos..]
    }

    fn skip_past(&mut self, end: &str, what: &str) -> Result<&'a str, XmlError> {
        match self.rest().find(end) {
            Some(i) => {
                let inner = &self.rest()[..i];
                self.pos += i + end.len();
                Ok(inner)
            }
            None => self.err(format!("unterminated {what}")),
        }
    }

    fn skip_ws(&mut self) {
        let trimmed = self.rest().trim_start_matches([' ', '\t', '\r', '\n']);
        self.pos = self.s.len() - trimmed.len();
    }

    /// Prolog, one root element, trailing misc.
    fn document(mut self) -> Result<Element, XmlError> {
        let mut root = None;
        loop {
            self.skip_ws();
            if self.rest().is_empty() {
                break;
            }
            if self.rest().starts_with("<?") {
                self.skip_past("?>", "processing instruction")?;
            } else if self.rest().starts_with("<!--") {
                self.skip_past("-->", "comment")?;
            } else if self.rest().starts_with("<!DOCTYPE") {
                let decl = self.skip_past(">", "DOCTYPE")?;
                if decl.contains('[') {
                    return self.err("DOCTYPE with an internal subset is not supported");
                }
            } else if self.rest().starts_with('<') && root.is_none() {
                root = Some(self.element()?);
            } else {
                return self.err("content after the root element");
            }
        }
        match root {
            Some(r) => Ok(r),
            None => self.err("no root element"),
        }
    }

    fn name(&mut self) -> Result<&'a str, XmlError> {
        let rest = self.rest();
        let end = rest
            .find(|c: char| c.is_whitespace() || matches!(c, '=' | '>' | '/' | '<' | '"' | '\''))
            .unwrap_or(rest.len());
        let name = &rest[..end];
        let valid = name
            .chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_' || c == ':');
        if !valid {
            return self.err(format!("bad name {name:?}"));
        }
        self.pos += end;
        Ok(name)
    }

    fn element(&mut self) -> Result<Element, XmlError> {
        let line = self.line();
        self.pos += 1; // '<'
        let name = self.name()?.to_string();
        let mut el = Element {
            name,
            line,
            ..Default::default()
        };
        loop {
            self.skip_ws();
            if let Some(r) = self.rest().strip_prefix("/>") {
                self.pos = self.s.len() - r.len();
                return Ok(el);
            }
            if self.rest().starts_with('>') {
                self.pos += 1;
                break;
            }
            let attr = self.name()?.to_string();
            self.skip_ws();
            if !self.rest().starts_with('=') {
                return self.err(format!("attribute {attr} without a value"));
            }
            self.pos += 1;
            self.skip_ws();
            let quote = match self.rest().chars().next() {
                Some(q @ ('"' | '\'')) => q,
                _ => return self.err(format!("attribute {attr}: value not quoted")),
            };
            self.pos += 1;
            let raw = self.skip_past(&quote.to_string(), "attribute value")?;
            if raw.contains('<') {
                return self.err(format!("attribute {attr}: `<` in a value"));
            }
            if el.attrs.iter().any(|(n, _)| *n == attr) {
                return self.err(format!("attribute {attr} twice"));
            }
            let value = self.decode(raw)?;
            el.attrs.push((attr, value));
        }
        // Content.
        loop {
            let rest = self.rest();
            if rest.is_empty() {
                return self.err(format!("<{}> of line {line} never closed", el.name));
            }
            if let Some(r) = rest.strip_prefix("</") {
                self.pos = self.s.len() - r.len();
                let close = self.name()?;
                self.skip_ws();
                if !self.rest().starts_with('>') {
                    return self.err(format!("bad end tag </{close}"));
                }
                self.pos += 1;
                if close != el.name {
                    return self.err(format!("</{close}> closes <{}> of line {line}", el.name));
                }
                return Ok(el);
            } else if rest.starts_with("<![CDATA[") {
                self.pos += "<![CDATA[".len();
                let data = self.skip_past("]]>", "CDATA section")?;
                push_text(&mut el, data.to_string());
            } else if rest.starts_with("<!--") {
                self.skip_past("-->", "comment")?;
            } else if rest.starts_with("<?") {
                self.skip_past("?>", "processing instruction")?;
            } else if rest.starts_with('<') {
                let child = self.element()?;
                el.children.push(Node::Element(child));
            } else {
                let end = rest.find('<').unwrap_or(rest.len());
                let raw = &rest[..end];
                if raw.contains("]]>") {
                    return self.err("`]]>` in text");
                }
                let text = self.decode(raw)?;
                self.pos += end;
                push_text(&mut el, text);
            }
        }
    }

    /// Replaces the five predefined entities and character references.
    fn decode(&mut self, raw: &str) -> Result<String, XmlError> {
        if !raw.contains('&') {
            return Ok(raw.to_string());
        }
        let mut out = String::with_capacity(raw.len());
        let mut rest = raw;
        while let Some(i) = rest.find('&') {
            out.push_str(&rest[..i]);
            let after = &rest[i + 1..];
            let Some(end) = after.find(';') else {
                return self.err("`&` without `;`");
            };
            let entity = &after[..end];
            let c = match entity {
                "lt" => Some('<'),
                "gt" => Some('>'),
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => entity
                    .strip_prefix("#x")
                    .map(|h| u32::from_str_radix(h, 16))
                    .or_else(|| entity.strip_prefix('#').map(str::parse::<u32>))
                    .and_then(Result::ok)
                    .and_then(char::from_u32),
            };
            match c {
                Some(c) => out.push(c),
                None => return self.err(format!("unknown entity &{entity};")),
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }
}

fn push_text(el: &mut Element, text: String) {
    if let Some(Node::Text(prev)) = el.children.last_mut() {
        prev.push_str(&text);
    } else {
        el.children.push(Node::Text(text));
    }
}
