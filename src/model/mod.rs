//! Snapshot types: what tenet knows about an organization, independent of where it came
//! from (files or live AWS) and of how it is evaluated.

pub mod credential_report;
pub mod iam;
pub mod organization;
pub mod scp;
pub mod snapshot;

pub use credential_report::{CredentialReport, CredentialRow};
pub use iam::Iam;
pub use organization::{Organization, OrganizationalUnit, Policy};
pub use scp::PolicyDocument;
pub use snapshot::{
    Account, CollectionError, PasswordPolicy, PasswordPolicyState, Snapshot, SnapshotHead, Stage,
    SNAPSHOT_SCHEMA,
};
