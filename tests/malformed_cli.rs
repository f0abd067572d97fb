//! The external check, on the malformed rosters of
//! `tests/data/malformed/`: `analyze_roster --format csv FILE` exits 1, prints
//! nothing on standard output and names the faulty line and column on
//! standard error; with `--lenient` it keeps every good row and names every
//! skipped line.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// Builds the example once and returns its path.
fn binary() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        let status = Command::new(env!("CARGO"))
            .args(["build", "-q", "--example", "analyze_roster"])
            .current_dir(manifest)
            .status()
            .expect("cargo runs");
        assert!(status.success(), "building the example failed");
        let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| manifest.join("target"), PathBuf::from);
        let target = if target.is_absolute() { target } else { manifest.join(target) };
        let bin = target.join("debug").join("examples").join(format!("analyze_roster{}", std::env::consts::EXE_SUFFIX));
        assert!(bin.exists(), "{} not found", bin.display());
        bin
    })
}

fn file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/malformed").join(name)
}

fn run(name: &str, lenient: bool) -> Output {
    let mut cmd = Command::new(binary());
    cmd.args(["--format", "csv"]);
    if lenient {
        cmd.arg("--lenient");
    }
    cmd.arg(file(name)).output().expect("the example runs")
}

/// What the strict run names, and what the lenient run keeps and skips
/// (`None`: a header error, lenient fails the same way).
struct Case {
    file: &'static str,
    /// Text on standard error naming the line and the column.
    names: &'static [&'static str],
    lenient: Option<(u64, &'static [u64])>,
}

const fn case(file: &'static str, names: &'static [&'static str], lenient: Option<(u64, &'static [u64])>) -> Case {
    Case { file, names, lenient }
}

const ROW_3: Option<(u64, &[u64])> = Some((5, &[4]));

const CASES: &[Case] = &[
    case("not_a_number.csv", &["line 4, column `vision`", "`abc`"], ROW_3),
    case("decimal_comma.csv", &["line 4, column `execution`", "`0,5`"], ROW_3),
    case("percent.csv", &["line 4, column `people`", "`50%`"], ROW_3),
    case("nan.csv", &["line 4, column `process`", "`NaN`"], ROW_3),
    case("infinite.csv", &["line 4, column `risk_taking`", "`inf`"], ROW_3),
    case("out_of_range.csv", &["line 4, column `risk_management`", "`1.5`"], ROW_3),
    case("negative_weight.csv", &["line 4, column `weight`", "`-0.25`"], ROW_3),
    case("empty_id.csv", &["line 4, column `id`"], ROW_3),
    case("empty_team.csv", &["line 4, column `team`"], ROW_3),
    case("empty_strength.csv", &["line 4, column `inspire`"], ROW_3),
    case("team_double_slash.csv", &["line 4, column `team`", "`Acme//Core`"], ROW_3),
    case("team_leading_slash.csv", &["line 4, column `team`", "`/Acme`"], ROW_3),
    case("team_trailing_slash.csv", &["line 4, column `team`", "`Acme/`"], ROW_3),
    case("thousands_separator.csv", &["line 4, column `organize`", "`1_000`"], ROW_3),
    case("hex_number.csv", &["line 4, column `vision`", "`0x1p-1`"], ROW_3),
    case("duplicate_member.csv", &["line 4, column `id`", "`e001`", "at line 2"], ROW_3),
    case("too_few_fields.csv", &["line 4, column `execution`", "expected 12 fields, found 7"], ROW_3),
    case("trailing_delimiter.csv", &["line 4, column `field 13`", "found 13"], ROW_3),
    case("unquoted_decimal_comma.csv", &["line 4, column `field 13`", "found 13"], ROW_3),
    case("cut_short.csv", &["line 7, column `organize`", "found 5"], Some((5, &[7]))),
    case("crlf_bad_row.csv", &["line 4, column `vision`", "`x`"], ROW_3),
    case("blank_lines.csv", &["line 8, column `vision`", "`1.01`"], Some((5, &[8]))),
    case("quoted_newline_then_bad.csv", &["line 6, column `weight`", "`2`"], Some((5, &[6]))),
    case("stray_quote.csv", &["line 4, column `name`", "a quote is not closed"], ROW_3),
    case("stray_quote_closed_later.csv", &["line 4, column `name`", "a quote is not closed"], Some((4, &[4, 6]))),
    case("latin1_name.csv", &["line 4, column `name`", "not valid utf-8"], ROW_3),
    case("latin1_team.csv", &["line 4, column `team`", "not valid utf-8"], ROW_3),
    case("invalid_utf8_number.csv", &["line 4, column `execution`", "not valid utf-8"], ROW_3),
    case("nul_in_number.csv", &["line 4, column `people`", "`0.5\\0`"], ROW_3),
    case("position_out_of_range.csv", &["line 3, column `horizon`", "`-1.5`"], Some((2, &[3]))),
    case("intensity_out_of_range.csv", &["line 3, column `horizon_intensity`", "`1.01`"], Some((2, &[3]))),
    case("missing_id_column.csv", &["line 1", "column `id`"], None),
    case("missing_team_column.csv", &["line 1", "column `team`"], None),
    case("duplicate_column.csv", &["line 1, column `vision`"], None),
    case("missing_partner.csv", &["line 1, column `vision`", "`execution`"], None),
    case("both_forms.csv", &["line 1, column `horizon`"], None),
    case("intensity_without_dimension.csv", &["line 1, column `horizon_intensity`"], None),
    case("missing_dimension.csv", &["line 1", "dimension `risk`"], None),
    case("header_invalid_utf8.csv", &["line 1, column `field 3`"], None),
    case("header_after_blank_lines_missing_column.csv", &["line 3", "column `team`"], None),
    case("utf16.csv", &["line 1, column `field 1`", "not valid utf-8"], None),
    case("empty.csv", &["line 1", "no header line"], None),
    case("bom_only.csv", &["line 1", "no header line"], None),
];

