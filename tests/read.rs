//! The CSV roster reader: header forms, value rules and lenient mode (DESIGN.md section 2).

use rolebalance::{ErrorKind, Framework, Mode, ReaderBuilder, ValueProblem};

const POLES: &str = "inspire,organize,vision,execution,people,process,risk_taking,risk_management";

fn read(text: &str) -> Result<(rolebalance::Roster, rolebalance::ReadLog), rolebalance::Error> {
    ReaderBuilder::new().read_roster(text.as_bytes())
}

fn err(text: &str) -> String {
    read(text).unwrap_err().to_string()
}

#[test]
fn header_is_trimmed_case_insensitive_and_in_any_order() {
    let text =
        format!(" TEAM ,Weight,{},Id , name\nA,0.5,0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,x1,Ana\n", POLES.to_uppercase());
    let (r, log) = read(&text).unwrap();
    let m = r.get(0).unwrap();
    assert_eq!((m.id(), m.team(), m.name(), m.weight()), ("x1", "A", Some("Ana"), 0.5));
    assert_eq!(m.strengths(), [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]);
    assert!(log.unknown_columns().is_empty());
}

#[test]
fn forms_mix_per_dimension() {
    let text = "id,team,purpose,purpose_intensity,vision,execution,focus,risk\n\
                a,T,0.5,0.8,0.3,0.4,-1,1\n\
                b,T,-0.5,,0.3,0.4,0,0\n";
    let (r, _) = read(text).unwrap();
    let a = r.get(0).unwrap().strengths();
    let close = |x: f64, y: f64| (x - y).abs() < 1e-12;
    assert!(close(a[0], 0.8 * 1.5 / 2.0) && close(a[1], 0.8 * 0.5 / 2.0));
    assert_eq!(&a[2..], [0.3, 0.4, 0.0, 1.0, 1.0, 0.0]);
    let b = r.get(1).unwrap().strengths();
    assert!(close(b[0], 0.25) && close(b[1], 0.75), "an empty intensity is 1");
    assert_eq!(&b[4..], [0.5, 0.5, 0.5, 0.5]);
}

#[test]
fn header_errors_name_the_column() {
    assert_eq!(err(&format!("team,{POLES}\n")), "line 1: missing column `id`");
    assert_eq!(err(&format!("id,{POLES}\n")), "line 1: missing column `team`");
    assert_eq!(
        err("id,team,purpose,horizon,focus\n"),
        "line 1: no column for dimension `risk`: expected `risk` or `risk_taking` and `risk_management`"
    );
    assert_eq!(
        err("id,team,purpose,vision,focus,risk\n"),
        "line 1, column `vision`: pole column without its partner `execution`"
    );
    assert_eq!(
        err("id,team,purpose,horizon,vision,execution,focus,risk\n"),
        "line 1, column `horizon`: dimension given in both forms, as a position and as pole columns"
    );
    assert_eq!(err(&format!("id,team,{POLES},ID\n")), "line 1, column `id`: duplicate column");
    assert_eq!(
        err(&format!("id,team,{POLES},horizon_intensity\n")),
        "line 1, column `horizon_intensity`: intensity column without its dimension column `horizon`"
    );
    assert_eq!(err(""), "line 1: empty roster: no header line");
    assert_eq!(err("\u{feff}"), "line 1: empty roster: no header line");
    assert_eq!(err("\n\n  \n"), "line 1: empty roster: no header line");
}

#[test]
fn value_errors_name_line_column_and_value() {
    let h = format!("id,team,weight,{POLES}\n");
    let cases = [
        ("a,T,1,x,0,0,0,0,0,0,0", "line 2, column `inspire`: `x` is not a number"),
        ("a,T,1,NaN,0,0,0,0,0,0,0", "line 2, column `inspire`: `NaN` is nan, not a number"),
        ("a,T,1,0,inf,0,0,0,0,0,0", "line 2, column `organize`: `inf` is infinite"),
        ("a,T,1,0,0,1.5,0,0,0,0,0", "line 2, column `vision`: `1.5` is out of range [0, 1]"),
        ("a,T,1.01,0,0,0,0,0,0,0,0", "line 2, column `weight`: `1.01` is out of range [0, 1]"),
        ("a,T,1,0,0,0,,0,0,0,0", "line 2, column `execution`: empty value where one is needed"),
        (",T,1,0,0,0,0,0,0,0,0", "line 2, column `id`: empty value where one is needed"),
        ("a,,1,0,0,0,0,0,0,0,0", "line 2, column `team`: empty value where one is needed"),
        ("a,A//B,1,0,0,0,0,0,0,0,0", "line 2, column `team`: `A//B` has an empty team path segment"),
        ("a,T,1,0,0,0,0,0,0,0", "line 2, column `risk_management`: expected 11 fields, found 10"),
        ("a,T,1,0,0,0,0,0,0,0,0,0", "line 2, column `field 12`: expected 11 fields, found 12"),
        ("a,T,1,50%,0,0,0,0,0,0,0", "line 2, column `inspire`: `50%` is not a number"),
        ("a,T,1,\"0,5\",0,0,0,0,0,0,0", "line 2, column `inspire`: `0,5` is not a number"),
        // several faults: the first column in header order is reported
        ("a,T,2,x,0,0,0,0,0,0,0", "line 2, column `weight`: `2` is out of range [0, 1]"),
    ];
    for (row, msg) in cases {
        assert_eq!(err(&format!("{h}{row}\n")), msg, "{row}");
    }
    // A quoted line break is an error (issue 3: a stray quote must not
    // swallow rows); lines are still counted through it.
    let input = format!("{h}a,T,1,0,0,0,0,0,0,0,0\n\"quoted\nname\",T,1,0,0,0,0,0,0,0,0\na,T,1,0,0,0,0,0,0,0,0\n");
    let e = read(&input).unwrap_err();
    assert_eq!(
        e.to_string(),
        "line 3, column `id`: `quoted\\nname` spans lines: a quote is not closed, or a field has a line break"
    );
    let (_, log) =
        rolebalance::ReaderBuilder::new().mode(rolebalance::Mode::Lenient).read_roster(input.as_bytes()).unwrap();
    let e = log.skipped().last().unwrap().error();
    assert_eq!(e.to_string(), "line 5, column `id`: `a` is already in team `T` at line 2");
    assert_eq!((e.line(), e.column(), e.value()), (Some(5), Some("id"), Some("a")));
    let mut bytes = h.clone().into_bytes();
    bytes.extend_from_slice(b"a,T\xff,1,0,0,0,0,0,0,0,0\n");
    let e = ReaderBuilder::new().read_roster(bytes.as_slice()).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Value { problem: ValueProblem::InvalidUtf8, .. }));
    assert_eq!(e.to_string(), "line 2, column `team`: `T\u{fffd}` is not valid utf-8");
}

