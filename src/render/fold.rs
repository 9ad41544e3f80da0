//! Line folding (RFC 5545 §3.1): content lines of at most 75 octets, each
//! continuation starting with one space, never splitting a UTF-8 character.
//!
//! Written by hand because the `icalendar` crate's folder lets the last
//! continuation reach 76 octets (its final piece can be 75 octets plus the
//! leading space). We let the crate write properties, then unfold its output
//! and fold it again here, so every line of every calendar is folded by this
//! one function.

/// Unfolds `ics` (CRLF followed by a space) and folds every line again.
pub fn refold(ics: &str) -> String {
    let mut out = String::with_capacity(ics.len() + ics.len() / 64 * 3);
    refold_into(ics, &mut out);
    out
}

/// [`refold`], appended to `out`.
pub fn refold_into(ics: &str, out: &mut String) {
    let unfolded = ics.replace("\r\n ", "");
    for line in unfolded.split_terminator("\r\n") {
        fold_line(line, out);
    }
}

/// Appends `line` folded, with CRLF after every piece.
pub fn fold_line(line: &str, out: &mut String) {
    const LIMIT: usize = 75;
    let mut rest = line;
    let mut limit = LIMIT;
    loop {
        if rest.len() <= limit {
            out.push_str(rest);
            out.push_str("\r\n");
            return;
        }
        let mut cut = limit;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        // The leading space counts toward the 75 octets of a continuation.
        limit = LIMIT - 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_piece_fits_and_no_character_is_split() {
        let value = format!("SUMMARY:{}", "我们不办 Meetup，开挑战赛！🚀🦐".repeat(9));
        let mut out = String::new();
        fold_line(&value, &mut out);
        for piece in out.split_terminator("\r\n") {
            assert!(piece.len() <= 75, "{} octets: {piece:?}", piece.len());
        }
        assert_eq!(out.replace("\r\n ", "").trim_end(), value);
    }

    #[test]
    fn exact_boundaries() {
        for n in [74, 75, 76, 149, 150, 151, 223, 224, 225] {
            let line = "x".repeat(n);
            let mut out = String::new();
            fold_line(&line, &mut out);
            assert!(out.split_terminator("\r\n").all(|p| p.len() <= 75), "{n}");
            assert_eq!(out.replace("\r\n ", "").trim_end(), line);
        }
    }

    #[test]
    fn refold_repairs_a_76_octet_continuation() {
        let bad = format!(
            "DESCRIPTION:{}\r\n {}\r\nEND:VEVENT\r\n",
            "a".repeat(63),
            "b".repeat(75)
        );
        let good = refold(&bad);
        assert!(good.split_terminator("\r\n").all(|p| p.len() <= 75));
        assert_eq!(good.replace("\r\n ", ""), bad.replace("\r\n ", ""));
    }
}
