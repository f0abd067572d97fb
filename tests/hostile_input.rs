//! Hostile and awkward rosters: each test asserts the exact outcome, the
//! error kind with the line, column and raw value it names, or the exact
//! result where the input is awkward but valid.
//!
//! Decisions these tests pin down (DESIGN.md section 2 and issue 3):
//! - a team path with an empty segment (`A//B`, `/A`, `A/`) is an error
//!   `EmptyTeamSegment`; segments are not trimmed (`Acme / Eng` is the team
//!   `Acme ` with a sub-team ` Eng`);
//! - numbers use Rust's `f64` syntax after trimming: `-0` reads as 0, `+0.5`,
//!   `.5` and `5e-1` are numbers, `1,5` and `50%` are not, `inf` is
//!   infinite and `NaN` is NaN; a subnormal such as `1e-320` is kept as it is;
//! - the header is the first non-empty line, a whitespace-only line is an
//!   empty line, an empty header cell is an ignored column `field N`;
//! - invalid UTF-8 is an error in every column the reader uses, and is not
//!   looked at in an ignored column.

use rolebalance::{
    Analyzer, Error, ErrorKind, Framework, Mode, Range, ReadLog, ReaderBuilder, Report, Rollups, Roster, ValueProblem,
};

const HEADER: &str = "id,name,team,weight,inspire,organize,vision,execution,people,process,risk_taking,risk_management";
const POLES: [&str; 8] =
    ["inspire", "organize", "vision", "execution", "people", "process", "risk_taking", "risk_management"];

/// A good row of [`HEADER`].
fn row(id: &str) -> String {
    format!("{id},Name {id},Acme/Core,1,0.5,0.5,0.6,0.4,0.7,0.3,0.8,0.2")
}

/// A good row of [`HEADER`] with the field of column `column` replaced by `value`.
fn row_with(id: &str, column: &str, value: &str) -> String {
    let i = HEADER.split(',').position(|c| c == column).expect("a column of HEADER");
    let fields: Vec<String> = row(id).split(',').map(str::to_string).collect();
    let mut fields = fields;
    fields[i] = value.to_string();
    fields.join(",")
}

/// The header and `rows`, each ended by a newline.
fn roster(rows: &[String]) -> String {
    let mut s = format!("{HEADER}\n");
    for r in rows {
        s.push_str(r);
        s.push('\n');
    }
    s
}

fn strict(input: &[u8]) -> Result<(Roster, ReadLog), Error> {
    ReaderBuilder::new().read_roster(input)
}

fn lenient(input: &[u8]) -> Result<(Roster, ReadLog), Error> {
    ReaderBuilder::new().mode(Mode::Lenient).read_roster(input)
}

fn analyze(input: &[u8]) -> Result<(Report, ReadLog), Error> {
    ReaderBuilder::new().analyze(input, &Analyzer::new())
}

/// The strict error, checked to be the same in the streaming analysis.
fn strict_err(input: &[u8]) -> Error {
    let err = match strict(input) {
        Ok((r, _)) => panic!("expected an error, read {} members", r.len()),
        Err(e) => e,
    };
    let Err(streamed) = analyze(input) else { panic!("analyze succeeds where read_roster fails: {err}") };
    assert_eq!(streamed.to_string(), err.to_string());
    err
}

/// Asserts a value error with its line, column, raw value and problem.
#[track_caller]
fn assert_value_err(input: &[u8], line: u64, column: &str, value: &str, problem: ValueProblem) {
    let err = strict_err(input);
    match err.kind() {
        ErrorKind::Value { line: l, column: c, value: v, problem: p } => {
            assert_eq!((*l, c.as_str(), v.as_str(), *p), (line, column, value, problem), "{err}");
        }
        other => panic!("expected a value error, got {other:?}"),
    }
    assert_eq!((err.line(), err.column(), err.value()), (Some(line), Some(column), Some(value)));
}

/// Reads one good-row roster with `column` set to `value` and returns the
/// strength of pole `column`.
fn strength_read_from(column: &str, value: &str) -> f64 {
    let (r, log) = strict(roster(&[row_with("e1", column, value)]).as_bytes()).expect("a valid number");
    assert_eq!(log.kept(), 1);
    let pole = POLES.iter().position(|p| *p == column).expect("a pole");
    r.get(0).unwrap().strengths()[pole]
}

// ---------------------------------------------------------------- header errors

#[test]
fn empty_file_has_no_header() {
    assert!(matches!(strict_err(b"").kind(), ErrorKind::NoHeader));
    assert!(matches!(lenient(b"").unwrap_err().kind(), ErrorKind::NoHeader));
}

#[test]
fn file_with_only_a_byte_order_mark_has_no_header() {
    let err = strict_err(b"\xEF\xBB\xBF");
    assert!(matches!(err.kind(), ErrorKind::NoHeader));
    assert_eq!(err.to_string(), "line 1: empty roster: no header line");
    assert!(matches!(strict_err(b"\xEF\xBB\xBF\n\n").kind(), ErrorKind::NoHeader));
}

#[test]
fn file_of_blank_and_whitespace_lines_has_no_header() {
    assert!(matches!(strict_err(b"\n\n   \n\t\r\n").kind(), ErrorKind::NoHeader));
}

#[test]
fn header_only_is_an_empty_roster() {
    for input in [format!("{HEADER}\n"), HEADER.to_string(), format!("{HEADER}\r\n\r\n")] {
        let (r, log) = strict(input.as_bytes()).unwrap();
        assert_eq!((r.len(), log.rows(), log.kept(), log.skipped().len()), (0, 0, 0, 0));
        let (report, _) = analyze(input.as_bytes()).unwrap();
        assert!(report.is_empty());
    }
}

#[test]
fn byte_order_mark_before_the_header_is_not_part_of_the_first_name() {
    let input = format!("\u{feff}{}", roster(&[row("e1")]));
    let (r, log) = strict(input.as_bytes()).unwrap();
    assert_eq!(r.get(0).unwrap().id(), "e1");
    assert!(log.unknown_columns().is_empty());
}

#[test]
fn missing_id_and_team_columns() {
    let no_id = "name,team,inspire,organize,vision,execution,people,process,risk_taking,risk_management\n";
    let err = strict_err(no_id.as_bytes());
    assert!(matches!(err.kind(), ErrorKind::MissingColumn { line: 1, column } if column == "id"));
    let no_team = "id,inspire,organize,vision,execution,people,process,risk_taking,risk_management\n";
    let err = strict_err(no_team.as_bytes());
    assert!(matches!(err.kind(), ErrorKind::MissingColumn { line: 1, column } if column == "team"));
    assert_eq!((err.line(), err.column()), (Some(1), Some("team")));
}

#[test]
fn header_is_the_first_non_empty_line_and_keeps_its_line_number() {
    let input = "\n  \n\nid,inspire,organize,vision,execution,people,process,risk_taking,risk_management\n";
    let err = strict_err(input.as_bytes());
    assert!(matches!(err.kind(), ErrorKind::MissingColumn { line: 4, column } if column == "team"));
}

#[test]
fn duplicate_column_after_trimming_and_lowercasing() {
    let input = "id,team,Vision,inspire,organize, vision ,execution,people,process,risk_taking,risk_management\n";
    let err = strict_err(input.as_bytes());
    assert!(matches!(err.kind(), ErrorKind::DuplicateColumn { line: 1, column } if column == "vision"));
}

#[test]
fn pole_column_without_its_partner() {
    let input = "id,team,inspire,organize,vision,people,process,risk_taking,risk_management\n";
    let err = strict_err(input.as_bytes());
    assert!(
        matches!(err.kind(), ErrorKind::MissingPartner { line: 1, column, partner } if column == "vision" && partner == "execution")
    );
}

#[test]
fn dimension_in_both_forms() {
    let input = "id,team,purpose,inspire,organize,horizon,focus,risk\n";
    let err = strict_err(input.as_bytes());
    assert!(matches!(err.kind(), ErrorKind::BothForms { line: 1, dimension } if dimension == "purpose"));
}

