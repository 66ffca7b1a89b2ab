//! The command line's names for library enums: each mirrors one, with the help text clap
//! shows, and converts into it. The library itself knows nothing of clap.

use tenet::diff::format::DiffFormat as LibDiffFormat;
use tenet::inventory::format::InventoryFormat as LibInventoryFormat;
use tenet::readiness::ReadinessFormat as LibReadinessFormat;
use tenet::report::Format as LibFormat;
use tenet::results::Severity as LibSeverity;
use tenet::results::Status as LibStatus;

/// A `clap::ValueEnum` with the variants of a library enum, and `From` into it.
macro_rules! mirror {
    ($name:ident => $lib:ident { $($(#[$attr:meta])* $variant:ident,)* }) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
        pub(crate) enum $name {
            $($(#[$attr])* $variant,)*
        }

        impl From<$name> for $lib {
            fn from(value: $name) -> $lib {
                match value {
                    $($name::$variant => $lib::$variant,)*
                }
            }
        }
    };
}

mirror!(Format => LibFormat {
    /// Human-readable table, grouped by account.
    Table,
    /// `tenet.results/v1` JSON.
    Json,
    /// One row per finding: account,rule,severity,status,resource,message,controls.
    Csv,
    /// SARIF 2.1.0, for code-scanning dashboards; pass findings are left out.
    Sarif,
    /// JUnit XML: a testsuite per rule, a testcase per resource.
    Junit,
    /// GitHub Actions workflow commands: an annotation per fail or error, then a summary.
    Github,
});

mirror!(Severity => LibSeverity {
    Low,
    Medium,
    High,
    Critical,
});

mirror!(ReadinessFormat => LibReadinessFormat {
    /// One self-contained HTML file (inline CSS, SVG and script; nothing fetched), printable.
    Html,
    /// GitHub-flavoured Markdown.
    #[value(alias = "markdown")]
    Md,
    /// One row per control × account.
    Csv,
    /// `tenet.readiness/v1`: the same numbers, machine-readable.
    Json,
});

mirror!(InventoryFormat => LibInventoryFormat {
    /// Aligned columns, worst account first.
    Table,
    /// One row per account; unknown values are `unknown`; an account that was not checked
    /// (suspended, closed) has `not_checked` in every value and the reason under errors.
    Csv,
    /// `tenet.inventory/v1`; unknown values are `null`.
    Json,
});

mirror!(DiffFormat => LibDiffFormat {
    /// Sections of aligned rows, for a terminal.
    Table,
    /// `tenet.diff/v1` JSON.
    Json,
    /// Markdown for a pull-request comment.
    Markdown,
});

/// `--status`: a finding status, or `all` for every one (no status filter).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum StatusFilter {
    Pass,
    Fail,
    Unknown,
    #[value(name = "not_applicable")]
    NotApplicable,
    Error,
    /// Every status: no status filter.
    All,
}

impl StatusFilter {
    /// The status it admits; `None` for `all`.
    pub(crate) fn status(self) -> Option<LibStatus> {
        Some(match self {
            StatusFilter::Pass => LibStatus::Pass,
            StatusFilter::Fail => LibStatus::Fail,
            StatusFilter::Unknown => LibStatus::Unknown,
            StatusFilter::NotApplicable => LibStatus::NotApplicable,
            StatusFilter::Error => LibStatus::Error,
            StatusFilter::All => return None,
        })
    }
}
