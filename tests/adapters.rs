//! Rosters and surveys as they arrive: column mapping, delimiters, teams
//! from the reporting line, survey exports, spreadsheets (issue 18).

use rolebalance::{
    Analyzer, ColumnMap, Delimiter, ErrorKind, Hierarchy, Mode, Placement, ReaderBuilder, Report, Rollups, Roster,
};

const PLAIN: &str = "\
id,name,team,weight,inspire,organize,vision,execution,people,process,risk_taking,risk_management
e1,Ana,Acme/Lab,1,0.9,0.2,0.9,0.3,0.8,0.2,0.9,0.1
e2,Bo,Acme/Lab,0.5,0.7,0.4,0.6,0.3,0.9,0.3,0.5,0.2
e3,Cy,Acme/Ops,1,0.2,0.9,0.3,0.9,0.3,0.8,0.1,0.9
";

fn summary(report: &Report) -> String {
    let mut out = Vec::new();
    report.write_summary_csv(&mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn teams(roster: &Roster) -> Vec<String> {
    roster.iter().map(|m| m.team().to_string()).collect()
}

/// Every read path of a builder gives the same summary.
fn every_path(reader: &ReaderBuilder, csv: &str) -> String {
    let analyzer = Analyzer::new();
    let (roster, _) = reader.read_roster(csv.as_bytes()).unwrap();
    let in_memory = summary(&analyzer.analyze(&roster).unwrap());
    for r in [reader.clone().threads(1), reader.clone().threads(2).chunk_size(64), reader.clone().mode(Mode::Lenient)] {
        let (report, _) = r.analyze(csv.as_bytes(), &analyzer).unwrap();
        assert_eq!(summary(&report), in_memory);
        let (s, _) = r.summary(csv.as_bytes(), &analyzer).unwrap();
        let mut out = Vec::new();
        s.write_csv(&mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), in_memory);
    }
    in_memory
}

#[test]
fn mapped_columns_read_like_plain_ones_on_every_path() {
    let expected = every_path(&ReaderBuilder::new(), PLAIN);
    let hr = PLAIN.replacen("id,name,team,weight", "Employee_ID,Full Name,Department,FTE", 1).replacen(
        "inspire,",
        "Inspire Score,",
        1,
    );
    let map = ColumnMap::new()
        .with_spec("id=employee_id")
        .unwrap()
        .with_spec("name=\"Full Name\"")
        .unwrap()
        .with_spec("team=DEPARTMENT")
        .unwrap()
        .with("weight", "fte")
        .unwrap()
        .with("inspire", "Inspire Score")
        .unwrap();
    let reader = ReaderBuilder::new().columns(map.clone());
    assert_eq!(every_path(&reader, &hr), expected);
    let from_file = ColumnMap::from_reader(
        "# Workday\nid = Employee_ID\nname=\"Full Name\"\n\nteam=Department\nweight=FTE\ninspire=Inspire Score\n"
            .as_bytes(),
    )
    .unwrap();
    let lower = |m: &ColumnMap| m.iter().map(|(c, h)| (c.to_string(), h.to_lowercase())).collect::<Vec<_>>();
    assert_eq!(lower(&from_file), lower(&map));
    // Errors name the column as the file does.
    let bad = hr.replacen("0.5,0.7", "2,0.7", 1);
    let err = reader.read_roster(bad.as_bytes()).unwrap_err();
    assert_eq!(err.to_string(), "line 3, column `fte`: `2` is out of range [0, 1]");
}

#[test]
fn mapping_errors_list_the_files_columns() {
    let map = ColumnMap::new().with("id", "Worker ID").unwrap();
    let err = ReaderBuilder::new().columns(map).read_roster(PLAIN.as_bytes()).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::MappedColumnMissing { .. }));
    assert_eq!(err.line(), Some(1));
    assert_eq!(
        err.to_string(),
        "line 1: no column `Worker ID` (mapped to `id`); the file's columns are `id`, `name`, `team`, `weight`, \
         `inspire`, `organize`, `vision`, `execution`, `people`, `process`, `risk_taking`, `risk_management`"
    );
    let map = ColumnMap::new().with("idd", "id").unwrap();
    let err = ReaderBuilder::new().columns(map).read_roster(PLAIN.as_bytes()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid column mapping: `idd` is not a roster column: expected `id`, `team`, `name`, `weight`, a pole, \
         a dimension or `<dimension>_intensity`"
    );
    // The file's own `id` is shadowed by the mapped one, and reported.
    let csv = "id,Worker,team,purpose,horizon,focus,risk\nx,w1,T,0,0,0,0\n";
    let map = ColumnMap::new().with("id", "worker").unwrap();
    let (roster, log) = ReaderBuilder::new().columns(map).read_roster(csv.as_bytes()).unwrap();
    assert_eq!(roster.get(0).unwrap().id(), "w1");
    assert_eq!(log.unknown_columns(), ["id"]);
}