#[test]
fn intensity_without_its_dimension() {
    let input = "id,team,purpose,horizon_intensity,vision,execution,focus,risk\n";
    let err = strict_err(input.as_bytes());
    assert!(matches!(
        err.kind(),
        ErrorKind::IntensityWithoutDimension { line: 1, column, dimension }
            if column == "horizon_intensity" && dimension == "horizon"
    ));
}

#[test]
fn missing_dimension() {
    let input = "id,team,purpose,horizon,focus\n";
    let err = strict_err(input.as_bytes());
    assert!(matches!(err.kind(), ErrorKind::MissingDimension { line: 1, dimension, .. } if dimension == "risk"));
}

#[test]
fn invalid_utf8_in_the_header() {
    let input = b"id,team,vis\xF6ion,inspire\n";
    assert_value_err(input, 1, "field 3", "vis\u{FFFD}ion", ValueProblem::InvalidUtf8);
}

#[test]
fn utf16_file_is_rejected_at_its_first_header_field() {
    let text = roster(&[row("e1")]);
    let mut utf16 = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    let err = strict_err(&utf16);
    assert_eq!((err.line(), err.column()), (Some(1), Some("field 1")));
    assert!(matches!(err.kind(), ErrorKind::Value { problem: ValueProblem::InvalidUtf8, .. }));
    // The message stays on one line: the NUL bytes are escaped.
    assert!(err.to_string().starts_with("line 1, column `field 1`: `\u{FFFD}\u{FFFD}i\\0d\\0` is not valid utf-8"));
}

#[test]
fn empty_header_cell_is_an_ignored_column() {
    let input = format!("{HEADER},,notes\n{},x,y\n", row("e1"));
    let (r, log) = strict(input.as_bytes()).unwrap();
    assert_eq!(r.len(), 1);
    assert_eq!(log.unknown_columns(), ["field 13", "notes"]);
}

#[test]
fn ten_thousand_columns() {
    let extra: Vec<String> = (0..10_000).map(|i| format!("x{i}")).collect();
    let header = format!("{},{}", extra.join(","), HEADER);
    let values = vec!["v"; 10_000].join(",");
    let input = format!("{header}\n{values},{}\n{values},{}\n", row("e1"), row_with("e2", "risk_management", "2"));
    let (r, log) = lenient(input.as_bytes()).unwrap();
    assert_eq!(r.len(), 1);
    assert_eq!(log.unknown_columns().len(), 10_000);
    assert_eq!(log.unknown_columns()[9_999], "x9999");
    assert_value_err(input.as_bytes(), 3, "risk_management", "2", ValueProblem::OutOfRange(Range::Unit));
}

#[test]
fn a_million_columns_in_the_header() {
    // Linear time: a header of a million distinct names, then a duplicate at the end.
    let extra: Vec<String> = (0..1_000_000).map(|i| format!("c{i}")).collect();
    let header = format!("{HEADER},{}", extra.join(","));
    let (r, log) = strict(format!("{header}\n").as_bytes()).unwrap();
    assert_eq!((r.len(), log.unknown_columns().len()), (0, 1_000_000));
    let err = strict_err(format!("{header},C999999\n").as_bytes());
    assert!(matches!(err.kind(), ErrorKind::DuplicateColumn { line: 1, column } if column == "c999999"));
}

// ---------------------------------------------------------------- value errors

#[test]
fn not_a_number() {
    let input = roster(&[row("e1"), row_with("e2", "vision", "abc")]);
    assert_value_err(input.as_bytes(), 3, "vision", "abc", ValueProblem::NotANumber);
}

#[test]
fn decimal_comma_is_not_a_number() {
    let input = roster(&[row_with("e1", "execution", "\"1,5\"")]);
    assert_value_err(input.as_bytes(), 2, "execution", "1,5", ValueProblem::NotANumber);
    // Unquoted, the comma splits the field: the row has one field too many.
    let input = roster(&[row_with("e1", "execution", "0,5")]);
    let err = strict_err(input.as_bytes());
    assert!(
        matches!(err.kind(), ErrorKind::FieldCount { line: 2, expected: 12, found: 13, column } if column == "field 13")
    );
}

#[test]
fn percent_is_not_a_number() {
    let input = roster(&[row_with("e1", "people", "50%")]);
    assert_value_err(input.as_bytes(), 2, "people", "50%", ValueProblem::NotANumber);
}

#[test]
fn nan_in_any_spelling() {
    for nan in ["NaN", "nan", "-NaN"] {
        let input = roster(&[row_with("e1", "weight", nan)]);
        assert_value_err(input.as_bytes(), 2, "weight", nan, ValueProblem::NaN);
    }
}

#[test]
fn infinities() {
    for inf in ["inf", "-inf", "Infinity", "1e400"] {
        let input = roster(&[row_with("e1", "inspire", inf)]);
        assert_value_err(input.as_bytes(), 2, "inspire", inf, ValueProblem::Infinite);
    }
}

#[test]
fn out_of_range_strength_and_weight() {
    let input = roster(&[row("e1"), row("e2"), row_with("e3", "organize", "1.5")]);
    assert_value_err(input.as_bytes(), 4, "organize", "1.5", ValueProblem::OutOfRange(Range::Unit));
    let input = roster(&[row_with("e1", "weight", "-0.1")]);
    assert_value_err(input.as_bytes(), 2, "weight", "-0.1", ValueProblem::OutOfRange(Range::Unit));
    // The smallest step above 1 is out of range.
    let input = roster(&[row_with("e1", "vision", "1.0000000000000002")]);
    assert_value_err(input.as_bytes(), 2, "vision", "1.0000000000000002", ValueProblem::OutOfRange(Range::Unit));
}

#[test]
fn out_of_range_position_and_intensity() {
    let header = "id,team,purpose,horizon,horizon_intensity,focus,risk";
    let input = format!("{header}\na,T,0,-1.5,1,0,0\n");
    assert_value_err(input.as_bytes(), 2, "horizon", "-1.5", ValueProblem::OutOfRange(Range::Signed));
    let input = format!("{header}\na,T,0,0.5,1.01,0,0\n");
    assert_value_err(input.as_bytes(), 2, "horizon_intensity", "1.01", ValueProblem::OutOfRange(Range::Unit));
}

#[test]
fn empty_required_cells() {
    let input = roster(&[row_with("e1", "risk_taking", "")]);
    assert_value_err(input.as_bytes(), 2, "risk_taking", "", ValueProblem::Empty);
    let input = roster(&[row_with("x", "id", "")]);
    assert_value_err(input.as_bytes(), 2, "id", "", ValueProblem::Empty);
    let input = roster(&[row_with("x", "id", "   ")]);
    assert_value_err(input.as_bytes(), 2, "id", "", ValueProblem::Empty);
    let input = roster(&[row_with("e1", "team", "")]);
    assert_value_err(input.as_bytes(), 2, "team", "", ValueProblem::Empty);
}

#[test]
fn empty_optional_cells_take_their_defaults() {
    let input = roster(&[row_with("e1", "weight", ""), row_with("e2", "name", " ")]);
    let (r, _) = strict(input.as_bytes()).unwrap();
    assert_eq!(r.get(0).unwrap().weight(), 1.0);
    assert_eq!(r.get(1).unwrap().name(), None);
    let input = "id,team,purpose,horizon,horizon_intensity,focus,risk\na,T,0,0.5,,0,0\n";
    let (r, _) = strict(input.as_bytes()).unwrap();
    assert_eq!((r.get(0).unwrap().lead(1), r.get(0).unwrap().manage(1)), (Some(0.75), Some(0.25)));
}

#[test]
fn team_paths_with_empty_segments_are_errors() {
    for team in ["A//B", "/A", "A/", "/", "Acme//"] {
        let input = roster(&[row_with("e1", "team", team)]);
        assert_value_err(input.as_bytes(), 2, "team", team, ValueProblem::EmptyTeamSegment);
    }
}

