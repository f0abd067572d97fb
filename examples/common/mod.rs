//! What the command-line examples share: the exit codes every example
//! documents, and the `--model` flag.

// Each example uses only part of this module.
#![allow(dead_code)]

pub mod input;

use std::io::{self, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::{Parser, ValueEnum};
use rolebalance::{Coverage, CsvFormulas};

/// Set when standard output turned out to be closed (a pipe whose reader
/// left, as `| head -1` does): the program then ends quietly with status 0,
/// as `cat` or `grep` do, instead of reporting an error.
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

/// The message for an error while writing standard output. A closed pipe
/// (`BrokenPipe`) is remembered: [`finish`] then exits 0 and says nothing.
pub fn stdout_error(e: io::Error) -> String {
    if e.kind() == io::ErrorKind::BrokenPipe {
        STDOUT_CLOSED.store(true, Ordering::Relaxed);
    }
    format!("standard output: {e}")
}

/// As [`stdout_error`], for the JSON writer's errors.
pub fn json_error(e: serde_json::Error) -> String {
    if e.io_error_kind() == Some(io::ErrorKind::BrokenPipe) {
        STDOUT_CLOSED.store(true, Ordering::Relaxed);
    }
    format!("standard output: {e}")
}

/// Writes a line on standard error, ignoring a closed standard error
/// (`eprintln!` panics then, and `2>&1 | head -1` closes it).
pub fn note(args: std::fmt::Arguments<'_>) {
    let mut err = io::stderr().lock();
    let _ = err.write_fmt(args).and_then(|()| err.write_all(b"\n"));
}

/// The exit status of a run: 0 on success or when standard output was
/// closed under it; 1 on any other error, its message on stderr after
/// `error: ` (`prefix`).
pub fn finish(result: Result<(), String>, prefix: &str) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) if STDOUT_CLOSED.load(Ordering::Relaxed) => ExitCode::SUCCESS,
        Err(msg) => {
            note(format_args!("{prefix}{msg}"));
            ExitCode::from(1)
        }
    }
}

/// Parses the arguments and runs `run`: exit 0 on success (also when
/// standard output is closed early, as by `| head -1`); 1 on a data error,
/// its message on stderr after `error: ` (nothing on stdout, as `run` writes
/// only once it has succeeded); 2 on a usage error, with the usage.
pub fn main_with<A: Parser>(run: impl FnOnce(&A) -> Result<(), String>) -> ExitCode {
    let args = match A::try_parse() {
        Ok(args) => args,
        Err(e) if !e.use_stderr() => {
            // --help, --version
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            let _ = e.print();
            note(format_args!("\n{}", A::command().render_usage()));
            return ExitCode::from(2);
        }
    };
    finish(run(&args), "error: ")
}

/// The coverage model flag: `--model strongest|pooled|average|weakest|additive`.
#[derive(Clone, Copy, Default, ValueEnum)]
pub enum Model {
    /// `C = max c` (the default).
    #[default]
    Strongest,
    /// `C = 1 - prod(1 - c)`.
    Pooled,
    /// `C = sum(weight * strength) / sum(weight)`.
    Average,
    /// `C = min c` over the active members.
    Weakest,
    /// `C = min(1, sum c)`.
    Additive,
}

impl From<Model> for Coverage {
    fn from(m: Model) -> Coverage {
        match m {
            Model::Strongest => Coverage::Strongest,
            Model::Pooled => Coverage::Pooled,
            Model::Average => Coverage::Average,
            Model::Weakest => Coverage::Weakest,
            Model::Additive => Coverage::Additive,
        }
    }
}

/// Standard output, with its pipe enlarged to 1 MiB when it is one (on
/// Linux; elsewhere, or when the system refuses, as it is).
///
/// A pipe holds 64 KiB by default: writing a large table into it then
/// wakes the reader every 64 KiB, and when the reader runs on the writer's
/// core the two take turns instead of overlapping. Writing the 18 MB
/// summary of a million-row roster into Python took 29 ms that way, and
/// 15 ms with 1 MiB (see BENCHMARKS.md).
pub fn stdout_enlarged() -> std::io::Stdout {
    let out = std::io::stdout();
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsFd;
        // Fails on anything but a pipe (a file, a terminal): nothing to do.
        let _ = rustix::pipe::fcntl_setpipe_size(out.as_fd(), 1 << 20);
    }
    out
}

