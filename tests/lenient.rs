//! Nothing is lost in lenient mode: rows read = rows kept + rows skipped,
//! every good row is kept (with its values) and every bad row is named by
//! its line. A property test mixes good and bad rows at random.

use proptest::prelude::*;
use rolebalance::{Analyzer, Mode, ReaderBuilder};

const HEADER: &str = "id,name,team,weight,inspire,organize,vision,execution,people,process,risk_taking,risk_management";
const TEAMS: [&str; 3] = ["A", "A/B", "Core"];

/// One generated line.
#[derive(Debug, Clone)]
enum Line {
    /// A good row: team index, weight and eight strengths.
    Good(usize, f64, [f64; 8]),
    /// A bad row of kind `k` (see [`bad_row`]).
    Bad(u8),
    /// An empty or whitespace-only line.
    Blank(&'static str),
}

fn line() -> impl Strategy<Value = Line> {
    prop_oneof![
        6 => (0..TEAMS.len(), 0.0..=1.0f64, proptest::array::uniform8(0.0..=1.0f64))
            .prop_map(|(t, w, s)| Line::Good(t, w, s)),
        3 => (0u8..10).prop_map(Line::Bad),
        1 => prop_oneof![Just(""), Just("   "), Just("\t")].prop_map(Line::Blank),
    ]
}

fn good_row(id: &str, team: &str, w: f64, s: &[f64; 8]) -> Vec<u8> {
    let nums: Vec<String> = s.iter().map(|x| x.to_string()).collect();
    format!("{id},Name {id},{team},{w},{}", nums.join(",")).into_bytes()
}

/// A bad row of kind `kind`; `dup` is an earlier good row (id, team) to repeat.
fn bad_row(kind: u8, n: usize, dup: Option<&(String, usize)>) -> Vec<u8> {
    let ok = [0.5; 8];
    let id = format!("b{n}");
    match kind {
        0 => format!("{id},N,A,1,0.5,0.5,x{n},0.5,0.5,0.5,0.5,0.5").into_bytes(),
        1 => format!("{id},N,A,1,0.5,0.5,0.5,1.5,0.5,0.5,0.5,0.5").into_bytes(),
        2 => format!("{id},N,A,NaN,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5").into_bytes(),
        3 => b" ,N,A,1,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5".to_vec(),
        4 => good_row(&id, "A//B", 1.0, &ok),
        5 => format!("{id},N,A,1,0.5").into_bytes(),
        6 => [good_row(&id, "A", 1.0, &ok), b",".to_vec()].concat(),
        7 => [format!("{id},N,").into_bytes(), b"M\xFCnchen,1,0,0,0,0,0,0,0,0".to_vec()].concat(),
        8 => match dup {
            Some((id, t)) => good_row(id, TEAMS[*t], 1.0, &ok),
            None => format!("{id},N,A,1,50%,0.5,0.5,0.5,0.5,0.5,0.5,0.5").into_bytes(),
        },
        // An unclosed quote: swallows the lines up to the next quote.
        _ => format!("{id},\"Stray,A,1,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5").into_bytes(),
    }
}

/// A good row as generated: id, team index, weight, strengths.
type GoodRow = (String, usize, f64, [f64; 8]);

/// The roster bytes, the good rows and the lines of the bad rows.
fn build(lines: &[Line], crlf: bool) -> (Vec<u8>, Vec<GoodRow>, Vec<u64>) {
    let nl: &[u8] = if crlf { b"\r\n" } else { b"\n" };
    let mut out = HEADER.as_bytes().to_vec();
    out.extend_from_slice(nl);
    let (mut good, mut bad) = (Vec::new(), Vec::new());
    let mut seen: Vec<(String, usize)> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let line_no = i as u64 + 2;
        match l {
            Line::Good(t, w, s) => {
                let id = format!("g{i}");
                out.extend(good_row(&id, TEAMS[*t], *w, s));
                seen.push((id.clone(), *t));
                good.push((id, *t, *w, *s));
            }
            Line::Bad(k) => {
                out.extend(bad_row(*k, i, seen.get(i % seen.len().max(1))));
                bad.push(line_no);
            }
            Line::Blank(b) => out.extend_from_slice(b.as_bytes()),
        }
        out.extend_from_slice(nl);
    }
    (out, good, bad)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn every_good_row_kept_and_every_bad_row_named(lines in proptest::collection::vec(line(), 0..60), crlf: bool) {
        let (input, good, bad) = build(&lines, crlf);
        let (roster, log) = ReaderBuilder::new().mode(Mode::Lenient).read_roster(input.as_slice()).unwrap();
        prop_assert_eq!(log.rows(), log.kept() + log.skipped().len() as u64);
        prop_assert_eq!(log.rows(), (good.len() + bad.len()) as u64);
        let skipped: Vec<u64> = log.skipped().iter().map(|s| s.line()).collect();
        prop_assert_eq!(&skipped, &bad);
        for s in log.skipped() {
            prop_assert_eq!(s.error().line(), Some(s.line()));
            prop_assert!(s.error().to_string().starts_with(&format!("line {}, column `", s.line())), "{}", s.error());
        }
        prop_assert_eq!(roster.len(), good.len());
        for (m, (id, t, w, s)) in roster.iter().zip(&good) {
            prop_assert_eq!(m.id(), id.as_str());
            prop_assert_eq!(m.team(), TEAMS[*t]);
            prop_assert_eq!(m.weight(), *w);
            prop_assert_eq!(m.strengths(), s.as_slice());
        }

        // The streaming analysis keeps and skips the same rows.
        let (report, slog) =
            ReaderBuilder::new().mode(Mode::Lenient).analyze(input.as_slice(), &Analyzer::new()).unwrap();
        let sskipped: Vec<u64> = slog.skipped().iter().map(|s| s.line()).collect();
        prop_assert_eq!(&sskipped, &bad);
        prop_assert_eq!(report.teams().iter().map(|t| t.members()).sum::<u64>(), good.len() as u64);

        // Strict mode fails on the first bad row, and only then.
        let strict = ReaderBuilder::new().read_roster(input.as_slice());
        match bad.first() {
            Some(&first) => prop_assert_eq!(strict.unwrap_err().line(), Some(first)),
            None => prop_assert_eq!(strict.unwrap().0.len(), good.len()),
        }
    }
}

#[test]
fn every_kind_of_bad_row_is_named_once() {
    // Each kind between two good rows, and all of them in a row.
    let mut lines = vec![Line::Good(0, 1.0, [0.5; 8])];
    for k in 0..10 {
        lines.push(Line::Bad(k));
        lines.push(Line::Good(1, 0.5, [0.25; 8]));
    }
    lines.extend((0..10).map(Line::Bad));
    lines.push(Line::Good(2, 0.0, [1.0; 8]));
    for crlf in [false, true] {
        let (input, good, bad) = build(&lines, crlf);
        let (roster, log) = ReaderBuilder::new().mode(Mode::Lenient).read_roster(input.as_slice()).unwrap();
        assert_eq!(log.skipped().iter().map(|s| s.line()).collect::<Vec<_>>(), bad);
        assert_eq!(
            roster.iter().map(|m| m.id().to_string()).collect::<Vec<_>>(),
            good.iter().map(|g| g.0.clone()).collect::<Vec<_>>()
        );
        assert_eq!((log.rows(), log.kept()), (32, 12));
    }
}