#[test]
fn team_segments_are_not_trimmed() {
    let input = roster(&[row_with("e1", "team", "Acme / Eng")]);
    let analyzer = Analyzer::new().rollups(Rollups::Include);
    let (report, _) = ReaderBuilder::new().analyze(input.as_bytes(), &analyzer).unwrap();
    let names: Vec<&str> = report.teams().iter().map(|t| t.team()).collect();
    assert_eq!(names, ["Acme / Eng", "Acme /*"]);
}

#[test]
fn deep_team_path_of_100_levels() {
    let team: Vec<String> = (0..100).map(|i| format!("L{i}")).collect();
    let team = team.join("/");
    let input = roster(&[row_with("e1", "team", &team), row_with("e2", "team", &team)]);
    let analyzer = Analyzer::new().rollups(Rollups::Include);
    let (report, log) = ReaderBuilder::new().analyze(input.as_bytes(), &analyzer).unwrap();
    assert_eq!(log.kept(), 2);
    assert_eq!(report.len(), 100);
    assert!(report.teams().iter().all(|t| t.members() == 2));
    assert!(report.team(&team).is_some());
    assert!(report.teams().iter().any(|t| t.team() == "L0/*" && t.level() == rolebalance::Level::Rollup));
}

#[test]
fn duplicate_member_names_both_lines() {
    let input = roster(&[row("e1"), row("e2"), row("e1")]);
    let err = strict_err(input.as_bytes());
    assert!(matches!(
        err.kind(),
        ErrorKind::DuplicateMember { line: 4, first_line: 2, id, team } if id == "e1" && team == "Acme/Core"
    ));
    assert_eq!((err.line(), err.column(), err.value()), (Some(4), Some("id"), Some("e1")));
}

#[test]
fn same_id_in_two_teams_is_a_matrix_organisation() {
    let input = roster(&[row("e1"), row_with("e1", "team", "Acme/Other")]);
    let (r, _) = strict(input.as_bytes()).unwrap();
    assert_eq!(r.len(), 2);
}

#[test]
fn duplicate_is_found_after_trimming_the_id() {
    let input = roster(&[row("e1"), row_with("x", "id", "  e1 ")]);
    let err = strict_err(input.as_bytes());
    assert!(matches!(err.kind(), ErrorKind::DuplicateMember { line: 3, first_line: 2, .. }));
}

#[test]
fn too_few_fields_names_the_first_missing_column() {
    let input = format!("{HEADER}\n{}\ne2,Bo,Acme/Core,1,0.5\n", row("e1"));
    let err = strict_err(input.as_bytes());
    assert!(matches!(
        err.kind(),
        ErrorKind::FieldCount { line: 3, column, expected: 12, found: 5 } if column == "organize"
    ));
}

#[test]
fn trailing_delimiter_is_one_field_too_many() {
    let input = roster(&[format!("{},", row("e1"))]);
    let err = strict_err(input.as_bytes());
    assert!(matches!(
        err.kind(),
        ErrorKind::FieldCount { line: 2, column, expected: 12, found: 13 } if column == "field 13"
    ));
}

#[test]
fn file_cut_short_in_its_last_row() {
    let full = roster(&[row("e1"), row("e2")]);
    let cut = &full[..full.len() - 10];
    let err = strict_err(cut.as_bytes());
    assert!(
        matches!(err.kind(), ErrorKind::FieldCount { line: 3, expected: 12, found: 10, column } if column == "risk_taking"),
        "{err}"
    );
    // Cut inside the last number: the number is read as written.
    let cut = &full[..full.len() - 2];
    let (r, _) = strict(cut.as_bytes()).unwrap();
    assert_eq!(r.get(1).unwrap().strengths()[7], 0.0);
}

#[test]
fn file_cut_short_inside_a_quoted_field() {
    let input = format!("{HEADER}\n{}\ne2,\"Bo Haas", row("e1"));
    let err = strict_err(input.as_bytes());
    assert!(matches!(err.kind(), ErrorKind::FieldCount { line: 3, column, found: 2, .. } if column == "team"));
}

#[test]
fn invalid_utf8_in_each_kind_of_column() {
    let cases: [(&str, &[u8], &str); 5] = [
        ("id", b"e\xFF1", "e\u{FFFD}1"),
        ("name", b"Jos\xE9", "Jos\u{FFFD}"),
        ("team", b"M\xFCnchen", "M\u{FFFD}nchen"),
        ("weight", b"0.\xB55", "0.\u{FFFD}5"),
        ("vision", b"\xC3", "\u{FFFD}"),
    ];
    for (column, raw, shown) in cases {
        let placeholder = "@@";
        let text = roster(&[row("e0"), row_with("e1", column, placeholder)]);
        let at = text.find(placeholder).unwrap();
        let mut input = text.as_bytes()[..at].to_vec();
        input.extend_from_slice(raw);
        input.extend_from_slice(&text.as_bytes()[at + placeholder.len()..]);
        assert_value_err(&input, 3, column, shown, ValueProblem::InvalidUtf8);
    }
    // Position and intensity columns.
    let input = b"id,team,purpose,horizon,horizon_intensity,focus,risk\na,T,0,\xFE,1,0,0\n";
    assert_value_err(input, 2, "horizon", "\u{FFFD}", ValueProblem::InvalidUtf8);
    let input = b"id,team,purpose,horizon,horizon_intensity,focus,risk\na,T,0,0,1\x80,0,0\n";
    assert_value_err(input, 2, "horizon_intensity", "1\u{FFFD}", ValueProblem::InvalidUtf8);
}

#[test]
fn invalid_utf8_in_an_ignored_column_is_not_looked_at() {
    let mut input = format!("{HEADER},notes\n{},", row("e1")).into_bytes();
    input.extend_from_slice(b"caf\xE9\n");
    let (r, log) = strict(&input).unwrap();
    assert_eq!(r.len(), 1);
    assert_eq!(log.unknown_columns(), ["notes"]);
}

#[test]
fn nul_byte_in_a_number() {
    let input = roster(&[row_with("e1", "process", "0.5\0")]);
    assert_value_err(input.as_bytes(), 2, "process", "0.5\0", ValueProblem::NotANumber);
    assert_eq!(strict_err(input.as_bytes()).to_string(), "line 2, column `process`: `0.5\\0` is not a number");
}

#[test]
fn hexadecimal_and_thousands_separators_are_not_numbers() {
    for bad in ["0x1p-1", "1_000", "0.5.1", "--0.5", "e5", "0.5e", "½"] {
        let input = roster(&[row_with("e1", "vision", bad)]);
        assert_value_err(input.as_bytes(), 2, "vision", bad, ValueProblem::NotANumber);
    }
}

// ---------------------------------------------------------------- awkward but valid numbers

#[test]
fn negative_zero_reads_as_positive_zero() {
    for z in ["-0", "-0.0", "-0e5"] {
        let v = strength_read_from("vision", z);
        assert_eq!(v.to_bits(), 0.0f64.to_bits(), "{z}");
    }
    let input = "id,team,purpose,horizon,focus,risk\na,T,-0,0,0,0\n";
    let (r, _) = strict(input.as_bytes()).unwrap();
    assert_eq!(r.get(0).unwrap().position(0), Some(0.0));
}

#[test]
fn subnormal_is_kept_exactly() {
    let v = strength_read_from("people", "1e-320");
    assert_eq!(v, 1e-320);
    assert!(v > 0.0 && !v.is_normal());
}

#[test]
fn below_the_smallest_subnormal_rounds_to_zero() {
    // The nearest f64 to 1e-400 is 0: correctly rounded, not an error.
    assert_eq!(strength_read_from("people", "1e-400").to_bits(), 0.0f64.to_bits());
    assert_eq!(strength_read_from("people", "-1e-400").to_bits(), 0.0f64.to_bits());
    assert_eq!(strength_read_from("people", "5e-324"), f64::from_bits(1));
}

