//! Zones written in the text, conversion to the site zone, and wall times that
//! do not exist or exist twice (DST gap and fold).

use chrono::{Duration, FixedOffset, LocalResult, NaiveDateTime, Offset, TimeZone};
use chrono_tz::Tz;

/// A zone named next to a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ZoneSpec {
    /// `UTC`, `GMT+8`, `UTC-05:00`, `+08:00`, `Z`, or an abbreviation of a
    /// zone without summer time (`JST`, `IST`); `name` is how it was
    /// written, for messages.
    Fixed { secs: i32, name: String },
    /// `北京时间` (Asia/Shanghai), an IANA name (`Asia/Tokyo`), a region or
    /// city (`Eastern`, `Europe Central`, `Boston time`), or a generic US
    /// name (`PT`, `ET`): its offset depends on the date.
    Named(Tz),
    /// An abbreviation of one clock of a region that changes clocks
    /// (`EST`/`EDT` of America/New_York, `CET`/`CEST`, `GMT`/`BST` of
    /// Europe/London): `secs` is the offset the abbreviation names. When the
    /// region is on its other clock on the event's date, see [`convert`].
    Clock { secs: i32, name: String, region: Tz },
    /// `CST`: China Standard Time (+08:00) or US Central Standard Time (−06:00).
    Cst,
}

impl ZoneSpec {
    /// UTC or an offset from it (`UTC`, `GMT`, `UTC-3`, `+08:00`): no
    /// summer-time question, so it wins when one slot's zones disagree.
    pub(crate) fn is_universal(&self) -> bool {
        match self {
            ZoneSpec::Fixed { name, .. } => {
                name.starts_with("UTC") || name.starts_with("GMT") || name == "UT"
            }
            ZoneSpec::Clock { name, .. } => name == "GMT",
            _ => false,
        }
    }

    /// How the zone was written, for messages.
    pub(crate) fn name(&self) -> String {
        match self {
            ZoneSpec::Fixed { name, .. } | ZoneSpec::Clock { name, .. } => name.clone(),
            ZoneSpec::Named(tz) => tz.name().to_string(),
            ZoneSpec::Cst => "CST".to_string(),
        }
    }
}

