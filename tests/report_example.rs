//! Smoke test of the `report` example: a page on stdout for a good roster,
//! a message naming line and column with exit 1 for bad data, exit 2 for a
//! usage error.

use std::process::{Command, Output};

fn report(args: &[&str]) -> Output {
    Command::new(env!("CARGO"))
        .args(["run", "-q", "--example", "report", "--"])
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

#[test]
fn report_example() {
    let roster = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/small_roster.csv");
    let out = report(&[roster, "--model", "pooled", "--threshold", "vision=0.7", "-o", "-"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("coverage model <b>pooled</b>"));
    assert!(html.contains("roster <code>small_roster.csv</code>"));
    assert_eq!(html.matches("<section class=\"team\"").count(), 7);

    let dir = std::env::temp_dir().join(format!("rolebalance-report-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.csv");
    std::fs::write(
        &bad,
        "id,team,inspire,organize,vision,execution,people,process,risk_taking,risk_management\n\
                          a,T,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5\n\
                          b,T,0.5,0.5,1.5,0.5,0.5,0.5,0.5,0.5\n",
    )
    .unwrap();
    let out = report(&[bad.to_str().unwrap(), "-o", "-"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("line 3, column `vision`"), "{err}");

    let out = report(&["--model", "loudest", roster]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    std::fs::remove_dir_all(&dir).unwrap();
}
