//! One CSV row per finding, for spreadsheets and evidence folders. Quoting is the `csv`
//! crate's (RFC 4180): a field holding a comma, quote or line break is quoted. A field that
//! starts like a formula gets a leading `'` ([`super::spreadsheet_safe`]).

use std::io::{self, Write};

use super::Context;
use crate::results::Results;

pub const HEADER: [&str; 7] = [
    "account", "rule", "severity", "status", "resource", "message", "controls",
];

/// Added after [`HEADER`] when a waivers file was applied: the waiver covering a waived
/// finding, and the waiver that matched a `fail` or `unknown` one but had expired.
pub const WAIVER_HEADER: [&str; 5] = [
    "waiver",
    "waiver_owner",
    "waiver_expires",
    "waiver_reason",
    "expired_waiver",
];

pub fn write(results: &Results, _context: &Context, out: &mut dyn Write) -> io::Result<()> {
    let mut csv = ::csv::Writer::from_writer(out);
    let waivers = !results.waivers.is_empty();
    if waivers {
        csv.write_record(HEADER.iter().chain(&WAIVER_HEADER))?;
    } else {
        csv.write_record(HEADER)?;
    }
    for f in &results.results {
        let controls = super::control_tags(&f.controls).join(";");
        let mut row = vec![
            f.account.as_ref(),
            &f.rule,
            f.severity.as_str(),
            f.status.as_str(),
            &f.resource,
            &f.message,
            &controls,
        ];
        if waivers {
            let w = f.waiver.as_deref();
            row.extend([
                w.map_or("", |w| &w.id),
                w.map_or("", |w| &w.owner),
                w.map_or("", |w| &w.expires),
                w.map_or("", |w| &w.reason),
                f.expired_waiver.as_deref().unwrap_or(""),
            ]);
        }
        super::write_csv_row(&mut csv, row)?;
    }
    csv.flush()
}

#[cfg(test)]
mod tests {
    use super::super::fixture;
    use super::*;

    fn render() -> String {
        let mut out = Vec::new();
        write(&fixture::results(), &Context::default(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn one_row_per_finding_in_results_order_with_sorted_controls() {
        // Results order is (account, rule, resource); bob's message has a comma and a line
        // break, so it is quoted; controls are framework:id sorted by framework, then id.
        let expected = "\
account,rule,severity,status,resource,message,controls
111111111111,password_policy_length,low,unknown,arn:aws:iam::111111111111:root,the password policy could not be read,cis-aws-6.0:2.7
111111111111,root_access_keys,critical,pass,arn:aws:iam::111111111111:root,no active root access keys,cis-aws-6.0:2.3;hipaa:164.312(a)(2)(i);soc2:CC6.1;soc2:CC6.3
111111111111,user_console_mfa,medium,not_applicable,arn:aws:iam::111111111111:user/ops,ops has no console password,cis-aws-6.0:2.9;soc2:CC6.1
222222222222,password_policy_length,low,error,arn:aws:iam::222222222222:root,not evaluated: credential_report could not be collected: AccessDenied,cis-aws-6.0:2.7
222222222222,root_access_keys,critical,fail,arn:aws:iam::222222222222:root,root access key 1 is active (last used 2026-11-10),cis-aws-6.0:2.3;hipaa:164.312(a)(2)(i);soc2:CC6.1;soc2:CC6.3
222222222222,user_console_mfa,medium,pass,arn:aws:iam::222222222222:user/alice,alice has MFA,cis-aws-6.0:2.9;soc2:CC6.1
222222222222,user_console_mfa,medium,fail,arn:aws:iam::222222222222:user/bob,\"bob signs in with a password, 100% without MFA,
since 2025-06-01\",cis-aws-6.0:2.9;soc2:CC6.1
";
        assert_eq!(render(), expected);
    }

    #[test]
    fn reads_back_as_the_same_findings() {
        let text = render();
        let mut reader = ::csv::Reader::from_reader(text.as_bytes());
        assert_eq!(
            reader.headers().unwrap(),
            &::csv::StringRecord::from(&HEADER[..])
        );
        let rows: Vec<::csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        let results = fixture::results();
        assert_eq!(rows.len(), results.results.len());
        for (row, f) in rows.iter().zip(&results.results) {
            assert_eq!(&row[1], &*f.rule);
            assert_eq!(&row[4], &*f.resource);
            assert_eq!(&row[5], &*f.message);
        }
    }

    #[test]
    fn a_finding_without_controls_has_an_empty_controls_field() {
        let mut results = fixture::results();
        results.results.truncate(1);
        results.results[0].controls = Default::default();
        let mut out = Vec::new();
        write(&results, &Context::default(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.ends_with(",the password policy could not be read,\n"),
            "{text}"
        );
    }
}
