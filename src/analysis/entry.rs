//! From a file to a report: the entry points of [`ReaderBuilder`] that read
//! and analyse in one go, with the engine behind them (a comma-separated
//! file streams on every core, strict or lenient; another delimiter or a
//! reporting line reads in one pass).

use std::io;

use crate::analysis::analyzer::{report_of, Analyzer};
use crate::analysis::report::Report;
use crate::analysis::streamed::Analysis;
use crate::analysis::summary::{format_shard, Summary};
use crate::engine::shard::{Check, Format, Shard};
use crate::engine::store::Keep;
use crate::engine::tally::{Tally, Teams};
use crate::error::Error;
use crate::io::read::{ReadLog, ReaderBuilder};
use crate::model::settings::Settings;

impl ReaderBuilder {
    /// Reads and analyses a roster in one pass without keeping its members:
    /// memory grows with the number of teams, not of rows (plus about 16
    /// bytes per row to detect a repeated (`id`, `team`) pair), on
    /// [`ReaderBuilder::threads`] threads.
    ///
    /// Duplicates are detected exactly: two different (`id`, `team`) pairs
    /// are never taken for the same, whatever their hashes.
    ///
    /// Rollups ([`Rollups::Include`](crate::Rollups::Include)) are merges of
    /// their teams' totals, in team order; their compensated sums equal those
    /// of [`Analyzer::analyze`] to within a few units in the last place. For
    /// the summary table alone, [`ReaderBuilder::summary`] is faster and
    /// smaller (no member ids, no messages).
    ///
    /// # Errors
    ///
    /// As [`ReaderBuilder::read_roster`], and the analysis errors of
    /// [`Analyzer::analyze`].
    ///
    /// ```
    /// use rolebalance::{Analyzer, ReaderBuilder};
    /// let csv = "id,team,purpose,horizon,focus,risk\na,T,1,1,1,1\nb,T,-1,-1,-1,-1\n";
    /// let (report, log) = ReaderBuilder::new().analyze(csv.as_bytes(), &Analyzer::new())?;
    /// assert_eq!(log.rows(), 2);
    /// assert_eq!(report.teams()[0].health(), 1.0);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn analyze<R: io::Read>(&self, reader: R, analyzer: &Analyzer) -> Result<(Report, ReadLog), Error> {
        let (tally, log) = self.tally(reader, analyzer, analyzer.keep(), None)?;
        Ok((report_of(&tally, analyzer.thread_count()), log))
    }

    /// Reads and analyses a roster in one pass, keeping only every team's
    /// totals: an [`Analysis`] whose reports are made when asked for, and
    /// written out team by team ([`Analysis::write_json`](crate::Analysis::write_json),
    /// [`Analysis::write_text`](crate::Analysis::write_text)). What
    /// [`ReaderBuilder::analyze`] gives without holding every report.
    ///
    /// # Errors
    ///
    /// As [`ReaderBuilder::analyze`].
    ///
    /// ```
    /// use rolebalance::{Analyzer, ReaderBuilder};
    /// let csv = "id,team,purpose,horizon,focus,risk\na,T,1,1,1,1\nb,T,-1,-1,-1,-1\n";
    /// let (analysis, _) = ReaderBuilder::new().analysis(csv.as_bytes(), &Analyzer::new())?;
    /// let (report, _) = ReaderBuilder::new().analyze(csv.as_bytes(), &Analyzer::new())?;
    /// assert_eq!(analysis.into_report(), report);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn analysis<R: io::Read>(&self, reader: R, analyzer: &Analyzer) -> Result<(Analysis, ReadLog), Error> {
        let (tally, log) = self.tally(reader, analyzer, analyzer.keep(), None)?;
        Ok((Analysis::new(tally, analyzer.thread_count()), log))
    }

    /// Reads and analyses a roster file; see [`ReaderBuilder::analysis`].
    ///
    /// # Errors
    ///
    /// As [`ReaderBuilder::analysis`], and [`ErrorKind::Io`](crate::ErrorKind::Io)
    /// when the file cannot be read.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, ReaderBuilder};
    /// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/roster.csv");
    /// let (analysis, log) = ReaderBuilder::new().analysis_path(path, &Analyzer::new())?;
    /// assert_eq!((analysis.len(), log.rows()), (8, 41));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn analysis_path<P: AsRef<std::path::Path>>(
        &self,
        path: P,
        analyzer: &Analyzer,
    ) -> Result<(Analysis, ReadLog), Error> {
        self.analysis(crate::error::open(path.as_ref())?, analyzer).map_err(|e| e.in_file(path.as_ref()))
    }

    /// The totals of every team of the roster `reader` holds: in parallel
    /// for a strict read, in one pass for a lenient one.
    pub(crate) fn tally<R: io::Read>(
        &self,
        reader: R,
        analyzer: &Analyzer,
        keep: Keep,
        format: Option<&Format>,
    ) -> Result<(Tally<'static>, ReadLog), Error> {
        let (delimiter, reader) = crate::io::delimiter::sniff(reader, self.delimiter_value())?;
        // The streaming reader knows only commas (see `Delimiter`); a
        // reporting line is known only once every row is read.
        if delimiter != b',' || self.hierarchy_ref().is_some() {
            let builder = self.clone().delimiter(crate::io::delimiter::Delimiter::from_byte(delimiter));
            return one_pass(&builder, reader, analyzer.settings(), keep);
        }
        crate::engine::streaming::tally(reader, self, analyzer.settings(), keep, format)
    }

    /// Reads a roster in one pass and keeps only what the summary table
    /// ([`Summary`]) needs (no member ids): the fastest way to the
    /// table, in memory that grows with the number of teams, not of rows
    /// (plus about 12 bytes per row for the duplicate check, up to about 20
    /// in teams of hundreds). The summary rows are formatted when the read
    /// ends, on the reading threads.
    /// [`Summary::write_csv`] writes the same bytes as
    /// [`Report::write_summary_csv`] on the report of
    /// [`ReaderBuilder::analyze`].
    ///
    /// # Errors
    ///
    /// As [`ReaderBuilder::analyze`].
    ///
    /// ```
    /// use rolebalance::{Analyzer, ReaderBuilder};
    /// let csv = "id,team,purpose,horizon,focus,risk\na,T,1,1,1,1\nb,T,-1,-1,-1,-1\n";
    /// let (summary, log) = ReaderBuilder::new().summary(csv.as_bytes(), &Analyzer::new())?;
    /// assert_eq!((summary.len(), log.rows()), (1, 2));
    /// let mut out = Vec::new();
    /// summary.write_csv(&mut out)?;
    /// assert_eq!(String::from_utf8(out).unwrap(),
    ///     "team,members,total_weight,direction,control,balance,flags\n\
    ///      T,2,2,1,1,1,single_point_of_failure:inspire;single_point_of_failure:organize;\
    ///      single_point_of_failure:vision;single_point_of_failure:execution;\
    ///      single_point_of_failure:people;single_point_of_failure:process;\
    ///      single_point_of_failure:risk_taking;single_point_of_failure:risk_management;no_bridge\n");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn summary<R: io::Read>(&self, reader: R, analyzer: &Analyzer) -> Result<(Summary, ReadLog), Error> {
        if analyzer.settings().error.is_some() {
            // Findings have confidences only in full reports.
            let (report, log) = self.analyze(reader, analyzer)?;
            return Ok((Summary::from_report(report), log));
        }
        let names: Vec<String> = self.framework_ref().pole_names().map(str::to_string).collect();
        let format = move |shard: &Shard, text: Vec<u8>| format_shard(shard, &names, text);
        let keep = Keep {
            ids: false,
            ids_by_line: false,
            lines: analyzer.settings().rollups_included(),
            seconds: analyzer.settings().rollups_included(),
        };
        let (tally, log) = self.tally(reader, analyzer, keep, Some(&format))?;
        Ok((Summary::new(tally), log))
    }

    /// Reads a roster file into a summary; see [`ReaderBuilder::summary`].
    ///
    /// # Errors
    ///
    /// As [`ReaderBuilder::summary`], and [`ErrorKind::Io`](crate::ErrorKind::Io) when the file
    /// cannot be opened.
    pub fn summary_path<P: AsRef<std::path::Path>>(
        &self,
        path: P,
        analyzer: &Analyzer,
    ) -> Result<(Summary, ReadLog), Error> {
        self.summary(crate::error::open(path.as_ref())?, analyzer).map_err(|e| e.in_file(path.as_ref()))
    }

    /// Reads and analyses a roster file; see [`ReaderBuilder::analyze`].
    ///
    /// # Errors
    ///
    /// As [`ReaderBuilder::analyze`], and [`ErrorKind::Io`](crate::ErrorKind::Io) when the file
    /// cannot be opened.
    ///
    /// ```
    /// use rolebalance::{Analyzer, ReaderBuilder};
    /// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/roster.csv");
    /// let (report, log) = ReaderBuilder::new().analyze_path(path, &Analyzer::new())?;
    /// assert_eq!((report.len(), log.rows()), (8, 41));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn analyze_path<P: AsRef<std::path::Path>>(
        &self,
        path: P,
        analyzer: &Analyzer,
    ) -> Result<(Report, ReadLog), Error> {
        self.analyze(crate::error::open(path.as_ref())?, analyzer).map_err(|e| e.in_file(path.as_ref()))
    }
}

