//! Runs the `analyze_roster` example on the shipped data and checks what it prints.
//!
//! `cargo test` builds the examples before the tests; the binary sits in
//! `<target>/<profile>/examples/`, next to the `deps` folder of this test.

mod common;

use common::{data, example};

use std::io::Write;
use std::process::{Command, Stdio};

/// Runs analyze_roster; returns (exit code, stdout, stderr).
fn run(args: &[&str], stdin: Option<&[u8]>) -> (i32, String, String) {
    let mut child = Command::new(example("analyze_roster"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the example is built by cargo test");
    let mut input = child.stdin.take().unwrap();
    if let Some(bytes) = stdin {
        input.write_all(bytes).unwrap();
    }
    drop(input);
    let out = child.wait_with_output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

fn summary(csv: &str) -> Vec<(String, Vec<String>)> {
    csv.lines()
        .skip(1)
        .map(|l| {
            let mut r = csv_fields(l);
            let flags = r.pop().unwrap();
            (r[0].clone(), flags.split(';').filter(|f| !f.is_empty()).map(str::to_string).collect())
        })
        .collect()
}

fn csv_fields(line: &str) -> Vec<String> {
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).from_reader(line.as_bytes());
    rdr.records().next().unwrap().unwrap().iter().map(str::to_string).collect()
}

#[test]
fn the_sample_shows_every_kind_of_finding() {
    let (code, out, err) = run(&["--format", "csv"], None);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("team,members,total_weight,direction,control,balance,flags\n"));
    let rows = summary(&out);
    assert!(rows.len() >= 6);
    let teams: Vec<&str> = rows.iter().map(|(t, _)| t.as_str()).collect();
    let mut sorted = teams.clone();
    sorted.sort();
    assert_eq!(teams, sorted, "rows are sorted by team");
    let all: Vec<&str> = rows.iter().flat_map(|(_, f)| f.iter().map(String::as_str)).collect();
    for kind in [
        "no_direction",
        "no_control",
        "uncovered_pole:",
        "single_point_of_failure:",
        "skewed:leadership",
        "skewed:management",
        "no_bridge",
    ] {
        assert!(all.iter().any(|f| f.starts_with(kind)), "no {kind} in the sample");
    }
    let flags = |team: &str| rows.iter().find(|(t, _)| t == team).unwrap().1.clone();
    assert!(flags("Northwind/Product/Discovery").contains(&"no_control".to_string()));
    assert!(flags("Northwind/Engineering/Platform").contains(&"no_direction".to_string()));
    assert!(flags("Northwind/Product/Delivery").is_empty());
    assert!(flags("Northwind/Operations/Support").contains(&"no_bridge".to_string()));
}

#[test]
fn every_model_and_form_runs_on_the_sample() {
    for model in ["strongest", "pooled", "average", "weakest", "additive"] {
        for file in ["roster.csv", "roster_positions.csv"] {
            let (code, out, err) = run(&["--format", "csv", "--model", model, &data(file)], None);
            assert_eq!(code, 0, "{model} {file}: {err}");
            assert_eq!(summary(&out).len(), 8, "{model} {file}");
            // The command line's table is the library's.
            let analyzer = rolebalance::Analyzer::new().model(model.parse().unwrap());
            let (report, _) = rolebalance::ReaderBuilder::new().analyze_path(data(file), &analyzer).unwrap();
            let mut table = Vec::new();
            report.write_summary_csv(&mut table).unwrap();
            assert_eq!(out.as_bytes(), table, "{model} {file}");
        }
    }
}

#[test]
fn text_json_rollup_requirements_and_framework() {
    let (code, out, _) = run(&[], None);
    assert_eq!(code, 0);
    assert!(out.contains("== Northwind/Product/Discovery (5 members"));
    assert!(out.contains("[critical] no control: control"));
    let (code, out, _) = run(&["--format", "json", "--rollup"], None);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let teams = v["teams"].as_array().unwrap();
    assert!(teams.iter().any(|t| t["team"] == "Northwind/*" && t["level"] == "rollup" && t["members"] == 41));
    let (code, out, _) = run(&["--format", "csv", "--requirements", &data("requirements.csv")], None);
    assert_eq!(code, 0);
    let rows = summary(&out);
    let delivery = &rows.iter().find(|(t, _)| t == "Northwind/Product/Delivery").unwrap().1;
    assert!(delivery.iter().any(|f| f.ends_with(":execution")), "{delivery:?}");
    let (code, _, err) = run(&["--framework", &data("framework_agile.csv")], None);
    assert_eq!(code, 1);
    assert!(err.contains("line 1: no column for dimension `change`"), "{err}");
}

#[test]
fn standard_input() {
    let roster = std::fs::read(data("roster.csv")).unwrap();
    let (code, piped, _) = run(&["--format", "csv", "-"], Some(&roster));
    assert_eq!(code, 0);
    let (_, direct, _) = run(&["--format", "csv"], None);
    assert_eq!(piped, direct);
}

#[test]
fn data_errors_exit_1_with_nothing_on_stdout() {
    let bad = b"id,team,purpose,horizon,focus,risk\na,T,0,0,0,0\nb,T,0,2,0,0\n";
    let (code, out, err) = run(&["--format", "csv", "-"], Some(bad));
    assert_eq!(code, 1);
    assert_eq!(out, "");
    assert_eq!(err, "error: -: line 3, column `horizon`: `2` is out of range [-1, 1]\n");
    let (code, out, err) = run(&["--format", "csv", "--lenient", "-"], Some(bad));
    assert_eq!(code, 0);
    assert_eq!(summary(&out).len(), 1);
    assert!(err.contains("skipped: -: line 3, column `horizon`"), "{err}");
    let (code, out, err) = run(&["/nonexistent/roster.csv"], None);
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(err.starts_with("error: cannot read `/nonexistent/roster.csv`: "), "{err}");
    // The cause once, not twice.
    assert_eq!(err.matches("os error").count(), 1, "{err}");
}

#[test]
fn usage_errors_exit_2() {
    let (code, out, err) = run(&["--model", "loudest"], None);
    assert_eq!(code, 2);
    assert_eq!(out, "");
    assert!(err.contains("Usage"), "{err}");
}

/// Every example and every format that writes to standard output ends
/// quietly with status 0 when standard output is a pipe already closed by
/// its reader (as `| head -1` closes it), also with standard error on the
/// same closed pipe (`2>&1 | head -1`): no panic (101), no error (1).
#[cfg(target_os = "linux")]
#[test]
fn a_closed_standard_output_ends_every_example_quietly() {
    use std::os::fd::OwnedFd;
    let d = data;
    let sample = d("roster.csv");
    let instrument = d("questionnaire_instrument.csv");
    let responses = d("questionnaire_responses.csv");
    let icc = format!("{}/tests/data/icc_ratings.csv", env!("CARGO_MANIFEST_DIR"));
    let mut cases: Vec<(&str, Vec<String>)> = Vec::new();
    let owned = |v: &[&str]| v.iter().map(|s| (*s).to_string()).collect::<Vec<_>>();
    for f in ["text", "csv", "json"] {
        cases.push(("analyze_roster", owned(&["--format", f, &sample])));
        cases.push(("analyze_roster", owned(&["--format", f, "--lenient", "--rollup", &sample])));
        cases.push(("rebalance", owned(&["--format", f, &d("org_unbalanced.csv")])));
    }
    for f in ["text", "json"] {
        let cands = d("candidates.csv");
        cases.push((
            "recommend",
            owned(&["--format", f, "--team", "Northwind/Leadership", "--candidates", &cands, &sample]),
        ));
        cases.push(("score_questionnaire", owned(&["--format", f, "--ratings", &icc])));
    }
    for f in ["text", "csv", "assignment"] {
        cases.push(("form_teams", owned(&["--teams", "3", "--format", f, &d("pool_30.csv")])));
    }
    for f in ["text", "json", "roster-csv"] {
        cases.push((
            "score_questionnaire",
            owned(&["--format", f, "--instrument", &instrument, "--responses", &responses]),
        ));
    }
    cases.push(("report", owned(&["-o", "-", &sample])));
    for (name, args) in &cases {
        for both in [false, true] {
            let (reader, writer) = rustix::pipe::pipe().unwrap();
            drop(reader);
            let writer: OwnedFd = writer;
            let stderr = if both { Stdio::from(writer.try_clone().unwrap()) } else { Stdio::piped() };
            let out = Command::new(example(name))
                .args(args)
                .stdin(Stdio::null())
                .stdout(Stdio::from(writer))
                .stderr(stderr)
                .output()
                .unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(0), "{name} {args:?} (stderr on the pipe too: {both}): {err}");
            assert!(!err.contains("panicked") && !err.contains("error"), "{name} {args:?}: {err}");
        }
    }
}

