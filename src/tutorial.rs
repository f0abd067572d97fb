//! A tutorial: from a roster file to a report a team lead can act on.
//!
//! This tutorial is for people who know a little Rust and want to find out
//! where their teams stand between leadership and management. It walks through
//! one analysis of the shipped sample company, *Northwind Cycles*
//! (`examples/data/roster.csv`: 40 people in eight teams), and stops at each
//! decision you will meet with your own data. Every example here is a doctest,
//! so it runs as written.
//!
//! # Table of contents
//!
//! 1. [Setup](#setup)
//! 1. [Reading a roster](#reading-a-roster)
//!     * [Handling errors](#handling-errors)
//!     * [The two ways to give a dimension](#the-two-ways-to-give-a-dimension)
//!     * [Skipping bad rows](#skipping-bad-rows)
//! 1. [Analysing](#analysing)
//!     * [Reading a team's report](#reading-a-teams-report)
//!     * [Findings](#findings)
//! 1. [Choosing a coverage model](#choosing-a-coverage-model)
//! 1. [Thresholds and requirement profiles](#thresholds-and-requirement-profiles)
//! 1. [Rollups and matrix organisations](#rollups-and-matrix-organisations)
//! 1. [Large rosters](#large-rosters)
//! 1. [Your own framework](#your-own-framework)
//! 1. [Writing results](#writing-results)
//! 1. [Pictures and an HTML report](#pictures-and-an-html-report)
//! 1. [Putting it together](#putting-it-together)
//!
//! # Setup
//!
//! Add the crate to a new binary project:
//!
//! ```text
//! $ cargo new --bin teamcheck
//! $ cd teamcheck
//! $ cargo add rolebalance
//! ```
//!
//! and copy `examples/data/roster.csv` from this crate's repository next to
//! `Cargo.toml`. The examples below read it from the crate's own directory
//! instead, so that they run as tests.
//!
//! # Reading a roster
//!
//! A roster is a CSV file with a header: one row per person and team.
//!
//! ```text
//! id,name,team,weight,inspire,organize,vision,execution,people,process,risk_taking,risk_management
//! e001,Ana Alves,Northwind/Product/Delivery,1.0,0.78,0.21,0.82,0.3,0.75,0.28,0.87,0.16
//! e002,Bo Haas,Northwind/Product/Delivery,1.0,0.18,0.8,0.23,0.92,0.34,0.78,0.28,0.87
//! ```
//!
//! `team` is a path: `/` separates levels. `weight` is the share of the
//! person's time given to this team (default 1). The eight remaining columns
//! are the person's strengths in [0, 1] on the eight poles of the article's
//! four dimensions. [`ReaderBuilder`](crate::ReaderBuilder) reads it into a
//! [`Roster`](crate::Roster):
//!
//! ```
//! use rolebalance::ReaderBuilder;
//!
//! let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/roster.csv");
//! let (roster, log) = ReaderBuilder::new().read_roster_path(path)?;
//! assert_eq!(roster.len(), 41); // 40 people, one of them on two teams
//! assert_eq!(log.rows(), 41);
//! let ana = roster.get(0).unwrap();
//! assert_eq!((ana.id(), ana.name()), ("e001", Some("Ana Alves")));
//! assert_eq!(ana.team(), "Northwind/Product/Delivery");
//! assert_eq!(ana.strengths()[2], 0.82); // vision
//! # Ok::<(), rolebalance::Error>(())
//! ```
//!
//! ## Handling errors
//!
//! Every fallible function returns [`Error`](crate::Error). In a program, let
//! `?` carry it to `main` and print it: data errors name the line and the
//! column, so people can fix their file.
//!
//! ```
//! use rolebalance::{ErrorKind, ReaderBuilder};
//!
//! let csv = "\
//! id,team,inspire,organize,vision,execution,people,process,risk_taking,risk_management
//! ana,Lab,0.9,0.2,0.9,0.3,0.8,0.2,0.9,0.1
//! bo,Lab,0.7,0.4,60%,0.3,0.9,0.3,0.5,0.2
//! ";
//! let err = ReaderBuilder::new().read_roster(csv.as_bytes()).unwrap_err();
//! assert_eq!(err.to_string(), "line 3, column `vision`: `60%` is not a number");
//! assert_eq!(err.line(), Some(3));
//! assert!(matches!(err.kind(), ErrorKind::Value { .. }));
//! ```
//!
//! A program usually wants this shape (the `analyze_roster` and `report`
//! examples follow it): print the error on stderr and exit with status 1.
//!
//! ```no_run
//! use std::process::ExitCode;
//!
//! fn run() -> Result<(), Box<dyn std::error::Error>> {
//!     let (roster, _log) = rolebalance::ReaderBuilder::new().read_roster_path("roster.csv")?;
//!     let report = rolebalance::Analyzer::new().analyze(&roster)?;
//!     println!("{} teams", report.len());
//!     Ok(())
//! }
//!
//! fn main() -> ExitCode {
//!     match run() {
//!         Ok(()) => ExitCode::SUCCESS,
//!         Err(e) => {
//!             eprintln!("error: {e}");
//!             ExitCode::from(1)
//!         }
//!     }
//! }
//! ```
//!
//! ## The two ways to give a dimension
//!
//! Questionnaires often place a person *on* a dimension rather than scoring
//! both poles. Give the dimension's name (`horizon`) as a column with a
//! position in [-1, +1], +1 being the leadership pole, and optionally
//! `horizon_intensity` in [0, 1]. The two forms can be mixed per dimension:
//!
//! ```
//! use rolebalance::ReaderBuilder;
//!
//! let csv = "\
//! id,team,inspire,organize,horizon,horizon_intensity,focus,risk
//! ana,Lab,0.9,0.2,0.5,0.8,0,-1
//! ";
//! let (roster, _) = ReaderBuilder::new().read_roster(csv.as_bytes())?;
//! let ana = roster.get(0).unwrap();
//! // lead = k (1 + p) / 2 = 0.8 × 1.5 / 2, manage = k (1 - p) / 2 = 0.8 × 0.5 / 2
//! assert_eq!(ana.lead(1), Some(0.6000000000000001));
//! assert_eq!(ana.manage(1), Some(0.2));
//! assert_eq!((ana.lead(3), ana.manage(3)), (Some(0.0), Some(1.0)));
//! # Ok::<(), rolebalance::Error>(())
//! ```
//!
//! ## Skipping bad rows
//!
//! By default the first bad row fails the read. [`Mode::Lenient`](crate::Mode)
//! keeps every good row and lists the others with their errors, which is what
//! you want for a first look at a messy export:
//!
//! ```
//! use rolebalance::{Mode, ReaderBuilder};
//!
//! let csv = "\
//! id,team,purpose,horizon,focus,risk
//! ana,Lab,0.5,0.5,0.5,0.5
//! bo,Lab,0.5,,0.5,0.5
//! cy,Lab,0.5,-0.5,0.5,0.5
//! ";
//! let (roster, log) = ReaderBuilder::new().mode(Mode::Lenient).read_roster(csv.as_bytes())?;
//! assert_eq!(roster.len(), 2);
//! assert_eq!(log.skipped().len(), 1);
//! assert_eq!(log.skipped()[0].line(), 3);
//! # Ok::<(), rolebalance::Error>(())
//! ```
//!
//! # Analysing
//!
//! An [`Analyzer`](crate::Analyzer) holds the choices of an analysis (coverage
//! model, thresholds, requirement profiles, rollups); its defaults follow the
//! model's. [`Analyzer::analyze`](crate::Analyzer::analyze) gives a
//! [`Report`](crate::Report), one [`TeamReport`](crate::TeamReport) per team,
//! sorted by team:
//!
//! ```
//! use rolebalance::{Analyzer, ReaderBuilder};
//!
//! let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/roster.csv");
//! let (roster, _) = ReaderBuilder::new().read_roster_path(path)?;
//! let report = Analyzer::new().analyze(&roster)?;
//! let names: Vec<&str> = report.teams().iter().map(|t| t.team()).collect();
//! assert_eq!(names, [
//!     "Northwind/Engineering/Mobile",
//!     "Northwind/Engineering/Platform",
//!     "Northwind/Leadership",
//!     "Northwind/Operations/Finance",
//!     "Northwind/Operations/Support",
//!     "Northwind/People",
//!     "Northwind/Product/Delivery",
//!     "Northwind/Product/Discovery",
//! ]);
//! # Ok::<(), rolebalance::Error>(())
//! ```
//!
//! ## Reading a team's report
//!
//! A team's *direction* is the mean coverage of its leadership poles, its
//! *control* that of its management poles. *Balance* is `1 - |direction -
//! control|` and *health* the weaker of the two. Per pole, the report has the
//! coverage, the threshold that applied, the depth (how many people alone
//! reach the threshold) and the top contributor:
//!
//! ```
//! use rolebalance::{Analyzer, ReaderBuilder};
//!
//! let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/roster.csv");
//! let (roster, _) = ReaderBuilder::new().read_roster_path(path)?;
//! let report = Analyzer::new().analyze(&roster)?;
//!
//! let platform = report.team("Northwind/Engineering/Platform").unwrap();
//! assert_eq!(platform.members(), 7);
//! assert!(platform.control() > 0.85);   // process people...
//! assert!(platform.direction() < 0.45); // ...and nobody to set a direction
//! assert_eq!(platform.health(), platform.direction());
//!
//! let vision = platform.pole("vision").unwrap();
//! assert_eq!(vision.depth(), 0);
//! assert!(vision.coverage() < vision.threshold());
//! # Ok::<(), rolebalance::Error>(())
//! ```
//!
//! ## Findings
//!
//! Findings are the gaps, most severe first: `no_direction` and `no_control`
//! are critical; `uncovered_pole`, `single_point_of_failure` and `skewed` are
//! warnings; `no_bridge` is information. Each one carries the numbers that
//! triggered it and a message for people:
//!
//! ```
//! use rolebalance::{Analyzer, FindingKind, ReaderBuilder, Severity};
//!
//! let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/roster.csv");
//! let (roster, _) = ReaderBuilder::new().read_roster_path(path)?;
//! let report = Analyzer::new().analyze(&roster)?;
//!
//! let discovery = report.team("Northwind/Product/Discovery").unwrap();
//! let first = discovery.findings()[0].clone();
//! assert_eq!(first.kind(), FindingKind::NoControl);
//! assert_eq!(first.severity(), Severity::Critical);
//! assert!(first.message().starts_with("no control: control 0.40 is below 0.50"));
//!
//! let mobile = report.team("Northwind/Engineering/Mobile").unwrap();
//! assert_eq!(mobile.flags(), "single_point_of_failure:risk_taking");
//! let spof = mobile.findings()[0].clone();
//! println!("{}", spof.message()); // risk_taking depends on ... alone: ...
//! assert!(spof.member().is_some());
//!
//! assert!(report.team("Northwind/Product/Delivery").unwrap().findings().is_empty());
//! # Ok::<(), rolebalance::Error>(())
//! ```
//!
//! # Choosing a coverage model
//!
//! How do several people cover one pole? It depends on the work.
//!
//! * [`Coverage::Strongest`](crate::Coverage::Strongest), the default, takes
//!   the best contribution: one person who can set a vision is enough
//!   (Belbin's role presence). Use it to ask "is anybody doing this?".
//! * [`Coverage::Pooled`](crate::Coverage::Pooled) is `1 - ∏(1 - c)`: partial
//!   strengths add up, with diminishing returns. Use it where the work can be
//!   shared.
//! * [`Coverage::Average`](crate::Coverage::Average) is the weighted mean: the
//!   share of the team's capacity on the pole. Use it to ask "how much of our
//!   time goes there?".
//!
//! Pooled is never below Strongest, and Strongest never below Average:
//!
//! ```
//! use rolebalance::{Analyzer, Coverage, ReaderBuilder};
//!
//! let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/roster.csv");
//! let (roster, _) = ReaderBuilder::new().read_roster_path(path)?;
//! let direction = |model| -> Result<f64, rolebalance::Error> {
//!     let report = Analyzer::new().model(model).analyze(&roster)?;
//!     Ok(report.team("Northwind/Engineering/Platform").unwrap().direction())
//! };
//! let (s, p, a) = (direction(Coverage::Strongest)?, direction(Coverage::Pooled)?, direction(Coverage::Average)?);
//! assert!(a <= s && s <= p);
//! assert!(p > 0.9); // seven people who are each a little visionary pool up
//! # Ok::<(), rolebalance::Error>(())
//! ```
//!
//! # Thresholds and requirement profiles
//!
//! [`Thresholds`](crate::Thresholds) decide what counts as a gap: pole 0.5,
//! direction and control 0.5, skew 0.3, bridge 0.4 by default. Change them for
//! the whole analysis with [`Thresholds::with`](crate::Thresholds::with), or
//! for some teams with [`Requirements`](crate::Requirements): a requirement on
//! a path prefix applies to every team below it, and the most specific one
//! wins.
//!
//! ```
//! use rolebalance::{Analyzer, ReaderBuilder, Requirements, Thresholds};
//!
//! let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data");
//! let (roster, _) = ReaderBuilder::new().read_roster_path(format!("{dir}/roster.csv"))?;
//! let requirements = Requirements::from_csv_path(format!("{dir}/requirements.csv"))?;
//! let analyzer = Analyzer::new()
//!     .thresholds(Thresholds::default().with("skew", 0.25)?)
//!     .requirements(requirements);
//! assert_eq!(analyzer.thresholds_for("Northwind/Product/Discovery").pole_threshold("vision"), 0.7);
//! assert_eq!(analyzer.thresholds_for("Northwind/People").pole_threshold("vision"), 0.5);
//! let report = analyzer.analyze(&roster)?;
//! let delivery = report.team("Northwind/Product/Delivery").unwrap();
//! assert_eq!(delivery.pole("execution").unwrap().threshold(), 0.8);
//! # Ok::<(), rolebalance::Error>(())
//! ```
//!
//! # Rollups and matrix organisations
//!
//! With [`Rollups::Include`](crate::Rollups::Include) every prefix of a team
//! path is reported too, as `PREFIX/*`, combining all the members below it.
//! The same person may be on several teams (`e034` of the sample works a
//! fifth of his time in Finance): each row counts in its own team, so a
//! rollup over both counts that person twice, once per row, each with its
//! own weight.
//!
//! ```
//! use rolebalance::{Analyzer, Level, ReaderBuilder, Rollups};
//!
//! let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/roster.csv");
//! let (roster, _) = ReaderBuilder::new().read_roster_path(path)?;
//! let report = Analyzer::new().rollups(Rollups::Include).analyze(&roster)?;
//! let company = report.teams().iter().find(|t| t.team() == "Northwind/*").unwrap();
//! assert_eq!(company.level(), Level::Rollup);
//! assert_eq!(company.members(), 41);
//! assert!(company.findings().into_iter().all(|f| f.severity() < rolebalance::Severity::Critical));
//! # Ok::<(), rolebalance::Error>(())
//! ```
//!
//! # Large rosters
//!
//! [`ReaderBuilder::analyze`](crate::ReaderBuilder::analyze) reads and
//! analyses in one pass without keeping the members, so a file of millions
//! of rows needs memory for its teams only. The result is the same report:
//!
//! ```
//! use rolebalance::{Analyzer, ReaderBuilder};
//!
//! let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/roster.csv");
//! let analyzer = Analyzer::new();
//! let (streamed, _) = ReaderBuilder::new().analyze_path(path, &analyzer)?;
//! let (roster, _) = ReaderBuilder::new().read_roster_path(path)?;
//! assert_eq!(streamed, analyzer.analyze(&roster)?);
//! # Ok::<(), rolebalance::Error>(())
//! ```
//!
//! For your own pipelines (chunks, threads, a database cursor), feed
//! [`TeamAccumulator`](crate::TeamAccumulator)s and merge them: merging is
//! associative and commutative, and each member's roster position keeps the
//! "first among equals" rule independent of the order of merges.
//!
//! ```
//! use rolebalance::{Analyzer, Framework, Member};
//!
//! let fw = Framework::leadership_management();
//! let analyzer = Analyzer::new();
//! let people = [
//!     Member::new("a", "T", [0.9, 0.1, 0.8, 0.2, 0.7, 0.3, 0.9, 0.1])?,
//!     Member::new("b", "T", [0.2, 0.8, 0.3, 0.9, 0.4, 0.8, 0.1, 0.9])?,
//!     Member::new("c", "T", [0.6, 0.6, 0.5, 0.5, 0.6, 0.6, 0.5, 0.5])?,
//! ];
//! let mut left = analyzer.accumulator(&fw, "T")?;
//! let mut right = analyzer.accumulator(&fw, "T")?;
//! left.add(&people[0], 0)?;
//! right.add(&people[1], 1)?;
//! right.add(&people[2], 2)?;
//! left.merge(right)?;
//! let merged = analyzer.report(&fw, "T", &left);
//! assert_eq!(merged.flags(), "");
//! assert!((merged.direction() - 0.825).abs() < 1e-12); // (0.9 + 0.8 + 0.7 + 0.9) / 4
//! # Ok::<(), rolebalance::Error>(())
//! ```
//!
//! # Your own framework
//!
//! The article's four dimensions are a start. Add your own in code with
//! [`Framework::builder`](crate::Framework::builder), or from a CSV file
//! `dimension,leadership_pole,management_pole`, and tell the reader:
//!
//! ```
//! use rolebalance::{Analyzer, Framework, ReaderBuilder};
//!
//! let fw = Framework::builder()
//!     .dimension("change", "experiment", "standardize")
//!     .dimension("talk", "persuade", "document")
//!     .build()?;
//! let csv = "id,team,experiment,standardize,talk\nana,R&D,0.9,0.6,0.5\nbo,R&D,0.3,0.8,-0.6\n";
//! let (roster, _) = ReaderBuilder::new().framework(fw).read_roster(csv.as_bytes())?;
//! let report = Analyzer::new().analyze(&roster)?;
//! let rd = &report.teams()[0];
//! assert_eq!(rd.poles().len(), 4);
//! assert_eq!(rd.pole("document").unwrap().top_contributor(), Some("bo"));
//! assert_eq!(rd.flags(), "single_point_of_failure:experiment;single_point_of_failure:persuade;\
//!     single_point_of_failure:document");
//! # Ok::<(), rolebalance::Error>(())
//! ```
//!
//! # Writing results
//!
//! The summary table (one row per team, the findings as `;`-separated flags)
//! is what spreadsheets and dashboards want; reports also serialise with
//! serde, for JSON:
//!
//! ```
//! use rolebalance::{Analyzer, Member, Roster};
//!
//! let roster: Roster = [Member::new("ana", "Lab", [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1])?]
//!     .into_iter().collect();
//! let report = Analyzer::new().analyze(&roster)?;
//!
//! let mut csv = Vec::new();
//! report.write_summary_csv(&mut csv)?;
//! let csv = String::from_utf8(csv)?;
//! assert!(csv.starts_with("team,members,total_weight,direction,control,balance,flags\nLab,1,1,0.875,"));
//! assert!(csv.trim_end().ends_with(",no_control;uncovered_pole:organize;uncovered_pole:execution;\
//!     uncovered_pole:process;uncovered_pole:risk_management;single_point_of_failure:inspire;\
//!     single_point_of_failure:vision;single_point_of_failure:people;single_point_of_failure:risk_taking;\
//!     skewed:leadership"));
//!
//! let json = serde_json::to_value(&report)?;
//! assert_eq!(json["teams"][0]["findings"][0]["kind"], "no_control");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## The JSON document is a contract
//!
//! Every JSON output ([`Report::write_json`](crate::Report::write_json), the
//! streamed [`Analysis::write_json`](crate::Analysis::write_json),
//! `analyze_roster --format json`, and a `Report` through serde) is one
//! document:
//!
//! ```text
//! {
//!   "schema_version": 1,
//!   "model": "strongest",
//!   "thresholds": { "pole": 0.5, "direction": 0.5, "control": 0.5, "skew": 0.3, "bridge": 0.4 },
//!   "rows": 41, "log": { ... },          (only when written with a read log)
//!   "teams": [ { "team", "level", "members", "active_members", "total_weight", "model",
//!                "poles": [ { "pole", "side", "coverage", "threshold", "depth",
//!                             "top_contributor", "top_contribution", "coverage_without_top" } ],
//!                "direction", "control", "balance", "health",
//!                "findings": [ { "kind", "severity", "pole"?, "side"?, "member"?, "value",
//!                                "coverage"?, "threshold", "confidence"?, "message" } ] } ]
//! }
//! ```
//!
//! `schema/report.schema.json` in the repository describes it as a JSON
//! Schema, and a test checks real output against it. The version
//! ([`SCHEMA_VERSION`](crate::SCHEMA_VERSION)) changes when a key goes or
//! changes meaning; new keys may appear within a version, so read with a
//! parser that ignores unknown keys. Reading a document back into a
//! [`Report`](crate::Report) checks it (the version, every number's range,
//! the order of the teams) and, with `serde_json`'s `float_roundtrip`
//! feature, gives a report equal to the one written, thresholds included.
//!
//! # Pictures and an HTML report
//!
//! People read pictures before tables. The [`svg`](crate::render::svg) module draws
//! three charts as plain SVG strings, and [`HtmlReport`](crate::HtmlReport)
//! puts them in one page that needs nothing else: no JavaScript, no network,
//! and it prints.
//!
//! * The **organisation map** ([`OrgMap`](crate::render::svg::OrgMap)): every team at
//!   (control, direction); the threshold lines split the plane into
//!   *balanced*, *no direction*, *no control* and *neither*.
//! * The **heat map** ([`HeatMap`](crate::render::svg::HeatMap)): teams by poles,
//!   coloured by coverage, with every finding marked.
//! * The **radar** ([`Radar`](crate::render::svg::Radar)): one team, leadership poles
//!   on the right, management poles on the left, the threshold as a dashed
//!   ring and uncovered poles marked.
//!
//! ```
//! use rolebalance::svg::{HeatMap, OrgMap, Radar};
//! use rolebalance::{Analyzer, HtmlReport, ReaderBuilder, Thresholds};
//!
//! let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/roster.csv");
//! let thresholds = Thresholds::default();
//! let analyzer = Analyzer::new().thresholds(thresholds.clone());
//! let (report, _) = ReaderBuilder::new().analyze_path(path, &analyzer)?;
//!
//! let map = OrgMap::new().thresholds(&thresholds).render(&report);
//! assert!(map.contains("balanced (5)"));
//! let heat = HeatMap::new().render(&report);
//! let radar = Radar::new().render(report.team("Northwind/Operations/Finance").unwrap());
//! assert_eq!(radar.matches("class=\"finding uncovered_pole\"").count(), 7);
//!
//! let page = HtmlReport::new().title("Northwind Cycles").thresholds(&thresholds).render(&report);
//! assert!(page.contains(&heat));
//! // std::fs::write("report.html", page)?;
//! # Ok::<(), rolebalance::Error>(())
//! ```
//!
//! From the command line, `cargo run --example report -- roster.csv -o
//! report.html` writes the page, and `scripts/render-report.sh` renders it to
//! PNG with headless Chromium.
//!
//! # Putting it together
//!
//! A small program that prints the teams that need attention, worst first:
//!
//! ```
//! use rolebalance::{Analyzer, ReaderBuilder, Severity};
//!
//! fn main() -> Result<(), rolebalance::Error> {
//!     let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/roster.csv");
//!     let (report, _) = ReaderBuilder::new().analyze_path(path, &Analyzer::new())?;
//!     let mut teams: Vec<_> = report.teams().iter().collect();
//!     teams.sort_by(|a, b| a.health().total_cmp(&b.health()));
//!     let mut lines = Vec::new();
//!     for team in teams {
//!         let critical: Vec<String> = team
//!             .findings()
//!             .into_iter()
//!             .filter(|f| f.severity() == Severity::Critical)
//!             .map(|f| f.message())
//!             .collect();
//!         if !critical.is_empty() {
//!             lines.push(format!("{} (health {:.2}): {}", team.team(), team.health(), critical.join("; ")));
//!         }
//!     }
//!     assert_eq!(lines.len(), 3);
//!     assert!(lines[0].starts_with("Northwind/Product/Discovery (health 0.40)"));
//!     for line in lines {
//!         println!("{line}");
//!     }
//!     Ok(())
//! }
//! ```