#[test]
fn semicolon_and_tab_files_are_detected_and_read_on_every_path() {
    let expected = every_path(&ReaderBuilder::new(), PLAIN);
    for (d, expect) in [(";", Delimiter::Semicolon), ("\t", Delimiter::Tab)] {
        let csv = PLAIN.replace(',', d);
        assert_eq!(every_path(&ReaderBuilder::new(), &csv), expected);
        let (_, log) = ReaderBuilder::new().read_roster(csv.as_bytes()).unwrap();
        assert_eq!(log.delimiter(), expect);
        let (_, log) = ReaderBuilder::new().analyze(csv.as_bytes(), &Analyzer::new()).unwrap();
        assert_eq!(log.delimiter(), expect);
        assert_eq!(every_path(&ReaderBuilder::new().delimiter(expect), &csv), expected);
    }
    let (_, log) = ReaderBuilder::new().analyze(PLAIN.as_bytes(), &Analyzer::new()).unwrap();
    assert_eq!(log.delimiter(), Delimiter::Comma);
    // A quoted field may hold the other delimiters; line numbers stay physical.
    let csv = "id;name;team;purpose;horizon;focus;risk\na;\"Chen, Li; Jr\";T;0;0;0;0\n\nb;B;T;0;2;0;0\n";
    let err = ReaderBuilder::new().read_roster(csv.as_bytes()).unwrap_err();
    assert_eq!(err.to_string(), "line 4, column `horizon`: `2` is out of range [-1, 1]");
    let err = ReaderBuilder::new().analyze(csv.as_bytes(), &Analyzer::new()).unwrap_err();
    assert_eq!(err.to_string(), "line 4, column `horizon`: `2` is out of range [-1, 1]");
    let (roster, _) =
        ReaderBuilder::new().read_roster(csv.lines().take(2).collect::<Vec<_>>().join("\n").as_bytes()).unwrap();
    assert_eq!(roster.get(0).unwrap().name(), Some("Chen, Li; Jr"));
    // The European failure of the issue, now explained by the data.
    let err =
        ReaderBuilder::new().delimiter(Delimiter::Comma).read_roster(PLAIN.replace(',', ";").as_bytes()).unwrap_err();
    assert_eq!(err.to_string(), "line 1: missing column `id`");
}

const LINE: &str = "\
Employee_ID,Worker,Manager_ID,purpose,horizon,focus,risk
ceo,Ana,,1,1,0,0
cto,Bo,ceo,0,1,0,1
dev1,Cy,cto,0,0,1,1
dev2,Di,cto,1,0,1,0
cfo,Ed,ceo,-1,-1,0,0
acc,Fa,cfo,0,-1,0,-1
solo,Gi,,0,0,0,0
";

fn hierarchy_reader(p: Placement) -> ReaderBuilder {
    ReaderBuilder::new()
        .columns(ColumnMap::new().with("id", "Employee_ID").unwrap().with("name", "worker").unwrap())
        .hierarchy(Hierarchy::new("manager_id").placement(p))
}

