//! Reading MDGPLIB instances: every error names its line and value, line
//! ends of every kind count, and what reads is exactly what the file says.

use rolebalance::{ErrorKind, MdgpInstance, MdgpKind};

fn err(text: &str) -> String {
    let e = MdgpInstance::read(text.as_bytes()).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::InstanceFile { .. }), "{e}");
    e.to_string()
}

/// The full triangle of `n` elements with `d(i, j) = 10 i + j`.
fn pairs(n: usize) -> String {
    let mut out = String::new();
    for i in 0..n {
        for j in i + 1..n {
            out.push_str(&format!("{i} {j} {}\n", 10 * i + j));
        }
    }
    out
}

#[test]
fn reads_what_the_file_says() {
    let text = format!("4 2 ds 1 3 2 3\n{}", pairs(4));
    let i = MdgpInstance::read(text.as_bytes()).unwrap();
    assert_eq!((i.len(), i.groups(), i.kind()), (4, 2, MdgpKind::Different));
    assert_eq!(i.bounds(), [(1, 3), (2, 3)]);
    for a in 0..4 {
        for b in 0..4 {
            let want = if a == b { 0.0 } else { (10 * a.min(b) + a.max(b)) as f64 };
            assert_eq!(i.distances().get(a, b), Some(want));
        }
    }
}

#[test]
fn line_ends_tabs_blank_lines_and_pair_order() {
    let lf = format!("4 2 ss 2 2 2 2\n{}", pairs(4));
    let expected = MdgpInstance::read(lf.as_bytes()).unwrap();
    let crlf = lf.replace('\n', "\r\n");
    let cr = lf.replace('\n', "\r");
    let tabs = lf.replace(' ', "\t");
    let blank = lf.replace('\n', "\n\n  \n");
    let no_final = lf.trim_end().to_string();
    // Pairs listed as `j i`.
    let swapped: String = lf
        .lines()
        .enumerate()
        .map(|(n, l)| {
            if n == 0 {
                format!("{l}\n")
            } else {
                let f: Vec<&str> = l.split(' ').collect();
                format!("{} {} {}\n", f[1], f[0], f[2])
            }
        })
        .collect();
    for text in [crlf, cr, tabs, blank, no_final, swapped] {
        assert_eq!(MdgpInstance::read(text.as_bytes()).unwrap(), expected, "{text:?}");
    }
    // Errors count lines the same way whatever ends them.
    for end in ["\n", "\r\n", "\r"] {
        let text = format!("3 1 ss 3 3{end}0 1 1{end}{end}0 2 x{end}");
        assert_eq!(err(&text), "instance file, line 4: distance `x` is not a number");
    }
}

#[test]
fn header_errors() {
    assert_eq!(err(""), "instance file, line 1: empty instance: no header line");
    assert_eq!(err("\n \n"), "instance file, line 1: empty instance: no header line");
    assert_eq!(err("4 2\n"), "instance file, line 1: expected `n G type` and two bounds per group, found 2 fields");
    assert_eq!(err("four 2 ss 2 2 2 2\n"), "instance file, line 1: n `four` is not a count");
    assert_eq!(err("4 -2 ss 2 2 2 2\n"), "instance file, line 1: G `-2` is not a count");
    assert_eq!(err("4 0 ss\n"), "instance file, line 1: G = 0 groups: expected 1 to n = 4");
    assert_eq!(err("4 5 ss 1 1 1 1 1 1 1 1 1 1\n"), "instance file, line 1: G = 5 groups: expected 1 to n = 4");
    assert_eq!(err("4 2 xs 2 2 2 2\n"), "instance file, line 1: type `xs` is not `ss` or `ds`");
    assert_eq!(
        err("4 2 ss 2 2 2\n"),
        "instance file, line 1: expected 7 fields (`n G type` and two bounds for each of 2 groups), found 6"
    );
    assert_eq!(err("4 2 ss 2 2 2 x\n"), "instance file, line 1: bound `x` is not a count");
    assert_eq!(
        err("4 2 ds 3 2 2 2\n"),
        "instance file, line 1: group 0 has bounds 3 and 2: the lower exceeds the upper"
    );
    assert_eq!(
        err("4 2 ss 2 2 1 3\n"),
        "instance file, line 1: group 1 has bounds 1 and 3, but type `ss` needs equal bounds"
    );
    assert_eq!(
        err("4 2 ds 1 1 1 2\n"),
        "instance file, line 1: groups of these bounds hold 2 to 3 elements, not n = 4"
    );
    assert_eq!(err("9999 1 ss 9999 9999\n"), "instance file, line 1: n = 9999 elements are too many: at most 8192");
    // Control characters are escaped and long values cut.
    assert_eq!(err("4\u{1b}[31m 2 ss\n"), "instance file, line 1: n `4\\u{1b}[31m` is not a count");
    let long = "9".repeat(60);
    assert_eq!(
        err(&format!("{long} 2 ss 1 1 1 1\n")),
        format!("instance file, line 1: n `{}…` is not a count", "9".repeat(40))
    );
}