#[test]
fn awkward_but_valid_input() {
    let text = format!(
        "\u{feff}id,team,name,weight,{POLES},notes\r\n\r\n\
         a, T ,\"Diaz, Ana\",,-0,0,.5,5e-1,1,1,0,0,\"x\"\r\n   \r\n\
         b,T,,0,0.5000000000000001,1e-320,0,0,0,0,0,0,\r\n"
    );
    let (r, log) = read(&text).unwrap();
    assert_eq!(log.rows(), 2);
    assert_eq!(log.unknown_columns(), ["notes"]);
    let a = r.get(0).unwrap();
    assert_eq!((a.team(), a.name(), a.weight()), ("T", Some("Diaz, Ana"), 1.0));
    assert!(a.strengths()[0].is_sign_positive());
    assert_eq!(a.strengths()[2..4], [0.5, 0.5]);
    let b = r.get(1).unwrap();
    assert_eq!(b.name(), None);
    assert_eq!(b.weight(), 0.0);
    assert_eq!(b.strengths()[..2], [0.5000000000000001, 1e-320]);
}

#[test]
fn lenient_mode_keeps_every_good_row_and_names_every_bad_one() {
    let text = format!(
        "id,team,{POLES}\na,T,0,0,0,0,0,0,0,0\nb,T,x,0,0,0,0,0,0,0\nc,T,0,0,0,0,0,0,0,0\na,T,0,0,0,0,0,0,0,0\nd,T,0\n"
    );
    let (r, log) = ReaderBuilder::new().mode(Mode::Lenient).read_roster(text.as_bytes()).unwrap();
    let ids: Vec<&str> = r.iter().map(|m| m.id()).collect();
    assert_eq!(ids, ["a", "c"]);
    assert_eq!(log.rows(), 5);
    assert_eq!(log.kept(), 2);
    let skipped: Vec<(u64, String)> = log.skipped().iter().map(|s| (s.line(), s.error().to_string())).collect();
    assert_eq!(
        skipped,
        [
            (3, "line 3, column `inspire`: `x` is not a number".to_string()),
            (5, "line 5, column `id`: `a` is already in team `T` at line 2".to_string()),
            (6, "line 6, column `organize`: expected 10 fields, found 3".to_string()),
        ]
    );
    // The streaming analysis skips the same rows.
    let analyzer = rolebalance::Analyzer::new();
    let (report, log2) = ReaderBuilder::new().mode(Mode::Lenient).analyze(text.as_bytes(), &analyzer).unwrap();
    assert_eq!(report.teams()[0].members(), 2);
    assert_eq!(log2.skipped().len(), 3);
}

#[test]
fn custom_framework() {
    let fw =
        Framework::from_csv_path(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/framework_agile.csv")).unwrap();
    assert_eq!(fw.len(), 5);
    let text = format!("id,team,{POLES},change\na,T,0,0,0,0,0,0,0,0,1\n");
    let (r, _) = ReaderBuilder::new().framework(fw).read_roster(text.as_bytes()).unwrap();
    assert_eq!(r.get(0).unwrap().strengths()[8..], [1.0, 0.0]);
}

#[test]
fn lines_are_counted_across_empty_lines_and_crlf() {
    for (nl, blank) in [("\n", "\n"), ("\r\n", "\r\n"), ("\n", "  \n"), ("\r\n", "\n\r\n")] {
        let text =
            format!("{blank}id,team,{POLES}{nl}{blank}a,T,0,0,0,0,0,0,0,0{nl}{blank}{blank}b,T,x,0,0,0,0,0,0,0{nl}");
        let e = read(&text).unwrap_err();
        let blanks = blank.matches('\n').count() as u64;
        assert_eq!(e.line(), Some(3 + 4 * blanks), "{text:?}");
    }
}