#[test]
fn teams_from_the_reporting_line() {
    let (roster, log) = hierarchy_reader(Placement::LeadsReports).read_roster(LINE.as_bytes()).unwrap();
    assert_eq!(teams(&roster), ["ceo", "ceo/cto", "ceo/cto", "ceo/cto", "ceo/cfo", "ceo/cfo", "solo"]);
    assert_eq!(log.rows(), 7);
    assert!(log.unknown_columns().is_empty());
    let (roster, _) = hierarchy_reader(Placement::WithOwnManager).read_roster(LINE.as_bytes()).unwrap();
    assert_eq!(teams(&roster), ["ceo", "ceo", "ceo/cto", "ceo/cto", "ceo", "ceo/cfo", "solo"]);
    // The same as the plain roster with those teams, on every path, rollups too.
    let plain: String = std::iter::once("id,name,team,purpose,horizon,focus,risk\n".to_string())
        .chain(LINE.lines().skip(1).zip(teams(&roster)).map(|(l, t)| {
            let f: Vec<&str> = l.split(',').collect();
            format!("{},{},{t},{}\n", f[0], f[1], f[3..].join(","))
        }))
        .collect();
    let reader = hierarchy_reader(Placement::WithOwnManager);
    assert_eq!(every_path(&reader, LINE), every_path(&ReaderBuilder::new(), &plain));
    let rollups = Analyzer::new().rollups(Rollups::Include);
    let (a, _) = reader.analyze(LINE.as_bytes(), &rollups).unwrap();
    let (b, _) = ReaderBuilder::new().analyze(plain.as_bytes(), &rollups).unwrap();
    assert_eq!(summary(&a), summary(&b));
    let names: Vec<&str> = a.teams().iter().map(|t| t.team()).collect();
    assert!(names.contains(&"ceo/*"), "{names:?}");
    // A team column is ignored and reported; the top may be their own manager.
    let csv = "id,team,boss,purpose,horizon,focus,risk\na,X,a,0,0,0,0\nb,Y,a,0,0,0,0\n";
    let (roster, log) = ReaderBuilder::new().hierarchy(Hierarchy::new("BOSS")).read_roster(csv.as_bytes()).unwrap();
    assert_eq!(teams(&roster), ["a", "a"]);
    assert_eq!(log.unknown_columns(), ["team"]);
}

#[test]
fn reporting_line_errors_name_the_ids() {
    let reader = hierarchy_reader(Placement::LeadsReports);
    let cycle = LINE.replacen("ceo,Ana,,", "ceo,Ana,acc,", 1);
    let err = reader.read_roster(cycle.as_bytes()).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::ReportingCycle { .. }));
    assert_eq!(
        err.to_string(),
        "line 2, column `manager_id`: the reporting line is a cycle: `ceo` reports to `acc` reports to `cfo` reports to `ceo`"
    );
    let unknown = LINE.replacen("dev2,Di,cto", "dev2,Di,cxo", 1);
    let err = reader.read_roster(unknown.as_bytes()).unwrap_err();
    assert_eq!(err.to_string(), "line 5, column `manager_id`: manager `cxo` of `dev2` is not in the file");
    assert_eq!((err.line(), err.column(), err.value()), (Some(5), Some("manager_id"), Some("cxo")));
    let twice = format!("{LINE}cto,Bo again,ceo,0,0,0,0\n");
    let err = reader.read_roster(twice.as_bytes()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "line 9, column `id`: `cto` is already listed at line 3: a reporting line has one row per person"
    );
    let slash = LINE.replace("cto", "c/to");
    let err = reader.read_roster(slash.as_bytes()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "line 3, column `id`: manager id `c/to` holds `/`, which separates the levels of team paths"
    );
    let err =
        ReaderBuilder::new().hierarchy(Hierarchy::new("Supervisor E ID")).read_roster(PLAIN.as_bytes()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "line 1: no manager column `Supervisor E ID`; the file's columns are `id`, `name`, `team`, `weight`, \
         `inspire`, `organize`, `vision`, `execution`, `people`, `process`, `risk_taking`, `risk_management`"
    );
    // Lenient: the rows in the cycle and below it are skipped, each reported; nothing is lost.
    let (roster, log) = reader.clone().mode(Mode::Lenient).read_roster(cycle.as_bytes()).unwrap();
    let skipped: Vec<String> = log.skipped().iter().map(|s| format!("{}: {}", s.line(), s.error())).collect();
    assert_eq!(
        skipped,
        [
            "2: line 2, column `manager_id`: the reporting line is a cycle: `ceo` reports to `acc` reports to `cfo` reports to `ceo`",
            "3: line 3, column `manager_id`: manager `ceo` of `cto` was left out (line 2)",
            "4: line 4, column `manager_id`: manager `cto` of `dev1` was left out (line 3)",
            "5: line 5, column `manager_id`: manager `cto` of `dev2` was left out (line 3)",
            "6: line 6, column `manager_id`: the reporting line is a cycle: `cfo` reports to `ceo` reports to `acc` reports to `cfo`",
            "7: line 7, column `manager_id`: the reporting line is a cycle: `acc` reports to `cfo` reports to `ceo` reports to `acc`",
        ]
    );
    assert_eq!(teams(&roster), ["solo"]);
    assert_eq!(log.rows(), log.kept() + log.skipped().len() as u64);
    let (report, log2) = reader.clone().mode(Mode::Lenient).analyze(cycle.as_bytes(), &Analyzer::new()).unwrap();
    assert_eq!((report.len(), log2.skipped().len()), (1, 6));
}

