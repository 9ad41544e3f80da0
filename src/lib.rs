//! feedcal: event posts of static sites in; RSS 2.0, Atom 1.0, JSON Feed and
//! iCalendar out.
//!
//! Data flows one way, one module per stage, each importing only the stages
//! below it (`tests/testsuite/layering.rs` holds every `use` to this order):
//!
//! ```text
//! build      one run, top to bottom: lock → site → plan → render → publish
//! previous   the calendars published elsewhere (`--previous DIR|URL`) a clean build continues
//! publish    the only writer of the output folder: compare, check, stage, sync, rename
//! render     a Document in, bytes out, and each format's reader: rss, atom,
//!            jsonfeed, ics (writer and reader), page — one trait, one table
//! plan       which files a run writes, which posts each holds, which posts are left out
//! init       `feedcal init`: reads a site, writes its feedcal.toml
//! sections   which folders are sections, and events, when no config names them
//! site       the reading stages in parallel, in path order
//! front_matter → when, body, discover → decode     the reading stages
//! config     feedcal.toml over the generator's own config, with provenance
//! permalink  each generator's URL rules
//! site_config, publish_rules     what the generator's config file and rules say
//! generator, names, lock, event_keys
//! model      what every stage shares: Post, EventWhen, identity, Occurrence,
//!            Document, Output, LeftOut
//! ```
//!
//! [`build::build`] is the library's entry point for a build and
//! [`build::check`] for a check; the binary (`src/main.rs` and `src/cmd/`)
//! parses the command line, calls them and prints what they return.

pub mod body;
pub mod build;
pub mod config;
pub mod decode;
pub mod discover;
pub mod event_keys;
pub mod front_matter;
pub mod generator;
pub mod init;
pub mod lock;
pub mod model;
pub mod names;
pub mod permalink;
pub mod plan;
pub mod previous;
pub mod publish;
pub mod publish_rules;
pub mod render;
pub mod sections;
pub mod site;
pub mod site_config;
pub mod when;
