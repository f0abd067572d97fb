//! # rolebalance
//!
//! Leaders inspire, set vision, focus on people and take risks; managers
//! organise, execute, focus on process and manage risk. The two are
//! complementary: "without leadership, organizations lack direction; without
//! management, they lack control" (*Leadership vs. Management*, the article
//! this crate is built on). `rolebalance` places every person of a roster on
//! the dimensions that separate the two and tells each team where it stands:
//! its **direction**, its **control**, which poles nobody covers, whom it
//! depends on alone, and whether anybody bridges both sides.
//!
//! New here? The [`tutorial`] walks through a whole analysis step by step.
//! This page explains the model, then shows each main task in a few lines.
//!
//! # The model
//!
//! ## Dimensions and poles
//!
//! A [`Framework`] is an ordered list of 1 to 32 bipolar dimensions. Each
//! dimension has a *leadership pole* and a *management pole*. The built-in
//! framework, [`Framework::leadership_management`], has the article's four:
//!
//! | dimension | leadership pole | management pole | the article's section |
//! |---|---|---|---|
//! | `purpose` | `inspire` | `organize` | Leadership Inspires, Management Organizes |
//! | `horizon` | `vision` | `execution` | Vision vs. Execution |
//! | `focus` | `people` | `process` | People vs. Process |
//! | `risk` | `risk_taking` | `risk_management` | Risk-Taking vs. Risk Management |
//!
//! Poles are numbered `2 * dimension + side`, leadership first ([`Pole`]);
//! strengths and coverages are stored in that order.
//!
//! ## Members
//!
//! A [`Member`] is one row of a roster: an `id`, an optional `name`, a `team`
//! path such as `Acme/Engineering/Platform`, a `weight` in [0, 1] (the share
//! of their time given to this team, default 1) and, per dimension, two pole
//! strengths `lead` and `manage` in [0, 1]. A dimension may instead be given
//! as a *position* `p` in [-1, +1] (+1 is the leadership pole) with an
//! *intensity* `k` in [0, 1]:
//!
//! ```text
//! lead = k (1 + p) / 2        manage = k (1 - p) / 2
//! ```
//!
//! A member's leadership mean `L` and management mean `M` are the means of
//! their `lead` and `manage` strengths; they are a *bridge* when
//! `min(L, M)` reaches the bridge threshold: someone who can "lead when
//! necessary and manage when required".
//!
//! ## Coverage of a pole: five models
//!
//! Each member contributes `c = weight × strength` to a pole. How
//! contributions combine into the team's coverage `C` of the pole depends on
//! the task (Steiner's task types), so the [`Coverage`] model is a choice:
//!
//! | model | `C` | reading |
//! |---|---|---|
//! | [`Coverage::Strongest`] (default) | `max c` | disjunctive: one strong member suffices (Belbin's role presence) |
//! | [`Coverage::Pooled`] | `1 - ∏(1 - c)` | partial strengths pool, as in a probabilistic union |
//! | [`Coverage::Average`] | `Σ weight × strength / Σ weight` | compensatory: the share of the team's capacity on the pole |
//! | [`Coverage::Weakest`] | `min c` over the active members (weight above 0) | conjunctive: the team is as strong as its weakest member |
//! | [`Coverage::Additive`] | `min(1, Σ c)` | additive: contributions add up, capped at full coverage |
//!
//! The model may differ per pole: [`Thresholds::with_model`] sets one for a
//! pole everywhere, [`Requirements::require_model`] (or a `model:POLE` line
//! in a requirements file) for the teams under a path. Every path of the
//! crate (in memory, streaming, summaries, searches) computes coverage with
//! the same rules, so the five models give the same numbers everywhere.
//!
//! An empty team, or one whose weights sum to 0, covers nothing. A pole's
//! *depth* is the number of members whose `c` alone reaches the pole
//! threshold; its *top contributor* is the member with the largest `c`.
//!
//! ## Team scores
//!
//! ```text
//! direction = mean coverage of the leadership poles
//! control   = mean coverage of the management poles
//! balance   = 1 - |direction - control|
//! health    = min(direction, control)      (the weaker side decides)
//! ```
//!
//! ## Findings
//!
//! A [`Finding`] is a flagged gap with its [`Severity`], the numbers that
//! triggered it and a one-line message. Default thresholds ([`Thresholds`]):
//! pole 0.5, direction and control 0.5, skew 0.3, bridge 0.4; all
//! configurable, and per team through [`Requirements`]. Comparisons allow
//! for rounding ([`tolerance`]): a value exactly at a threshold is not a gap.
//!
//! | [`FindingKind`] | severity | when |
//! |---|---|---|
//! | `no_direction` | critical | `direction` below the direction threshold |
//! | `no_control` | critical | `control` below the control threshold |
//! | `uncovered_pole` | warning | a pole's `C` below its pole threshold |
//! | `single_point_of_failure` | warning | a pole is covered, but not without its top contributor (named) |
//! | `skewed` | warning | `|direction - control|` above the skew threshold (toward the stronger side) |
//! | `no_bridge` | info | two or more active members and none of them is a bridge |
//!
//! ## Rollups
//!
//! The prefixes of a team path are teams too: with [`Rollups::Include`],
//! `Acme/*` combines every member of `Acme` and the teams below it. A member
//! listed in two sub-teams counts twice in the rollup, once per row.
//! Accumulators ([`TeamAccumulator`]) merge in any order, so rollups,
//! chunked and parallel reads are all merges.
//!
//! ## Confidentiality: the organisation audience
//!
//! Psychometric scores are personal data. Every output has an
//! [`Audience`]. The **team** audience (a team lead looking at their own
//! team) is the [`Report`] and its outputs: every detail, members named
//! (top contributors, the single point of failure, the closest bridge). The
//! **org** audience (HR, a leadership team, a works council) is the
//! [`OrgReport`] that [`Disclosure::apply`] makes of a report, with its own
//! JSON, text, CSV and HTML ([`HtmlReport::render_org`]):
//!
//! - no ids, no names, and no number that is one member's: no top
//!   contributor or top contribution, no coverage without the top
//!   contributor, no best bridge score, no confidences. Findings speak of
//!   roles: `risk_taking depends on one member`, `no member is strong on
//!   both sides`. Recommendations, rebalancing and team formation name the
//!   people who would close a gap: they are team-audience tools only.
//! - **Primary suppression**: a group (team or rollup) with fewer than
//!   `min_group` active members (default [`DEFAULT_MIN_GROUP`], 5; never
//!   below [`MIN_GROUP_FLOOR`], 3) is suppressed: it is listed by name,
//!   marked suppressed, without numbers or findings.
//! - **Complementary suppression**: more groups are suppressed wherever a
//!   suppressed group, or any set of fewer than `min_group` active members,
//!   could be worked out from what is shown. The arithmetic guarded against:
//!   the sums and differences of shown groups (members, active members, total
//!   weight, depths, and the sums behind every model's coverage: `Σ c` for
//!   Additive, `Σ weight × strength` for Average, `Σ log(1 - c)` for Pooled),
//!   together with the roster's headcount, which is taken as known; and,
//!   under Strongest (Weakest), a rollup's coverage that no shown group in
//!   it reaches, which then sits in what is not shown: that rest is never a
//!   single suppressed group, and never fewer than `min_group` active members.
//!
//! The rule: call the *residue* of a shown group (or of the whole roster)
//! what it holds outside the shown groups below it. Everything subtraction
//! can reach is a union of residues. Groups are suppressed, bottom-up and
//! smallest first, until every non-empty residue holds at least `min_group`
//! active members and no suppressed group is a union of residues (a roster
//! under `min_group` members in all is suppressed whole). For example, with
//! `Acme/*` (13) over `Lab` (6), `Ops` (5) and `Board` (2), `Board` is
//! suppressed (primary) and `Ops` too (complementary), since `Acme/*` minus
//! `Lab` and `Ops` would be `Board`.
//!
//! What it does **not** protect against:
//!
//! - what a group's numbers say of *all* its members: a shown group's
//!   Strongest coverage is one member's contribution and a bound on
//!   everyone else's (who is not said); an uncovered pole says nobody in
//!   the group reaches the threshold; depth `0` or depth equal to the group
//!   says the same of every member;
//! - bounds: two suppressed groups of known total (say 4 members) each hold
//!   between 1 and 3; the rule stops exact recovery, not narrowing;
//! - insiders: members who pool what they know of themselves (up to
//!   `min_group - 1` of them about the rest of a group), or anyone who knows
//!   a person's scores from elsewhere;
//! - outputs compared over time or across analyses (two org reports of
//!   rosters that differ by one person give that person's change away);
//! - group names: every group is listed by its team path, suppressed or
//!   not, so a path that names a person names them (paths built from a
//!   reporting line, [`Hierarchy`], are manager ids).
//!
//! ```
//! use rolebalance::{Analyzer, Audience, Disclosure, Member, Roster, Rollups, Suppression};
//! let mut members = Vec::new();
//! for (team, n) in [("Acme/Lab", 6), ("Acme/Ops", 5), ("Acme/Board", 2)] {
//!     for i in 0..n {
//!         members.push(Member::new(format!("{team}-{i}"), team, [0.6; 8])?);
//!     }
//! }
//! let roster: Roster = members.into_iter().collect();
//! let report = Analyzer::new().rollups(Rollups::Include).analyze(&roster)?;
//! assert_eq!("org".parse::<Audience>()?, Audience::Org);
//! let org = Disclosure::new().min_group(5)?.apply(&report);
//! assert_eq!(org.group("Acme/Board").unwrap().suppression(), Some(Suppression::Primary));
//! assert_eq!(org.group("Acme/Ops").unwrap().suppression(), Some(Suppression::Complementary));
//! assert_eq!(org.group("Acme/Lab").unwrap().members(), Some(6));
//! # Ok::<(), rolebalance::Error>(())
//! ```
//!
//! # Tasks
//!
//! ## Read a roster
//!
//! [`ReaderBuilder`] reads CSV with a header; each dimension is given either
//! as its two pole columns or as a position column (`horizon`) with an
//! optional `horizon_intensity`. Data errors name the line and column.
//!
//! ```
//! use rolebalance::ReaderBuilder;
//! let csv = "\
//! id,name,team,weight,inspire,organize,vision,execution,people,process,risk_taking,risk_management
//! ana,Ana,Acme/Lab,1,0.9,0.2,0.9,0.3,0.8,0.2,0.9,0.1
//! bo,Bo,Acme/Ops,0.5,0.2,0.9,0.3,0.9,0.3,0.8,0.1,0.9
//! ";
//! let (roster, log) = ReaderBuilder::new().read_roster(csv.as_bytes())?;
//! assert_eq!(roster.len(), 2);
//! assert_eq!(roster.get(1).unwrap().weight(), 0.5);
//! assert_eq!(log.rows(), 2);
//!
//! let bad = "id,team,purpose,horizon,focus,risk\nana,Lab,0.5,2,0,0\n";
//! let err = ReaderBuilder::new().read_roster(bad.as_bytes()).unwrap_err();
//! assert_eq!((err.line(), err.column()), (Some(2), Some("horizon")));
//! # Ok::<(), rolebalance::Error>(())
//! ```
//!
//! ## Analyse a roster
//!
//! [`Analyzer::analyze`] gives a [`Report`]: one [`TeamReport`] per team,
//! sorted by team, with its scores, poles and findings.
//!
//! ```
//! use rolebalance::{Analyzer, FindingKind, Member, Roster, Severity};
//! let roster: Roster = [
//!     Member::new("ana", "Lab", [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1])?,
//!     Member::new("bo", "Lab", [0.7, 0.4, 0.6, 0.3, 0.9, 0.3, 0.5, 0.2])?,
//! ].into_iter().collect();
//! let report = Analyzer::new().analyze(&roster)?;
//! let lab = report.team("Lab").unwrap();
//! assert_eq!((lab.direction(), lab.control()), (0.9, 0.3));
//! let worst = lab.findings()[0].clone();
//! assert_eq!(worst.kind(), FindingKind::NoControl);
//! assert_eq!(worst.severity(), Severity::Critical);
//! assert_eq!(worst.message(), "no control: control 0.30 is below 0.50");
//! # Ok::<(), rolebalance::Error>(())
//! ```
//!
//! ## Choose a coverage model
//!
//! The same two people cover a pole differently under each model:
//!
//! ```
//! use rolebalance::{Analyzer, Coverage, Framework, Member, Roster};
//! let fw = Framework::builder().dimension("horizon", "vision", "execution").build()?;
//! let mut roster = Roster::new(fw);
//! roster.push(Member::new("ana", "T", [0.6, 0.5])?);
//! roster.push(Member::new("bo", "T", [0.5, 0.5])?);
//! let vision = |model| -> Result<f64, rolebalance::Error> {
//!     let report = Analyzer::new().model(model).analyze(&roster)?;
//!     Ok(report.teams()[0].pole("vision").unwrap().coverage())
//! };
//! assert_eq!(vision(Coverage::Strongest)?, 0.6);              // max c
//! assert!((vision(Coverage::Pooled)? - 0.8).abs() < 1e-12);   // 1 - 0.4 × 0.5
//! assert!((vision(Coverage::Average)? - 0.55).abs() < 1e-12); // (0.6 + 0.5) / 2
//! # Ok::<(), rolebalance::Error>(())
//! ```
//!
//! ## Roll teams up
//!
//! ```
//! use rolebalance::{Analyzer, Level, Member, Rollups, Roster};
//! let roster: Roster = [
//!     Member::new("ana", "Acme/Lab", [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1])?,
//!     Member::new("bo", "Acme/Ops", [0.2, 0.9, 0.3, 0.9, 0.3, 0.8, 0.1, 0.9])?,
//! ].into_iter().collect();
//! let report = Analyzer::new().rollups(Rollups::Include).analyze(&roster)?;
//! let acme = &report.teams()[0];
//! assert_eq!((acme.team(), acme.level()), ("Acme/*", Level::Rollup));
//! assert_eq!(acme.members(), 2);
//! assert!(acme.findings().into_iter().all(|f| f.flag() != "no_direction" && f.flag() != "no_control"));
//! # Ok::<(), rolebalance::Error>(())
//! ```
//!
//! ## Set requirements per team
//!
//! A team whose purpose needs vision at 0.7 gets `vision >= 0.7`; a
//! requirement on a prefix applies to every team below it, the most specific
//! one wins.
//!
//! ```
//! use rolebalance::{Analyzer, Member, Requirements, Roster};
//! let roster: Roster = [
//!     Member::new("ana", "Acme/Product", [0.8, 0.6, 0.6, 0.7, 0.7, 0.6, 0.6, 0.6])?,
//!     Member::new("bo", "Acme/Product", [0.6, 0.8, 0.6, 0.8, 0.6, 0.7, 0.7, 0.7])?,
//! ].into_iter().collect();
//! let requirements = Requirements::new().require("Acme/Product", "vision", 0.7)?;
//! let report = Analyzer::new().requirements(requirements).analyze(&roster)?;
//! let product = report.team("Acme/Product").unwrap();
//! assert_eq!(product.flags(), "uncovered_pole:vision");
//! # Ok::<(), rolebalance::Error>(())
//! ```
//!
//! Requirements can also be read from a `team,threshold,value` CSV with
//! [`Requirements::from_csv_reader`].
//!
//! ## Summarise a large file in one pass
//!
//! [`ReaderBuilder::analyze`] never keeps the members: memory grows with the
//! number of teams, not of rows. [`Report::write_summary_csv`] writes one
//! row per team.
//!
//! ```
//! use rolebalance::{Analyzer, ReaderBuilder};
//! let csv = "id,team,purpose,horizon,focus,risk\na,T,1,1,1,1\nb,T,-1,-1,-1,-1\nc,U,1,1,1,1\n";
//! let (report, log) = ReaderBuilder::new().analyze(csv.as_bytes(), &Analyzer::new())?;
//! assert_eq!(log.rows(), 3);
//! let mut out = Vec::new();
//! report.write_summary_csv(&mut out)?;
//! assert_eq!(String::from_utf8(out)?, "\
//! team,members,total_weight,direction,control,balance,flags
//! T,2,2,1,1,1,single_point_of_failure:inspire;single_point_of_failure:organize;\
//! single_point_of_failure:vision;single_point_of_failure:execution;single_point_of_failure:people;\
//! single_point_of_failure:process;single_point_of_failure:risk_taking;single_point_of_failure:risk_management;\
//! no_bridge
//! U,1,1,1,0,0,no_control;uncovered_pole:organize;uncovered_pole:execution;uncovered_pole:process;\
//! uncovered_pole:risk_management;single_point_of_failure:inspire;single_point_of_failure:vision;\
//! single_point_of_failure:people;single_point_of_failure:risk_taking;skewed:leadership
//! ");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Use a framework of your own
//!
//! ```
//! use rolebalance::{Analyzer, Framework, ReaderBuilder};
//! let fw = Framework::from_csv_reader(
//!     "dimension,leadership_pole,management_pole\nchange,innovate,stabilize\ntalk,persuade,document\n"
//!         .as_bytes(),
//! )?;
//! let csv = "id,team,innovate,stabilize,talk\nana,T,0.9,0.3,0.2\n";
//! let (roster, _) = ReaderBuilder::new().framework(fw).read_roster(csv.as_bytes())?;
//! let report = Analyzer::new().analyze(&roster)?;
//! let t = &report.teams()[0];
//! // talk = 0.2 is a position: persuade = 0.6, document = 0.4.
//! assert!((t.pole("persuade").unwrap().coverage() - 0.6).abs() < 1e-12);
//! assert_eq!(t.flags(), "no_control;uncovered_pole:stabilize;uncovered_pole:document;\
//!     single_point_of_failure:innovate;single_point_of_failure:persuade;skewed:leadership");
//! # Ok::<(), rolebalance::Error>(())
//! ```
//!
//! ## Draw it: charts and an HTML report
//!
//! The [`svg`] module draws a team's [`Radar`](svg::Radar), the
//! [`OrgMap`](svg::OrgMap) of all teams at (control, direction), and a
//! [`HeatMap`](svg::HeatMap) of teams by poles; [`HtmlReport`] puts them in
//! one self-contained page (inline SVG and CSS, no JavaScript) that works
//! offline and prints. `cargo run --example report` writes it for the
//! shipped sample.
//!
//! ```
//! use rolebalance::svg::{OrgMap, Radar};
//! use rolebalance::{Analyzer, HtmlReport, Member, Roster};
//! let roster: Roster = [
//!     Member::new("ana", "Lab", [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1])?,
//!     Member::new("bo", "Ops", [0.2, 0.9, 0.3, 0.9, 0.3, 0.8, 0.1, 0.9])?,
//! ].into_iter().collect();
//! let report = Analyzer::new().analyze(&roster)?;
//! let radar: String = Radar::new().render(report.team("Lab").unwrap());
//! let map: String = OrgMap::new().render(&report);
//! let page: String = HtmlReport::new().title("Two teams").render(&report);
//! assert!(radar.contains("<title>Team Lab</title>"));
//! assert!(map.contains("no control (1)") && map.contains("no direction (1)"));
//! assert!(page.contains(&map));
//! # Ok::<(), rolebalance::Error>(())
//! ```
//!
//! # Errors
//!
//! Every fallible function returns [`Error`]; [`Error::kind`] says what went
//! wrong ([`ErrorKind`]), and [`Error::line`], [`Error::column`] and
//! [`Error::value`] locate a data error. The library never panics on input.
//!
//! # Safety
//!
//! The crate denies `unsafe` code but in one private function: a cache
//! prefetch hint (`_mm_prefetch` on x86_64), which cannot fault whatever
//! its pointer. The streaming read asks for a team's record a few rows
//! ahead with it; it took about 12% off reading a million-row roster.
// One function may use `unsafe`: `prefetch::prefetch` (see its module).
#![deny(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic))]