#[test]
fn a_deep_reporting_line_is_bounded() {
    // A chain of 1,000 people: the paths grow with the depth, which is bounded.
    let mut csv = String::from("id,manager,purpose,horizon,focus,risk\n");
    for i in 0..1_000 {
        let m = if i == 0 { String::new() } else { format!("p{}", i - 1) };
        csv.push_str(&format!("p{i},{m},0,0,0,0\n"));
    }
    let reader = ReaderBuilder::new().hierarchy(Hierarchy::new("manager").max_depth(1_000));
    let (roster, _) = reader.read_roster(csv.as_bytes()).unwrap();
    assert_eq!(roster.get(2).unwrap().team(), "p0/p1/p2");
    let err = ReaderBuilder::new().hierarchy(Hierarchy::new("manager")).read_roster(csv.as_bytes()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "line 34, column `manager`: `p32` is 33 levels below the top, more than the 32 allowed"
    );
}

// ---------------------------------------------------------------- survey exports

mod surveys {
    use rolebalance::{ColumnMap, ErrorKind, Framework, Instrument, Scored, Scorer, Source};

    fn data(name: &str) -> String {
        format!("{}/examples/data/{name}", env!("CARGO_MANIFEST_DIR"))
    }

    fn instrument() -> Instrument {
        Instrument::from_csv_path(Framework::leadership_management(), data("questionnaire_instrument.csv")).unwrap()
    }

    /// What a scored file gives: the roster CSV, the unscored and the alphas.
    fn results(s: &Scored) -> (String, Vec<(u64, String)>, Vec<Option<f64>>) {
        let mut out = Vec::new();
        s.roster().write_csv(&mut out).unwrap();
        let unscored = s.unscored().iter().map(|u| (u.line(), u.reason().to_string())).collect::<Vec<_>>();
        let alphas = s.reliability().scales().iter().map(|sc| sc.alpha).collect();
        (
            String::from_utf8(out).unwrap(),
            unscored.into_iter().map(|(l, r)| (l, r.split(": ").last().unwrap_or("").to_string())).collect(),
            alphas,
        )
    }

    fn plain() -> Scored {
        Scorer::new(instrument()).score_path(data("questionnaire_responses.csv")).unwrap()
    }