#[test]
fn next_float_after_one_half_is_kept_exactly() {
    let v = strength_read_from("inspire", "0.5000000000000001");
    assert_eq!(v, 0.5000000000000001);
    assert_eq!(v.to_bits(), 0.5f64.to_bits() + 1);
}

#[test]
fn digits_beyond_precision_round_to_one() {
    assert_eq!(strength_read_from("inspire", "1.00000000000000001"), 1.0);
}

#[test]
fn spaces_around_a_number_are_trimmed() {
    assert_eq!(strength_read_from("vision", " 0.5 "), 0.5);
    assert_eq!(strength_read_from("vision", "\t0.25\t"), 0.25);
    // Unicode white space too (U+00A0 no-break space, U+3000 ideographic space).
    assert_eq!(strength_read_from("vision", "\u{a0}0.75\u{3000}"), 0.75);
}

#[test]
fn other_f64_spellings() {
    assert_eq!(strength_read_from("execution", "+0.5"), 0.5);
    assert_eq!(strength_read_from("execution", ".5"), 0.5);
    assert_eq!(strength_read_from("execution", "5e-1"), 0.5);
    assert_eq!(strength_read_from("execution", "5E-1"), 0.5);
    assert_eq!(strength_read_from("execution", "1."), 1.0);
    assert_eq!(strength_read_from("execution", "0000.1"), 0.1);
}

// ---------------------------------------------------------------- layout

#[test]
fn blank_lines_are_skipped_and_counted_in_line_numbers() {
    let input = format!("\n{HEADER}\n\n{}\n   \n\n{}\n", row("e1"), row_with("e2", "vision", "x"));
    assert_value_err(input.as_bytes(), 7, "vision", "x", ValueProblem::NotANumber);
    let (r, log) = lenient(input.as_bytes()).unwrap();
    assert_eq!((r.len(), log.rows()), (1, 2));
}

#[test]
fn crlf_line_ends() {
    let input = roster(&[row("e1"), row_with("e2", "vision", "x")]).replace('\n', "\r\n");
    assert_value_err(input.as_bytes(), 3, "vision", "x", ValueProblem::NotANumber);
    let (r, _) = lenient(input.as_bytes()).unwrap();
    assert_eq!(r.get(0).unwrap().strengths()[7], 0.2);
}

#[test]
fn quoted_line_breaks_in_names_are_kept() {
    // RFC 4180: a quoted name may span lines; its row is numbered by the line
    // it starts on, and the rows after it by their own lines.
    let input = roster(&[row("e0"), row_with("e1", "name", "\"Ana\r\nAlves\""), row_with("e2", "vision", "x")]);
    assert_value_err(input.as_bytes(), 5, "vision", "x", ValueProblem::NotANumber);
    let (r, log) = lenient(input.as_bytes()).unwrap();
    assert_eq!(r.len(), 2);
    assert_eq!(r.get(1).unwrap().name(), Some("Ana\r\nAlves"));
    let skipped: Vec<(u64, String)> = log.skipped().iter().map(|s| (s.line(), s.error().to_string())).collect();
    assert_eq!(skipped, [(5, "line 5, column `vision`: `x` is not a number".to_string())]);
    assert_eq!((log.rows(), log.kept()), (3, 2));
}

#[test]
fn quoted_line_breaks_elsewhere_are_errors() {
    // In an id, a team or a number a line break is never meant.
    let input = roster(&[row("e0"), row_with("e1", "id", "\"e1\nx\""), row("e2")]);
    assert_value_err(input.as_bytes(), 3, "id", "e1\nx", ValueProblem::LineBreak);
    assert_eq!(
        strict_err(input.as_bytes()).to_string(),
        "line 3, column `id`: `e1\\nx` spans lines: a quote is not closed, or a field has a line break"
    );
    // Lenient: the row is skipped with its first line, and the line after it
    // is read again: the rest of the id, with its closing quote, is not a
    // row of its own.
    let (r, log) = lenient(input.as_bytes()).unwrap();
    assert_eq!(r.iter().map(|m| m.id()).collect::<Vec<_>>(), ["e0", "e2"]);
    assert_eq!(log.skipped().iter().map(|s| s.line()).collect::<Vec<_>>(), [3, 4]);
    assert_eq!(
        log.skipped()[1].error().to_string(),
        "line 4, column `id`: `x\"` has a stray quote, after a row that spans lines"
    );
}

#[test]
fn line_break_in_an_ignored_column_is_kept() {
    let input = format!("{HEADER},notes\n{},\"two\nlines\"\n{},\n", row("e1"), row("e2"));
    let (r, log) = strict(input.as_bytes()).unwrap();
    assert_eq!(r.len(), 2);
    assert_eq!(log.unknown_columns(), ["notes"]);
    // A later line holding a comma is a stray quote's signature: an error.
    let input = format!("{HEADER},notes\n{},\"two\nlines, and more\"\n{},\n", row("e1"), row("e2"));
    assert_value_err(input.as_bytes(), 2, "notes", "two\nlines, and more", ValueProblem::LineBreak);
}

#[test]
fn unclosed_quote_swallows_nothing() {
    // The quote opened in e2's name closes in e4's: the record from line 3
    // to line 5 has the right number of fields, and would otherwise be read
    // as one member named over three lines, e3 and e4 silently lost. In
    // lenient mode e3 is kept, and e4, whose quote closed the stray one, is
    // skipped and named (it could as well be the end of a multi-line name).
    let input = roster(&[
        row("e1"),
        row_with("e2", "name", "\"Bo Haas"),
        row("e3"),
        row_with("e4", "name", "Di \"the boss\" Ng"),
        row("e5"),
    ]);
    let err = strict_err(input.as_bytes());
    assert!(
        matches!(err.kind(), ErrorKind::Value { line: 3, problem: ValueProblem::LineBreak, column, .. } if column == "name")
    );
    let (r, log) = lenient(input.as_bytes()).unwrap();
    let ids: Vec<&str> = r.iter().map(|m| m.id()).collect();
    assert_eq!(ids, ["e1", "e3", "e5"]);
    let skipped: Vec<(u64, String)> = log.skipped().iter().map(|s| (s.line(), s.error().to_string())).collect();
    assert_eq!(
        skipped[1],
        (5, "line 5, column `name`: `Di \"the boss\" Ng` has a stray quote, after a row that spans lines".to_string())
    );
    assert_eq!(skipped[0].0, 3);
    // Without the closing row, the same name is kept as written.
    let input = roster(&[row("e1"), row_with("e4", "name", "Di \"the boss\" Ng")]);
    let (r, _) = strict(input.as_bytes()).unwrap();
    assert_eq!(r.get(1).unwrap().name(), Some("Di \"the boss\" Ng"));
}

#[test]
fn unclosed_quote_to_the_end_of_the_file() {
    let input = roster(&[row("e1"), row_with("e2", "team", "\"Acme/Core"), row("e3"), row("e4")]);
    let err = strict_err(input.as_bytes());
    assert!(
        matches!(err.kind(), ErrorKind::Value { line: 3, problem: ValueProblem::LineBreak, column, .. } if column == "team")
    );
    let (r, log) = lenient(input.as_bytes()).unwrap();
    assert_eq!(r.len(), 3);
    assert_eq!(log.skipped().iter().map(|s| s.line()).collect::<Vec<_>>(), [3]);
}

#[test]
fn quotes_inside_an_unquoted_field_are_kept() {
    let input = roster(&[row_with("e1", "name", "Ana \"Boss\" Alves")]);
    let (r, _) = strict(input.as_bytes()).unwrap();
    assert_eq!(r.get(0).unwrap().name(), Some("Ana \"Boss\" Alves"));
}

#[test]
fn a_one_mib_name() {
    let name = "n".repeat(1 << 20);
    let input = roster(&[row_with("e1", "name", &name), row("e2")]);
    let (r, _) = strict(input.as_bytes()).unwrap();
    assert_eq!(r.get(0).unwrap().name().map(str::len), Some(1 << 20));
    assert_eq!(r.get(1).unwrap().id(), "e2");
}

