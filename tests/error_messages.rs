//! The full `Display` text of every error kind, so that a change of wording
//! is a visible decision. Each error is produced through the public API
//! where the API can produce it.

use std::io;

use rolebalance::{
    Analyzer, Coverage, Dimension, Error, ErrorKind, Framework, Member, Mode, ReaderBuilder, Requirements, Roster,
    Thresholds,
};

const POLES: &str = "inspire,organize,vision,execution,people,process,risk_taking,risk_management";

fn roster_err(input: &str) -> String {
    let err = ReaderBuilder::new().read_roster(input.as_bytes()).unwrap_err();
    // The streaming analysis reports the same.
    let streamed = ReaderBuilder::new().analyze(input.as_bytes(), &Analyzer::new()).err().map(|e| e.to_string());
    assert_eq!(streamed.as_deref(), Some(err.to_string().as_str()));
    err.to_string()
}

/// A roster with one row whose `column` is `value`.
fn value_err(column: &str, value: &str) -> String {
    let header = format!("id,team,weight,{POLES}");
    let mut fields = vec!["a", "T", "1", "0.5", "0.5", "0.5", "0.5", "0.5", "0.5", "0.5", "0.5"];
    let i = header.split(',').position(|c| c == column).unwrap();
    fields[i] = value;
    roster_err(&format!("{header}\n{}\n", fields.join(",")))
}

#[test]
fn empty_framework() {
    assert_eq!(Framework::new(vec![]).unwrap_err().to_string(), "a framework needs at least one dimension");
}

#[test]
fn too_many_dimensions() {
    let dims: Vec<Dimension> =
        (0..33).map(|i| Dimension::new(&format!("d{i}"), &format!("l{i}"), &format!("m{i}")).unwrap()).collect();
    assert_eq!(Framework::new(dims).unwrap_err().to_string(), "a framework has at most 32 dimensions, found 33");
}

#[test]
fn invalid_name() {
    assert_eq!(
        Dimension::new("Horizon", "vision", "execution").unwrap_err().to_string(),
        "invalid name `Horizon`: names are lowercase ascii snake_case"
    );
}

#[test]
fn reserved_name() {
    assert_eq!(
        Dimension::new("horizon", "weight", "execution").unwrap_err().to_string(),
        "name `weight` is reserved for a roster column"
    );
    let dims = vec![
        Dimension::new("horizon", "vision", "execution").unwrap(),
        Dimension::new("a", "horizon_intensity", "b").unwrap(),
    ];
    assert_eq!(
        Framework::new(dims).unwrap_err().to_string(),
        "name `horizon_intensity` is reserved for a roster column"
    );
    // From a file, with the line.
    let file = "dimension,leadership_pole,management_pole\nhorizon,vision,execution\nfocus,team,process\n";
    assert_eq!(
        Framework::from_csv_reader(file.as_bytes()).unwrap_err().to_string(),
        "framework file, line 3: name `team` is reserved for a roster column"
    );
}

#[test]
fn duplicate_name() {
    assert_eq!(Dimension::new("a", "b", "b").unwrap_err().to_string(), "duplicate name `b` in framework");
}

#[test]
fn framework_file() {
    let err = Framework::from_csv_reader("key,lead,manage\n".as_bytes()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "framework file, line 1: expected the header `dimension,leadership_pole,management_pole`, found `key,lead,manage`"
    );
    let err = Framework::from_csv_reader("dimension,leadership_pole,management_pole\r\n\r\na,b\r\n".as_bytes());
    assert_eq!(err.unwrap_err().to_string(), "framework file, line 3: expected 3 fields, found 2");
}

#[test]
fn requirements_file() {
    let err = Requirements::from_csv_reader("team,threshold,value\nT,vision,high\n".as_bytes()).unwrap_err();
    assert_eq!(err.to_string(), "requirements file, line 2: `high` is not a number");
    let err = Requirements::from_csv_reader("team,threshold,value\r\n\r\nT,vision,0.5\r\nT,vision,0.6\r\n".as_bytes());
    assert_eq!(
        err.unwrap_err().to_string(),
        "requirements file, line 4: threshold `vision` for team `T` is given twice"
    );
}

