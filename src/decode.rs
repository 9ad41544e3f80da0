//! Decoding: a post's bytes to text, whatever its editor saved.
//!
//! Accepted: UTF-8 (with or without BOM), UTF-16 LE/BE with a BOM, GB18030
//! (and so GBK/GB2312, its subsets) when the bytes are not UTF-8 — decoded with
//! a warning. Refused with a reason: binary files, empty files, and text that
//! is double-encoded (UTF-8 read as Windows-1252 and saved again) when it
//! cannot be repaired losslessly. Line ends are normalised to `\n`, which
//! keeps line numbers. Control characters other than tab and line ends
//! (U+0001–U+001F), which no XML output may hold and no reader shows, become
//! spaces, with a warning naming the first line that had one.

use std::borrow::Cow;

pub mod rst;

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE, WINDOWS_1252};

use crate::model::{Warning, WarningKind};

/// Text ready for the front-matter stage.
#[derive(Debug)]
pub struct Decoded<'a> {
    /// Borrowed from the input when it was clean UTF-8 (almost every post):
    /// a post's text is not kept after it is read, so it is not copied.
    pub text: Cow<'a, str>,
    pub warnings: Vec<Warning>,
}

/// Why a file could not be turned into text, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    pub message: String,
    pub hint: &'static str,
}

pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, DecodeError> {
    let mut warnings = Vec::new();
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(DecodeError {
            message: "empty file".into(),
            hint: "add front matter and a body, or delete the file",
        });
    }
    let text: Cow<'_, str> = if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = enc
            .decode_without_bom_handling_and_without_replacement(&bytes[bom_len..])
            .map(|t| (t, false))
            .unwrap_or_else(|| (Cow::Borrowed(""), true));
        if had_errors {
            return Err(DecodeError {
                message: format!(
                    "the file starts with a {} byte-order mark but is not valid {}",
                    enc.name(),
                    enc.name()
                ),
                hint: "re-save the file as UTF-8",
            });
        }
        if enc == UTF_16LE || enc == UTF_16BE {
            warnings.push(Warning::new(
                WarningKind::Encoding,
                None,
                format!("decoded from {}; re-save as UTF-8", enc.name()),
            ));
        }
        text
    } else if let Ok(s) = simdutf8::basic::from_utf8(bytes) {
        // SIMD validation: every post is validated once, and std's scalar
        // check was a tenth of the reading work.
        Cow::Borrowed(s)
    } else if bytes.contains(&0) {
        return Err(binary());
    } else if let Some(text) = GB18030.decode_without_bom_handling_and_without_replacement(bytes) {
        warnings.push(Warning::new(
            WarningKind::Encoding,
            None,
            "not UTF-8; decoded as GB18030 (GBK); re-save the file as UTF-8",
        ));
        text
    } else {
        return Err(DecodeError {
            message: "not valid UTF-8, UTF-16 or GB18030 text".into(),
            hint: "re-save the file as UTF-8",
        });
    };
    // memchr, not `str::contains`: a SIMD pass instead of a word-at-a-time
    // one, over every byte of every post.
    if memchr::memchr(0, text.as_bytes()).is_some() {
        return Err(binary());
    }
    let text = match repair_double_encoding(&text) {
        Repair::Clean => text,
        Repair::Repaired(fixed) => {
            warnings.push(Warning::new(
                WarningKind::Encoding,
                None,
                "the file was double-encoded (UTF-8 saved as Windows-1252 and again as UTF-8); repaired losslessly, re-save it as UTF-8",
            ));
            Cow::Owned(fixed)
        }
        Repair::Impossible => {
            return Err(DecodeError {
                message: "the text is double-encoded (mojibake such as `æ´»åŠ¨`) and cannot be repaired losslessly".into(),
                hint: "re-save the file from its original as UTF-8",
            })
        }
    };
    let text = if memchr::memchr(b'\r', text.as_bytes()).is_some() {
        // CRLF and lone CR both end a line; `\n` keeps line numbers unchanged.
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        text
    };
    let text = match without_controls(&text) {
        None => text,
        Some((clean, line)) => {
            warnings.push(Warning::new(
                WarningKind::Encoding,
                Some(line),
                "the file holds control characters (invisible, and invalid in feeds); each was replaced by a space — remove them from the source",
            ));
            Cow::Owned(clean)
        }
    };
    Ok(Decoded { text, warnings })
}