#[test]
fn pair_errors() {
    let head = "3 1 ss 3 3\n";
    assert_eq!(err(&format!("{head}0 1\n")), "instance file, line 2: expected 3 fields (`i j d`), found 2");
    assert_eq!(err(&format!("{head}0 1 2 3\n")), "instance file, line 2: expected 3 fields (`i j d`), found 4");
    assert_eq!(err(&format!("{head}0 x 2\n")), "instance file, line 2: element `x` is not a count");
    assert_eq!(err(&format!("{head}0 3 2\n")), "instance file, line 2: element 3 is not below n = 3");
    assert_eq!(err(&format!("{head}1 1 2\n")), "instance file, line 2: pair 1 and 1: an element with itself");
    assert_eq!(err(&format!("{head}0 1 2\n1 0 5\n")), "instance file, line 3: pair 0 and 1 is listed twice");
    assert_eq!(err(&format!("{head}0 1 inf\n")), "instance file, line 2: distance `inf` is not finite");
    assert_eq!(err(&format!("{head}0 1 NaN\n")), "instance file, line 2: distance `NaN` is not finite");
    assert_eq!(err(&format!("{head}0 1 1,5\n")), "instance file, line 2: distance `1,5` is not a number");
    assert_eq!(
        err(&format!("{head}0 1 1\n0 2 1\n")),
        "instance file, line 4: the file ends without pair 1 and 2: every pair needs a line"
    );
    assert_eq!(
        err(&format!("{head}0 1 1\n1 2 1")),
        "instance file, line 4: the file ends without pair 0 and 2: every pair needs a line"
    );
    let e = MdgpInstance::read(format!("{head}0 1 2\n1 0 5\n").as_bytes()).unwrap_err();
    assert_eq!(e.line(), Some(3));
    // Invalid UTF-8 is shown, not a reason to panic.
    let bytes = [head.as_bytes(), b"0 1 \xff\xfe\n"].concat();
    let e = MdgpInstance::read(bytes.as_slice()).unwrap_err();
    assert_eq!(e.to_string(), "instance file, line 2: distance `\u{fffd}\u{fffd}` is not a number");
}

#[test]
fn negative_and_zero_distances_read() {
    let i = MdgpInstance::read("3 1 ss 3 3\n0 1 -2.5\n0 2 0\n1 2 1e2\n".as_bytes()).unwrap();
    assert_eq!(i.distances().get(1, 0), Some(-2.5));
    assert_eq!(i.distances().get(2, 1), Some(100.0));
}

#[test]
fn every_shared_instance_reads() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/mdgp");
    let Ok(entries) = std::fs::read_dir(&dir) else { return };
    let mut read = 0;
    for e in entries.flatten() {
        let path = e.path();
        if path.extension().is_some_and(|x| x == "txt") && path.to_string_lossy().contains("n120") {
            let i = MdgpInstance::read_path(&path).unwrap();
            assert_eq!(i.len(), 120);
            read += 1;
        }
    }
    assert!(read > 0);
}
