//! tenet's integration tests, one binary: a module per topic, and `support`, what they share.
//! Run one topic with its module name as the filter, e.g. `cargo test --release check::`
//! (the live moto and browser tests are #[ignore]d: scripts/test.sh runs them too).

mod support;

mod bad_inputs;
mod check;
mod ci_examples;
mod diff;
mod filters;
mod iam_input;
mod init;
mod lint;
mod lint_waivers;
mod live;
mod live_faults;
mod no_data_lost;
mod policy;
mod proptest_parsers;
mod readiness;
mod readme;
mod rego_cli;
mod report_formats;
mod report_html;
mod sandbox;
mod schemas;
mod selection;
mod stream;
mod table;
mod waivers;
