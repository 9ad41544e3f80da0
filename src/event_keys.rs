//! The config's `[event_keys]` table: which front-matter key paths hold
//! an event's start, end, day, hours, zone or free text. The config reads it
//! and the event-time stage (`when`) obeys it; it lives below both so that
//! neither imports the other.

/// What a front-matter key holds, for the config's `[event_keys]` mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyRole {
    /// The event's start (a date and time, or a date).
    Start,
    /// The event's end.
    End,
    /// The event's day, perhaps with hours (`hostDate`, `eventDate`).
    Date,
    /// The event's hours, joined with a day key of the same block (`time: 21:00`).
    Time,
    /// Free text read like a prose line (`section1.time: "2022-06-25 14:00-17:00"`).
    Text,
    /// The zone of the block's times (`timezone: America/Los_Angeles`).
    Zone,
    /// Not an event key, even if its name says so.
    Ignore,
}

impl KeyRole {
    pub const NAMES: [&'static str; 7] = ["start", "end", "date", "time", "text", "zone", "ignore"];

    pub fn from_name(name: &str) -> Option<KeyRole> {
        Some(match name.to_ascii_lowercase().as_str() {
            "start" => KeyRole::Start,
            "end" => KeyRole::End,
            "date" => KeyRole::Date,
            "time" => KeyRole::Time,
            "text" => KeyRole::Text,
            "zone" => KeyRole::Zone,
            "ignore" => KeyRole::Ignore,
            _ => return None,
        })
    }
}

/// The config's mapping of front-matter key paths to [`KeyRole`]s
/// (`[event_keys]`: `"dateStart" = "start"`, `"section1.time" = "text"`).
/// Keys it does not name are read by their common names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventKeys {
    keys: Vec<(String, KeyRole)>,
}

impl EventKeys {
    /// No mapping: every key is read by its common name.
    pub const fn none() -> EventKeys {
        EventKeys { keys: Vec::new() }
    }

    /// From the config's `[event_keys]` table and the deprecated
    /// `event_time_keys` list (each of its paths is `text`). An unknown role
    /// is an error naming the key.
    pub fn from_config(
        map: impl IntoIterator<Item = (String, String)>,
        legacy_text_keys: &[String],
    ) -> Result<EventKeys, String> {
        let mut keys = Vec::new();
        for (path, role) in map {
            let r = KeyRole::from_name(&role).ok_or_else(|| {
                format!(
                    "`{path}` = {role:?} is not a role; write one of {:?}",
                    KeyRole::NAMES
                )
            })?;
            keys.push((path, r));
        }
        for path in legacy_text_keys {
            if !keys.iter().any(|(p, _)| p.eq_ignore_ascii_case(path)) {
                keys.push((path.clone(), KeyRole::Text));
            }
        }
        Ok(EventKeys { keys })
    }

    /// The configured role of a key path (compared without case).
    pub fn role(&self, path: &str) -> Option<KeyRole> {
        self.keys
            .iter()
            .find(|(p, _)| p.eq_ignore_ascii_case(path))
            .map(|(_, r)| *r)
    }
}
