//! Policies: loading the bundle, reading rule metadata, evaluating with regorus, and running
//! Rego unit tests.

pub mod bundle;
pub mod engine;
pub mod metadata;
pub mod test;

pub use bundle::{Bundle, BundleOptions};
pub use engine::PolicyEngine;
pub use metadata::{RuleInfo, Scope};