    #[test]
    fn qualtrics_export_scores_as_the_plain_file() {
        let map = ColumnMap::new().with("id", "ExternalReference").unwrap();
        let scored = Scorer::new(instrument()).columns(map).score_path(data("qualtrics_export.csv")).unwrap();
        assert_eq!(scored.source(), Source::Qualtrics);
        let p = plain();
        assert_eq!(results(&scored), results(&p));
        assert_eq!(scored.log().rows(), p.log().rows());
        // Data rows keep their physical lines: three header rows, the second
        // over one line more per item (a line break in the matrix's stem).
        let text = std::fs::read_to_string(data("qualtrics_export.csv")).unwrap();
        let first_data = 3 + instrument().items().len() as u64 + 1;
        let at = text.match_indices('\n').nth(first_data as usize - 2).unwrap().0 + 1;
        let line_of = |t: &str| 1 + t[..at].matches('\n').count() as u64;
        assert_eq!(line_of(&text), first_data);
        let mut bad = text.clone();
        let row_end = at + bad[at..].find('\n').unwrap();
        let row = bad[at..row_end].replacen(",2,", ",9,", 1);
        bad.replace_range(at..row_end, &row);
        let map = ColumnMap::new().with("id", "ExternalReference").unwrap();
        let err = Scorer::new(instrument()).columns(map).score(bad.as_bytes()).unwrap_err();
        assert_eq!(err.line(), Some(first_data));
        assert!(err.column().unwrap().starts_with('Q'), "{err}");
        // Without a mapping, the id is Qualtrics' ResponseId.
        let by_response = Scorer::new(instrument()).score_path(data("qualtrics_export.csv")).unwrap();
        assert!(by_response.roster().get(0).unwrap().id().starts_with("R_"));
        // The legacy export, without the ImportId row, reads the same.
        let text = std::fs::read_to_string(data("qualtrics_export.csv")).unwrap();
        let legacy: String = {
            let mut rdr = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
            let mut w = csv::Writer::from_writer(Vec::new());
            for (i, r) in rdr.records().enumerate() {
                if i != 2 {
                    w.write_record(&r.unwrap()).unwrap();
                }
            }
            String::from_utf8(w.into_inner().unwrap()).unwrap()
        };
        let map = ColumnMap::new().with("id", "ExternalReference").unwrap();
        let old = Scorer::new(instrument()).columns(map).score(legacy.as_bytes()).unwrap();
        assert_eq!(results(&old).0, results(&p).0);
        assert_eq!(old.source(), Source::Qualtrics);
    }

    #[test]
    fn google_forms_export_scores_as_the_plain_file() {
        let map = ColumnMap::from_path(data("google_forms_map.txt")).unwrap();
        let scored = Scorer::new(instrument()).columns(map).score_path(data("google_forms_export.csv")).unwrap();
        assert_eq!(scored.source(), Source::GoogleForms);
        assert_eq!(results(&scored), results(&plain()));
        assert_eq!(scored.log().unknown_columns(), ["Timestamp", "Email Address"]);
        // Without the mapping, the id is the email and the team is missing.
        let err = Scorer::new(instrument()).score_path(data("google_forms_export.csv")).unwrap_err();
        assert_eq!(err.to_string(), "line 1: missing column `team`");
        // Told it is a plain file, the items are still found by their text.
        let map = ColumnMap::from_path(data("google_forms_map.txt")).unwrap();
        let s =
            Scorer::new(instrument()).source(Source::Plain).columns(map).score_path(data("google_forms_export.csv"));
        assert_eq!(s.unwrap().source(), Source::Plain);
    }

    #[test]
    fn surveymonkey_two_header_rows() {
        let fw = Framework::builder().dimension("horizon", "vision", "execution").build().unwrap();
        let inst =
            Instrument::likert(fw, 1, 5).item("v1", "vision", false).item("e1", "execution", false).build().unwrap();
        let inst = Instrument::from_csv_reader(
            inst.framework().clone(),
            "item,pole,reverse,min,max,text\nv1,vision,false,1,5,I picture the future\ne1,execution,false,1,5,I ship\n"
                .as_bytes(),
        )
        .unwrap();
        let monkey = "Respondent ID,Collector ID,Start Date,Your team?,How true is each?,\n\
                      ,,,Response,I picture   the future,\"I\nship\"\n\
                      101,9,2024-01-01,Lab,5,1\n\
                      102,9,2024-01-01,Lab,9,1\n";
        let map = ColumnMap::new().with("team", "Your team?").unwrap();
        let err = Scorer::new(inst.clone()).columns(map.clone()).score(monkey.as_bytes()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 5, column `How true is each? - I picture   the future`: `9` is out of range [1, 5]"
        );
        let s =
            Scorer::new(inst.clone()).columns(map).mode(rolebalance::Mode::Lenient).score(monkey.as_bytes()).unwrap();
        assert_eq!(s.source(), Source::SurveyMonkey);
        assert_eq!((s.roster().len(), s.log().rows(), s.log().skipped().len()), (1, 2, 1));
        assert_eq!(s.roster().get(0).unwrap().id(), "101");
        // Two columns for one item.
        let twice = "id,team,I ship,e1,v1\na,T,1,2,3\n";
        let err = Scorer::new(inst).score(twice.as_bytes()).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::AmbiguousColumn { .. }));
        assert_eq!(err.to_string(), "line 1: columns `I ship` and `e1` both hold item `e1`");
    }

    #[test]
    fn scorer_mapping_and_delimiter_errors() {
        let map = ColumnMap::new().with("q99", "x").unwrap();
        let err = Scorer::new(instrument()).columns(map).score_path(data("questionnaire_responses.csv")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid column mapping: `q99` is not a responses column: expected `id`, `team`, `name`, `weight` or an item of the instrument"
        );
        let text = std::fs::read_to_string(data("questionnaire_responses.csv")).unwrap().replace(',', ";");
        let s = Scorer::new(instrument()).score(text.as_bytes()).unwrap();
        assert_eq!(results(&s), results(&plain()));
        assert_eq!(s.log().delimiter(), rolebalance::Delimiter::Semicolon);
    }
}