/// Abbreviations, matched only when written in capitals, as whole words.
/// Those of a region that changes clocks carry the region (see
/// [`ZoneSpec::Clock`]); the others are fixed offsets.
pub(crate) fn abbreviation(word: &str) -> Option<ZoneSpec> {
    let clock = |secs: i32, region: Tz| ZoneSpec::Clock {
        secs,
        name: word.to_string(),
        region,
    };
    let h = 3600;
    let secs = match word {
        "UTC" | "UT" => 0,
        "GMT" => return Some(clock(0, Tz::Europe__London)),
        "BST" => return Some(clock(h, Tz::Europe__London)),
        "WET" => return Some(clock(0, Tz::Europe__Lisbon)),
        "WEST" => return Some(clock(h, Tz::Europe__Lisbon)),
        "CET" => return Some(clock(h, Tz::Europe__Berlin)),
        "CEST" => return Some(clock(2 * h, Tz::Europe__Berlin)),
        "EET" => return Some(clock(2 * h, Tz::Europe__Athens)),
        "EEST" => return Some(clock(3 * h, Tz::Europe__Athens)),
        "MSK" => 3 * h,
        "IST" => 5 * h + 1800,
        "SGT" | "HKT" | "AWST" | "BJT" | "PHT" => 8 * h,
        "JST" | "KST" => 9 * h,
        "ACST" => return Some(clock(9 * h + 1800, Tz::Australia__Adelaide)),
        "ACDT" => return Some(clock(10 * h + 1800, Tz::Australia__Adelaide)),
        "AEST" => return Some(clock(10 * h, Tz::Australia__Sydney)),
        "AEDT" => return Some(clock(11 * h, Tz::Australia__Sydney)),
        "NZST" => return Some(clock(12 * h, Tz::Pacific__Auckland)),
        "NZDT" => return Some(clock(13 * h, Tz::Pacific__Auckland)),
        "SAST" => 2 * h,
        "WAT" => h,
        "EAT" => 3 * h,
        "HST" => -10 * h,
        "AKST" => return Some(clock(-9 * h, Tz::America__Anchorage)),
        "AKDT" => return Some(clock(-8 * h, Tz::America__Anchorage)),
        "PST" => return Some(clock(-8 * h, Tz::America__Los_Angeles)),
        "PDT" => return Some(clock(-7 * h, Tz::America__Los_Angeles)),
        "MST" => return Some(clock(-7 * h, Tz::America__Denver)),
        "MDT" => return Some(clock(-6 * h, Tz::America__Denver)),
        "CDT" => return Some(clock(-5 * h, Tz::America__Chicago)),
        "EST" => return Some(clock(-5 * h, Tz::America__New_York)),
        "EDT" => return Some(clock(-4 * h, Tz::America__New_York)),
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

/// Which continent a region name is qualified with (`Europe Central`,
/// `Australian Western`); none is North America.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Continent {
    America,
    Europe,
    Australia,
}

/// US, European and Australian regions by the names people write after a
/// time: `Pacific`, `Eastern Time`, `US Central`, `Europe Central`,
/// `Central European`, `Australian Western`.
pub(crate) fn region(name: &str, continent: Continent) -> Option<Tz> {
    Some(match (name, continent) {
        ("pacific", Continent::America) => Tz::America__Los_Angeles,
        ("mountain", Continent::America) => Tz::America__Denver,
        ("central", Continent::America) => Tz::America__Chicago,
        ("eastern", Continent::America) => Tz::America__New_York,
        ("central", Continent::Europe) => Tz::Europe__Berlin,
        ("eastern", Continent::Europe) => Tz::Europe__Athens,
        ("western", Continent::Europe) => Tz::Europe__Lisbon,
        ("western", Continent::Australia) => Tz::Australia__Perth,
        ("central", Continent::Australia) => Tz::Australia__Adelaide,
        ("eastern", Continent::Australia) => Tz::Australia__Sydney,
        _ => return None,
    })
}

/// Cities (and a few peoples' names for their clocks) that name a zone when
/// written with `time` (`noon Boston time`, `16:00 Ukrainian time`), lower
/// case, one or two words. A small table of common ones, not a gazetteer.
const CITIES: [(&str, Tz); 95] = [
    ("st louis", Tz::America__Chicago),
    ("saint louis", Tz::America__Chicago),
    ("dallas", Tz::America__Chicago),
    ("houston", Tz::America__Chicago),
    ("austin", Tz::America__Chicago),
    ("minneapolis", Tz::America__Chicago),
    ("nashville", Tz::America__Chicago),
    ("new orleans", Tz::America__Chicago),
    ("kansas city", Tz::America__Chicago),
    ("atlanta", Tz::America__New_York),
    ("miami", Tz::America__New_York),
    ("philadelphia", Tz::America__New_York),
    ("pittsburgh", Tz::America__New_York),
    ("baltimore", Tz::America__New_York),
    ("detroit", Tz::America__Detroit),
    ("salt lake", Tz::America__Denver),
    ("portland", Tz::America__Los_Angeles),
    ("san diego", Tz::America__Los_Angeles),
    ("boston", Tz::America__New_York),
    ("new york", Tz::America__New_York),
    ("nyc", Tz::America__New_York),
    ("washington", Tz::America__New_York),
    ("toronto", Tz::America__Toronto),
    ("montreal", Tz::America__Toronto),
    ("chicago", Tz::America__Chicago),
    ("denver", Tz::America__Denver),
    ("phoenix", Tz::America__Phoenix),
    ("los angeles", Tz::America__Los_Angeles),
    ("san francisco", Tz::America__Los_Angeles),
    ("seattle", Tz::America__Los_Angeles),
    ("vancouver", Tz::America__Vancouver),
    ("mexico city", Tz::America__Mexico_City),
    ("bogota", Tz::America__Bogota),
    ("lima", Tz::America__Lima),
    ("santiago", Tz::America__Santiago),
    ("buenos aires", Tz::America__Argentina__Buenos_Aires),
    ("argentina", Tz::America__Argentina__Buenos_Aires),
    ("montevideo", Tz::America__Montevideo),
    ("sao paulo", Tz::America__Sao_Paulo),
    ("brazil", Tz::America__Sao_Paulo),
    ("london", Tz::Europe__London),
    ("uk", Tz::Europe__London),
    ("british", Tz::Europe__London),
    ("dublin", Tz::Europe__Dublin),
    ("lisbon", Tz::Europe__Lisbon),
    ("paris", Tz::Europe__Paris),
    ("berlin", Tz::Europe__Berlin),
    ("amsterdam", Tz::Europe__Amsterdam),
    ("brussels", Tz::Europe__Brussels),
    ("madrid", Tz::Europe__Madrid),
    ("valencia", Tz::Europe__Madrid),
    ("barcelona", Tz::Europe__Madrid),
    ("rome", Tz::Europe__Rome),
    ("zurich", Tz::Europe__Zurich),
    ("vienna", Tz::Europe__Vienna),
    ("stockholm", Tz::Europe__Stockholm),
    ("oslo", Tz::Europe__Oslo),
    ("copenhagen", Tz::Europe__Copenhagen),
    ("helsinki", Tz::Europe__Helsinki),
    ("warsaw", Tz::Europe__Warsaw),
    ("prague", Tz::Europe__Prague),
    ("athens", Tz::Europe__Athens),
    ("kyiv", Tz::Europe__Kyiv),
    ("ukrainian", Tz::Europe__Kyiv),
    ("istanbul", Tz::Europe__Istanbul),
    ("moscow", Tz::Europe__Moscow),
    ("cairo", Tz::Africa__Cairo),
    ("johannesburg", Tz::Africa__Johannesburg),
    ("nairobi", Tz::Africa__Nairobi),
    ("lagos", Tz::Africa__Lagos),
    ("dubai", Tz::Asia__Dubai),
    ("india", Tz::Asia__Kolkata),
    ("bangalore", Tz::Asia__Kolkata),
    ("bengaluru", Tz::Asia__Kolkata),
    ("singapore", Tz::Asia__Singapore),
    ("hong kong", Tz::Asia__Hong_Kong),
    ("taipei", Tz::Asia__Taipei),
    ("beijing", Tz::Asia__Shanghai),
    ("shanghai", Tz::Asia__Shanghai),
    ("china", Tz::Asia__Shanghai),
    ("tokyo", Tz::Asia__Tokyo),
    ("seoul", Tz::Asia__Seoul),
    ("sydney", Tz::Australia__Sydney),
    ("melbourne", Tz::Australia__Melbourne),
    ("brisbane", Tz::Australia__Brisbane),
    ("perth", Tz::Australia__Perth),
    ("adelaide", Tz::Australia__Adelaide),
    ("auckland", Tz::Pacific__Auckland),
    ("wellington", Tz::Pacific__Auckland),
    ("dhaka", Tz::Asia__Dhaka),
    ("karachi", Tz::Asia__Karachi),
    ("bangkok", Tz::Asia__Bangkok),
    ("jakarta", Tz::Asia__Jakarta),
    ("manila", Tz::Asia__Manila),
    ("accra", Tz::Africa__Accra),
];

/// Whether a word may start a region or city name (`Eastern`, `Europe`,
/// `New`, `Boston`), compared without allocating: asked for every word of
/// every line read.
pub(crate) fn may_start_name(word: &str) -> bool {
    static FIRST: std::sync::LazyLock<std::collections::HashSet<&'static str>> =
        std::sync::LazyLock::new(|| {
            let mut set: std::collections::HashSet<&'static str> = [
                "north",
                "american",
                "americas",
                "america",
                "us",
                "u",
                "europe",
                "european",
                "australia",
                "australian",
                "pacific",
                "mountain",
                "central",
                "eastern",
                "western",
                "asia",
            ]
            .into_iter()
            .collect();
            set.extend(CITIES.iter().map(|(n, _)| n.split(' ').next().unwrap_or(n)));
            set
        });
    // Lowercased on the stack: no name is longer than this.
    let mut buf = [0u8; 16];
    let b = word.as_bytes();
    if b.len() > buf.len() {
        return false;
    }
    for (d, s) in buf.iter_mut().zip(b) {
        *d = s.to_ascii_lowercase();
    }
    std::str::from_utf8(&buf[..b.len()]).is_ok_and(|w| FIRST.contains(w))
}

