//! The sample questionnaire end to end: its files, scoring, the roster CSV
//! that `analyze_roster` reads, and confidences from its reliability.

use rolebalance::{Analyzer, Framework, Instrument, InstrumentKind, Mode, OrgStats, ReaderBuilder, Scored, Scorer};

fn sample() -> (Instrument, Scored) {
    let dir = env!("CARGO_MANIFEST_DIR");
    let inst = Instrument::from_csv_path(
        Framework::leadership_management(),
        format!("{dir}/examples/data/questionnaire_instrument.csv"),
    )
    .unwrap();
    let scored =
        Scorer::new(inst.clone()).score_path(format!("{dir}/examples/data/questionnaire_responses.csv")).unwrap();
    (inst, scored)
}

#[test]
fn sample_files_have_the_promised_shape() {
    let (inst, scored) = sample();
    assert_eq!(inst.kind(), InstrumentKind::Likert);
    assert_eq!(inst.scale(), (1, 5));
    for p in 0..8 {
        let n = inst.pole_items(p).len();
        assert!((2..=4).contains(&n), "pole {p} has {n} items");
        assert!(inst.pole_items(p).iter().any(|&i| inst.items()[i].is_reverse()), "pole {p} has no reverse item");
    }
    assert!(inst.items().iter().all(|i| i.text().is_some()));
    let roster = scored.roster();
    assert!(roster.len() >= 120);
    assert!(scored.log().skipped().is_empty() && scored.log().unknown_columns().is_empty());
    let mut teams: Vec<&str> = roster.iter().map(|m| m.team()).collect();
    teams.sort_unstable();
    teams.dedup();
    assert!(teams.len() >= 5, "{teams:?}");
    let missing = (0..roster.len()).flat_map(|r| scored.answers(r).unwrap()).filter(Option::is_none).count();
    assert!(missing > 0, "the sample shows missing answers");
}

#[test]
fn roster_csv_is_what_the_roster_reader_reads() {
    let (_, scored) = sample();
    let mut csv = Vec::new();
    scored.roster().write_csv(&mut csv).unwrap();
    let header = csv.split(|&b| b == b'\n').next().unwrap();
    assert_eq!(
        std::str::from_utf8(header).unwrap(),
        "id,name,team,weight,inspire,organize,vision,execution,people,process,risk_taking,risk_management"
    );
    // `score_questionnaire --format roster-csv | analyze_roster -`, through the library.
    let (back, log) = ReaderBuilder::new().mode(Mode::Strict).read_roster(csv.as_slice()).unwrap();
    assert_eq!(&back, scored.roster());
    assert_eq!(log.kept() as usize, back.len());
    let direct = Analyzer::new().analyze(scored.roster()).unwrap();
    let (streamed, _) = ReaderBuilder::new().analyze(csv.as_slice(), &Analyzer::new()).unwrap();
    assert_eq!(direct, streamed);
}

#[test]
fn reliability_gives_every_finding_a_confidence() {
    let (_, scored) = sample();
    let error = scored.reliability().measurement_error().unwrap();
    assert!(error.sems().iter().all(|&s| s > 0.05 && s < 0.15), "{:?}", error.sems());
    let plain = Analyzer::new().analyze(scored.roster()).unwrap();
    let report = Analyzer::new().measurement_error(error).analyze(scored.roster()).unwrap();
    let mut findings = 0;
    for (a, b) in plain.teams().iter().zip(report.teams()) {
        assert_eq!(a.flags(), b.flags());
        for f in b.findings() {
            let c = f.confidence().unwrap();
            assert!((0.0..=1.0).contains(&c), "{c}");
            findings += 1;
        }
    }
    assert!(findings > 0);
    let stats = OrgStats::new(&report);
    assert_eq!(stats.teams, report.len());
    let health = stats.metric("health").unwrap();
    assert!(health.distribution.min <= health.distribution.q1 && health.distribution.q3 <= health.distribution.max);
}

#[test]
fn ipsative_reliability_says_alpha_is_not_meaningful() {
    let fw = Framework::builder().dimension("horizon", "vision", "execution").build().unwrap();
    let inst = Instrument::ipsative(fw)
        .block_item("s1", 10, "s1a", "vision")
        .block_item("s1", 10, "s1b", "execution")
        .block_item("s2", 10, "s2a", "vision")
        .block_item("s2", 10, "s2b", "execution")
        .build()
        .unwrap();
    let csv = "id,team,s1a,s1b,s2a,s2b\na,T,7,3,6,4\nb,T,2,8,3,7\nc,T,5,5,4,6\n";
    let scored = Scorer::new(inst).score(csv.as_bytes()).unwrap();
    assert_eq!(scored.roster().get(0).unwrap().strengths(), [0.65, 0.35]);
    let report = scored.reliability();
    let vision = &report.scales()[0];
    assert_eq!(vision.alpha, None);
    assert!(vision.note.as_deref().unwrap().contains("not meaningful"));
    assert!((vision.mean.unwrap() - (0.65 + 0.25 + 0.45) / 3.0).abs() < 1e-12);
    let json = serde_json::to_value(vision).unwrap();
    assert!(json["alpha"].is_null() && json["note"].is_string());
    let e = report.measurement_error().unwrap_err();
    assert!(e
        .to_string()
        .starts_with("measurement error: scale `vision` has no standard error of measurement: ipsative"));
}