#[test]
fn workday_sample_reads_as_its_plain_form() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data");
    let map = ColumnMap::new()
        .with("id", "Employee_ID")
        .unwrap()
        .with("name", "Worker")
        .unwrap()
        .with("weight", "FTE")
        .unwrap();
    let reader = ReaderBuilder::new().columns(map).hierarchy(Hierarchy::new("Manager_ID"));
    let export = std::fs::read_to_string(format!("{dir}/workday_export.csv")).unwrap();
    let plain = std::fs::read_to_string(format!("{dir}/workday_plain.csv")).unwrap();
    let (a, log) = reader.read_roster(export.as_bytes()).unwrap();
    let (b, _) = ReaderBuilder::new().read_roster(plain.as_bytes()).unwrap();
    assert_eq!(log.delimiter(), Delimiter::Semicolon);
    assert_eq!(log.unknown_columns(), ["cost_center", "hire_date"]);
    let mut x = Vec::new();
    a.write_csv(&mut x).unwrap();
    let mut y = Vec::new();
    b.write_csv(&mut y).unwrap();
    assert_eq!(String::from_utf8(x).unwrap(), String::from_utf8(y).unwrap());
    for analyzer in [Analyzer::new(), Analyzer::new().rollups(Rollups::Include)] {
        let (r1, _) = reader.analyze(export.as_bytes(), &analyzer).unwrap();
        let (r2, _) = ReaderBuilder::new().analyze(plain.as_bytes(), &analyzer).unwrap();
        assert_eq!(summary(&r1), summary(&r2));
        assert!(r1.len() > 10);
    }
}

// ---------------------------------------------------------------- spreadsheets

#[cfg(feature = "spreadsheet")]
mod spreadsheets {
    use super::summary;
    use rolebalance::{Analyzer, ColumnMap, ErrorKind, Framework, Instrument, Mode, ReaderBuilder, Scorer, Sheet};

    fn path(dir: &str, name: &str) -> String {
        format!("{}/{dir}/{name}", env!("CARGO_MANIFEST_DIR"))
    }

    #[test]
    fn xlsx_and_ods_rosters_read_as_the_csv() {
        let csv = path("examples/data", "roster.csv");
        let analyzer = Analyzer::new();
        let (expected, _) = ReaderBuilder::new().analyze_path(&csv, &analyzer).unwrap();
        for file in [path("examples/data", "roster.xlsx"), path("tests/data", "roster.ods")] {
            let sheet = Sheet::open(&file, None).unwrap();
            assert_eq!(sheet.name(), "Roster");
            let (report, log) = sheet.analyze(&ReaderBuilder::new(), &analyzer).unwrap();
            assert_eq!(summary(&report), summary(&expected), "{file}");
            assert_eq!(log.rows(), 41);
            let (roster, _) = sheet.read_roster(&ReaderBuilder::new()).unwrap();
            let (plain, _) = ReaderBuilder::new().read_roster_path(&csv).unwrap();
            let (mut a, mut b) = (Vec::new(), Vec::new());
            roster.write_csv(&mut a).unwrap();
            plain.write_csv(&mut b).unwrap();
            assert_eq!(a, b);
            let (s, _) = sheet.summary(&ReaderBuilder::new().mode(Mode::Lenient), &analyzer).unwrap();
            assert_eq!(s.len(), expected.len());
        }
    }

