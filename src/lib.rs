//! tenet: AWS root-user and IAM credential hygiene checked by Rego policies.
//!
//! The pipeline is a chain of plain functions over plain data:
//! sources → [`collect`] → [`model::Snapshot`] → [`policy`] → [`results::Results`] → [`report`],
//! [`readiness`], [`inventory`]. [`pipeline`] is the one path from an input to results that
//! every command shares. Each stage's output can be saved as JSON and fed to the next;
//! [`diff`] compares two result sets.

pub mod collect;
pub mod diff;
pub mod error;
pub mod glob;
pub mod inventory;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod policy;
pub mod readiness;
pub mod report;
pub mod results;
pub mod synthetic;
pub mod waivers;
