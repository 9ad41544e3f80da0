//! Zones written in the text, conversion to the site zone, and wall times that
//! do not exist or exist twice (DST gap and fold).

use chrono::{Duration, FixedOffset, LocalResult, NaiveDateTime, Offset, TimeZone};
use chrono_tz::Tz;

/// A zone named next to a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ZoneSpec {
    /// `UTC`, `GMT+8`, `UTC-05:00`, `+08:00`, `Z`, or an abbreviation such as
    /// `PDT`; `name` is how it was written, for messages.
    Fixed { secs: i32, name: String },
    /// `北京时间` (Asia/Shanghai), an IANA name (`Asia/Tokyo`), or a generic
    /// US name (`PT`, `ET`) whose offset depends on the date.
    Named(Tz),
    /// `CST`: China Standard Time (+08:00) or US Central Standard Time (−06:00).
    Cst,
}

/// Abbreviations read as fixed offsets (seconds east of UTC). They are
/// matched only when written in capitals, as whole words.
pub(crate) fn abbreviation(word: &str) -> Option<ZoneSpec> {
    let secs = match word {
        "UTC" | "GMT" | "UT" | "WET" => 0,
        "WEST" | "BST" | "CET" => 3600,
        "CEST" | "EET" => 7200,
        "EEST" | "MSK" => 3 * 3600,
        "IST" => 5 * 3600 + 1800,
        "SGT" | "HKT" | "AWST" | "BJT" | "PHT" => 8 * 3600,
        "JST" | "KST" => 9 * 3600,
        "ACST" => 9 * 3600 + 1800,
        "ACDT" => 10 * 3600 + 1800,
        "AEST" => 10 * 3600,
        "AEDT" => 11 * 3600,
        "NZST" => 12 * 3600,
        "NZDT" => 13 * 3600,
        "HST" => -10 * 3600,
        "AKST" => -9 * 3600,
        "AKDT" | "PST" => -8 * 3600,
        "PDT" | "MST" => -7 * 3600,
        "MDT" => -6 * 3600,
        "CDT" | "EST" => -5 * 3600,
        "EDT" => -4 * 3600,
        "CST" => return Some(ZoneSpec::Cst),
        "PT" => return Some(ZoneSpec::Named(Tz::America__Los_Angeles)),
        "MT" => return Some(ZoneSpec::Named(Tz::America__Denver)),
        "CT" => return Some(ZoneSpec::Named(Tz::America__Chicago)),
        "ET" => return Some(ZoneSpec::Named(Tz::America__New_York)),
        _ => return None,
    };
    Some(ZoneSpec::Fixed {
        secs,
        name: word.to_string(),
    })
}

/// What a wall time is in a zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Wall {
    /// Happens exactly once.
    Unique,
    /// Skipped by a spring-forward jump; `shifted` is the wall time the
    /// instant "written time at the offset before the gap" has (RFC 5545).
    Gap {
        shifted: NaiveDateTime,
        before: FixedOffset,
        after: FixedOffset,
    },
    /// Happens twice (fall-back fold); `first` is the earlier offset.
    Fold {
        first: FixedOffset,
        second: FixedOffset,
    },
}

pub(crate) fn classify(zone: Tz, wall: NaiveDateTime) -> Wall {
    match zone.from_local_datetime(&wall) {
        LocalResult::Single(_) => Wall::Unique,
        LocalResult::Ambiguous(a, b) => Wall::Fold {
            first: a.offset().fix(),
            second: b.offset().fix(),
        },
        LocalResult::None => {
            // The offset in force a day earlier is the one before the gap:
            // no zone changes its offset twice within a day.
            let before = zone
                .from_local_datetime(&(wall - Duration::days(1)))
                .earliest()
                .map(|d| d.offset().fix())
                .unwrap_or_else(|| zone.offset_from_utc_datetime(&wall).fix());
            let utc = wall - Duration::seconds(i64::from(before.local_minus_utc()));
            let after = zone.offset_from_utc_datetime(&utc).fix();
            let shifted = zone.from_utc_datetime(&utc).naive_local();
            Wall::Gap {
                shifted,
                before,
                after,
            }
        }
    }
}

