//! Streaming evaluation (a saved snapshot read account by account, evaluated while it is read)
//! gives exactly the results of evaluating the whole document at once.

use std::io::Write;

use tenet::collect::{files, stream};
use tenet::findings::Results;
use tenet::policy::{Bundle, BundleOptions, PolicyEngine};

#[test]
fn streaming_and_whole_document_evaluation_agree_on_a_generated_org() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("org.json");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    tenet::synthetic::write_snapshot(&mut file, 16, 20, 11).unwrap();
    file.flush().unwrap();
    drop(file);

    let bundle = Bundle::load(&BundleOptions {
        builtin: true,
        ..Default::default()
    })
    .unwrap();
    let engine = PolicyEngine::compile(&bundle).unwrap();

    let whole = files::load_snapshot(&path).unwrap();
    let expected = Results::new(whole.collected_at.clone(), engine.evaluate(&whole).unwrap());

    let mut streamed_accounts = 0;
    let (findings, head) = engine
        .evaluate_stream::<anyhow::Error>(None, |sink| {
            let streamed = stream::read_snapshot(&path, &mut |h, a| {
                streamed_accounts += 1;
                sink(h, a)
            })?;
            Ok(streamed.snapshot)
        })
        .unwrap();
    let actual = Results::new(head.collected_at.clone(), findings);

    assert_eq!(streamed_accounts, 16);
    // Every account rule for every account, and the organization rules once.
    assert!(
        expected.results.len() > 16 * 20,
        "{}",
        expected.results.len()
    );
    assert_eq!(actual, expected);
    // The evaluation found something of each kind, so the comparison is not vacuous.
    assert!(
        expected.summary.pass > 0
            && expected.summary.fail > 0
            && expected.summary.not_applicable > 0
    );

    // --as-of moves the evaluation time in both.
    let (findings, _) = engine
        .evaluate_stream::<anyhow::Error>(Some("2027-06-01T00:00:00Z"), |sink| {
            Ok(stream::read_snapshot(&path, sink)?.snapshot)
        })
        .unwrap();
    let mut later = whole.clone();
    later.collected_at = "2027-06-01T00:00:00Z".into();
    assert_eq!(
        Results::new(later.collected_at.clone(), findings),
        Results::new(later.collected_at.clone(), engine.evaluate(&later).unwrap())
    );
}