#[test]
fn a_one_mib_number_is_named_in_full_and_shown_cut() {
    let value = "9".repeat(1 << 20);
    let input = roster(&[row_with("e1", "vision", &value)]);
    let err = strict_err(input.as_bytes());
    assert_eq!(err.value().map(str::len), Some(1 << 20));
    assert!(matches!(err.kind(), ErrorKind::Value { problem: ValueProblem::Infinite, .. }));
    assert_eq!(err.to_string(), format!("line 2, column `vision`: `{}…` is infinite", "9".repeat(100)));
}

#[test]
fn a_one_mib_id_in_a_duplicate() {
    let id = "i".repeat(1 << 20);
    let input = roster(&[row(&id), row(&id)]);
    let err = strict_err(input.as_bytes());
    assert_eq!(err.value().map(str::len), Some(1 << 20));
    assert!(err.to_string().len() < 300);
}

#[test]
fn bad_row_at_line_100_001_of_a_large_file() {
    let mut input = String::with_capacity(7_000_000);
    input.push_str(HEADER);
    input.push('\n');
    for i in 0..99_999 {
        input.push_str(&row(&format!("e{i}")));
        input.push('\n');
    }
    input.push_str(&row_with("bad", "risk_taking", "0,8"));
    input.push('\n');
    input.push_str(&row("last"));
    input.push('\n');
    let err = strict_err(input.as_bytes());
    assert!(matches!(err.kind(), ErrorKind::FieldCount { line: 100_001, .. }), "{err}");
    let (report, log) = ReaderBuilder::new().mode(Mode::Lenient).analyze(input.as_bytes(), &Analyzer::new()).unwrap();
    assert_eq!((log.rows(), log.kept()), (100_001, 100_000));
    assert_eq!(log.skipped()[0].line(), 100_001);
    assert_eq!(report.teams()[0].members(), 100_000);
}

#[test]
fn header_names_in_any_case_and_order() {
    let input = "RISK_MANAGEMENT,Team,risk_taking,ID,Process,people,Execution,vision,Organize,inspire\n\
                 0.1,T,0.2,a,0.3,0.4,0.5,0.6,0.7,0.8\n";
    let (r, _) = strict(input.as_bytes()).unwrap();
    assert_eq!(r.get(0).unwrap().strengths(), [0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1]);
}

#[test]
fn semicolon_separated_export_is_detected() {
    // Once one column `id;name;...` without `id` (issue 18 made it a detected delimiter).
    let input = roster(&[row("e1")]).replace(',', ";");
    let (r, log) = strict(input.as_bytes()).unwrap();
    assert_eq!((r.len(), log.delimiter()), (1, rolebalance::Delimiter::Semicolon));
    let (report, _) = analyze(input.as_bytes()).unwrap();
    assert_eq!(report.len(), 1);
    // Told to read commas, it is still one column.
    let err = ReaderBuilder::new().delimiter(rolebalance::Delimiter::Comma).read_roster(input.as_bytes()).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::MissingColumn { line: 1, column } if column == "id"));
}

#[test]
fn header_repeated_in_the_middle_of_a_concatenated_export() {
    let input = format!("{}{HEADER}\n{}\n", roster(&[row("e1")]), row("e2"));
    assert_value_err(input.as_bytes(), 3, "weight", "weight", ValueProblem::NotANumber);
    let (r, log) = lenient(input.as_bytes()).unwrap();
    assert_eq!((r.len(), log.skipped().len(), log.skipped()[0].line()), (2, 1, 3));
}

#[test]
fn spreadsheet_error_values_are_not_numbers() {
    for bad in ["#N/A", "#DIV/0!", "NULL", "-", "n/a", "TRUE"] {
        let input = roster(&[row_with("e1", "process", bad)]);
        assert_value_err(input.as_bytes(), 2, "process", bad, ValueProblem::NotANumber);
    }
}

// ---------------------------------------------------------------- framework files

#[test]
fn hostile_framework_files() {
    let cases: [(&[u8], &str); 7] = [
        (b"", "framework file, line 1: empty file: expected the header `dimension,leadership_pole,management_pole`"),
        (
            b"\xEF\xBB\xBF",
            "framework file, line 1: empty file: expected the header `dimension,leadership_pole,management_pole`",
        ),
        (b"dimension,leadership_pole,management_pole\n", "a framework needs at least one dimension"),
        (b"dimension,leadership_pole,management_pole\na,b\n", "framework file, line 2: expected 3 fields, found 2"),
        (
            b"dimension,leadership_pole,management_pole\na,b,c\n\na,d,e\n",
            "framework file, line 4: duplicate name `a` (first given on line 2)",
        ),
        (
            b"dimension,leadership_pole,management_pole\na,B,c\n",
            "framework file, line 2: invalid name `B`: names are lowercase ascii snake_case",
        ),
        (
            b"dimension,leadership_pole,management_pole\na,b,\xFF\n",
            "framework file, line 2: field 3: `\u{fffd}` is not valid utf-8",
        ),
    ];
    for (input, message) in cases {
        let err = Framework::from_csv_reader(input).unwrap_err();
        assert_eq!(err.to_string(), message);
    }
}

// ------------------------------------------- every reader: one record rule (issue 15)

mod one_record_rule {
    use proptest::prelude::*;
    use rolebalance::{
        read_csv_records, read_ids, read_pairs, Analyzer, Delimiter, ErrorKind, Framework, Instrument, Mode,
        ReaderBuilder, Requirements, Scorer, ValueProblem,
    };
    use std::io::Read;

    /// Joins `rows` with the given line ends (`0`: `\n`, `1`: `\r\n`, `2`: a
    /// lone `\r`) and empty lines before some rows; returns the text and
    /// the physical line each row starts on.
    fn assemble(rows: &[String], ends: &[u8], blanks: &[u8]) -> (String, Vec<u64>) {
        let end = |k: u8| match k % 3 {
            0 => "\n",
            1 => "\r\n",
            _ => "\r",
        };
        let (mut text, mut lines, mut line) = (String::new(), Vec::new(), 1u64);
        let push_end = |text: &mut String, k: u8| {
            // A lone `\r` then a `\n` would make one `\r\n`: never `\n` after `\r`.
            let e = if text.ends_with('\r') && end(k) == "\n" { "\r" } else { end(k) };
            text.push_str(e);
        };
        for (i, r) in rows.iter().enumerate() {
            for _ in 0..blanks.get(i).copied().unwrap_or(0) % 3 {
                push_end(&mut text, ends.get(i + 7).copied().unwrap_or(0));
                line += 1;
            }
            lines.push(line);
            text.push_str(r);
            push_end(&mut text, ends.get(i).copied().unwrap_or(0));
            line += 1;
        }
        (text, lines)
    }

    fn instrument() -> Instrument {
        let fw = Framework::builder().dimension("d", "lead", "manage").build().unwrap();
        Instrument::likert(fw, 1, 5).item("q1", "lead", false).item("q2", "manage", false).build().unwrap()
    }

    const ROSTER_HEADER: &str = "id,team,purpose,horizon,focus,risk";

