//! The model's formulas (coverage, scores, findings, rollups), checked on small hand-computed rosters.

use rolebalance::{
    Analyzer, Coverage, FindingKind, Framework, Member, Requirements, Rollups, Roster, Severity, Side, Thresholds,
};

fn one_dim() -> Framework {
    Framework::builder().dimension("horizon", "vision", "execution").build().unwrap()
}

fn roster(rows: &[(&str, &str, f64, [f64; 2])]) -> Roster {
    let mut r = Roster::new(one_dim());
    for (id, team, w, s) in rows {
        r.push(Member::new(*id, *team, *s).unwrap().with_weight(*w).unwrap()).unwrap();
    }
    r
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

#[test]
fn the_three_models() {
    let r = roster(&[("a", "T", 1.0, [0.6, 0.2]), ("b", "T", 0.5, [0.8, 0.4]), ("c", "T", 0.0, [1.0, 1.0])]);
    // contributions on vision: 0.6, 0.4, 0.0; on execution: 0.2, 0.2, 0.0
    let strongest = Analyzer::new().analyze(&r).unwrap();
    let t = strongest.team("T").unwrap();
    assert!(close(t.pole_at(0).unwrap().coverage(), 0.6));
    assert!(close(t.pole_at(1).unwrap().coverage(), 0.2));
    assert_eq!(t.pole_at(1).unwrap().top_contributor(), Some("a"), "a tie goes to the first in roster order");

    let pooled = Analyzer::new().model(Coverage::Pooled).analyze(&r).unwrap();
    let t = pooled.team("T").unwrap();
    assert!(close(t.pole_at(0).unwrap().coverage(), 1.0 - 0.4 * 0.6));
    assert!(close(t.pole_at(1).unwrap().coverage(), 1.0 - 0.8 * 0.8));

    let average = Analyzer::new().model(Coverage::Average).analyze(&r).unwrap();
    let t = average.team("T").unwrap();
    assert!(close(t.pole_at(0).unwrap().coverage(), (0.6 + 0.4) / 1.5));
    assert!(close(t.pole_at(1).unwrap().coverage(), (0.2 + 0.2) / 1.5));
    assert!(close(t.total_weight(), 1.5));
    assert_eq!(t.members(), 3);
    assert_eq!(t.active_members(), 2);
}

#[test]
fn scores() {
    let r = roster(&[("a", "T", 1.0, [0.9, 0.3])]);
    let t = Analyzer::new().analyze(&r).unwrap().teams()[0].clone();
    assert!(close(t.direction(), 0.9));
    assert!(close(t.control(), 0.3));
    assert!(close(t.balance(), 1.0 - 0.6));
    assert!(close(t.health(), 0.3));
}

#[test]
fn a_team_whose_weights_sum_to_zero_covers_nothing() {
    let r = roster(&[("a", "T", 0.0, [1.0, 1.0]), ("b", "T", 0.0, [1.0, 1.0])]);
    for model in [Coverage::Strongest, Coverage::Pooled, Coverage::Average] {
        let t = Analyzer::new().model(model).analyze(&r).unwrap().teams()[0].clone();
        assert_eq!(t.pole_at(0).unwrap().coverage(), 0.0, "{model}");
        assert_eq!(t.pole_at(0).unwrap().depth(), 0);
        let kinds: Vec<FindingKind> = t.findings().into_iter().map(|f| f.kind()).collect();
        assert_eq!(
            kinds,
            [FindingKind::NoDirection, FindingKind::NoControl, FindingKind::UncoveredPole, FindingKind::UncoveredPole],
            "{model}: inactive members are not bridges, and no_bridge needs two active members"
        );
    }
}

#[test]
fn depth_and_single_point_of_failure() {
    let r = roster(&[("a", "T", 1.0, [0.9, 0.5]), ("b", "T", 1.0, [0.2, 0.5]), ("c", "T", 1.0, [0.3, 0.1])]);
    let t = Analyzer::new().analyze(&r).unwrap().teams()[0].clone();
    assert_eq!(t.pole_at(0).unwrap().depth(), 1);
    assert_eq!(t.pole_at(1).unwrap().depth(), 2, "exactly at the threshold counts");
    let spof: Vec<_> = t.findings().into_iter().filter(|f| f.kind() == FindingKind::SinglePointOfFailure).collect();
    assert_eq!(spof.len(), 1);
    assert_eq!(spof[0].pole(), Some("vision"));
    assert_eq!(spof[0].member(), Some("a"));
    assert!(close(spof[0].value(), 0.3));
    assert_eq!(spof[0].coverage(), Some(0.9));
    assert_eq!(spof[0].message(), "vision depends on a alone: coverage 0.90 falls to 0.30 without them, below 0.50");

    // Pooled: without a, 1 - 0.8 * 0.7 = 0.44 < 0.5: still a single point of failure.
    let t = Analyzer::new().model(Coverage::Pooled).analyze(&r).unwrap().teams()[0].clone();
    assert!(close(t.pole_at(0).unwrap().coverage_without_top(), 1.0 - 0.8 * 0.7));
    assert!(t.flags().contains("single_point_of_failure:vision"));
    // Average: without a, (0.2 + 0.3) / 2 = 0.25.
    let t = Analyzer::new().model(Coverage::Average).analyze(&r).unwrap().teams()[0].clone();
    assert!(close(t.pole_at(0).unwrap().coverage(), 1.4 / 3.0));
    assert!(t.flags().contains("uncovered_pole:vision"), "{}", t.flags());
}

#[test]
fn values_exactly_at_a_threshold_are_not_gaps() {
    // 0.1 + 0.2 + 0.2 != 0.5 in floating point; the allowance of 1e-9 absorbs it.
    let r = roster(&[("a", "T", 1.0, [0.5, 0.5]), ("b", "T", 1.0, [0.5, 0.5])]);
    for model in [Coverage::Strongest, Coverage::Average] {
        let t = Analyzer::new().model(model).analyze(&r).unwrap().teams()[0].clone();
        assert_eq!(t.flags(), "", "{model}");
    }
    let r = roster(&[("a", "T", 1.0, [0.1 + 0.2 + 0.2, 0.8]), ("b", "T", 1.0, [0.2, 0.9])]);
    let t = Analyzer::new().thresholds(Thresholds::default().with("skew", 0.3).unwrap()).analyze(&r).unwrap();
    let t = &t.teams()[0];
    assert!(!t.flags().contains("uncovered_pole:vision"));
    assert!(!t.flags().contains("no_direction"));
    // direction 0.5 vs control 0.9 differ by 0.4 > 0.3
    assert!(t.flags().contains("skewed:management"));
}

#[test]
fn skew_and_bridge() {
    let r = roster(&[("a", "T", 1.0, [0.95, 0.1]), ("b", "T", 1.0, [0.39, 0.6])]);
    let t = Analyzer::new().analyze(&r).unwrap().teams()[0].clone();
    let skew = t.findings().into_iter().find(|f| f.kind() == FindingKind::Skewed).unwrap();
    assert_eq!(skew.side(), Some(Side::Leadership));
    assert!(close(skew.value(), 0.95 - 0.6));
    assert_eq!(skew.flag(), "skewed:leadership");
    let nb = t.findings().into_iter().find(|f| f.kind() == FindingKind::NoBridge).unwrap();
    assert_eq!(nb.severity(), Severity::Info);
    assert_eq!(nb.member(), Some("b"));
    assert!(close(nb.value(), 0.39));
    assert_eq!(nb.message(), "no bridge: nobody is strong on both sides; the closest, b, reaches 0.39 of 0.40");
    // A lower bridge threshold makes b a bridge.
    let t = Analyzer::new().thresholds(Thresholds::default().with("bridge", 0.39).unwrap()).analyze(&r).unwrap();
    assert!(!t.teams()[0].flags().contains("no_bridge"));
}

#[test]
fn findings_are_sorted_most_severe_first() {
    let r = roster(&[("a", "T", 1.0, [0.2, 0.1]), ("b", "T", 1.0, [0.1, 0.2])]);
    let t = Analyzer::new().analyze(&r).unwrap().teams()[0].clone();
    let sev: Vec<Severity> = t.findings().into_iter().map(|f| f.severity()).collect();
    let mut sorted = sev.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(sev, sorted);
    assert_eq!(t.flags(), "no_direction;no_control;uncovered_pole:vision;uncovered_pole:execution;no_bridge");
}

#[test]
fn rollups_combine_subteams_and_count_matrix_members_twice() {
    let r = roster(&[
        ("a", "Acme/Lab", 1.0, [0.9, 0.1]),
        ("b", "Acme/Ops", 1.0, [0.1, 0.9]),
        ("a", "Acme/Ops", 0.5, [0.9, 0.1]),
        ("c", "Other", 1.0, [0.5, 0.5]),
    ]);
    let report = Analyzer::new().rollups(Rollups::Include).analyze(&r).unwrap();
    let names: Vec<&str> = report.teams().iter().map(|t| t.team()).collect();
    assert_eq!(names, ["Acme/*", "Acme/Lab", "Acme/Ops", "Other"]);
    let acme = &report.teams()[0];
    assert_eq!(acme.level(), rolebalance::Level::Rollup);
    assert_eq!(acme.members(), 3, "a is counted once per row");
    assert!(close(acme.total_weight(), 2.5));
    assert!(close(acme.direction(), 0.9));
    assert!(close(acme.control(), 0.9));
    let without = Analyzer::new().analyze(&r).unwrap();
    assert_eq!(without.len(), 3);
}

#[test]
fn the_same_member_twice_in_a_team_is_an_error() {
    let r = roster(&[("a", "T", 1.0, [0.9, 0.1]), ("a", "T", 1.0, [0.9, 0.1])]);
    let e = Analyzer::new().analyze(&r).unwrap_err();
    assert_eq!(e.to_string(), "member `a` is listed twice in team `T`");
}

#[test]
fn a_member_with_the_wrong_number_of_strengths_is_an_error() {
    // Pushing checks at once...
    let mut r = Roster::new(one_dim());
    let e = r.push(Member::new("a", "T", [0.5; 4]).unwrap()).unwrap_err();
    assert_eq!(e.to_string(), "member `a` has 4 pole strengths, the framework has 2 poles");
    assert!(r.is_empty());
    // ...collecting (on the built-in framework) reports it when analysing.
    let collected: Roster = [Member::new("a", "T", [0.5; 2]).unwrap()].into_iter().collect();
    let e = Analyzer::new().analyze(&collected).unwrap_err();
    assert_eq!(e.to_string(), "member `a` has 2 pole strengths, the framework has 8 poles");
}

#[test]
fn requirements_apply_by_most_specific_prefix() {
    let r = roster(&[("a", "Acme/RnD/Lab", 1.0, [0.65, 0.9]), ("b", "Acme/Ops", 1.0, [0.65, 0.75])]);
    let req = Requirements::new()
        .require("Acme", "vision", 0.6)
        .unwrap()
        .require("Acme/RnD", "vision", 0.7)
        .unwrap()
        .require("Acme/Ops", "execution", 0.8)
        .unwrap();
    let report = Analyzer::new().requirements(req).rollups(Rollups::Include).analyze(&r).unwrap();
    let flags = |name: &str| report.teams().iter().find(|t| t.team() == name).unwrap().flags();
    assert_eq!(report.team("Acme/RnD/Lab").unwrap().pole_at(0).unwrap().threshold(), 0.7);
    assert!(flags("Acme/RnD/Lab").contains("uncovered_pole:vision"));
    assert!(!flags("Acme/Ops").contains("uncovered_pole:vision"));
    assert!(flags("Acme/Ops").contains("uncovered_pole:execution"));
    // The rollup Acme/RnD/* uses Acme/RnD's requirement; Acme/* uses Acme's.
    assert!(flags("Acme/RnD/*").contains("uncovered_pole:vision"));
    assert!(!flags("Acme/*").contains("uncovered_pole"));
    let unknown = Requirements::new().require("Acme", "charisma", 0.5).unwrap();
    let e = Analyzer::new().requirements(unknown).analyze(&r).unwrap_err();
    assert_eq!(e.to_string(), "threshold for unknown pole `charisma`");
}

#[test]
fn reports_serialize_to_json_and_back() {
    let r = roster(&[("a", "T", 1.0, [0.9, 0.1]), ("b", "T", 1.0, [0.3, 0.2])]);
    let report = Analyzer::new().analyze(&r).unwrap();
    let json = serde_json::to_string(&report).unwrap();
    assert!(json.contains("\"kind\":\"no_control\""));
    let back: rolebalance::Report = serde_json::from_str(&json).unwrap();
    assert_eq!(back, report);
    let fw_json = serde_json::to_string(&Framework::leadership_management()).unwrap();
    assert_eq!(serde_json::from_str::<Framework>(&fw_json).unwrap(), Framework::leadership_management());
    assert!(serde_json::from_str::<Framework>("[]").is_err());
    let m: Member = serde_json::from_str(r#"{"id":"a","team":"T","strengths":[0.5,0.5]}"#).unwrap();
    assert_eq!(m.weight(), 1.0);
    assert!(serde_json::from_str::<Member>(r#"{"id":"a","team":"T","strengths":[1.5]}"#).is_err());
}

#[test]
fn public_types_are_send_and_sync() {
    // Every type the crate root exports (and the charts'), so that a new
    // one that is not fails here.
    fn check<T: Send + Sync>() {}
    check::<rolebalance::Analysis>();
    check::<rolebalance::Analyzer>();
    check::<rolebalance::Assignment>();
    check::<rolebalance::Block>();
    check::<rolebalance::ColumnMap>();
    check::<rolebalance::Constraints>();
    check::<rolebalance::Coverage>();
    check::<rolebalance::Delimiter>();
    check::<rolebalance::Dimension>();
    check::<rolebalance::DistanceMatrix>();
    check::<rolebalance::Distances>();
    check::<rolebalance::Distribution>();
    check::<rolebalance::Error>();
    check::<rolebalance::ErrorKind>();
    check::<rolebalance::Finding>();
    check::<rolebalance::FindingKind>();
    check::<rolebalance::Formation>();
    check::<rolebalance::Framework>();
    check::<rolebalance::FrameworkBuilder>();
    check::<rolebalance::Hierarchy>();
    check::<rolebalance::HtmlReport>();
    check::<rolebalance::Icc>();
    check::<rolebalance::IccForm>();
    check::<rolebalance::IfDropped>();
    check::<rolebalance::Instrument>();
    check::<rolebalance::InstrumentBuilder>();
    check::<rolebalance::InstrumentKind>();
    check::<rolebalance::IoError>();
    check::<rolebalance::Item>();
    check::<rolebalance::ItemStats>();
    check::<rolebalance::KeyCheck>();
    check::<rolebalance::Level>();
    check::<rolebalance::MdgpInstance>();
    check::<rolebalance::MdgpKind>();
    check::<rolebalance::MeasurementError>();
    check::<rolebalance::Member>();
    check::<rolebalance::MemberRef>();
    check::<rolebalance::Members>();
    check::<rolebalance::MetricStats>();
    check::<rolebalance::Missing>();
    check::<rolebalance::Mode>();
    check::<rolebalance::Move>();
    check::<rolebalance::Objective>();
    check::<rolebalance::OrgScore>();
    check::<rolebalance::OrgStats>();
    check::<rolebalance::ParseCoverageError>();
    check::<rolebalance::ParseLevelError>();
    check::<rolebalance::ParseSeverityError>();
    check::<rolebalance::Placement>();
    check::<rolebalance::Pole>();
    check::<rolebalance::PoleReport>();
    check::<rolebalance::Poles>();
    check::<rolebalance::Range>();
    check::<rolebalance::ReadLog>();
    check::<rolebalance::ReaderBuilder>();
    check::<rolebalance::Rebalance>();
    check::<rolebalance::Rebalancer>();
    check::<rolebalance::Recommendation>();
    check::<rolebalance::ReliabilityOptions>();
    check::<rolebalance::ReliabilityReport>();
    check::<rolebalance::Report>();
    check::<rolebalance::Requirement>();
    check::<rolebalance::RequirementValue>();
    check::<rolebalance::Requirements>();
    check::<rolebalance::Rollups>();
    check::<rolebalance::Roster>();
    check::<rolebalance::ScaleCorrelations>();
    check::<rolebalance::ScaleReliability>();
    check::<rolebalance::ScoreGain>();
    check::<rolebalance::Scored>();
    check::<rolebalance::Scorer>();
    check::<rolebalance::Severity>();
    check::<rolebalance::Side>();
    check::<rolebalance::SkippedRow>();
    check::<rolebalance::Source>();
    check::<rolebalance::StopReason>();
    check::<rolebalance::Summary>();
    check::<rolebalance::TeamAccumulator>();
    check::<rolebalance::TeamColumn>();
    check::<rolebalance::TeamReport>();
    check::<rolebalance::TeamScore>();
    check::<rolebalance::TeamSizes>();
    check::<rolebalance::TeamStanding>();
    check::<rolebalance::TeamThresholds>();
    check::<rolebalance::Thresholds>();
    check::<rolebalance::Unscored>();
    check::<rolebalance::ValueProblem>();
    check::<rolebalance::svg::HeatMap>();
    check::<rolebalance::svg::OrgMap>();
    check::<rolebalance::svg::Quadrant>();
}

#[test]
fn weakest_and_additive_models() {
    // Vision contributions 0.8, 0.3 and 0 (weight 0): the weakest active one
    // is 0.3; additively 1.1, capped at 1.
    let r = roster(&[("a", "T", 1.0, [0.8, 0.2]), ("b", "T", 1.0, [0.3, 0.2]), ("c", "T", 0.0, [0.9, 0.9])]);
    let vision = |model: Coverage| {
        let report = Analyzer::new().model(model).analyze(&r).unwrap();
        let t = report.team("T").unwrap();
        let p = t.pole("vision").unwrap();
        (p.coverage(), p.coverage_without_top(), t.flags())
    };
    let (c, without, flags) = vision(Coverage::Weakest);
    assert_eq!((c, without), (0.3, 0.3));
    assert!(flags.contains("uncovered_pole:vision"), "{flags}");
    let (c, without, flags) = vision(Coverage::Additive);
    assert_eq!(c, 1.0);
    assert!((without - 0.3).abs() < 1e-12);
    assert!(flags.contains("single_point_of_failure:vision"), "{flags}");
    // Execution: 0.2 + 0.2 = 0.4 < 0.5 additively.
    assert!(flags.contains("uncovered_pole:execution"), "{flags}");
}

#[test]
fn models_per_pole_from_a_requirements_file() {
    let r = roster(&[
        ("a", "Ops/Night", 1.0, [0.9, 0.9]),
        ("b", "Ops/Night", 1.0, [0.9, 0.1]),
        ("c", "Lab", 1.0, [0.9, 0.1]),
    ]);
    let csv = "team,threshold,value\nOps,model:execution,weakest\nOps,model,average\n";
    let req = Requirements::from_csv_reader(csv.as_bytes()).unwrap();
    assert_eq!(req.len(), 2);
    let report = Analyzer::new().requirements(req).rollups(rolebalance::Rollups::Include).analyze(&r).unwrap();
    let night = report.team("Ops/Night").unwrap();
    // execution is conjunctive (its own model), vision takes the team's (average).
    assert_eq!(night.pole("execution").unwrap().model(), Coverage::Weakest);
    assert!((night.pole("execution").unwrap().coverage() - 0.1).abs() < 1e-12);
    assert!((night.pole("vision").unwrap().coverage() - 0.9).abs() < 1e-12);
    assert_eq!(night.pole("vision").unwrap().model(), Coverage::Average);
    // Lab keeps the analysis' model.
    assert_eq!(report.team("Lab").unwrap().pole("execution").unwrap().model(), Coverage::Strongest);
    // The JSON names a pole's model where it differs from the team's.
    let json = serde_json::to_value(night).unwrap();
    assert_eq!((&json["poles"][0]["model"], &json["poles"][1]["model"]), (&"average".into(), &"weakest".into()));
    let lab = serde_json::to_value(report.team("Lab").unwrap()).unwrap();
    assert!(lab["poles"][0].get("model").is_none());
    for (csv, message) in [
        ("team,threshold,value\nOps,model:execution,loudest\n", "requirements file, line 2: unknown coverage model `loudest`: expected strongest, pooled, average, weakest or additive"),
        ("team,threshold,value\nOps,model:Execution,weakest\n", "requirements file, line 2: "),
    ] {
        let e = Requirements::from_csv_reader(csv.as_bytes()).unwrap_err();
        assert!(e.to_string().starts_with(message), "{e}");
    }
    let unknown = Requirements::new().require_model("Ops", Some("charisma"), Coverage::Weakest).unwrap();
    let e = Analyzer::new().requirements(unknown).analyze(&r).unwrap_err();
    assert_eq!(e.to_string(), "threshold for unknown pole `charisma`");
}
