//! feedcal's integration tests: one test binary, one module per topic, so a
//! test run links once (as ripgrep's and mdBook's test suites do).
//!
//! Shared helpers: `common` (the crate root, the sample build, the corpus),
//! `cron_support` (throw-away sites for the publishing tests), `lint` (a
//! byte-level lint of every output, used by `lint_outputs` and `interop`).
//! Test data stays beside this folder: `tests/golden/`, `tests/data/`, and
//! the interop clients in `tests/interop/`.

mod common;
mod cron_support;
mod lint;

mod auto_sections;
mod cli;
mod corpus_build;
mod corpus_no_config;
mod corpus_sites;
mod cron_bad_input;
mod cron_identity;
mod cron_kill;
mod cron_props;
mod cron_publish;
mod golden;
mod hostile_input;
mod hostile_output;
mod hugo_corpus;
mod interop;
mod layering;
mod layouts;
mod left_out;
mod lint_outputs;
mod page_browser;
mod parse_back;
mod previous;
mod report_schema;
mod site_config;
mod site_shapes;
mod subscriber;
mod when_forms;
mod when_front_matter;
mod when_props;
mod when_prose;