/// `analyze_roster --format csv` neutralises a team a spreadsheet would run
/// as a formula, and `--csv-formulas keep` writes it as it is.
#[test]
fn csv_output_neutralises_formulas_unless_told_to_keep_them() {
    let roster = b"id,team,purpose,horizon,focus,risk\na,=HYPERLINK(\"x\"),1,1,1,1\nb,-0.5,1,1,1,1\n";
    let (code, out, err) = run(&["--format", "csv", "-"], Some(roster));
    assert_eq!(code, 0, "{err}");
    let rows: Vec<&str> = out.lines().skip(1).collect();
    assert!(rows.iter().any(|r| r.starts_with("-0.5,1,")), "{out}");
    assert!(rows.iter().any(|r| r.starts_with("\"'=HYPERLINK(\"\"x\"\")\",1,")), "{out}");
    let (code, out, err) = run(&["--format", "csv", "--csv-formulas", "keep", "-"], Some(roster));
    assert_eq!(code, 0, "{err}");
    assert!(out.lines().any(|r| r.starts_with("\"=HYPERLINK(\"\"x\"\")\",1,")), "{out}");
}

/// Names, ids and teams with terminal control sequences (an escape
/// sequence, an OSC 8 link, a carriage return, a right-to-left override)
/// reach no example's text output or note as they are.
#[test]
fn text_outputs_of_the_examples_escape_control_sequences() {
    let dir = std::env::temp_dir().join(format!("rolebalance-term-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let hostile = ["\u{1b}[2J", "\u{1b}]8;;http:e\u{7}x\u{1b}]8;;\u{7}", "a\rb", "\u{202e}x", "\u{9b}1m"];
    let mut roster = String::from("id,name,team,purpose,horizon,focus,risk,\u{1b}[31mextra\n");
    let mut pool = String::from("id,name,purpose,horizon,focus,risk\n");
    for (i, h) in hostile.iter().enumerate() {
        for (j, v) in ["0.9,0.9,0.1,0.1", "0.1,0.1,0.9,0.9", "0.2,0.8,0.2,0.8"].iter().enumerate() {
            // A carriage return in an id or a team is a line break there (an
            // error); in a name, free text, it is kept.
            let k = h.replace('\r', "\u{1b}[1A");
            roster.push_str(&format!("\"id{i}{j}{k}\",\"n{h}\",\"T{i}{k}\",{v},\n"));
            pool.push_str(&format!("\"id{i}{j}{k}\",\"n{h}\",{v}\n"));
        }
    }
    let path = dir.join("roster.csv");
    std::fs::write(&path, &roster).unwrap();
    let p = path.to_str().unwrap();
    let pool_path = dir.join("pool.csv");
    std::fs::write(&pool_path, &pool).unwrap();
    let team = format!("T0{}", hostile[0]);
    let cands = data("candidates.csv");
    let runs: [(&str, Vec<&str>); 5] = [
        ("analyze_roster", vec!["--rollup", p]),
        ("analyze_roster", vec!["--lenient", p]),
        ("rebalance", vec!["--max-moves", "3", p]),
        ("recommend", vec!["--team", &team, "--candidates", &cands, p]),
        ("form_teams", vec!["--teams", "3", "--restarts", "1", pool_path.to_str().unwrap()]),
    ];
    let inert = |s: &str| !s.chars().any(|c| (c.is_control() && c != '\n') || matches!(c, '\u{202A}'..='\u{202E}'));
    for (name, args) in runs {
        let out = Command::new(example(name)).args(&args).output().unwrap();
        let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(inert(&stdout), "{name} {args:?}: {stdout:?}");
        assert!(inert(&stderr), "{name} {args:?}: {stderr:?}");
        assert_eq!(out.status.code(), Some(0), "{name} {args:?}: {stderr}");
        assert!(!stdout.is_empty(), "{name}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `score_questionnaire --min-answered 0` (or above 1, or not a number) is a
/// usage error: exit 2.
#[test]
fn min_answered_out_of_range_is_a_usage_error() {
    for v in ["0", "1.5", "-1", "x"] {
        let out = Command::new(example("score_questionnaire"))
            .args(["--min-answered", v, "--instrument", &data("questionnaire_instrument.csv")])
            .args(["--responses", &data("questionnaire_responses.csv")])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{v}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

/// A requirement for a team that is not in the roster (nor above one of
/// its teams) is warned about on stderr; one that applies is not.
#[test]
fn a_requirement_for_no_team_is_warned_about() {
    let dir = std::env::temp_dir().join(format!("rolebalance-req-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let req = dir.join("req.csv");
    std::fs::write(&req, "team,threshold,value\nNorthwind,skew,0.2\nNorthwnd/Product,skew,0.1\n").unwrap();
    for format in ["text", "json"] {
        let (code, _, err) = run(&["--format", format, "--requirements", req.to_str().unwrap()], None);
        assert_eq!(code, 0, "{err}");
        assert!(err.contains("requirement `skew` for team `Northwnd/Product` matches no team"), "{err}");
        assert!(!err.contains("team `Northwind`"), "{err}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