/// Who the output is for: `--audience team|org` and `--min-group K`.
#[derive(Debug, Clone, clap::Args)]
pub struct AudienceArgs {
    /// Who the output is for: `team` (every detail, members named) or `org`
    /// (nobody named, small groups suppressed, and more wherever one could
    /// be worked out).
    #[arg(long, value_enum, default_value_t = AudienceFlag::Team)]
    pub audience: AudienceFlag,
    /// With --audience org: suppress groups of fewer than K active members
    /// (default 5; at least 3).
    #[arg(long = "min-group", value_name = "K", value_parser = parse_min_group)]
    pub min_group: Option<u64>,
}

/// The `--audience` flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AudienceFlag {
    /// Every detail, members named (a team lead and their own team).
    Team,
    /// For the organisation: no member named, small groups suppressed.
    Org,
}

/// Parses `--min-group`: a whole number of at least the floor (3).
pub fn parse_min_group(s: &str) -> Result<u64, String> {
    let k: u64 = s.trim().parse().map_err(|_| format!("`{s}` is not a whole number"))?;
    if k < rolebalance::MIN_GROUP_FLOOR {
        return Err(format!(
            "{k} is below the floor of {}: a group shown to the organisation has at least {} active members",
            rolebalance::MIN_GROUP_FLOOR,
            rolebalance::MIN_GROUP_FLOOR
        ));
    }
    Ok(k)
}

impl AudienceArgs {
    /// The disclosure rule for `--audience org`; `None` for the team
    /// audience. `--min-group` without `--audience org` is a usage error:
    /// it is printed, with the usage, and the example exits with status 2.
    pub fn disclosure<A: clap::CommandFactory>(&self) -> Option<rolebalance::Disclosure> {
        match (self.audience, self.min_group) {
            (AudienceFlag::Team, None) => None,
            (AudienceFlag::Team, Some(_)) => {
                usage_error::<A>("--min-group applies to --audience org");
            }
            (AudienceFlag::Org, k) => {
                match rolebalance::Disclosure::new().min_group(k.unwrap_or(rolebalance::DEFAULT_MIN_GROUP)) {
                    Ok(d) => Some(d),
                    Err(e) => usage_error::<A>(&e.to_string()),
                }
            }
        }
    }
}

/// The `--csv-formulas` flag of the examples that write CSV: what to do with
/// a text cell a spreadsheet would run as a formula (see
/// `rolebalance::CsvFormulas`).
#[derive(Debug, Clone, Copy, Default, ValueEnum)]
pub enum Formulas {
    /// A cell beginning with `=`, `+`, `-`, `@`, tab or CR gets a `'` before it (plain numbers stay numbers).
    #[default]
    Neutralize,
    /// Every cell as it is (for reading the file back exactly).
    Keep,
}

impl From<Formulas> for CsvFormulas {
    fn from(f: Formulas) -> CsvFormulas {
        match f {
            Formulas::Neutralize => CsvFormulas::Neutralize,
            Formulas::Keep => CsvFormulas::Keep,
        }
    }
}

/// Prints `message` as a usage error of command `A` (with its usage) and
/// exits with status 2, as the argument parser does.
pub fn usage_error<A: clap::CommandFactory>(message: &str) -> ! {
    A::command().error(clap::error::ErrorKind::ArgumentConflict, message).exit()
}

/// A text output made safe for a terminal: in every line, control
/// characters and invisible format characters from the input's names, ids
/// and teams (an escape sequence, an OSC 8 link, a carriage return that
/// overwrites the line, a right-to-left override) escaped, as the library's
/// text report does (`rolebalance::escape_controls`); the line breaks stay.
pub fn terminal_text(text: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(text);
    let mut out = Vec::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push(b'\n');
        }
        out.extend_from_slice(rolebalance::escape_controls(line).as_bytes());
    }
    out
}

/// The message for an error about the file at `path`: `PATH: MESSAGE`, or
/// the message alone when it names the file already (the library's i/o
/// errors do), followed by its causes (`: CAUSE`), each once.
pub fn describe(path: impl AsRef<std::path::Path>, err: &(dyn std::error::Error + 'static)) -> String {
    let names_file = err.downcast_ref::<rolebalance::Error>().is_some_and(|e| e.path().is_some());
    let mut msg = if names_file { err.to_string() } else { format!("{}: {err}", path.as_ref().display()) };
    let mut cause = err.source();
    while let Some(c) = cause {
        msg.push_str(&format!(": {c}"));
        cause = c.source();
    }
    msg
}