    #[test]
    fn formulas_dates_errors_and_bad_values_name_their_cell() {
        let sheet = Sheet::open(path("tests/data", "bad_cells.xlsx"), Some("team data")).unwrap();
        let err = sheet.read_roster(&ReaderBuilder::new()).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Cell { .. }));
        assert_eq!(err.to_string(), "sheet `Team data`, cell E3: the formula `=E2*2` where a value is needed");
        assert_eq!((err.line(), err.column()), (Some(3), Some("inspire")));
        let (roster, log) = sheet.read_roster(&ReaderBuilder::new().mode(Mode::Lenient)).unwrap();
        let skipped: Vec<String> = log.skipped().iter().map(|s| format!("{}: {}", s.line(), s.error())).collect();
        assert_eq!(
            skipped,
            [
                "3: sheet `Team data`, cell E3: the formula `=E2*2` where a value is needed",
                "5: sheet `Team data`, cell G5: the date `2023-03-15` where a value is needed",
                "7: sheet `Team data`, cell K7: the error value `#DIV/0!` where a value is needed",
                "8: sheet `Team data`, cell E8: `2` is out of range [0, 1]",
            ]
        );
        assert_eq!((roster.len() as u64, log.rows()), (log.kept(), 7));
        let (_, log2) = sheet.analyze(&ReaderBuilder::new().mode(Mode::Lenient), &Analyzer::new()).unwrap();
        assert_eq!(log2.skipped().len(), 4);
        // Strict: the first bad row in row order, whatever makes it bad.
        let err = sheet.analyze(&ReaderBuilder::new(), &Analyzer::new()).unwrap_err();
        assert_eq!(err.line(), Some(3));
        // A formula in a column the reader ignores does no harm; mapped to a used column, it does.
        let sheet = Sheet::open(path("examples/data", "roster.xlsx"), None).unwrap();
        let map = ColumnMap::new().with("name", "Weight x 2").unwrap();
        let err = sheet.read_roster(&ReaderBuilder::new().columns(map)).unwrap_err();
        assert_eq!(err.to_string(), "sheet `Roster`, cell N2: the formula `=D2*2` where a value is needed");
        let err = Sheet::open(path("examples/data", "roster.xlsx"), Some("People")).unwrap_err();
        assert_eq!(err.to_string(), "roster.xlsx: no sheet `People`; the workbook has `Roster`");
        let err = Sheet::open(path("examples/data", "roster.csv"), None).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Table { .. }), "{err}");
    }

    #[test]
    fn responses_from_a_sheet_score_as_the_csv() {
        let fw = Framework::leadership_management();
        let inst = Instrument::from_csv_path(fw, path("examples/data", "questionnaire_instrument.csv")).unwrap();
        let scorer = Scorer::new(inst);
        let sheet = Sheet::open(path("tests/data", "responses.xlsx"), None).unwrap();
        let a = sheet.score(&scorer).unwrap();
        let b = scorer.score_path(path("examples/data", "questionnaire_responses.csv")).unwrap();
        let (mut x, mut y) = (Vec::new(), Vec::new());
        a.roster().write_csv(&mut x).unwrap();
        b.roster().write_csv(&mut y).unwrap();
        assert_eq!(String::from_utf8(x).unwrap(), String::from_utf8(y).unwrap());
        let lines = |s: &rolebalance::Scored| s.unscored().iter().map(|u| u.line()).collect::<Vec<_>>();
        assert_eq!(lines(&a), lines(&b));
        assert_eq!(
            a.reliability().scales().iter().map(|s| s.alpha).collect::<Vec<_>>(),
            b.reliability().scales().iter().map(|s| s.alpha).collect::<Vec<_>>()
        );
    }
}