pub(crate) fn city(name: &str) -> Option<Tz> {
    CITIES.iter().find(|(n, _)| *n == name).map(|(_, tz)| *tz)
}

/// Chinese names of zones, before `时间`: `北京时间`, `美东时间`, `东京时间`.
pub(crate) const ZH_ZONES: [(&str, Tz); 18] = [
    ("北京", Tz::Asia__Shanghai),
    ("中国标准", Tz::Asia__Shanghai),
    ("上海", Tz::Asia__Shanghai),
    ("香港", Tz::Asia__Hong_Kong),
    ("台北", Tz::Asia__Taipei),
    ("新加坡", Tz::Asia__Singapore),
    ("东京", Tz::Asia__Tokyo),
    ("日本", Tz::Asia__Tokyo),
    ("首尔", Tz::Asia__Seoul),
    ("悉尼", Tz::Australia__Sydney),
    ("伦敦", Tz::Europe__London),
    ("巴黎", Tz::Europe__Paris),
    ("柏林", Tz::Europe__Berlin),
    ("中欧", Tz::Europe__Berlin),
    ("纽约", Tz::America__New_York),
    ("美东", Tz::America__New_York),
    ("美西", Tz::America__Los_Angeles),
    ("太平洋", Tz::America__Los_Angeles),
];

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