/// Converts a wall time written in `spec` to the wall time in `target`.
/// Returns the converted time and, when `spec` itself is unclear for this
/// wall time, a note for an `AmbiguousTime` warning.
pub(crate) fn convert(
    wall: NaiveDateTime,
    spec: &ZoneSpec,
    target: Tz,
) -> (NaiveDateTime, Option<String>) {
    match spec {
        ZoneSpec::Fixed { secs, name } => match FixedOffset::east_opt(*secs) {
            Some(off) => match off.from_local_datetime(&wall) {
                LocalResult::Single(dt) => (dt.with_timezone(&target).naive_local(), None),
                _ => (wall, Some(format!("{name}: cannot convert {wall}"))),
            },
            None => (wall, Some(format!("{name} is not a valid offset"))),
        },
        ZoneSpec::Named(tz) if *tz == target => (wall, None),
        ZoneSpec::Named(tz) => named_to_target(wall, *tz, target),
        ZoneSpec::Cst => {
            let off = target
                .offset_from_utc_datetime(&wall)
                .fix()
                .local_minus_utc();
            if off == 8 * 3600 || off == -6 * 3600 || off == -5 * 3600 {
                // CST is the site's own zone (China, or US Central): no conversion.
                (wall, None)
            } else {
                let cst = ZoneSpec::Fixed {
                    secs: -6 * 3600,
                    name: "CST".into(),
                };
                let (converted, _) = convert(wall, &cst, target);
                (
                    converted,
                    Some(
                        "CST can mean China Standard Time (UTC+8) or US Central Standard Time \
                         (UTC-6); read as UTC-6 — write UTC+8 or 北京时间 if China is meant"
                            .to_string(),
                    ),
                )
            }
        }
    }
}

fn named_to_target(wall: NaiveDateTime, tz: Tz, target: Tz) -> (NaiveDateTime, Option<String>) {
    match tz.from_local_datetime(&wall) {
        LocalResult::Single(dt) => (dt.with_timezone(&target).naive_local(), None),
        LocalResult::Ambiguous(a, _) => (
            a.with_timezone(&target).naive_local(),
            Some(format!(
                "{wall} happens twice in {}; read as the first (earlier) one",
                tz.name()
            )),
        ),
        LocalResult::None => match classify(tz, wall) {
            Wall::Gap { shifted, .. } => {
                let converted = tz
                    .from_local_datetime(&shifted)
                    .earliest()
                    .map(|d| d.with_timezone(&target).naive_local())
                    .unwrap_or(shifted);
                (
                    converted,
                    Some(format!(
                        "{wall} does not exist in {} (clocks jumped forward); read as {shifted}",
                        tz.name()
                    )),
                )
            }
            _ => (wall, None),
        },
    }
}

/// `+08:00` style text for an offset.
pub(crate) fn offset_text(off: FixedOffset) -> String {
    let s = off.local_minus_utc();
    let sign = if s < 0 { '-' } else { '+' };
    let a = s.unsigned_abs();
    format!("UTC{sign}{:02}:{:02}", a / 3600, a % 3600 / 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(y: i32, m: u32, d: u32, h: u32, mi: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|x| x.and_hms_opt(h, mi, 0))
            .expect("test date")
    }

    #[test]
    fn utc_noon_is_eight_pm_in_shanghai() {
        let utc = abbreviation("UTC").expect("UTC");
        let (w, note) = convert(at(2023, 11, 4, 12, 0), &utc, Tz::Asia__Shanghai);
        assert_eq!(w, at(2023, 11, 4, 20, 0));
        assert!(note.is_none());
    }

    #[test]
    fn pdt_crosses_the_date_line() {
        let pdt = abbreviation("PDT").expect("PDT");
        let (w, _) = convert(at(2023, 9, 1, 19, 0), &pdt, Tz::Asia__Shanghai);
        assert_eq!(w, at(2023, 9, 2, 10, 0));
    }

    #[test]
    fn generic_pacific_time_follows_dst() {
        let pt = abbreviation("PT").expect("PT");
        let (summer, _) = convert(at(2023, 7, 1, 9, 0), &pt, Tz::UTC);
        let (winter, _) = convert(at(2023, 12, 1, 9, 0), &pt, Tz::UTC);
        assert_eq!(summer, at(2023, 7, 1, 16, 0));
        assert_eq!(winter, at(2023, 12, 1, 17, 0));
    }

    #[test]
    fn cst_is_the_site_zone_in_china_and_warned_elsewhere() {
        let (w, note) = convert(at(2023, 11, 4, 14, 0), &ZoneSpec::Cst, Tz::Asia__Shanghai);
        assert_eq!(w, at(2023, 11, 4, 14, 0));
        assert!(note.is_none());
        let (w, note) = convert(at(2023, 11, 4, 14, 0), &ZoneSpec::Cst, Tz::Europe__Berlin);
        assert_eq!(w, at(2023, 11, 4, 21, 0));
        assert!(note.is_some());
    }

    #[test]
    fn shanghai_summer_time_1986_to_1991() {
        use chrono::Offset;
        let sh = Tz::Asia__Shanghai;
        let off = |w: NaiveDateTime| {
            sh.from_local_datetime(&w)
                .single()
                .map(|d| d.offset().fix().local_minus_utc() / 3600)
        };
        assert_eq!(off(at(1988, 7, 1, 19, 0)), Some(9));
        assert_eq!(off(at(1992, 7, 1, 19, 0)), Some(8));
        for y in 1986..=1991 {
            assert_eq!(off(at(y, 7, 15, 12, 0)), Some(9), "summer {y}");
            assert_eq!(off(at(y, 12, 15, 12, 0)), Some(8), "winter {y}");
        }
        assert_eq!(off(at(1985, 7, 15, 12, 0)), Some(8));
    }
}
