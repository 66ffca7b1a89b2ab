//! Policies: loading the bundle, reading rule metadata, evaluating with regorus, and running
//! Rego unit tests.

pub mod ast;
pub mod builtins;
pub mod bundle;
pub mod coverage;
pub mod engine;
mod evaluate;
pub mod frameworks;
pub mod isolation;
pub mod limits;
pub mod lint;
pub mod metadata;
pub mod protocol;
mod regorus_error;
pub mod sandbox;
pub mod selection;
pub mod test;
pub mod worker;

pub use bundle::{Bundle, BundleOptions};
pub use engine::PolicyEngine;
pub use isolation::Isolation;
pub use limits::Limits;
pub use metadata::{RuleInfo, Scope};
pub use selection::Selection;