/// A wall time written in a zone, converted to the wall time in the site zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Converted {
    /// The reading used.
    pub wall: NaiveDateTime,
    /// The other reading of an abbreviation that does not fit the date
    /// (`EST` in July): a slot written in several zones may confirm one.
    pub other: Option<NaiveDateTime>,
    /// Why the zone is unclear, for an `AmbiguousTime` warning.
    pub note: Option<String>,
}

/// Converts a wall time written in `spec` to the wall time in `target`.
///
/// An abbreviation of a region's clock ([`ZoneSpec::Clock`]) that the
/// region does not use on that date (`EST` during US summer time, `CET` in
/// July, `GMT` during British summer time) is read as the region's clock
/// that day (`EST` in July is New York time, UTC−4), because people keep
/// writing a region's usual abbreviation all year; `GMT` alone is read
/// literally (UTC+0), because it is written as another name of UTC far more
/// often than for London's clock. Either way the other reading is kept in
/// [`Converted::other`] and a note says which was chosen.
pub(crate) fn convert(wall: NaiveDateTime, spec: &ZoneSpec, target: Tz) -> Converted {
    let plain = |(wall, note): (NaiveDateTime, Option<String>)| Converted {
        wall,
        other: None,
        note,
    };
    match spec {
        ZoneSpec::Fixed { secs, name } => plain(fixed(wall, *secs, name, target)),
        ZoneSpec::Named(tz) if *tz == target => plain((wall, None)),
        ZoneSpec::Named(tz) => plain(named_to_target(wall, *tz, target)),
        ZoneSpec::Clock { secs, name, region } => {
            let (literal, _) = fixed(wall, *secs, name, target);
            let region_offset = region
                .from_local_datetime(&wall)
                .earliest()
                .map(|d| d.offset().fix().local_minus_utc());
            if region_offset.is_none_or(|o| o == *secs) {
                return plain((literal, None));
            }
            let (regional, _) = named_to_target(wall, *region, target);
            let region_now = region_offset.map_or_else(String::new, |o| {
                format!("{}, {}", region.name(), offset_text_secs(o))
            });
            if name == "GMT" {
                Converted {
                    wall: literal,
                    other: Some(regional),
                    note: Some(format!(
                        "GMT on {} is read as UTC+00:00; British summer time ({region_now})                          would be an hour earlier — write UTC or BST to say which",
                        wall.date()
                    )),
                }
            } else {
                Converted {
                    wall: regional,
                    other: Some(literal),
                    note: Some(format!(
                        "{name} ({}) is not the clock of {} on {}; read as the local time there                          ({region_now}) — write the offset (UTC-4) to say which",
                        offset_text_secs(*secs),
                        region.name(),
                        wall.date()
                    )),
                }
            }
        }
        ZoneSpec::Cst => {
            let off = target
                .offset_from_utc_datetime(&wall)
                .fix()
                .local_minus_utc();
            if off == 8 * 3600 || keeps_central_time(target, wall) {
                // CST is the site's own zone (China, or US Central): no conversion.
                plain((wall, None))
            } else if target.name().starts_with("America/") {
                // On a site in the Americas CST is US Central, on its clock of the day
                // (people keep writing CST in summer). Comparing only the site's offset
                // with -5 h once took New York's winter clock for Central summer time.
                convert(wall, &ZoneSpec::Named(Tz::America__Chicago), target)
            } else {
                let (converted, _) = fixed(wall, -6 * 3600, "CST", target);
                plain((
                    converted,
                    Some(
                        "CST can mean China Standard Time (UTC+8) or US Central Standard Time \
                         (UTC-6); read as UTC-6 — write UTC+8 or 北京时间 if China is meant"
                            .to_string(),
                    ),
                ))
            }
        }
    }
}

/// Whether `tz` keeps Central Standard Time: UTC-6 in January and UTC-5 in July
/// of `wall`'s year (Chicago, Winnipeg), or UTC-6 all year (Mexico City,
/// Regina, Costa Rica, where CST is the clock's own name).
fn keeps_central_time(tz: Tz, wall: NaiveDateTime) -> bool {
    use chrono::Datelike;
    let offset_on = |month: u32| {
        chrono::NaiveDate::from_ymd_opt(wall.date().year(), month, 15)
            .and_then(|d| d.and_hms_opt(12, 0, 0))
            .map(|at| tz.offset_from_utc_datetime(&at).fix().local_minus_utc())
    };
    offset_on(1) == Some(-6 * 3600) && matches!(offset_on(7), Some(-18000 | -21600))
}

