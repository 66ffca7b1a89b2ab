//! Parsing a credential report of 5,000 IAM users (the size of a large account), as CSV and as
//! the base64 blob GetCredentialReport returns.

use base64::Engine as _;
use criterion::{criterion_group, criterion_main, Criterion};

/// A 5,000-user report in AWS's column order and value conventions.
fn report(users: usize) -> String {
    let mut csv = String::from("user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated\n");
    csv.push_str("<root_account>,arn:aws:iam::123456789012:root,2019-05-01T10:00:00+00:00,not_supported,2026-01-03T08:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n");
    for i in 0..users {
        let console = i % 3 != 0;
        csv.push_str(&format!(
            "user-{i},arn:aws:iam::123456789012:user/user-{i},2024-03-01T12:00:00+00:00,{console},{},2026-10-01T12:00:00+00:00,N/A,{},true,2025-06-01T12:05:00+00:00,2026-11-19T22:00:00+00:00,eu-west-1,s3,{},2026-01-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,false,N/A\n",
            if console { "2026-11-18T09:00:00+00:00" } else { "N/A" },
            i % 5 != 0,
            i % 10 == 0,
        ));
    }
    csv
}

fn parse(c: &mut Criterion) {
    let csv = report(5000);
    let blob = base64::engine::general_purpose::STANDARD.encode(&csv);
    assert_eq!(
        tenet::model::credential_report::parse(csv.as_bytes(), "bench")
            .unwrap()
            .users
            .len(),
        5000
    );
    c.bench_function("credential report, 5000 users, csv", |b| {
        b.iter(|| tenet::model::credential_report::parse(csv.as_bytes(), "bench").unwrap())
    });
    c.bench_function("credential report, 5000 users, base64", |b| {
        b.iter(|| tenet::model::credential_report::parse(blob.as_bytes(), "bench").unwrap())
    });
}

criterion_group!(benches, parse);
criterion_main!(benches);