/// One pass over the rows on the calling thread, through the record reader
/// of [`ReaderBuilder::read_rows`]: for a delimiter other than `,` and for
/// teams from a reporting line.
fn one_pass<R: io::Read>(
    builder: &ReaderBuilder,
    reader: R,
    settings: &Settings,
    keep: Keep,
) -> Result<(Tally<'static>, ReadLog), Error> {
    let framework = builder.framework_ref();
    settings.check(framework)?;
    let mut shard = Shard::new(framework, settings, keep, Check::Lenient);
    let log = builder.read_rows(reader, |row, line| {
        let (team, id) = (row.team.as_bytes(), row.id.as_bytes());
        shard.add_row(line, crate::io::read::owner_key(team), team, id, row.weight, row.strengths, framework, settings)
    })?;
    shard.wrap_up(None);
    Ok((Tally::new(framework, settings, Teams::Shards(vec![shard]))?, log))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Coverage, ErrorKind, Framework, Mode, Requirements, Rollups, SkippedRow};
    use proptest::prelude::*;

    const HEADER: &str =
        "id,name,team,weight,inspire,organize,vision,execution,people,process,risk_taking,risk_management";

    /// What the in-memory path gives: `read_roster` then `Analyzer::analyze`.
    fn reference(csv: &str, reader: &ReaderBuilder, analyzer: &Analyzer) -> Result<(Report, String), String> {
        let (roster, log) = reader.read_roster(csv.as_bytes()).map_err(|e| e.to_string())?;
        let report = analyzer.analyze(&roster).map_err(|e| e.to_string())?;
        Ok((report, describe(&log)))
    }

    fn describe(log: &ReadLog) -> String {
        let skipped: Vec<String> = log.skipped().iter().map(|s| format!("{}: {}", s.line(), s.error())).collect();
        format!("rows {} kept {} unknown {:?} skipped {:?}", log.rows(), log.kept(), log.unknown_columns(), skipped)
    }

    fn streamed(csv: &str, reader: &ReaderBuilder, analyzer: &Analyzer) -> Result<(Report, String), String> {
        let (report, log) = reader.analyze(csv.as_bytes(), analyzer).map_err(|e| e.to_string())?;
        Ok((report, describe(&log)))
    }

    fn summary_bytes(csv: &str, reader: &ReaderBuilder, analyzer: &Analyzer) -> Result<Vec<u8>, String> {
        let (summary, _) = reader.summary(csv.as_bytes(), analyzer).map_err(|e| e.to_string())?;
        let mut out = Vec::new();
        summary.write_csv(&mut out).map_err(|e| e.to_string())?;
        Ok(out)
    }

    fn report_bytes(report: &Report) -> Vec<u8> {
        let mut out = Vec::new();
        report.write_summary_csv(&mut out).unwrap();
        out
    }

    fn roster_line() -> impl Strategy<Value = String> {
        let id = prop::sample::select(vec!["a", "b", "c", "d", "e", "f", "\"q,x\"", "", " g ", "é"]);
        // Long names that share their first 24 bytes (the head kept next to
        // a team's totals), and one that is not ASCII.
        let team = prop::sample::select(vec![
            "T",
            "U/V",
            "U/W",
            "U",
            "\"X,\"\"Y\"\"\"",
            "A//B",
            "U/V/Z",
            "Engineering-Platform-Team-A",
            "Engineering-Platform-Team-B",
            "Équipe/Nord",
        ]);
        let weight = prop::sample::select(vec!["", "1", "0.5", "0", "0.25", "2", "x", " 0.8 "]);
        let value = prop::sample::select(vec![
            "0",
            "0.25",
            "1",
            "0.7",
            "0.5",
            " 0.3 ",
            "1e-1",
            "-0",
            "0.49999999999",
            "1.5",
            "",
        ]);
        let end = prop::sample::select(vec!["\n", "\n", "\n", "\r\n", "\n\n"]);
        (id, team, weight, prop::collection::vec(value, 8), end)
            .prop_map(|(id, team, weight, values, end)| format!("{id},n,{team},{weight},{}{end}", values.join(",")))
    }

    fn roster() -> impl Strategy<Value = String> {
        prop::collection::vec(roster_line(), 0..40).prop_map(|lines| format!("{HEADER}\n{}", lines.concat()))
    }

    /// Columns in another order, an ignored one first, no name: the general
    /// fast path and the reader's line index with the team in column 3;
    /// numbers in the `d.ddd` shape and others; teams that share their
    /// first and last eight bytes, and one that is not ASCII.
    const PERMUTED: &str =
        "note,weight,team,inspire,organize,id,vision,execution,people,process,risk_taking,risk_management";

    fn permuted_line() -> impl Strategy<Value = String> {
        let id = prop::sample::select(vec!["a", "b", "c", "d", "\"q,x\"", "", " g ", "é"]);
        let team = prop::sample::select(vec![
            "Engineering-A-Platform",
            "Engineering-B-Platform",
            "Équipe/Nord",
            "T",
            " T",
            "U//V",
            "\"U,V\"",
        ]);
        let weight = prop::sample::select(vec!["", "1", "0.5", "0.250", "1.", ".5", "2"]);
        let value =
            prop::sample::select(vec!["0.123", "0.900", "1.000", "0.5", ".5", "1.", "0.1234", "0", "1.001", "x"]);
        let note = prop::sample::select(vec!["", "ok", "\"a\nb\"", "ü"]);
        let end = prop::sample::select(vec!["\n", "\n", "\r\n", "\n\n"]);
        (id, team, weight, prop::collection::vec(value, 8), note, end).prop_map(|(id, team, weight, v, note, end)| {
            format!("{note},{weight},{team},{},{},{id},{}{end}", v[0], v[1], v[2..].join(","))
        })
    }

    fn permuted() -> impl Strategy<Value = String> {
        prop::collection::vec(permuted_line(), 0..60).prop_map(|lines| format!("{PERMUTED}\n{}", lines.concat()))
    }

    /// A framework of `dims` dimensions and a roster in its standard
    /// columns: fewer poles than a team record holds, as many, and more
    /// (see `tally::INLINE`).
    fn sized() -> impl Strategy<Value = (usize, String)> {
        (1usize..8).prop_flat_map(|dims| {
            // Ids from a large set (a repeated pair ends a strict read),
            // bad values rare (so does a bad row).
            let id = (0u32..100_000).prop_map(|k| format!("m{k}"));
            let team = prop::sample::select(vec!["T", "U/V", "U", "Équipe/Nord", " T", "Engineering-Platform-Team-A"]);
            let weight = prop::sample::select(vec!["1", "0.5", "0", "0.25", "0.8"]);
            let value = prop_oneof![
                40 => prop::sample::select(vec!["0", "0.250", "1", "0.700", "0.5", "0.499", " 0.3 ", "0.61"]),
                1 => prop::sample::select(vec!["1.5", "x"]),
            ];
            let line = (id, team, weight, prop::collection::vec(value, 2 * dims))
                .prop_map(|(id, team, weight, v)| format!("{id},n,{team},{weight},{}\n", v.join(",")));
            prop::collection::vec(line, 0..60).prop_map(move |lines| {
                let poles: Vec<String> = (0..dims).map(|d| format!("l{d},m{d}")).collect();
                (dims, format!("id,name,team,weight,{}\n{}", poles.join(","), lines.concat()))
            })
        })
    }

    fn framework_of(dims: usize) -> Framework {
        let dims =
            (0..dims).map(|d| crate::Dimension::new(&format!("d{d}"), &format!("l{d}"), &format!("m{d}")).unwrap());
        Framework::new(dims.collect()).unwrap()
    }

    fn analyzers() -> Vec<Analyzer> {
        vec![
            Analyzer::new(),
            Analyzer::new().model(Coverage::Average),
            Analyzer::new()
                .model(Coverage::Pooled)
                .requirements(Requirements::new().require("U", "vision", 0.7).unwrap()),
            Analyzer::new().model(Coverage::Weakest),
            Analyzer::new().model(Coverage::Additive).rollups(Rollups::Include),
            // Models per pole, by requirement: conjunctive risk management
            // in U, additive vision everywhere.
            Analyzer::new()
                .thresholds(crate::Thresholds::new().with_model(Some("vision"), Coverage::Additive).unwrap())
                .requirements(
                    Requirements::new().require_model("U", Some("risk_management"), Coverage::Weakest).unwrap(),
                )
                .rollups(Rollups::Include),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn streaming_equals_in_memory(csv in roster(), chunk in 1usize..200, threads in 1usize..4, lenient: bool) {
            let mode = if lenient { Mode::Lenient } else { Mode::Strict };
            for analyzer in analyzers() {
                let one = ReaderBuilder::new().mode(mode).threads(1);
                let expected = reference(&csv, &one, &analyzer);
                let reader = ReaderBuilder::new().mode(mode).threads(threads).chunk_size(chunk);
                let got = streamed(&csv, &reader, &analyzer);
                prop_assert_eq!(&got, &expected);
                let summary = summary_bytes(&csv, &reader, &analyzer);
                prop_assert_eq!(summary, expected.map(|(r, _)| report_bytes(&r)));
            }
        }

        #[test]
        fn frameworks_of_any_size_stream_like_in_memory((dims, csv) in sized(), chunk in 1usize..300, threads in 1usize..4) {
            let framework = framework_of(dims);
            for analyzer in [Analyzer::new(), Analyzer::new().model(Coverage::Average), Analyzer::new().model(Coverage::Pooled)] {
                let one = ReaderBuilder::new().framework(framework.clone()).threads(1);
                let expected = reference(&csv, &one, &analyzer);
                let reader = ReaderBuilder::new().framework(framework.clone()).threads(threads).chunk_size(chunk);
                prop_assert_eq!(&streamed(&csv, &reader, &analyzer), &expected);
                let summary = summary_bytes(&csv, &reader, &analyzer);
                prop_assert_eq!(summary, expected.map(|(r, _)| report_bytes(&r)));
            }
        }

        #[test]
        fn other_column_orders_stream_like_in_memory(csv in permuted(), chunk in 1usize..300, threads in 1usize..4, lenient: bool) {
            let mode = if lenient { Mode::Lenient } else { Mode::Strict };
            let analyzer = Analyzer::new();
            let expected = reference(&csv, &ReaderBuilder::new().mode(mode).threads(1), &analyzer);
            let reader = ReaderBuilder::new().mode(mode).threads(threads).chunk_size(chunk);
            prop_assert_eq!(&streamed(&csv, &reader, &analyzer), &expected);
            prop_assert_eq!(summary_bytes(&csv, &reader, &analyzer), expected.map(|(r, _)| report_bytes(&r)));
        }

        #[test]
        fn threads_do_not_change_rollups(csv in roster(), chunk in 1usize..200, lenient: bool) {
            let mode = if lenient { Mode::Lenient } else { Mode::Strict };
            let analyzer = Analyzer::new().model(Coverage::Average).rollups(Rollups::Include);
            let one = streamed(&csv, &ReaderBuilder::new().mode(mode).threads(1), &analyzer);
            for threads in [2, 3, 4] {
                let reader = ReaderBuilder::new().mode(mode).threads(threads).chunk_size(chunk);
                prop_assert_eq!(&streamed(&csv, &reader, &analyzer), &one);
                prop_assert_eq!(summary_bytes(&csv, &reader, &analyzer), one.clone().map(|(r, _)| report_bytes(&r)));
            }
            // Rollups merge the teams' totals, so sums may differ from the
            // in-memory path in the last digit; the rest is equal.
            if let (Ok((a, la)), Ok((b, lb))) = (one, reference(&csv, &ReaderBuilder::new().mode(mode), &analyzer)) {
                prop_assert_eq!(la, lb);
                prop_assert_eq!(a.len(), b.len());
                for (x, y) in a.teams().iter().zip(b.teams()) {
                    prop_assert_eq!((x.team(), x.members(), x.flags()), (y.team(), y.members(), y.flags()));
                    prop_assert!((x.direction() - y.direction()).abs() < 1e-12);
                    prop_assert!((x.control() - y.control()).abs() < 1e-12);
                    for (p, q) in x.poles().zip(y.poles()) {
                        prop_assert_eq!(p.top_contributor(), q.top_contributor());
                    }
                }
            }
        }
    }

    #[test]
    fn first_error_of_the_file_whatever_the_chunks() {
        let mut csv = format!("{HEADER}\n");
        for i in 0..2000 {
            csv.push_str(&format!("m{i},n,T{},1,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5\n", i % 37));
        }
        let late_bad = csv.clone() + "x,n,T,1,0.5,0.5,0.5,0.5,0.5,0.5,0.5,nope\n";
        let dup = late_bad.replace("m1999,n,T1,", "m3,n,T3,");
        for (input, message) in [
            (&late_bad, "line 2002, column `risk_management`: `nope` is not a number"),
            (&dup, "line 2001, column `id`: `m3` is already in team `T3` at line 5"),
        ] {
            for threads in [1, 2, 4] {
                for chunk in [64, 1000, 1 << 20] {
                    let reader = ReaderBuilder::new().threads(threads).chunk_size(chunk);
                    let err = reader.analyze(input.as_bytes(), &Analyzer::new()).unwrap_err();
                    assert_eq!(err.to_string(), message, "threads {threads} chunk {chunk}");
                }
            }
        }
    }

    #[test]
    fn repeats_in_large_teams_are_found_whatever_the_threads() {
        // One team of 3,000 members: its filter of ids is full, so nearly
        // every row is kept aside; the first repeat is still the one named.
        let mut csv = format!("{HEADER}\n");
        for i in 0..3000 {
            csv.push_str(&format!("m{i},n,Big,1,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5\n"));
        }
        csv.push_str("m2999,n,Big,1,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5\n"); // line 3002
        csv.push_str("m7,n,Big,1,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5\n"); // line 3003
        csv.push_str("m8,n,Other,1,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5\n"); // a new pair
        for threads in [1, 2, 3] {
            for chunk in [100, 5000, 1 << 20] {
                let reader = ReaderBuilder::new().threads(threads).chunk_size(chunk);
                let err = reader.summary(csv.as_bytes(), &Analyzer::new()).unwrap_err();
                assert_eq!(err.to_string(), "line 3002, column `id`: `m2999` is already in team `Big` at line 3001");
                // Lenient reads skip both repeats and keep the rest.
                let (report, log) = reader.mode(Mode::Lenient).analyze(csv.as_bytes(), &Analyzer::new()).unwrap();
                assert_eq!(log.skipped().iter().map(SkippedRow::line).collect::<Vec<_>>(), [3002, 3003]);
                assert_eq!(report.teams().iter().map(|t| t.members()).collect::<Vec<_>>(), [3000, 1]);
            }
        }
    }

    #[test]
    fn repeats_are_found_before_and_after_a_shard_checks_at_once() {
        // 100,000 members of one team: the team's filter is full, nearly
        // every row is kept aside, and past a point the shard moves its log
        // into a table checked at once. A repeat before that point is found
        // when the log moves, one after it at once.
        let row = |id: &str| format!("{id},n,Big,1,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5\n");
        let mut clean = format!("{HEADER}\n");
        for i in 0..100_000 {
            clean.push_str(&row(&format!("m{i}")));
        }
        let mut early = clean.clone();
        let at = early.match_indices('\n').nth(50).map(|(i, _)| i + 1).unwrap();
        early.insert_str(at, &row("m5")); // line 52, m5 being on line 7
        let late = clean.clone() + &row("m99998"); // line 100,002
        for threads in [1, 2] {
            let reader = ReaderBuilder::new().threads(threads);
            let (summary, _) = reader.summary(clean.as_bytes(), &Analyzer::new()).unwrap();
            assert_eq!(summary.len(), 1);
            let err = reader.summary(early.as_bytes(), &Analyzer::new()).unwrap_err();
            assert_eq!(err.to_string(), "line 52, column `id`: `m5` is already in team `Big` at line 7");
            let err = reader.summary(late.as_bytes(), &Analyzer::new()).unwrap_err();
            assert_eq!(err.to_string(), "line 100002, column `id`: `m99998` is already in team `Big` at line 100000");
        }
    }

    fn with_panicking_team(worker: usize) -> String {
        let mut csv = format!("{HEADER}\n");
        for i in 0..3_000 {
            let team = if i == 1_500 { format!("panic-in-worker-{worker}") } else { format!("T{}", i % 37) };
            csv.push_str(&format!("m{i},n,{team},1,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5\n"));
        }
        csv
    }

    #[test]
    fn a_worker_that_panics_ends_the_read_instead_of_hanging_it() {
        let csv = with_panicking_team(1);
        for threads in [2, 3] {
            let reader = ReaderBuilder::new().threads(threads).chunk_size(256);
            let err = reader.summary(csv.as_bytes(), &Analyzer::new()).unwrap_err();
            assert_eq!(err.to_string(), "read error");
            assert_eq!(std::error::Error::source(&err).unwrap().to_string(), "a reading thread failed");
        }
    }

    #[test]
    #[should_panic(expected = "worker 0 asked to panic")]
    fn the_calling_thread_panicking_does_not_hang_the_workers() {
        let csv = with_panicking_team(0);
        let _ = ReaderBuilder::new().threads(2).chunk_size(256).summary(csv.as_bytes(), &Analyzer::new());
    }

    /// Gives `data`, `step` bytes a read, then fails.
    struct FailsAfter<'a> {
        data: &'a [u8],
        step: usize,
    }

    impl io::Read for FailsAfter<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.data.is_empty() {
                return Err(io::Error::other("disk on fire"));
            }
            let n = self.step.min(buf.len()).min(self.data.len());
            let (head, rest) = self.data.split_at(n);
            buf[..n].copy_from_slice(head);
            self.data = rest;
            Ok(n)
        }
    }

    #[test]
    fn an_io_error_after_many_chunks_ends_the_read_on_any_thread_count() {
        let mut csv = format!("{HEADER}\n");
        for i in 0..3_000 {
            csv.push_str(&format!("m{i},n,T{},1,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5\n", i % 37));
        }
        for threads in [1, 2, 3, 4] {
            for chunk in [64, 4096] {
                let reader = ReaderBuilder::new().threads(threads).chunk_size(chunk);
                let input = FailsAfter { data: csv.as_bytes(), step: 1000 };
                let err = reader.summary(input, &Analyzer::new()).unwrap_err();
                let cause = std::error::Error::source(&err).map(|s| s.to_string());
                assert_eq!(cause.as_deref(), Some("disk on fire"), "{threads} threads, chunks of {chunk}");
            }
        }
    }

    #[test]
    fn a_repeat_before_a_bad_row_is_the_error_and_after_it_is_not() {
        let row = |id: &str, v: &str| format!("{id},n,T,1,0.5,0.5,0.5,0.5,0.5,0.5,0.5,{v}\n");
        let mut early = format!("{HEADER}\n");
        let mut late = early.clone();
        for i in 0..500 {
            early.push_str(&row(&format!("m{i}"), "0.5"));
            late.push_str(&row(&format!("m{i}"), "0.5"));
        }
        early.push_str(&row("m3", "0.5"));
        early.push_str(&row("x", "bad"));
        late.push_str(&row("x", "bad"));
        late.push_str(&row("m3", "0.5"));
        for threads in [1, 2] {
            let reader = ReaderBuilder::new().threads(threads).chunk_size(256);
            let err = reader.summary(early.as_bytes(), &Analyzer::new()).unwrap_err().to_string();
            assert_eq!(err, "line 502, column `id`: `m3` is already in team `T` at line 5");
            let err = reader.summary(late.as_bytes(), &Analyzer::new()).unwrap_err().to_string();
            assert_eq!(err, "line 502, column `risk_management`: `bad` is not a number");
        }
    }

    #[test]
    fn crlf_and_blank_lines_name_the_physical_line() {
        let csv = format!(
            "{HEADER}\r\n\r\na,n,T,1,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5\r\nb,n,T,1,0.5,0.5,x,0.5,0.5,0.5,0.5,0.5\r\n"
        );
        let err = ReaderBuilder::new().analyze(csv.as_bytes(), &Analyzer::new()).unwrap_err();
        assert_eq!(err.to_string(), "line 4, column `vision`: `x` is not a number");
        let err = ReaderBuilder::new().read_roster(csv.as_bytes()).unwrap_err();
        assert_eq!(err.to_string(), "line 4, column `vision`: `x` is not a number");
    }

    #[test]
    fn sample_rosters_stream_like_in_memory() {
        for file in ["roster.csv", "roster_positions.csv"] {
            let path = format!("{}/examples/data/{file}", env!("CARGO_MANIFEST_DIR"));
            let csv = std::fs::read_to_string(path).unwrap();
            for analyzer in analyzers() {
                let expected = reference(&csv, &ReaderBuilder::new(), &analyzer);
                assert!(expected.is_ok(), "{file}");
                for (threads, chunk) in [(1, 0), (2, 100), (3, 7)] {
                    let reader = ReaderBuilder::new().threads(threads).chunk_size(chunk);
                    assert_eq!(streamed(&csv, &reader, &analyzer), expected, "{file} {threads} {chunk}");
                }
            }
        }
    }

    #[test]
    fn fields_past_64_kib_stream_like_in_memory() {
        // The reader passes field offsets of 16 bits: a line whose name or
        // team ends past them takes the hashed path, in any chunk.
        let long = "x".repeat(70_000);
        let mut csv = format!("{HEADER}\n");
        for (i, (name, team)) in
            [("n", "T"), (&long[..], "T"), ("n", &long[..]), (&long[..], "U"), ("n", "U")].into_iter().enumerate()
        {
            csv.push_str(&format!("m{i},{name},{team},1,0.5,0.6,0.7,0.8,0.9,0.1,0.2,0.3\n"));
        }
        for analyzer in analyzers() {
            let expected = reference(&csv, &ReaderBuilder::new(), &analyzer);
            assert!(expected.is_ok());
            for (threads, chunk) in [(2, 64), (2, 100_000), (3, 1 << 20)] {
                let reader = ReaderBuilder::new().threads(threads).chunk_size(chunk);
                assert_eq!(streamed(&csv, &reader, &analyzer), expected, "{threads} {chunk}");
                let summary = summary_bytes(&csv, &reader, &analyzer);
                assert_eq!(summary, expected.clone().map(|(r, _)| report_bytes(&r)), "{threads} {chunk}");
            }
        }
    }

    #[test]
    fn pools_stream_like_in_memory() {
        let with_teams = format!("{HEADER}\na,n,,1,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5\nb,n,T,1,0.9,0.5,0.5,0.5,0.5,0.5,0.5,0.5\nc,n,,0.5,1,0,1,0,1,0,1,0\n");
        let without = "id,purpose,horizon,focus,risk\na,1,0,0,-1\nb,0,0,0,0\n".to_string();
        for csv in [with_teams, without] {
            for threads in [1, 2] {
                let reader =
                    ReaderBuilder::new().team_column(crate::TeamColumn::Optional).threads(threads).chunk_size(16);
                let expected = reference(&csv, &reader.clone().threads(1), &Analyzer::new());
                assert!(expected.is_ok());
                assert_eq!(streamed(&csv, &reader, &Analyzer::new()), expected);
            }
        }
    }

    #[test]
    fn stray_quotes_fail_strict_reads_like_read_roster() {
        let row = |i: usize, quote: bool| {
            format!("m{i},{}Member {i},T{},1,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5\n", if quote { "\"" } else { "" }, i % 7)
        };
        for (first, second) in [(40, Some(90)), (40, None), (3, Some(4))] {
            let mut csv = format!("{HEADER}\n");
            for i in 0..150 {
                csv.push_str(&row(i, i == first || Some(i) == second));
            }
            let expected = ReaderBuilder::new().read_roster(csv.as_bytes()).unwrap_err().to_string();
            for (threads, chunk) in [(1, 0), (2, 64), (4, 300)] {
                let reader = ReaderBuilder::new().threads(threads).chunk_size(chunk);
                let got = reader.analyze(csv.as_bytes(), &Analyzer::new()).unwrap_err().to_string();
                assert_eq!(got, expected, "{first} {second:?} {threads} {chunk}");
                let got = reader.summary(csv.as_bytes(), &Analyzer::new()).unwrap_err().to_string();
                assert_eq!(got, expected);
            }
        }
    }

    #[test]
    fn quoted_line_breaks_stream_like_read_roster() {
        let mut csv = format!("{HEADER}\n");
        for i in 0..60 {
            let name = if i % 7 == 3 { format!("\"Member\n{i}\"") } else { format!("Member {i}") };
            csv.push_str(&format!("m{i},{name},T{},1,0.5,0.{i},0.5,0.5,0.5,0.5,0.5,0.5\n", i % 5));
        }
        let expected = reference(&csv, &ReaderBuilder::new().threads(1), &Analyzer::new());
        assert!(expected.is_ok(), "{expected:?}");
        for (threads, chunk) in [(1, 0), (2, 50), (3, 200)] {
            let reader = ReaderBuilder::new().threads(threads).chunk_size(chunk);
            assert_eq!(streamed(&csv, &reader, &Analyzer::new()), expected, "{threads} {chunk}");
        }
    }

    #[test]
    fn no_header_and_header_only() {
        let err = ReaderBuilder::new().analyze(&b"\n \n"[..], &Analyzer::new()).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::NoHeader));
        let (report, log) = ReaderBuilder::new().analyze(HEADER.as_bytes(), &Analyzer::new()).unwrap();
        assert!(report.is_empty());
        assert_eq!(log.rows(), 0);
    }
}
