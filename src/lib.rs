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

pub mod body;
pub mod cli;
pub mod config;
pub mod decode;
pub mod discover;
pub mod front_matter;
pub mod model;
pub mod outputs;
pub mod permalink;
pub mod publish;
pub mod render;
pub mod report;
pub mod site;
pub mod when;