    fn roster_row(i: usize, bad: bool) -> String {
        format!("m{i},T{},{},0.5,0,0", i % 3, if bad { "x" } else { "0.25" })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        /// Whatever the line ends (LF, CRLF, lone CR) and the empty lines,
        /// every reader names the physical line of the bad record, the
        /// same in every read mode, on every thread count and chunk size.
        #[test]
        fn every_reader_names_the_physical_line(
            n in 2usize..8,
            bad in 0usize..8,
            ends in proptest::collection::vec(0u8..3, 16),
            blanks in proptest::collection::vec(0u8..4, 8),
        ) {
            let bad = bad % n;
            let build = |header: &str, row: &dyn Fn(usize, bool) -> String| {
                let mut rows = vec![header.to_string()];
                rows.extend((0..n).map(|i| row(i, i == bad)));
                let (text, lines) = assemble(&rows, &ends, &blanks);
                (text, lines[bad + 1], lines)
            };
            // Framework, requirements, instrument, constraints.
            let (t, line, _) = build("dimension,leadership_pole,management_pole", &|i, b| {
                if b { format!("d{i},Bad,m{i}") } else { format!("d{i},l{i},m{i}") }
            });
            prop_assert_eq!(Framework::from_csv_reader(t.as_bytes()).unwrap_err().line(), Some(line));
            let (t, line, _) = build("team,threshold,value", &|i, b| format!("T{i},skew,{}", if b { "high" } else { "0.2" }));
            prop_assert_eq!(Requirements::from_csv_reader(t.as_bytes()).unwrap_err().line(), Some(line));
            let (t, line, _) = build("item,pole,reverse,min,max", &|i, b| {
                format!("q{i},{},false,1,5", if b { "nopole" } else { "lead" })
            });
            let fw = Framework::builder().dimension("d", "lead", "manage").build().unwrap();
            prop_assert_eq!(Instrument::from_csv_reader(fw, t.as_bytes()).unwrap_err().line(), Some(line));
            let (t, line, _) = build("a,b", &|i, b| if b { format!("x{i},") } else { format!("x{i},y{i}") });
            prop_assert_eq!(read_pairs(t.as_bytes()).unwrap_err().line(), Some(line));
            let (t, line, _) = build("id,team", &|i, b| if b { ",T".to_string() } else { format!("x{i},T") });
            prop_assert_eq!(read_ids(t.as_bytes()).unwrap_err().line(), Some(line));
            // The records a program reads beside a roster (a pinned column).
            let (t, _, lines) = build("id,pinned", &|i, _| format!("x{i},yes"));
            let got: Vec<u64> = read_csv_records(t.as_bytes()).unwrap().into_iter().map(|(l, _)| l).collect();
            prop_assert_eq!(got, lines);
            // Responses, strict and lenient.
            let (t, line, _) = build("id,team,q1,q2", &|i, b| format!("p{i},T,{},4", if b { 9 } else { 3 }));
            let err = Scorer::new(instrument()).score(t.as_bytes()).unwrap_err();
            prop_assert_eq!(err.line(), Some(line));
            let scored = Scorer::new(instrument()).mode(Mode::Lenient).score(t.as_bytes()).unwrap();
            let skipped: Vec<u64> = scored.log().skipped().iter().map(|s| s.line()).collect();
            prop_assert_eq!(skipped, vec![line]);
            // Rosters: in memory (comma and semicolon), streaming on 1, 2
            // and 4 threads with small chunks, strict and lenient.
            let (t, line, _) = build(ROSTER_HEADER, &|i, b| roster_row(i, b));
            prop_assert_eq!(ReaderBuilder::new().read_roster(t.as_bytes()).unwrap_err().line(), Some(line));
            let semi = t.replace(',', ";");
            let err = ReaderBuilder::new().delimiter(Delimiter::Semicolon).read_roster(semi.as_bytes()).unwrap_err();
            prop_assert_eq!(err.line(), Some(line));
            for threads in [1, 2, 4] {
                for chunk in [8, 64, 1 << 16] {
                    let reader = ReaderBuilder::new().threads(threads).chunk_size(chunk);
                    let err = reader.analyze(t.as_bytes(), &Analyzer::new()).unwrap_err();
                    prop_assert_eq!(err.line(), Some(line), "{} threads, chunks of {}", threads, chunk);
                    let (report, log) = reader.mode(Mode::Lenient).analyze(t.as_bytes(), &Analyzer::new()).unwrap();
                    let skipped: Vec<u64> = log.skipped().iter().map(|s| s.line()).collect();
                    prop_assert_eq!(skipped, vec![line]);
                    prop_assert_eq!(report.teams().iter().map(|t| t.members()).sum::<u64>(), n as u64 - 1);
                }
            }
        }

        /// A stray quote (opened in one row, closed some rows later) never
        /// swallows rows silently: strict reads name its first line as a
        /// value that spans lines; lenient reads skip the row that opened it
        /// and the row that closed it, and keep every row between with its
        /// own answers. The responses reader and the roster readers agree.
        #[test]
        fn a_stray_quote_swallows_no_row(
            n in 3usize..9,
            open in 0usize..8,
            gap in 1usize..8,
            ends in proptest::collection::vec(0u8..3, 16),
            blanks in proptest::collection::vec(0u8..4, 8),
        ) {
            let open = open % (n - 1);
            let close = (open + gap).min(n - 1);
            let answer = |i: usize| 1 + i % 5;
            let mut rows = vec!["id,team,q1,q2".to_string()];
            for i in 0..n {
                let (q1, q2) = (answer(i), answer(i + 2));
                rows.push(match i {
                    i if i == open => format!("p{i},T,\"{q1},{q2}"),
                    i if i == close => format!("p{i},T,{q1},{q2}\""),
                    _ => format!("p{i},T,{q1},{q2}"),
                });
            }
            let (t, lines) = assemble(&rows, &ends, &blanks);
            let err = Scorer::new(instrument()).score(t.as_bytes()).unwrap_err();
            prop_assert_eq!(err.line(), Some(lines[open + 1]));
            let is_line_break = matches!(err.kind(), ErrorKind::Value { problem: ValueProblem::LineBreak, .. });
            prop_assert!(is_line_break, "{}", err);
            let scored = Scorer::new(instrument()).mode(Mode::Lenient).score(t.as_bytes()).unwrap();
            let skipped: Vec<u64> = scored.log().skipped().iter().map(|s| s.line()).collect();
            prop_assert_eq!(skipped, vec![lines[open + 1], lines[close + 1]]);
            let kept: Vec<usize> = (0..n).filter(|&i| i != open && i != close).collect();
            prop_assert_eq!(scored.roster().len(), kept.len());
            for (m, &i) in scored.roster().iter().zip(&kept) {
                prop_assert_eq!(m.id(), format!("p{i}"));
                // Likert 1..5 onto [0, 1]: each respondent keeps their own answers.
                let want = [(answer(i) as f64 - 1.0) / 4.0, (answer(i + 2) as f64 - 1.0) / 4.0];
                prop_assert_eq!(m.strengths(), &want[..]);
            }
            // The same pattern in a roster, on every path.
            let mut rows = vec![ROSTER_HEADER.to_string()];
            for i in 0..n {
                let v = format!("0.{}", answer(i));
                rows.push(match i {
                    i if i == open => format!("m{i},T,\"{v},0,0,0"),
                    i if i == close => format!("m{i},T,{v},0,0,0\""),
                    _ => format!("m{i},T,{v},0,0,0"),
                });
            }
            let (t, lines) = assemble(&rows, &ends, &blanks);
            let err = ReaderBuilder::new().read_roster(t.as_bytes()).unwrap_err();
            prop_assert_eq!(err.line(), Some(lines[open + 1]));
            for (threads, chunk) in [(1, 1 << 16), (2, 8), (4, 32)] {
                let reader = ReaderBuilder::new().threads(threads).chunk_size(chunk);
                let err = reader.analyze(t.as_bytes(), &Analyzer::new()).unwrap_err();
                prop_assert_eq!(err.line(), Some(lines[open + 1]));
                let (_, log) = reader.mode(Mode::Lenient).analyze(t.as_bytes(), &Analyzer::new()).unwrap();
                let skipped: Vec<u64> = log.skipped().iter().map(|s| s.line()).collect();
                prop_assert_eq!(skipped, vec![lines[open + 1], lines[close + 1]]);
                prop_assert_eq!(log.kept() as usize, kept.len());
            }
        }
    }