/// Whether `b` is a C0 control character no output may hold: all but tab
/// and line feed (carriage returns are gone by now).
fn is_unwanted(b: u8) -> bool {
    (b < 0x20) & (b != b'\t') & (b != b'\n')
}

/// `text` with every unwanted control character a space, and the line of
/// the first one; `None` when there is none (nearly always).
fn without_controls(text: &str) -> Option<(String, usize)> {
    let bytes = text.as_bytes();
    // Without branches inside a block, the compiler compares 64 bytes at a
    // time: this runs over every byte of every post.
    let any = bytes
        .chunks(64)
        .any(|block| block.iter().fold(false, |seen, &b| seen | is_unwanted(b)));
    if !any {
        return None;
    }
    let first = bytes.iter().position(|&b| is_unwanted(b))?;
    let line = 1 + memchr::memchr_iter(b'\n', &bytes[..first]).count();
    // ASCII bytes replaced by an ASCII byte: still UTF-8.
    let clean = text
        .chars()
        .map(|c| {
            if c.is_ascii() && is_unwanted(c as u8) {
                ' '
            } else {
                c
            }
        })
        .collect();
    Some((clean, line))
}

/// The lines of a text, as [`str::lines`] splits them (`\n` or `\r\n`; no
/// empty line after a final line break). `str::lines` looks for each line
/// break with a word-at-a-time loop; `memchr` looks for them 32 bytes at a
/// time, which made splitting a tenth of the event-time stage.
pub fn lines(text: &str) -> Lines<'_> {
    Lines { rest: text }
}

/// The iterator of [`lines`].
#[derive(Debug, Clone)]
pub struct Lines<'a> {
    rest: &'a str,
}

impl<'a> Iterator for Lines<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        if self.rest.is_empty() {
            return None;
        }
        match memchr::memchr(b'\n', self.rest.as_bytes()) {
            Some(end) => {
                let line = &self.rest[..end];
                self.rest = &self.rest[end + 1..];
                Some(line.strip_suffix('\r').unwrap_or(line))
            }
            None => Some(std::mem::take(&mut self.rest)),
        }
    }
}

fn binary() -> DecodeError {
    DecodeError {
        message: "binary file, not text".into(),
        hint: "remove it from the content folder or rename it so it does not end in .md",
    }
}

enum Repair {
    Clean,
    Repaired(String),
    Impossible,
}

/// Detects UTF-8 that was decoded as Windows-1252 and encoded again.
///
/// Hand-written because no crate does the *lossless* check we need: the whole
/// text must map back to single Windows-1252 bytes, and those bytes must be
/// valid UTF-8. Real Latin text (`café`) never passes that test, because a
/// lone `é` byte is not valid UTF-8.
fn repair_double_encoding(text: &str) -> Repair {
    let marks = mojibake_marks(text);
    if marks < 2 {
        return Repair::Clean;
    }
    let (bytes, _, unmappable) = WINDOWS_1252.encode(text);
    if !unmappable {
        if let Ok(fixed) = std::str::from_utf8(&bytes) {
            return Repair::Repaired(fixed.to_string());
        }
    }
    // A clear majority of mojibake pairs with some text that does not round-trip:
    // publishing it would publish garbage, and guessing would lose characters.
    if marks >= 4 {
        Repair::Impossible
    } else {
        Repair::Clean
    }
}