mod actions;
mod analysis;
#[doc(hidden)]
pub mod bench_support;
mod engine;
mod error;
mod io;
mod model;
mod render;
mod stats;
pub mod tutorial;
mod util;

pub use model::tolerance;
pub use render::svg;

pub use actions::constraints::{read_ids, read_pairs, Constraints};
pub use actions::formation::instance::{DistanceMatrix, MdgpInstance, MdgpKind, MAX_DISTANCE_ELEMENTS};
pub use actions::formation::{
    Assignment, Distances, Formation, Objective, StopReason, TeamSizes, DIVERSITY_BUDGET_MAX,
    DIVERSITY_BUDGET_PER_PAIR, EXHAUSTIVE_LIMIT, FEASIBILITY_LIMIT,
};
pub use actions::objective::{OrgScore, ScoreGain, TeamScore};
pub use actions::rebalance::{Move, Rebalance, Rebalancer};
pub use actions::recommend::{recommend, Recommendation};
pub use analysis::analyzer::Analyzer;
pub use analysis::compare::{
    Cause, ChangeKind, Comparison, FindingSpan, MemberChange, Series, Snapshot, Status, TeamChange, TeamScores, Trend,
    ATTRIBUTION_BUDGET,
};
pub use analysis::disclosure::{
    Audience, Disclosure, OrgFinding, OrgGroup, OrgPole, OrgReport, Suppression, DEFAULT_MIN_GROUP, MIN_GROUP_FLOOR,
};
pub use analysis::findings::{Finding, FindingKind, ParseSeverityError, Severity};
pub use analysis::report::{PoleReport, Poles, Report, TeamReport, SCHEMA_VERSION};
pub use analysis::streamed::Analysis;
pub use analysis::summary::Summary;
pub use engine::accumulator::TeamAccumulator;
pub use error::{escape_controls, shown, Error, ErrorKind, IoError, Range, ValueProblem};
pub use io::csvout::{neutralize_formula, CsvFormulas};
pub use io::delimiter::Delimiter;
pub use io::hierarchy::{Hierarchy, Placement, DEFAULT_MAX_DEPTH};
pub use io::mapping::ColumnMap;
pub use io::read::{Mode, ReadLog, ReaderBuilder, SkippedRow, TeamColumn};
pub use io::records::MAX_RECORD_BYTES;
#[cfg(any(feature = "spreadsheet", feature = "parquet"))]
pub use io::spreadsheet::Sheet;
pub use io::survey::Source;
pub use io::table::read_csv_records;
pub use model::coverage::{Coverage, ParseCoverageError};
pub use model::framework::{Dimension, Framework, FrameworkBuilder, Pole, Side, MAX_DIMENSIONS};
pub use model::measurement::MeasurementError;
pub use model::member::{Member, MemberRef};
pub use model::roster::{Members, Roster};
pub use model::settings::Rollups;
pub use model::team::{is_team_prefix, team_prefixes, Level, ParseLevelError};
pub use model::thresholds::{Requirement, RequirementValue, Requirements, TeamThresholds, Thresholds};
pub use render::html::HtmlReport;
#[cfg(feature = "xlsx")]
pub use render::xlsx::XlsxReport;
pub use stats::icc::{intraclass_correlation, Icc, IccForm};
pub use stats::instrument::{Block, Instrument, InstrumentBuilder, InstrumentKind, Item};
pub use stats::org::{Distribution, MetricStats, OrgStats, TeamStanding};
pub use stats::reliability::{
    cronbach_alpha, feldt_interval, IfDropped, ItemStats, KeyCheck, Missing, ReliabilityOptions, ReliabilityReport,
    ScaleCorrelations, ScaleReliability, ALPHA_CI_LEVEL, CORRELATION_ITEMS, MATRIX_ITEMS, MAX_BOOTSTRAP,
};
pub use stats::scoring::{Scored, Scorer, Unscored};

/// The README's examples, tested as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