    /// A record that never ends is an error naming its line, on every
    /// reader, instead of memory growing until the process aborts: the
    /// readers with a limit of their own take it, the small files 16 MiB.
    #[test]
    fn a_record_that_never_ends_is_an_error() {
        fn endless(head: &str) -> impl Read + '_ {
            head.as_bytes().chain(std::io::repeat(b'a'))
        }
        let too_long = |e: rolebalance::Error, line: u64| {
            assert!(matches!(e.kind(), ErrorKind::RecordTooLong { line: l, .. } if *l == line), "{e}");
            assert!(e.to_string().starts_with(&format!("line {line}: a record of more than")), "{e}");
        };
        let head = format!("{ROSTER_HEADER}\n\rm1,T,0,0,0,0\r\n");
        let limit = 1 << 16;
        too_long(ReaderBuilder::new().max_record_bytes(limit).read_roster(endless(&head)).unwrap_err(), 4);
        too_long(ReaderBuilder::new().max_record_bytes(limit).read_roster(endless("")).unwrap_err(), 1);
        let semi = ReaderBuilder::new().max_record_bytes(limit).delimiter(Delimiter::Semicolon);
        too_long(semi.read_roster(endless(&head.replace(',', ";"))).unwrap_err(), 4);
        for (threads, chunk) in [(1, 0), (2, 100), (4, 4096)] {
            let reader = ReaderBuilder::new().max_record_bytes(limit).threads(threads).chunk_size(chunk);
            too_long(reader.analyze(endless(&head), &Analyzer::new()).unwrap_err(), 4);
            let lenient = reader.clone().mode(Mode::Lenient);
            too_long(lenient.summary(endless(&head), &Analyzer::new()).unwrap_err(), 4);
            // An unclosed quote on an endless stream of lines is one endless record.
            let quoted = format!("{head}m2,\"T\n");
            let lines = quoted.as_bytes().chain(std::io::repeat(b'\n'));
            too_long(reader.analyze(lines, &Analyzer::new()).unwrap_err(), 4);
        }
        let scorer = Scorer::new(instrument()).max_record_bytes(limit);
        too_long(scorer.score(endless("id,team,q1,q2\r\np1,T,1,2\n")).unwrap_err(), 3);
        too_long(
            Scorer::new(instrument()).mode(Mode::Lenient).max_record_bytes(limit).score(endless("")).unwrap_err(),
            1,
        );
        // The small files, at the default limit.
        too_long(Framework::from_csv_reader(endless("dimension,leadership_pole,management_pole\n")).unwrap_err(), 2);
        too_long(Requirements::from_csv_reader(endless("team,threshold,value\n\n")).unwrap_err(), 3);
        too_long(read_pairs(endless("a,b\r")).unwrap_err(), 2);
        too_long(read_csv_records(endless("")).unwrap_err(), 1);
        // Just under the limit is a record like any other.
        let field = "a".repeat(limit - 40);
        let csv = format!("{ROSTER_HEADER}\nm1,{field},0,0,0,0\n");
        assert!(ReaderBuilder::new().max_record_bytes(limit).read_roster(csv.as_bytes()).is_ok());
        assert!(ReaderBuilder::new()
            .max_record_bytes(limit)
            .threads(2)
            .chunk_size(64)
            .analyze(csv.as_bytes(), &Analyzer::new())
            .is_ok());
    }
}

// ------------------------------------------- spreadsheet formulas in CSV outputs (issue 15)

mod csv_formulas {
    use proptest::prelude::*;
    use rolebalance::{Analyzer, CsvFormulas, Member, ReaderBuilder, Roster};

    /// The cells of a CSV text, as a spreadsheet would see them.
    fn cells(csv: &[u8]) -> Vec<Vec<String>> {
        let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(csv);
        rdr.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect()
    }

    fn is_number(s: &str) -> bool {
        s.parse::<f64>().is_ok() && s.bytes().all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b))
    }

    /// What a spreadsheet could run: a cell starting with `=`, `+`, `-`,
    /// `@`, tab or CR that is not a plain number.
    fn runs(cell: &str) -> bool {
        matches!(cell.as_bytes().first(), Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')) && !is_number(cell)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        /// No CSV output holds a cell a spreadsheet would run, whatever the
        /// team and id; each such cell is the text with a `'` before it;
        /// numbers stay numbers; `Keep` writes the text as it is.
        #[test]
        fn no_csv_output_holds_a_formula(
            lead in proptest::sample::select(vec!["=", "+", "-", "@", "\t", "\r", "'", "a", "-0.5", "+3", "-1e-3"]),
            rest in "[A-Za-z0-9(),\"!|' ]{0,12}",
            id_lead in proptest::sample::select(vec!["=", "@", "-", "x"]),
        ) {
            let team = format!("{lead}{rest}").trim().to_string();
            prop_assume!(!team.is_empty() && !team.contains('/'));
            let id = format!("{id_lead}1");
            let roster: Roster = [Member::new(&id, &team, [0.5; 8]).unwrap()].into_iter().collect();
            let check = |csv: &[u8], texts: &[&str]| -> Result<(), TestCaseError> {
                for row in cells(csv).iter().skip(1) {
                    for cell in row {
                        prop_assert!(!runs(cell), "{:?} in {:?}", cell, String::from_utf8_lossy(csv));
                    }
                    for t in texts {
                        let want = if runs(t) { format!("'{t}") } else { (*t).to_string() };
                        prop_assert!(row.contains(&want), "{:?} not in {:?}", want, row);
                    }
                }
                Ok(())
            };
            let mut out = Vec::new();
            roster.write_csv(&mut out).unwrap();
            check(&out, &[&id, &team])?;
            let mut kept = Vec::new();
            roster.write_csv_with(&mut kept, CsvFormulas::Keep).unwrap();
            let row = cells(&kept).into_iter().nth(1).unwrap();
            prop_assert_eq!(&row[0], &id);
            prop_assert_eq!(&row[2], &team);
            // The summary table, in memory and streamed.
            let report = Analyzer::new().analyze(&roster).unwrap();
            let mut out = Vec::new();
            report.write_summary_csv(&mut out).unwrap();
            check(&out, &[&team])?;
            let mut input = Vec::new();
            roster.write_csv_with(&mut input, CsvFormulas::Keep).unwrap();
            for threads in [1, 2] {
                let reader = ReaderBuilder::new().threads(threads).chunk_size(16);
                let Ok((summary, _)) = reader.summary(input.as_slice(), &Analyzer::new()) else { continue };
                let mut out = Vec::new();
                summary.write_csv(&mut out).unwrap();
                check(&out, &[&team])?;
                let mut kept = Vec::new();
                summary.write_csv_with(&mut kept, CsvFormulas::Keep).unwrap();
                let row = cells(&kept).into_iter().nth(1).unwrap();
                prop_assert_eq!(&row[0], &team);
            }
        }
    }
}

// ------------------------------------------- terminal control sequences (issue 15)

mod terminal {
    use proptest::prelude::*;
    use rolebalance::{read_pairs, Analyzer, Framework, Mode, ReaderBuilder, Requirements};

    /// Sequences that drive a terminal or change how text looks.
    const HOSTILE: [&str; 9] = [
        "\u{1b}[2J",                                     // CSI: clear the screen
        "\u{1b}]8;;http://evil\u{7}link\u{1b}]8;;\u{7}", // OSC 8 hyperlink
        "\r",                                            // overwrite the line
        "\u{9b}31m",                                     // C1 CSI
        "\u{202e}olleh",                                 // right-to-left override
        "\u{200b}",                                      // zero-width space
        "\u{7}",                                         // bell
        "\u{8}",                                         // backspace
        "\u{2066}x\u{2069}",                             // isolate
    ];