#[cfg(feature = "parquet")]
#[test]
fn parquet_roster_reads_as_the_csv() {
    let dir = env!("CARGO_MANIFEST_DIR");
    let sheet = rolebalance::Sheet::from_parquet_path(format!("{dir}/tests/data/roster.parquet")).unwrap();
    let (a, _) = sheet.analyze(&ReaderBuilder::new(), &Analyzer::new()).unwrap();
    let (b, _) =
        ReaderBuilder::new().analyze_path(format!("{dir}/examples/data/roster.csv"), &Analyzer::new()).unwrap();
    assert_eq!(summary(&a), summary(&b));
    let (roster, _) = sheet.read_roster(&ReaderBuilder::new()).unwrap();
    assert_eq!(roster.get(0).unwrap().strengths()[0], 0.78);
    let map = ColumnMap::new().with("id", "employee").unwrap();
    let err = sheet.read_roster(&ReaderBuilder::new().columns(map)).unwrap_err();
    assert!(
        err.to_string().starts_with(
            "parquet file, row 1: no column `employee` (mapped to `id`); the file's columns are `id`, `name`,"
        ),
        "{err}"
    );
    // Nothing is lost: every record is a row.
    let (_, log) = sheet.read_roster(&ReaderBuilder::new().mode(Mode::Lenient)).unwrap();
    assert_eq!((log.rows(), log.kept()), (41, 41));
    let err = rolebalance::Sheet::from_parquet_path(format!("{dir}/examples/data/roster.csv")).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Table { .. }), "{err}");
}

#[cfg(all(feature = "xlsx", feature = "spreadsheet"))]
#[test]
fn xlsx_report_holds_the_summary_findings_and_heat_map() {
    use rolebalance::{Sheet, XlsxReport};
    let dir = env!("CARGO_MANIFEST_DIR");
    let analyzer = Analyzer::new().rollups(Rollups::Include);
    let (report, _) = ReaderBuilder::new().analyze_path(format!("{dir}/examples/data/roster.csv"), &analyzer).unwrap();
    let out = std::env::temp_dir().join(format!("rolebalance-{}.xlsx", std::process::id()));
    XlsxReport::new().write(&report, &out).unwrap();
    let sheet = Sheet::open(&out, None).unwrap();
    assert_eq!(sheet.name(), "Summary");
    let csv = summary(&report);
    for (i, line) in csv.lines().enumerate() {
        let mut rdr = csv::ReaderBuilder::new().has_headers(false).from_reader(line.as_bytes());
        let rec = rdr.records().next().unwrap().unwrap();
        let cells = sheet.row(i as u64 + 1).unwrap();
        assert_eq!(
            cells.iter().take(6).map(String::as_str).collect::<Vec<_>>(),
            rec.iter().take(6).collect::<Vec<_>>()
        );
        assert_eq!(cells.get(6).map_or("", String::as_str), rec.get(6).unwrap_or(""));
    }
    assert_eq!(sheet.rows(), report.len() as u64 + 1);
    let findings = Sheet::open(&out, Some("Findings")).unwrap();
    let n: usize = report.teams().iter().map(|t| t.findings().len()).sum();
    assert_eq!(findings.rows(), n as u64 + 1);
    let first = report.teams().iter().find(|t| !t.findings().is_empty()).unwrap();
    assert_eq!(findings.row(2).unwrap()[7], first.findings()[0].message());
    let heat = Sheet::open(&out, Some("Heat map")).unwrap();
    assert_eq!(
        heat.row(1).unwrap()[1..],
        ["inspire", "organize", "vision", "execution", "people", "process", "risk_taking", "risk_management"]
    );
    let t = &report.teams()[0];
    assert_eq!(heat.row(2).unwrap()[3], t.pole("vision").unwrap().coverage().to_string());
    std::fs::remove_file(&out).unwrap();
}

#[test]
fn adapter_types_are_send_sync() {
    fn check<T: Send + Sync + 'static>() {}
    check::<ColumnMap>();
    check::<Delimiter>();
    check::<Hierarchy>();
    check::<Placement>();
    check::<rolebalance::Source>();
    #[cfg(any(feature = "spreadsheet", feature = "parquet"))]
    check::<rolebalance::Sheet>();
    #[cfg(feature = "xlsx")]
    check::<rolebalance::XlsxReport>();
}