#[test]
fn new_public_types_are_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<rolebalance::ReliabilityOptions>();
    check::<rolebalance::ReliabilityReport>();
    check::<rolebalance::ScaleReliability>();
    check::<rolebalance::ItemStats>();
    check::<rolebalance::IfDropped>();
    check::<rolebalance::ScaleCorrelations>();
    check::<rolebalance::Missing>();
    check::<rolebalance::KeyCheck>();
    check::<rolebalance::Icc>();
    check::<rolebalance::IccForm>();
    check::<rolebalance::Unscored>();
    check::<Scored>();
}

#[test]
fn partial_instrument_scores_the_whole_dimensions() {
    let fw = Framework::builder()
        .dimension("horizon", "vision", "execution")
        .dimension("focus", "people", "process")
        .build()
        .unwrap();
    // `process` has no item: `people` gets a scale and pole scores, the roster keeps `horizon`.
    let inst = Instrument::likert(fw, 1, 5)
        .item("v1", "vision", false)
        .item("v2", "vision", false)
        .item("e1", "execution", false)
        .item("e2", "execution", true)
        .item("p1", "people", false)
        .item("p2", "people", false)
        .build()
        .unwrap();
    let csv = "id,team,v1,v2,e1,e2,p1,p2\na,T,5,4,2,4,3,3\nb,T,3,3,4,2,1,2\nc,T,2,1,3,3,5,4\nd,T,4,5,5,1,,\n";
    let scored = Scorer::new(inst).score(csv.as_bytes()).unwrap();
    assert_eq!(scored.roster().framework().pole_names().collect::<Vec<_>>(), ["vision", "execution"]);
    assert_eq!(scored.roster().len(), 4, "d's unanswered people items do not matter to the roster");
    assert_eq!(scored.pole_scores(3).unwrap(), [Some(0.875), Some(1.0), None, None]);
    let report = scored.reliability();
    let names: Vec<&str> = report.scales().iter().map(|s| s.scale.as_str()).collect();
    assert_eq!(names, ["vision", "execution", "people"]);
    let error = scored.measurement_error(&report).unwrap();
    assert_eq!(error.sems().len(), 2);
    let mut csv_out = Vec::new();
    scored.roster().write_csv(&mut csv_out).unwrap();
    assert!(String::from_utf8(csv_out).unwrap().starts_with("id,name,team,weight,vision,execution\n"));
}

#[test]
fn awkward_data_gives_notes_not_panics() {
    let fw = Framework::builder().dimension("horizon", "vision", "execution").build().unwrap();
    let inst = Instrument::likert(fw, 1, 5)
        .item("v1", "vision", false)
        .item("v2", "vision", false)
        .item("e1", "execution", false)
        .item("e2", "execution", false)
        .build()
        .unwrap();
    // One respondent; items never answered together; constant answers.
    for csv in [
        "id,team,v1,v2,e1,e2\na,T,1,2,3,4\n",
        "id,team,v1,v2,e1,e2\na,T,1,,3,3\nb,T,,2,3,3\nc,T,2,,3,3\nd,T,,4,3,3\n",
        "id,team,v1,v2,e1,e2\na,T,1,1,1,1\nb,T,1,1,1,1\n",
    ] {
        let scored = Scorer::new(inst.clone()).score(csv.as_bytes()).unwrap();
        for options in [
            rolebalance::ReliabilityOptions::new(),
            rolebalance::ReliabilityOptions::new()
                .missing(rolebalance::Missing::Complete)
                .key_check(rolebalance::KeyCheck::Reverse)
                .bootstrap(10, 1)
                .unwrap(),
        ] {
            let report = scored.reliability_with(&options);
            for s in report.scales() {
                assert!(s.alpha.is_none() && s.note.is_some(), "{csv}: {s:?}");
            }
            serde_json::to_string(&report).unwrap();
        }
    }
}

#[test]
fn a_scale_of_many_items_skips_the_cubic_figures() {
    let fw = Framework::builder().dimension("horizon", "vision", "execution").build().unwrap();
    let mut b = Instrument::likert(fw, 1, 5).item("e1", "execution", false);
    let k = 2 * rolebalance::MATRIX_ITEMS;
    for i in 0..k {
        b = b.item(&format!("v{i}"), "vision", false);
    }
    let inst = b.build().unwrap();
    let mut csv = String::from("id,team,e1");
    for i in 0..k {
        csv.push_str(&format!(",v{i}"));
    }
    csv.push('\n');
    for r in 0..6 {
        csv.push_str(&format!("r{r},T,1"));
        for i in 0..k {
            csv.push_str(&format!(",{}", 1 + (r * 31 + i * 17 + r * i * 7) % 5));
        }
        csv.push('\n');
    }
    let report = Scorer::new(inst).score(csv.as_bytes()).unwrap().reliability();
    let vision = report.scale("vision").unwrap();
    assert!(
        vision.alpha.is_some() && vision.lambda6.is_none() && vision.omega_total.is_none(),
        "{:?} {:?} {:?}",
        vision.alpha,
        vision.constant_items.len(),
        vision.note
    );
    assert!(vision.note.as_deref().unwrap().contains("at most 200"), "{:?}", vision.note);
}
