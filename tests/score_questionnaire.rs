//! Runs the `score_questionnaire` example on the sample questionnaire and
//! pipes its roster into `analyze_roster -`.
//!
//! `cargo test` builds the examples before the tests; the binaries sit in
//! `<target>/<profile>/examples/`, next to the `deps` folder of this test.

mod common;

use common::{data, example};

use std::io::Write;
use std::process::{Command, Stdio};

use rolebalance::{Analyzer, Framework, Instrument, Scorer};

/// Runs an example; returns (exit code, stdout, stderr).
fn run(name: &str, args: &[&str], stdin: &[u8]) -> (i32, String, String) {
    let mut child = Command::new(example(name))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the example is built by cargo test");
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin).unwrap();
    drop(input);
    let out = child.wait_with_output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

fn score(format: &str) -> (i32, String, String) {
    let (inst, resp) = (data("questionnaire_instrument.csv"), data("questionnaire_responses.csv"));
    run("score_questionnaire", &["--instrument", &inst, "--responses", &resp, "--format", format], b"")
}

#[test]
fn roster_csv_pipes_into_analyze_roster() {
    let (code, roster, err) = score("roster-csv");
    assert_eq!(code, 0, "{err}");
    assert!(roster.starts_with(
        "id,name,team,weight,inspire,organize,vision,execution,people,process,risk_taking,risk_management\n"
    ));
    let (code, summary, err) = run("analyze_roster", &["--format", "csv", "-"], roster.as_bytes());
    assert_eq!(code, 0, "{err}");
    // The same table as the library's analysis of the scored roster.
    let inst =
        Instrument::from_csv_path(Framework::leadership_management(), data("questionnaire_instrument.csv")).unwrap();
    let scored = Scorer::new(inst).score_path(data("questionnaire_responses.csv")).unwrap();
    let mut want = Vec::new();
    Analyzer::new().analyze(scored.roster()).unwrap().write_summary_csv(&mut want).unwrap();
    assert_eq!(summary, String::from_utf8(want).unwrap());
    assert_eq!(summary.lines().count(), 7, "six teams and the header");
}

#[test]
fn json_lists_every_scale_in_instrument_order() {
    let (code, out, err) = score("json");
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let scales = v["scales"].as_array().unwrap();
    let names: Vec<&str> = scales.iter().map(|s| s["scale"].as_str().unwrap()).collect();
    assert_eq!(names, Framework::leadership_management().pole_names().collect::<Vec<_>>());
    for s in scales {
        let k = s["items"].as_u64().unwrap() as usize;
        assert!(s["respondents"].as_u64().unwrap() >= 120);
        let alpha = s["alpha"].as_f64().unwrap();
        let ci = s["alpha_ci"].as_array().unwrap();
        assert!(ci[0].as_f64().unwrap() < alpha && alpha < ci[1].as_f64().unwrap());
        assert!(s["standardized_alpha"].is_f64() && s["sem"].is_f64());
        assert_eq!(s["item_total"].as_array().unwrap().len(), k);
        assert_eq!(s["alpha_if_dropped"].as_array().unwrap().len(), k);
    }
    assert_eq!(scales[2]["item_names"], serde_json::json!(["vis1", "vis2", "vis3", "vis4"]));
}