#[test]
fn every_malformed_file_has_a_case() {
    let mut on_disk: Vec<String> =
        std::fs::read_dir(file("")).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    on_disk.sort();
    let mut listed: Vec<String> = CASES.iter().map(|c| c.file.to_string()).collect();
    listed.sort();
    assert_eq!(on_disk, listed);
    assert!(CASES.len() >= 40);
}

#[test]
fn strict_exits_1_with_nothing_on_stdout_and_names_line_and_column() {
    for c in CASES {
        let out = run(c.file, false);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{}: {stderr}", c.file);
        assert!(out.stdout.is_empty(), "{}: stdout not empty", c.file);
        assert!(!stderr.contains("panicked"), "{}: {stderr}", c.file);
        assert_eq!(stderr.lines().count(), 1, "{}: one line on stderr: {stderr}", c.file);
        for n in c.names {
            assert!(stderr.contains(n), "{}: `{n}` not in {stderr}", c.file);
        }
    }
}

#[test]
fn lenient_keeps_every_good_row_and_names_every_skipped_line() {
    for c in CASES {
        let out = run(c.file, true);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{}: {stderr}", c.file);
        let Some((kept, skipped)) = c.lenient else {
            // A header error: nothing can be read.
            assert_eq!(out.status.code(), Some(1), "{}: {stderr}", c.file);
            assert!(out.stdout.is_empty());
            continue;
        };
        assert_eq!(out.status.code(), Some(0), "{}: {stderr}", c.file);
        let stdout = String::from_utf8(out.stdout).unwrap();
        let members: u64 = stdout.lines().skip(1).map(|l| l.split(',').nth(1).unwrap().parse::<u64>().unwrap()).sum();
        assert_eq!(members, kept, "{}: members kept\n{stdout}", c.file);
        let named: Vec<u64> = stderr
            .lines()
            .filter_map(|l| l.split_once(": line ").map(|(_, rest)| rest))
            .map(|rest| rest.split(|ch: char| !ch.is_ascii_digit()).next().unwrap().parse::<u64>().unwrap())
            .collect();
        assert_eq!(named, skipped, "{}: skipped lines\n{stderr}", c.file);
        assert_eq!(stderr.lines().filter(|l| l.starts_with("skipped: ")).count(), skipped.len());
    }
}
