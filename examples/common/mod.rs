//! What the command-line examples share: the exit codes every example
//! documents, and the `--model` flag.

// Each example uses only part of this module.
#![allow(dead_code)]

pub mod input;

use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use rolebalance::Coverage;

/// Parses the arguments and runs `run`: exit 0 on success; 1 on a data error,
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
            eprintln!("\n{}", A::command().render_usage());
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("error: {msg}");
            ExitCode::from(1)
        }
    }
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

/// Prints `message` as a usage error of command `A` (with its usage) and
/// exits with status 2, as the argument parser does.
pub fn usage_error<A: clap::CommandFactory>(message: &str) -> ! {
    A::command().error(clap::error::ErrorKind::ArgumentConflict, message).exit()
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