#[test]
fn invalid_threshold() {
    assert_eq!(
        Thresholds::default().with("pole", 1.5).unwrap_err().to_string(),
        "threshold `pole` is 1.5, expected a number in [0, 1]"
    );
    assert_eq!(
        Thresholds::default().with("skew", f64::NAN).unwrap_err().to_string(),
        "threshold `skew` is NaN, expected a number in [0, 1]"
    );
}

#[test]
fn unknown_threshold() {
    let analyzer = Analyzer::new().thresholds(Thresholds::default().with("charisma", 0.5).unwrap());
    let err = analyzer.analyze(&Roster::new(Framework::leadership_management())).unwrap_err();
    assert_eq!(err.to_string(), "threshold for unknown pole `charisma`");
}

#[test]
fn member_value() {
    assert_eq!(
        Member::new("", "T", [0.5, 0.5]).unwrap_err().to_string(),
        "member `id`: empty value where one is needed"
    );
    assert_eq!(
        Member::new("a", "T", [0.5, f64::NAN]).unwrap_err().to_string(),
        "member `strength 1`: `NaN` is nan, not a number"
    );
    assert_eq!(
        Member::new("a", "A//B", [0.5, 0.5]).unwrap_err().to_string(),
        "member `team`: `A//B` has an empty team path segment"
    );
    assert_eq!(
        Member::new("a", "T", [0.5]).unwrap().with_weight(2.0).unwrap_err().to_string(),
        "member `weight`: `2` is out of range [0, 1]"
    );
}

#[test]
fn pole_count() {
    let roster: Roster = [Member::new("a", "T", [0.5, 0.5]).unwrap()].into_iter().collect();
    assert_eq!(
        Analyzer::new().analyze(&roster).unwrap_err().to_string(),
        "member `a` has 2 pole strengths, the framework has 8 poles"
    );
}

#[test]
fn no_header() {
    assert_eq!(roster_err(""), "line 1: empty roster: no header line");
}

#[test]
fn empty_header() {
    // Not produced by the reader (an empty header cell is an ignored column);
    // kept for compatibility.
    let err: Error = ErrorKind::EmptyHeader { line: 1, field: 3 }.into();
    assert_eq!(err.to_string(), "line 1: header field 3 is empty");
}

#[test]
fn missing_column() {
    assert_eq!(roster_err(&format!("id,{POLES}\n")), "line 1: missing column `team`");
}

#[test]
fn missing_dimension() {
    assert_eq!(
        roster_err("id,team,purpose,horizon,focus\n"),
        "line 1: no column for dimension `risk`: expected `risk` or `risk_taking` and `risk_management`"
    );
}

#[test]
fn missing_partner() {
    assert_eq!(
        roster_err("id,team,purpose,vision,focus,risk\n"),
        "line 1, column `vision`: pole column without its partner `execution`"
    );
}

#[test]
fn both_forms() {
    assert_eq!(
        roster_err(&format!("id,team,{POLES},horizon\n")),
        "line 1, column `horizon`: dimension given in both forms, as a position and as pole columns"
    );
}

#[test]
fn duplicate_column() {
    assert_eq!(roster_err(&format!("id,team,{POLES},TEAM\n")), "line 1, column `team`: duplicate column");
}

#[test]
fn intensity_without_dimension() {
    assert_eq!(
        roster_err(&format!("id,team,{POLES},focus_intensity\n")),
        "line 1, column `focus_intensity`: intensity column without its dimension column `focus`"
    );
}

#[test]
fn value_empty() {
    assert_eq!(value_err("vision", " "), "line 2, column `vision`: empty value where one is needed");
}

#[test]
fn value_not_a_number() {
    assert_eq!(value_err("vision", "50%"), "line 2, column `vision`: `50%` is not a number");
}

#[test]
fn value_nan() {
    assert_eq!(value_err("people", "NaN"), "line 2, column `people`: `NaN` is nan, not a number");
}

#[test]
fn value_infinite() {
    assert_eq!(value_err("weight", "-inf"), "line 2, column `weight`: `-inf` is infinite");
}