/// Counts lead-byte characters (Â..ô as Windows-1252) followed by a
/// continuation-byte character: the fingerprint of a UTF-8 sequence read as
/// Windows-1252.
fn mojibake_marks(text: &str) -> usize {
    // Every lead character (U+00C2..U+00F4) is encoded in UTF-8 as 0xC3 and
    // one more byte; text without that byte (all CJK and ASCII text) has none.
    let Some(first) = memchr::memchr(0xC3, text.as_bytes()) else {
        return 0;
    };
    let mut count = 0;
    let mut prev_lead = false;
    for c in text[first..].chars() {
        // Only after a lead character: the continuation test encodes the
        // character, which would otherwise run for every character of every post.
        if prev_lead && is_continuation_char(c) {
            count += 1;
        }
        prev_lead = ('\u{C2}'..='\u{F4}').contains(&c);
    }
    count
}

/// Characters that Windows-1252 produces for bytes 0x80..=0xBF.
fn is_continuation_char(c: char) -> bool {
    if ('\u{80}'..='\u{BF}').contains(&c) {
        return true;
    }
    let mut buf = [0u8; 4];
    let (bytes, _, unmappable) = WINDOWS_1252.encode(c.encode_utf8(&mut buf));
    !unmappable && bytes.len() == 1 && (0x80..=0xBF).contains(&bytes[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_bom_and_crlf() {
        let d = decode(b"\xEF\xBB\xBF---\r\ntitle: x\r\n---\r\nbody\r\n").unwrap();
        assert_eq!(d.text, "---\ntitle: x\n---\nbody\n");
        assert!(d.warnings.is_empty());
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "---\ntitle: 活动\n---\n".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&bytes).unwrap();
        assert!(d.text.contains("活动"));
        assert_eq!(d.warnings[0].kind, WarningKind::Encoding);
    }

    #[test]
    fn gb18030_is_decoded_with_a_warning() {
        let (bytes, _, _) = GB18030.encode("---\ntitle: 活动时间\n---\n");
        let d = decode(&bytes).unwrap();
        assert!(d.text.contains("活动时间"));
        assert!(d.warnings[0].message.contains("GB18030"));
    }

    #[test]
    fn double_encoded_is_repaired() {
        let original = "- 活动时间：04 月 15 日 12:00--17:00\n";
        let (latin, _, _) = WINDOWS_1252.decode(original.as_bytes());
        assert!(latin.contains("æ´»åŠ¨"));
        let d = decode(latin.as_bytes()).unwrap();
        assert_eq!(d.text, original);
        assert!(d.warnings[0].message.contains("double-encoded"));
    }

    #[test]
    fn mixed_mojibake_is_refused() {
        let (latin, _, _) = WINDOWS_1252.decode("活动时间 活动时间".as_bytes());
        let mixed = format!("{latin} 真的中文");
        let e = decode(mixed.as_bytes()).unwrap_err();
        assert!(e.message.contains("double-encoded"));
    }

    #[test]
    fn latin_text_is_left_alone() {
        let d = decode("Café crème à la carte, naïve résumé".as_bytes()).unwrap();
        assert_eq!(d.text, "Café crème à la carte, naïve résumé");
    }

    #[test]
    fn control_characters_become_spaces() {
        let d = decode(
            "---\ntitle: x\n---\nbell\u{7} here\nform\u{C}feed \u{1B}\ttab kept\n".as_bytes(),
        )
        .unwrap();
        assert_eq!(
            d.text,
            "---\ntitle: x\n---\nbell  here\nform feed  \ttab kept\n"
        );
        assert_eq!(d.warnings.len(), 1);
        assert_eq!(d.warnings[0].line, Some(4));
        let clean = decode(b"no controls\r\n\there\n").unwrap();
        assert!(clean.warnings.is_empty());
    }

    #[test]
    fn binary_and_empty_are_refused() {
        assert!(decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").is_err());
        assert_eq!(decode(b"").unwrap_err().message, "empty file");
        assert_eq!(decode(b"  \n").unwrap_err().message, "empty file");
    }
}