#[test]
fn text_is_a_reliability_table_and_errors_name_the_place() {
    let (code, out, err) = score("text");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("scale") && out.contains("95% CI (Feldt)") && out.contains("SEM"), "{out}");
    assert!(out.lines().any(|l| l.starts_with("risk_management") && l.contains('[')), "{out}");

    let dir = std::env::temp_dir().join(format!("rolebalance-sq-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let resp = dir.join("responses.csv");
    let text = std::fs::read_to_string(data("questionnaire_responses.csv")).unwrap();
    let bad = text.replacen("p002,Acme/Engineering/Platform,0.5,4,", "p002,Acme/Engineering/Platform,0.5,6,", 1);
    assert_ne!(bad, text);
    std::fs::write(&resp, bad).unwrap();
    let inst = data("questionnaire_instrument.csv");
    let args = ["--instrument", inst.as_str(), "--responses", resp.to_str().unwrap(), "--format", "roster-csv"];
    let (code, out, err) = run("score_questionnaire", &args, b"");
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(err.ends_with("line 3, column `ins1`: `6` is out of range [1, 5]\n"), "{err}");
    let mut lenient = args.to_vec();
    lenient.push("--lenient");
    let (code, out, err) = run("score_questionnaire", &lenient, b"");
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 144, "header and 143 of 144 respondents");
    assert!(err.contains("skipped line 3, column `ins1`"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

fn tests_data(name: &str) -> String {
    format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn json_on_bfi_carries_psychs_figures() {
    let (inst, resp, fw) = (tests_data("bfi_instrument.csv"), tests_data("bfi.csv"), tests_data("bfi_framework.csv"));
    let args =
        ["--instrument", &inst, "--responses", &resp, "--framework", &fw, "--missing", "pairwise", "--format", "json"];
    let (code, out, err) = run("score_questionnaire", &args, b"");
    assert_eq!(code, 0, "{err}");
    // The respondents with too few answers are reported, not fatal.
    assert_eq!(err.lines().filter(|l| l.contains("not scored")).count(), 4, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["missing"], "pairwise");
    assert_eq!(v["respondents"], 2800);
    assert_eq!(v["unscored"].as_array().unwrap().len(), 4);
    assert!(v["unscored"][0]["reason"].as_str().unwrap().contains("has 2 of 5 items answered"));
    let reference: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(tests_data("psych_reference.json")).unwrap()).unwrap();
    let want = &reference["bfi"]["scales"][0];
    let got = &v["scales"][0];
    assert_eq!(got["scale"], "agreeableness");
    for (key, reference_key) in [
        ("alpha", "alpha"),
        ("standardized_alpha", "std_alpha"),
        ("lambda6", "lambda6"),
        ("omega_total", "omega_total"),
    ] {
        let (g, w) = (got[key].as_f64().unwrap(), want[reference_key].as_f64().unwrap());
        assert!((g - w).abs() < 1e-9, "{key}: {g} vs {w}");
    }
    let item = &got["item_stats"][0];
    assert_eq!(
        (item["item"].as_str(), item["n"].as_u64(), item["reversed"].as_bool()),
        (Some("A1"), Some(2784), Some(true))
    );
    for key in ["raw_r", "std_r", "r_cor", "r_drop", "mean", "sd", "missing"] {
        let (g, w) = (item[key].as_f64().unwrap(), want["item_stats"][0][key].as_f64().unwrap());
        assert!((g - w).abs() < 1e-9, "{key}: {g} vs {w}");
    }
    assert_eq!(item["frequencies"].as_array().unwrap().len(), 6);
    assert!(item["if_dropped"]["raw_alpha"].is_f64());
    assert!(got["alpha_ci"].is_array() && got["alpha_ci_duhachek"].is_array() && got["alpha_ci_bootstrap"].is_null());
    let cor = &v["scale_correlations"];
    assert_eq!(cor["scales"].as_array().unwrap().len(), 5);
    assert_eq!(cor["corrected"][0][0], got["alpha"]);
}

#[test]
fn ratings_give_six_intraclass_correlations() {
    let ratings = tests_data("icc_ratings.csv");
    let (code, out, err) = run("score_questionnaire", &["--ratings", &ratings, "--format", "json"], b"");
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["omitted"], 2);
    let labels: Vec<&str> = v["icc"].as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["ICC(1,1)", "ICC(A,1)", "ICC(C,1)", "ICC(1,k)", "ICC(A,k)", "ICC(C,k)"]);
    let (code, out, err) = run("score_questionnaire", &["--ratings", &ratings], b"");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("ICC(C,k)") && out.contains("95% CI"), "{out}");
}