#[test]
fn value_out_of_range() {
    assert_eq!(value_err("process", "1.5"), "line 2, column `process`: `1.5` is out of range [0, 1]");
    assert_eq!(
        roster_err("id,team,purpose,horizon,focus,risk\na,T,0,0,-2,0\n"),
        "line 2, column `focus`: `-2` is out of range [-1, 1]"
    );
}

#[test]
fn value_invalid_utf8() {
    let input = format!("id,team,{POLES}\na,M\u{fc}nchen,0,0,0,0,0,0,0,0\n");
    let latin1: Vec<u8> = input.chars().map(|c| c as u32 as u8).collect();
    let err = ReaderBuilder::new().read_roster(latin1.as_slice()).unwrap_err();
    assert_eq!(err.to_string(), "line 2, column `team`: `M\u{FFFD}nchen` is not valid utf-8");
}

#[test]
fn value_empty_team_segment() {
    assert_eq!(value_err("team", "Acme/"), "line 2, column `team`: `Acme/` has an empty team path segment");
}

#[test]
fn value_line_break() {
    assert_eq!(
        value_err("team", "\"Acme\nCore\""),
        "line 2, column `team`: `Acme\\nCore` spans lines: a quote is not closed, or a field has a line break"
    );
}

#[test]
fn value_stray_quote() {
    // Lenient: the line after a row that spans lines is read again; with a
    // quote in a field it is the rest of that row.
    let input = format!("id,team,{POLES}\na,\"T\nU\",0,0,0,0,0,0,0,0\nb,T,0,0,0,0,0,0,0,0\n");
    let (_, log) = ReaderBuilder::new().mode(Mode::Lenient).read_roster(input.as_bytes()).unwrap();
    let messages: Vec<String> = log.skipped().iter().map(|s| s.error().to_string()).collect();
    assert_eq!(
        messages,
        [
            "line 2, column `team`: `T\\nU` spans lines: a quote is not closed, or a field has a line break",
            "line 3, column `id`: `U\"` has a stray quote, after a row that spans lines",
        ]
    );
    assert_eq!(log.kept(), 1);
}

#[test]
fn value_shown_cut_after_100_characters() {
    let long = "x".repeat(150);
    assert_eq!(value_err("vision", &long), format!("line 2, column `vision`: `{}…` is not a number", "x".repeat(100)));
}

#[test]
fn field_count() {
    assert_eq!(
        roster_err(&format!("id,team,{POLES}\na,T,0,0\n")),
        "line 2, column `vision`: expected 10 fields, found 4"
    );
    assert_eq!(
        roster_err(&format!("id,team,{POLES}\na,T,0,0,0,0,0,0,0,0,\n")),
        "line 2, column `field 11`: expected 10 fields, found 11"
    );
}

#[test]
fn duplicate_member() {
    assert_eq!(
        roster_err(&format!("id,team,{POLES}\na,T,0,0,0,0,0,0,0,0\n\na,T,0,0,0,0,0,0,0,0\n")),
        "line 4, column `id`: `a` is already in team `T` at line 2"
    );
}

#[test]
fn duplicate_pair() {
    let m = Member::new("a", "T", [0.5; 8]).unwrap();
    let roster: Roster = [m.clone(), m].into_iter().collect();
    assert_eq!(Analyzer::new().analyze(&roster).unwrap_err().to_string(), "member `a` is listed twice in team `T`");
}

/// A reader that fails after its first bytes.
struct Failing(bool);

impl io::Read for Failing {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if std::mem::replace(&mut self.0, true) {
            return Err(io::Error::other("disk on fire"));
        }
        let head = b"id,team,purpose,horizon,focus,risk\n";
        buf[..head.len()].copy_from_slice(head);
        Ok(head.len())
    }
}

