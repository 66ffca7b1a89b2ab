//! `tenet inventory`'s formats: an aligned table for the terminal, CSV and JSON
//! (`tenet.inventory/v1`). Rows come sorted worst first (see [`crate::inventory`]); the HTML
//! and Markdown reports render the same rows as a section of their own.

use std::io::{self, Write};

use crate::inventory::{AccountRow, Inventory, ORDERING};

/// The inventory formats: an aligned table, CSV, JSON (`tenet.inventory/v1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InventoryFormat {
    Table,
    Csv,
    Json,
}

pub fn write(
    format: InventoryFormat,
    inventory: &Inventory,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        InventoryFormat::Table => table(inventory, out),
        InventoryFormat::Csv => csv(inventory, out),
        InventoryFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, inventory)?;
            writeln!(out)
        }
    }
}

/// The column titles shared by the table, Markdown and HTML, without [`WAIVED`].
pub const COLUMNS: [&str; 9] = [
    "account",
    "name",
    "root MFA",
    "hardware MFA",
    "root keys",
    "root last used",
    "IAM users",
    "console w/o MFA",
    "stale keys",
];

/// The last column when the rows carry waived counts ([`Inventory::has_waived`]).
pub const WAIVED: &str = "waived";

/// The column titles of this inventory: [`COLUMNS`], then [`WAIVED`] when it has counts.
pub fn columns(inventory: &Inventory) -> Vec<&'static str> {
    let mut columns = COLUMNS.to_vec();
    if inventory.has_waived() {
        columns.push(WAIVED);
    }
    columns
}

/// A row's cells as the tables show them, in [`columns`] order. An account that was not
/// checked (suspended, closed) says so in its first value column and leaves the rest empty.
pub fn cells(row: &AccountRow) -> Vec<String> {
    let mut cells = value_cells(row).to_vec();
    if let Some(waived) = row.waived {
        cells.push(if row.status.is_some() {
            String::new()
        } else {
            waived.to_string()
        });
    }
    cells
}

fn value_cells(row: &AccountRow) -> [String; 9] {
    if let Some(text) = row.not_checked_text() {
        let mut cells: [String; 9] = Default::default();
        cells[0] = row.account_id.clone();
        cells[1] = row.name.clone().unwrap_or_default();
        cells[2] = text;
        return cells;
    }
    [
        row.account_id.clone(),
        row.name.clone().unwrap_or_default(),
        AccountRow::yes_no(row.root_mfa).to_string(),
        AccountRow::yes_no(row.root_hardware_mfa).to_string(),
        AccountRow::count(row.root_active_keys),
        row.last_used_text(),
        AccountRow::count(row.iam_users),
        AccountRow::count(row.console_without_mfa),
        AccountRow::count(row.stale_keys),
    ]
}

fn table(inventory: &Inventory, out: &mut dyn Write) -> io::Result<()> {
    let columns = columns(inventory);
    let rows: Vec<Vec<String>> = inventory.accounts.iter().map(cells).collect();
    let widths: Vec<usize> = (0..columns.len())
        .map(|i| {
            rows.iter()
                .map(|r| r[i].chars().count())
                .chain([columns[i].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: &[&str]| -> String {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        padded.join("  ").trim_end().to_string()
    };
    writeln!(out, "{}", line(&columns))?;
    for row in &rows {
        let cells: Vec<&str> = row.iter().map(String::as_str).collect();
        writeln!(out, "{}", line(&cells))?;
    }
    for row in inventory.accounts.iter().filter(|r| !r.errors.is_empty()) {
        for error in &row.errors {
            writeln!(out, "! {}: {error}", row.account_id)?;
        }
    }
    writeln!(
        out,
        "\n{} as of {}, {ORDERING}. Stale keys: active user access keys not rotated for more than {} days.",
        crate::report::plural(inventory.accounts.len(), "account", "accounts"),
        inventory.as_of,
        inventory.rotation_days
    )
}

pub const CSV_HEADER: [&str; 11] = [
    "account",
    "name",
    "root_mfa",
    "root_hardware_mfa",
    "root_active_keys",
    "root_last_used",
    "root_last_used_days",
    "iam_users",
    "console_without_mfa",
    "stale_keys",
    "errors",
];

fn csv(inventory: &Inventory, out: &mut dyn Write) -> io::Result<()> {
    let flag = |v: Option<bool>| v.map_or("unknown".to_string(), |b| b.to_string());
    let mut csv = ::csv::Writer::from_writer(out);
    let waived = inventory.has_waived();
    if waived {
        csv.write_record(CSV_HEADER.iter().chain([&WAIVED]))?;
    } else {
        csv.write_record(CSV_HEADER)?;
    }
    let waived_cell = |row: &AccountRow| row.waived.map(|n| n.to_string());
    for row in &inventory.accounts {
        if let Some(status) = &row.status {
            // Not checked (suspended, closed): nothing was collected, so nothing is unknown
            // either; the reason is where errors go.
            let mut cells = vec!["not_checked".to_string(); CSV_HEADER.len()];
            cells[0] = row.account_id.clone();
            cells[1] = row.name.clone().unwrap_or_default();
            cells[6] = String::new();
            cells[10] = format!(
                "not checked: the account is {} ({status})",
                crate::model::snapshot::status_words(status)
            );
            cells.extend(waived_cell(row).map(|_| String::new()));
            crate::report::write_csv_row(&mut csv, cells)?;
            continue;
        }
        let last_used = match (&row.root_last_used, row.root_row) {
            (Some(at), _) => at.clone(),
            (None, true) => "never".to_string(),
            (None, false) => "unknown".to_string(),
        };
        crate::report::write_csv_row(
            &mut csv,
            [
                row.account_id.clone(),
                row.name.clone().unwrap_or_default(),
                flag(row.root_mfa),
                flag(row.root_hardware_mfa),
                AccountRow::count(row.root_active_keys),
                last_used,
                row.root_last_used_days
                    .map_or(String::new(), |d| d.to_string()),
                AccountRow::count(row.iam_users),
                AccountRow::count(row.console_without_mfa),
                AccountRow::count(row.stale_keys),
                row.errors.join("; "),
            ]
            .into_iter()
            .chain(waived_cell(row)),
        )?;
    }
    csv.flush()
}