    /// Whether `text` holds nothing a terminal would act on but line feeds.
    fn inert(text: &str) -> bool {
        !text.chars().any(|c| {
            (c.is_control() && c != '\n')
                || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

        /// Team names, ids and values holding control sequences reach no
        /// text output and no error message as they are.
        #[test]
        fn no_text_output_or_message_carries_a_control_sequence(
            a in proptest::sample::select(HOSTILE.to_vec()),
            b in proptest::sample::select(HOSTILE.to_vec()),
            word in "[a-z]{1,6}",
        ) {
            let team = format!("{word}{a}T").replace('\r', "\\r-cr");
            let team = if a == "\r" { format!("{word}\u{1b}[1A") } else { team };
            let id = format!("i{b}d");
            let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
            let csv = format!(
                "id,name,team,purpose,horizon,focus,risk\n{},{},{},0.9,0.9,0.1,0.1\nx,{},{},0.1,0.1,0.1,0.1\n",
                q(&id), q(&format!("n{b}")), q(&team), q("plain"), q(&team)
            );
            for threads in [1, 2] {
                let reader = ReaderBuilder::new().threads(threads).chunk_size(16).mode(Mode::Lenient);
                let (report, log) = reader.analyze(csv.as_bytes(), &Analyzer::new()).unwrap();
                let mut out = Vec::new();
                report.write_text(&mut out, "roster.csv", Some(&log)).unwrap();
                let text = String::from_utf8(out).unwrap();
                prop_assert!(inert(&text), "{:?}", text);
                let (analysis, log) = reader.analysis(csv.as_bytes(), &Analyzer::new()).unwrap();
                let mut out = Vec::new();
                analysis.write_text(&mut out, "roster.csv", Some(&log)).unwrap();
                prop_assert!(inert(&String::from_utf8(out).unwrap()));
                for t in report.teams() {
                    for f in t.findings() {
                        let message = format!("{}", rolebalance::escape_controls(&f.message()));
                        prop_assert!(inert(&message));
                    }
                }
            }
            // Error messages: a bad value, a duplicate, a missing column,
            // and the small files.
            let bad = format!("id,team,purpose,horizon,focus,risk\n{},{},{},0,0,0\n", q(&id), q(&team), q(&format!("x{a}")));
            let dup = format!("id,team,purpose,horizon,focus,risk\n{},T,0,0,0,0\n{},T,0,0,0,0\n", q(&id), q(&id));
            let header = format!("{},team,purpose,horizon,focus,risk\n", q(&format!("i{a}d")));
            for input in [bad, dup, header] {
                let err = ReaderBuilder::new().read_roster(input.as_bytes()).unwrap_err();
                prop_assert!(inert(&err.to_string()), "{:?}", err.to_string());
                let err = ReaderBuilder::new().mode(Mode::Lenient).threads(2).chunk_size(8).analyze(input.as_bytes(), &Analyzer::new());
                if let Err(e) = err {
                    prop_assert!(inert(&e.to_string()));
                }
            }
            let fw = format!("dimension,leadership_pole,management_pole\n{},l,m\n", q(&format!("D{a}")));
            prop_assert!(inert(&Framework::from_csv_reader(fw.as_bytes()).unwrap_err().to_string()));
            let req = format!("team,threshold,value\n{},skew,{}\n", q(&team), q(&format!("v{b}")));
            prop_assert!(inert(&Requirements::from_csv_reader(req.as_bytes()).unwrap_err().to_string()));
            let pairs = format!("a,b\n{},\n", q(&id));
            prop_assert!(inert(&read_pairs(pairs.as_bytes()).unwrap_err().to_string()));
        }
    }
}

// ------------------------------------------- smaller items (issue 15)

/// A field-count error names a header cell left empty by its place, on
/// every read path, never as ``.
#[test]
fn field_count_error_names_an_empty_header_cell_by_its_place() {
    for (csv, column) in [
        ("id,team,,purpose,horizon,focus,risk\na,T\n", "field 3"),
        ("id,team,purpose,horizon,focus,risk,\na,T,1,1,1,1\n", "field 7"),
        ("id,team,purpose,horizon,focus,risk\na,T,1\n", "horizon"),
    ] {
        for threads in [1, 2] {
            let reader = ReaderBuilder::new().threads(threads).chunk_size(8);
            let e = reader.read_roster(csv.as_bytes()).unwrap_err();
            assert_eq!(e.column(), Some(column), "{e}");
            let e = reader.analyze(csv.as_bytes(), &Analyzer::new()).unwrap_err();
            assert_eq!(e.column(), Some(column), "{e}");
            let semi = csv.replace(',', ";");
            let e = reader.delimiter(rolebalance::Delimiter::Semicolon).read_roster(semi.as_bytes()).unwrap_err();
            assert_eq!(e.column(), Some(column), "{e}");
        }
    }
}

/// Byte-order marks (one, two, before a quoted header field, before a
/// quote that spans lines) are read alike strict and lenient, in memory and
/// streaming with any chunk size: the same rows or the same first error.
#[test]
fn byte_order_marks_are_read_alike_on_every_path() {
    let bom = "\u{feff}";
    let body = "id,team,purpose,horizon,focus,risk\na,T,1,1,1,1\n";
    for csv in [
        format!("{bom}{body}"),
        format!("{bom}{bom}{body}"),
        format!("{bom}\"id\",team,purpose,horizon,focus,risk\na,T,1,1,1,1\n"),
        format!("{bom}\"\n{bom}\"{body}"),
        format!("{body}{bom}b,T,1,1,1,1\n{bom}\"c\",T,1,1,1,1\n"),
    ] {
        let outcome = |r: Result<(u64, Vec<u64>), Error>| r.map_err(|e| (e.line(), e.to_string()));
        for mode in [Mode::Strict, Mode::Lenient] {
            let base = ReaderBuilder::new().mode(mode);
            let expected = outcome(
                base.read_roster(csv.as_bytes())
                    .map(|(_, l)| (l.kept(), l.skipped().iter().map(|s| s.line()).collect())),
            );
            for (threads, chunk) in [(1, 0), (1, 3), (2, 7), (4, 16)] {
                let reader = base.clone().threads(threads).chunk_size(chunk);
                let got = outcome(
                    reader
                        .analyze(csv.as_bytes(), &Analyzer::new())
                        .map(|(_, l)| (l.kept(), l.skipped().iter().map(|s| s.line()).collect())),
                );
                assert_eq!(got, expected, "{csv:?} {threads} threads, chunks of {chunk}");
            }
        }
    }
}

/// A Likert scale whose ends reach past ±2^53 (where answers, read as
/// numbers, are no longer exact, and `max - min` overflows at the ends of
/// the i64 range) is refused; scales up to that bound score exactly.
#[test]
fn likert_scales_past_2_pow_53_are_refused() {
    use rolebalance::{Instrument, Scorer};
    let fw = || Framework::builder().dimension("d", "lead", "manage").build().unwrap();
    for (min, max) in [(i64::MIN, i64::MAX), (0, i64::MAX), (i64::MIN, 0), (-(1 << 53) - 1, 0), (0, (1 << 53) + 1)] {
        let e = Instrument::likert(fw(), min, max)
            .item("q1", "lead", true)
            .item("q2", "manage", false)
            .build()
            .unwrap_err();
        assert!(e.to_string().contains("2^53"), "{e}");
    }
    let b = 1i64 << 53;
    let inst = Instrument::likert(fw(), -b, b).item("q1", "lead", true).item("q2", "manage", false).build().unwrap();
    let csv = format!("id,team,q1,q2\na,T,{b},{}\n", -b);
    let scored = Scorer::new(inst).score(csv.as_bytes()).unwrap();
    assert_eq!(scored.roster().get(0).unwrap().strengths(), &[0.0, 0.0]);
}

/// The text report of a team path 20,000 levels deep with its rollups is
/// written whole (its overview is made in two passes, not held in memory).
#[test]
fn text_report_of_a_very_deep_path_with_rollups() {
    let path = vec!["a"; 20_000].join("/");
    let csv = format!("id,team,purpose,horizon,focus,risk\nx,{path},1,1,0,0\ny,{path}/b,0,0,1,1\n");
    let analyzer = Analyzer::new().rollups(Rollups::Include);
    let (analysis, log) = ReaderBuilder::new().analysis(csv.as_bytes(), &analyzer).unwrap();
    let mut out = Vec::new();
    analysis.write_text(&mut out, "deep.csv", Some(&log)).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.starts_with("deep.csv: 2 rows, 20002 teams, model strongest;"), "{}", &text[..200]);
    let width = path.len() + 2;
    let header = text.lines().nth(2).unwrap();
    assert_eq!(header.find("  members"), Some(width), "the name column is as wide as the widest name");
}
