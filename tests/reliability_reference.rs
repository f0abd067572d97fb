//! Reliability against reference values computed independently with
//! pingouin and scipy by `scripts/reference_alpha.py` (printed at full
//! precision and pasted here, so the test needs no Python): complete cases
//! ([`Missing::Complete`]); `tests/reliability_psych.rs` checks the pairwise
//! default.

use rolebalance::{cronbach_alpha, feldt_interval, Framework, Instrument, Missing, ReliabilityOptions, Scorer};

type Reference = (&'static str, usize, f64, [f64; 2], f64, f64, f64, f64, &'static [f64], &'static [Option<f64>]);

/// `scripts/reference_alpha.py` on `examples/data/questionnaire_*.csv`.
// scale, respondents, alpha, [lo, hi], standardized alpha, mean, sd, sem, item_total, alpha_if_dropped
const SAMPLE: [Reference; 8] = [
    (
        "inspire",
        139,
        0.7214125560538116,
        [0.6303375773287215, 0.793006177010694],
        0.7231947081678661,
        0.4712230215827338,
        0.22155218208280164,
        0.11693830677884373,
        &[0.5401552703044928, 0.49984811428156317, 0.5911442065503394],
        &[Some(0.6382424129584803), Some(0.6822958325288908), Some(0.5769197321506216)],
    ),
    (
        "organize",
        136,
        0.7101478756146741,
        [0.6142087367131591, 0.7853640015680985],
        0.7122191031507754,
        0.5232843137254902,
        0.20680082674258954,
        0.11133725624614288,
        &[0.5955906721746319, 0.5119529446975287, 0.4823414862591467],
        &[Some(0.540271828229943), Some(0.64075160659402), Some(0.677642241746993)],
    ),
    (
        "vision",
        133,
        0.7755734099376097,
        [0.706113700142313, 0.8319705135995539],
        0.776507089364588,
        0.4591165413533835,
        0.19914071931161428,
        0.09434029434410957,
        &[0.49769761369893417, 0.6253362159133541, 0.566802008322632, 0.6335119888743591],
        &[Some(0.7615727156615698), Some(0.7002763184206223), Some(0.7285030031171598), Some(0.6914137572069188)],
    ),
    (
        "execution",
        134,
        0.7266892169108599,
        [0.6354598040411235, 0.7980820822354938],
        0.726557320129206,
        0.5541044776119403,
        0.20673129969164783,
        0.10807733277253455,
        &[0.5928663105410559, 0.5433359563698413, 0.5105496507926419],
        &[Some(0.5842094335705257), Some(0.6456968914306795), Some(0.6829268292682926)],
    ),
    (
        "people",
        135,
        0.7553023988144851,
        [0.6739685745374044, 0.8190099581297805],
        0.7554387008183915,
        0.5314814814814814,
        0.2230188870727216,
        0.11032057079159169,
        &[0.5638765829849934, 0.6094310387374202, 0.5812408041272606],
        &[Some(0.6961355059532512), Some(0.6435361520980698), Some(0.6770099625610757)],
    ),
    (
        "process",
        132,
        0.764931147793742,
        [0.6918708206999078, 0.8242045147651144],
        0.7652661372932967,
        0.4805871212121212,
        0.19766235472161123,
        0.09583441764364602,
        &[0.5602231205739373, 0.55588872048543, 0.5334904202817573, 0.609534482815912],
        &[Some(0.7115228070175438), Some(0.7138560926709736), Some(0.7265810928345453), Some(0.684242502714062)],
    ),
    (
        "risk_taking",
        140,
        0.7404520067896845,
        [0.6559457630222101, 0.8069398647987609],
        0.7409284721536927,
        0.44999999999999996,
        0.22833810319021483,
        0.11632879426442214,
        &[0.5381380266259755, 0.5617821346785152, 0.6010416729882521],
        &[Some(0.6878730600875456), Some(0.660827732578706), Some(0.6119863758243351)],
    ),
    (
        "risk_management",
        138,
        0.7923468941235081,
        [0.7241827470895497, 0.8458832501843576],
        0.7924415385775735,
        0.48852657004830924,
        0.23358346624734988,
        0.10644158047690423,
        &[0.5993729411491442, 0.6521085621058862, 0.6534511601665262],
        &[Some(0.7537674190762247), Some(0.6986303255557857), Some(0.6974269005847953)],
    ),
];

/// `scripts/reference_alpha.py` on `tests/data/alpha_reference_items.csv`: alpha, Feldt's 95% interval.
const ITEMS: (f64, [f64; 2]) = (0.7107254212077005, [0.537314776373887, 0.8327285581635058]);

fn close(what: &str, got: f64, want: f64, tol: f64) {
    assert!((got - want).abs() <= tol, "{what}: {got} vs reference {want} (diff {:e})", (got - want).abs());
}

#[test]
fn sample_questionnaire_matches_pingouin() {
    let dir = env!("CARGO_MANIFEST_DIR");
    let inst = Instrument::from_csv_path(
        Framework::leadership_management(),
        format!("{dir}/examples/data/questionnaire_instrument.csv"),
    )
    .unwrap();
    let scored = Scorer::new(inst).score_path(format!("{dir}/examples/data/questionnaire_responses.csv")).unwrap();
    let report = scored.reliability_with(&ReliabilityOptions::new().missing(Missing::Complete));
    assert_eq!(report.scales().len(), SAMPLE.len());
    for (s, r) in report.scales().iter().zip(SAMPLE) {
        let (scale, n, alpha, ci, std_alpha, mean, sd, sem, item_total, dropped) = r;
        assert_eq!(s.scale, scale);
        assert_eq!(s.respondents, n, "{scale}");
        assert_eq!(s.items, item_total.len(), "{scale}");
        close(&format!("{scale} alpha"), s.alpha.unwrap(), alpha, 1e-9);
        let got = s.alpha_ci.unwrap();
        close(&format!("{scale} lower"), got[0], ci[0], 1e-9);
        close(&format!("{scale} upper"), got[1], ci[1], 1e-9);
        close(&format!("{scale} standardized alpha"), s.standardized_alpha.unwrap(), std_alpha, 1e-9);
        close(&format!("{scale} mean"), s.mean.unwrap(), mean, 1e-12);
        close(&format!("{scale} sd"), s.sd.unwrap(), sd, 1e-12);
        close(&format!("{scale} sem"), s.sem.unwrap(), sem, 1e-9);
        for (i, (&g, &w)) in s.item_total.iter().zip(item_total).enumerate() {
            close(&format!("{scale} item-total {i}"), g.unwrap(), w, 1e-9);
        }
        for (i, (&g, &w)) in s.alpha_if_dropped.iter().zip(dropped).enumerate() {
            close(&format!("{scale} alpha if dropped {i}"), g.unwrap(), w.unwrap(), 1e-9);
        }
    }
}

#[test]
fn item_matrix_matches_pingouin() {
    let text = include_str!("data/alpha_reference_items.csv");
    let rows: Vec<Vec<f64>> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').map(|c| if c.is_empty() { f64::NAN } else { c.parse().unwrap() }).collect())
        .collect();
    let complete = rows.iter().filter(|r| r.iter().all(|x| !x.is_nan())).count();
    assert_eq!((rows.len(), complete), (41, 39));
    let alpha = cronbach_alpha(&rows).unwrap();
    close("alpha", alpha, ITEMS.0, 1e-9);
    let (lo, hi) = feldt_interval(alpha, complete, 5, 0.95).unwrap();
    close("lower", lo, ITEMS.1[0], 1e-9);
    close("upper", hi, ITEMS.1[1], 1e-9);
}
