//! Collectors: turn sources (files now, live AWS later) into a [`crate::model::Snapshot`].

pub mod aws;
pub mod files;
pub mod stream;