#[test]
fn io() {
    let err = ReaderBuilder::new().read_roster(Failing(false)).unwrap_err();
    // The message says what failed; the cause is the source, once.
    assert_eq!(err.to_string(), "read error");
    let source = std::error::Error::source(&err).expect("the i/o error is the source");
    assert_eq!(source.to_string(), "disk on fire");
    assert!(source.source().is_none());
    assert_eq!(err.path(), None);
    // A `*_path` function names the file, in the message and in `path()`.
    let err = ReaderBuilder::new().read_roster_path("/nonexistent/dir/roster.csv").unwrap_err();
    assert_eq!(err.to_string(), "cannot read `/nonexistent/dir/roster.csv`");
    assert_eq!(err.path(), Some(std::path::Path::new("/nonexistent/dir/roster.csv")));
    let ErrorKind::Io(io) = err.kind() else { panic!("{err:?}") };
    assert_eq!(io.io_kind(), std::io::ErrorKind::NotFound);
    for err in [
        rolebalance::Framework::from_csv_path("/nonexistent/fw.csv").unwrap_err(),
        rolebalance::Requirements::from_csv_path("/nonexistent/fw.csv").unwrap_err(),
        ReaderBuilder::new().summary_path("/nonexistent/fw.csv", &rolebalance::Analyzer::new()).unwrap_err(),
        ReaderBuilder::new().analyze_path("/nonexistent/fw.csv", &rolebalance::Analyzer::new()).unwrap_err(),
        rolebalance::MdgpInstance::read_path("/nonexistent/fw.csv").unwrap_err(),
    ] {
        assert_eq!(err.to_string(), "cannot read `/nonexistent/fw.csv`");
        assert_eq!(std::error::Error::source(&err).map(|s| s.to_string()), Some(io.io_error().to_string()));
    }
    // Equal errors compare equal (`ErrorKind: PartialEq`).
    let again = ReaderBuilder::new().read_roster_path("/nonexistent/dir/roster.csv").unwrap_err();
    assert_eq!(
        err_kind(&again),
        err_kind(&ReaderBuilder::new().read_roster_path("/nonexistent/dir/roster.csv").unwrap_err())
    );
    assert_ne!(
        err_kind(&again),
        err_kind(&ReaderBuilder::new().read_roster_path("/nonexistent/other.csv").unwrap_err())
    );
    // Lenient mode does not skip I/O errors.
    let err = ReaderBuilder::new().mode(Mode::Lenient).read_roster(Failing(false)).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Io(_)));
}

#[test]
fn parse_coverage() {
    assert_eq!(
        "max".parse::<Coverage>().unwrap_err().to_string(),
        "unknown coverage model `max`: expected strongest, pooled, average, weakest or additive"
    );
}

fn err_kind(err: &rolebalance::Error) -> &ErrorKind {
    err.kind()
}

#[test]
fn disclosure_options() {
    let err = rolebalance::Disclosure::new().min_group(2).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::InvalidOption { .. }));
    assert_eq!(err.to_string(), "option `min_group`: 2 is below the floor of 3 active members");
    let err = "everyone".parse::<rolebalance::Audience>().unwrap_err();
    assert_eq!(err.to_string(), "option `audience`: `everyone` is not an audience: team or org");
}

#[test]
fn strengths_by_pole_name() {
    use rolebalance::{Framework, Member};
    let fw = Framework::leadership_management();
    let all: Vec<(&str, f64)> = fw.pole_names().map(|p| (p, 0.5)).collect();
    assert!(Member::with_poles("a", "T", &fw, all.iter().copied()).is_ok());
    let err = Member::with_poles("a", "T", &fw, all.iter().copied().skip(1)).unwrap_err();
    assert_eq!(err.to_string(), "member `a`: no strength for pole `inspire`");
    assert!(matches!(err.kind(), ErrorKind::MissingPole { .. }));
    let err = Member::with_poles("a", "T", &fw, all.iter().copied().chain([("charm", 0.1)])).unwrap_err();
    assert_eq!(err.to_string(), "member `a`: the framework has no pole `charm`");
    let err = Member::with_poles("a", "T", &fw, all.iter().copied().chain([("people", 0.1)])).unwrap_err();
    assert_eq!(err.to_string(), "member `a`: pole `people` given twice");
    let err = Member::with_poles("a", "T", &fw, all.iter().map(|&(p, _)| (p, 1.5))).unwrap_err();
    assert!(err.to_string().starts_with("member `strength 0`"), "{err}");
}