fn fixed(
    wall: NaiveDateTime,
    secs: i32,
    name: &str,
    target: Tz,
) -> (NaiveDateTime, Option<String>) {
    match FixedOffset::east_opt(secs) {
        Some(off) => match off.from_local_datetime(&wall) {
            LocalResult::Single(dt) => (dt.with_timezone(&target).naive_local(), None),
            _ => (wall, Some(format!("{name}: cannot convert {wall}"))),
        },
        None => (wall, Some(format!("{name} is not a valid offset"))),
    }
}

fn offset_text_secs(secs: i32) -> String {
    FixedOffset::east_opt(secs).map_or_else(String::new, offset_text)
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
        let c = convert(at(2023, 11, 4, 12, 0), &utc, Tz::Asia__Shanghai);
        assert_eq!(c.wall, at(2023, 11, 4, 20, 0));
        assert!(c.note.is_none() && c.other.is_none());
    }

    #[test]
    fn pdt_crosses_the_date_line() {
        let pdt = abbreviation("PDT").expect("PDT");
        let c = convert(at(2023, 9, 1, 19, 0), &pdt, Tz::Asia__Shanghai);
        assert_eq!(c.wall, at(2023, 9, 2, 10, 0));
        assert!(c.note.is_none());
    }

    #[test]
    fn generic_pacific_time_follows_dst() {
        let pt = abbreviation("PT").expect("PT");
        let summer = convert(at(2023, 7, 1, 9, 0), &pt, Tz::UTC).wall;
        let winter = convert(at(2023, 12, 1, 9, 0), &pt, Tz::UTC).wall;
        assert_eq!(summer, at(2023, 7, 1, 16, 0));
        assert_eq!(winter, at(2023, 12, 1, 17, 0));
    }

    #[test]
    fn cst_is_the_site_zone_in_china_and_warned_elsewhere() {
        let c = convert(at(2023, 11, 4, 14, 0), &ZoneSpec::Cst, Tz::Asia__Shanghai);
        assert_eq!(c.wall, at(2023, 11, 4, 14, 0));
        assert!(c.note.is_none());
        let c = convert(at(2023, 11, 4, 14, 0), &ZoneSpec::Cst, Tz::Europe__Berlin);
        assert_eq!(c.wall, at(2023, 11, 4, 21, 0));
        assert!(c.note.is_some());
    }

    #[test]
    fn a_winter_abbreviation_in_summer_is_the_region_clock() {
        // 2024-06-12 in New York is UTC-4: `EST` is read as New York time.
        let est = abbreviation("EST").expect("EST");
        let c = convert(at(2024, 6, 12, 13, 0), &est, Tz::UTC);
        assert_eq!(c.wall, at(2024, 6, 12, 17, 0));
        assert_eq!(c.other, Some(at(2024, 6, 12, 18, 0)));
        assert!(c
            .note
            .as_deref()
            .is_some_and(|n| n.contains("America/New_York")));
        // In January EST is the clock: no note.
        let c = convert(at(2024, 1, 12, 13, 0), &est, Tz::UTC);
        assert_eq!(c.wall, at(2024, 1, 12, 18, 0));
        assert!(c.note.is_none() && c.other.is_none());
        // `CET` in July is Berlin's summer clock.
        let cet = abbreviation("CET").expect("CET");
        let c = convert(at(2024, 7, 2, 19, 0), &cet, Tz::UTC);
        assert_eq!(c.wall, at(2024, 7, 2, 17, 0));
    }

    #[test]
    fn gmt_in_british_summer_is_read_literally() {
        let gmt = abbreviation("GMT").expect("GMT");
        let c = convert(at(2024, 6, 12, 14, 0), &gmt, Tz::UTC);
        assert_eq!(c.wall, at(2024, 6, 12, 14, 0));
        assert_eq!(c.other, Some(at(2024, 6, 12, 13, 0)));
        assert!(c
            .note
            .as_deref()
            .is_some_and(|n| n.contains("hour earlier")));
        let c = convert(at(2024, 12, 12, 14, 0), &gmt, Tz::UTC);
        assert!(c.note.is_none());
    }

    #[test]
    fn regions_and_cities() {
        assert_eq!(
            region("eastern", Continent::America),
            Some(Tz::America__New_York)
        );
        assert_eq!(
            region("central", Continent::Europe),
            Some(Tz::Europe__Berlin)
        );
        assert_eq!(
            region("western", Continent::Australia),
            Some(Tz::Australia__Perth)
        );
        assert_eq!(city("boston"), Some(Tz::America__New_York));
        assert_eq!(city("atlantis"), None);
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
