//! feedcal: Hugo event posts in, RSS 2.0, Atom 1.0 and iCalendar out.
//!
//! Data flows one way, one module per stage:
//!
//! ```text
//! discover → decode → front_matter → when (event time) → model::Post
//!          → render::{rss, atom, ics} (via outputs) → publish
//! ```
//!
//! [`site::load`] runs the stages up to the model; [`outputs::render_all`]
//! renders; [`publish::publish`] writes. The binary (`cli`) only wires them.
//!
//! `build` holds [`lock`] on the output folder for the whole run, and
//! [`readback`] reads outputs back: the published calendars for event
//! SEQUENCE, the published files for the shrink guard, and every staged file
//! as the self-check before it is published.

pub mod body;
pub mod cli;
pub mod config;
pub mod decode;
pub mod discover;
pub mod front_matter;
pub mod generator;
pub mod lock;
pub mod model;
pub mod names;
pub mod outputs;
pub mod permalink;
pub mod publish;
pub mod readback;
pub mod render;
pub mod report;
pub mod site;
pub mod when;
