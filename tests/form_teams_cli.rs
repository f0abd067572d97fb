//! The `form_teams` example's options for diversity and MDGPLIB instances:
//! `--mdgp`, `--objective`, `--time-limit`, `--move-budget`, `--min-size`,
//! `--max-size` and `--format assignment`.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::{data, example};
use rolebalance::{MdgpInstance, ReaderBuilder};

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(example("form_teams")).args(args).output().expect("the example is built by cargo test");
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

fn temp(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rolebalance-form-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// A `ds` instance of 30 elements in 4 groups.
fn instance() -> PathBuf {
    let mut text = String::from("30 4 ds 5 9 6 8 7 10 4 8\n");
    for i in 0..30u64 {
        for j in i + 1..30 {
            text.push_str(&format!("{i} {j} {}\n", (i * 7919 + j * 104_729) % 97));
        }
    }
    temp("inst.txt", &text)
}

fn groups(out: &str) -> Vec<usize> {
    out.lines().map(|l| l.parse().unwrap()).collect()
}

#[test]
fn assignment_lists_a_valid_group_per_element_and_the_objective_on_stderr() {
    let path = instance();
    let p = path.to_str().unwrap();
    let (code, out, err) = run(&["--mdgp", p, "--time-limit", "0.5", "--seed", "1", "--format", "assignment"]);
    assert_eq!(code, 0, "{err}");
    let team_of = groups(&out);
    let inst = MdgpInstance::read_path(&path).unwrap();
    assert_eq!(team_of.len(), 30);
    for (g, &(lo, hi)) in inst.bounds().iter().enumerate() {
        let size = team_of.iter().filter(|&&t| t == g).count();
        assert!(lo <= size && size <= hi, "group {g}: {size}");
    }
    let value = inst.distances().diversity(&team_of).unwrap();
    let printed: f64 = err.trim().strip_prefix("diversity ").unwrap().parse().unwrap();
    assert!((printed - value).abs() < 1e-9, "{err}");
}

#[test]
fn a_move_budget_gives_the_same_output_every_time() {
    let path = instance();
    let args = ["--mdgp", path.to_str().unwrap(), "--move-budget", "200000", "--seed", "3", "--format", "assignment"];
    let (code, first, err) = run(&args);
    assert_eq!(code, 0, "{err}");
    assert_eq!(run(&args).1, first);
    let (code, text, _) = run(&["--mdgp", path.to_str().unwrap(), "--move-budget", "200000", "--seed", "3"]);
    assert_eq!(code, 0);
    assert!(text.contains("30 elements into 4 groups (ds), seed 3: diversity"), "{text}");
    assert!(text.contains("group 0 ("), "{text}");
    let (code, csv, _) =
        run(&["--mdgp", path.to_str().unwrap(), "--move-budget", "200000", "--seed", "3", "--format", "csv"]);
    assert_eq!(code, 0);
    let rows: Vec<usize> = csv.lines().skip(1).map(|l| l.split(',').nth(1).unwrap().parse().unwrap()).collect();
    assert_eq!(rows, groups(&first));
}

#[test]
fn data_errors_exit_1_with_the_line() {
    let bad = temp("bad.txt", "3 1 ss 3 3\n0 1 2\n0 2 x\n");
    let (code, out, err) = run(&["--mdgp", bad.to_str().unwrap(), "--format", "assignment"]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(err.ends_with("bad.txt: instance file, line 3: distance `x` is not a number\n"), "{err}");
    let (code, out, err) = run(&["--mdgp", "/no/such/instance.txt"]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(err.contains("/no/such/instance.txt"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    let path = instance();
    let p = path.to_str().unwrap();
    for args in [
        vec!["--mdgp", p, "--teams", "3"],
        vec!["--mdgp", p, "--time-limit", "-1"],
        vec!["--mdgp", p, "--time-limit", "soon"],
        vec!["--mdgp", p, "--objective", "health"],
        vec!["--teams", "3"],
        vec!["--teams", "3", "--min-size", "2", &data("pool_30.csv")],
        vec!["--teams", "3", "--objective", "fun", &data("pool_30.csv")],
    ] {
        let (code, out, err) = run(&args);
        assert_eq!((code, out.as_str()), (2, ""), "{args:?}: {err}");
    }
}

#[test]
fn a_pool_grouped_for_diversity_is_a_roster_within_the_size_bounds() {
    let (code, out, err) = run(&[
        "--teams",
        "4",
        "--objective",
        "diversity",
        "--min-size",
        "6",
        "--max-size",
        "9",
        "--together",
        &data("together.csv"),
        "--apart",
        &data("apart.csv"),
        "--format",
        "csv",
        &data("pool_30.csv"),
    ]);
    assert_eq!(code, 0, "{err}");
    let (roster, _) = ReaderBuilder::new().read_roster(out.as_bytes()).unwrap();
    assert_eq!(roster.len(), 30);
    for t in 1..=4 {
        let size = roster.iter().filter(|m| m.team() == format!("Team {t}")).count();
        assert!((6..=9).contains(&size), "Team {t}: {size}");
    }
    let (code, out, err) =
        run(&["--teams", "3", "--objective", "diversity", "--format", "assignment", &data("pool_30.csv")]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(groups(&out).len(), 30);
    assert!(err.starts_with("diversity "), "{err}");
    let (code, out, err) = run(&["--teams", "3", "--format", "assignment", &data("pool_30.csv")]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(groups(&out).len(), 30);
    assert!(err.starts_with("minimum health "), "{err}");
}
