//! Teams from the reporting line: each person's manager in a column, team
//! paths built from the chain of managers.

use crate::error::{Error, ErrorKind, ValueProblem};
use crate::io::row::Row;
use crate::util::intern::Interner;

/// The most levels a team path of a [`Hierarchy`] has by default.
pub const DEFAULT_MAX_DEPTH: usize = 32;

/// Where a manager belongs in the teams a [`Hierarchy`] builds.
///
/// ```
/// use rolebalance::{Hierarchy, Placement, ReaderBuilder};
/// let csv = "id,manager,purpose,horizon,focus,risk\nceo,,1,1,0,0\ncto,ceo,0,1,0,1\ndev,cto,0,0,1,1\n";
/// let teams = |p: Placement| -> Result<Vec<String>, rolebalance::Error> {
///     let reader = ReaderBuilder::new().hierarchy(Hierarchy::new("manager").placement(p));
///     let (roster, _) = reader.read_roster(csv.as_bytes())?;
///     Ok(roster.iter().map(|m| m.team().to_string()).collect())
/// };
/// assert_eq!(teams(Placement::LeadsReports)?, ["ceo", "ceo/cto", "ceo/cto"]);
/// assert_eq!(teams(Placement::WithOwnManager)?, ["ceo", "ceo", "ceo/cto"]);
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Placement {
    /// A manager is a member of the team they lead, with their direct
    /// reports (the default): the team is the manager's working group, and
    /// a gap it shows is one the manager can close. A manager all of whose
    /// reports lead teams of their own (a chief executive with vice
    /// presidents) is then a team of one; [`Placement::WithOwnManager`]
    /// puts such a leadership team together.
    #[default]
    LeadsReports,
    /// A manager is a member of their own manager's team, as a peer of the
    /// other people reporting there; the team they lead holds their direct
    /// reports only (the top of the line stays with their reports, having
    /// no manager of their own).
    WithOwnManager,
}

/// Builds team paths from the reporting line, for
/// [`ReaderBuilder::hierarchy`](crate::ReaderBuilder::hierarchy): each row names the person's manager in
/// `manager_column` (Workday `Manager_ID`, BambooHR `Supervisor E ID`,
/// HiBob `reports_to_id_in_company`), and the `team` column, if any, is
/// ignored.
///
/// # Teams
///
/// The team a manager leads is named by the path of manager ids from the
/// top of the reporting line down to them: with `ceo` at the top, `cto`
/// reporting to `ceo` and `dev` to `cto`, `cto` leads `ceo/cto`. Rollups
/// ([`Rollups::Include`](crate::Rollups::Include)) then give every
/// manager's whole organisation: `ceo/cto/*`. A person who is nobody's
/// manager is in the team their manager leads; where a manager is depends
/// on the [`Placement`] (default [`Placement::LeadsReports`]). A person
/// without a manager and without reports is a team of one, named by
/// their id.
///
/// # Rules
///
/// - An empty manager cell, or a person who is their own manager (as some
///   HR systems export the top of the line), marks the top of a line.
///   There may be several tops (several trees).
/// - Every person has one row: an id seen twice is an error
///   ([`ErrorKind::DuplicatePerson`]).
/// - A manager who is not in the file ([`ErrorKind::UnknownManager`]), a
///   cycle ([`ErrorKind::ReportingCycle`], naming every id around it), a
///   path of more than [`Hierarchy::max_depth`] levels
///   ([`ErrorKind::TooDeep`]) and a manager whose id holds `/`
///   ([`ValueProblem::SlashInManagerId`]) are errors naming the row. In
///   [`Mode::Lenient`](crate::Mode::Lenient) those rows are skipped, and so are the rows of the
///   people below them ([`ErrorKind::ManagerLeftOut`]), each reported; a
///   strict read fails with the first such problem in line order (the
///   people below it are not reported).
/// - The rows are read first, then the teams are built, in time linear in
///   the number of people (each person's chain is followed once; reading
///   a million people into a roster took 1.2 to 1.4 s on two cores,
///   10,000 took 6 ms: `cargo bench --bench adapters`)
///   and memory linear in the size of the file (team paths are at most
///   [`Hierarchy::max_depth`] ids long).
///
/// # Examples
///
/// ```
/// use rolebalance::{ColumnMap, Hierarchy, ReaderBuilder};
/// let workday = "Employee_ID,Worker,Manager_ID,purpose,horizon,focus,risk\n\
///                E1,Ana,,1,1,0,0\nE2,Bo,E1,0,1,0,1\nE3,Cy,E2,0,0,1,1\nE4,Di,E9,0,0,0,0\n";
/// let reader = ReaderBuilder::new()
///     .columns(ColumnMap::new().with("id", "Employee_ID")?.with("name", "Worker")?)
///     .hierarchy(Hierarchy::new("Manager_ID"));
/// let err = reader.read_roster(workday.as_bytes()).unwrap_err();
/// assert_eq!(err.to_string(), "line 5, column `manager_id`: manager `E9` of `E4` is not in the file");
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hierarchy {
    column: String,
    placement: Placement,
    max_depth: usize,
}

impl Hierarchy {
    /// Teams from the manager ids in `manager_column` (matched without
    /// regard to case), with the defaults: [`Placement::LeadsReports`] and
    /// at most [`DEFAULT_MAX_DEPTH`] levels.
    ///
    /// ```
    /// assert_eq!(rolebalance::Hierarchy::new("Manager_ID").manager_column(), "Manager_ID");
    /// ```
    pub fn new(manager_column: &str) -> Hierarchy {
        Hierarchy {
            column: manager_column.trim().to_string(),
            placement: Placement::default(),
            max_depth: DEFAULT_MAX_DEPTH,
        }
    }

    /// Where managers belong (default [`Placement::LeadsReports`]).
    ///
    /// ```
    /// use rolebalance::{Hierarchy, Placement};
    /// let h = Hierarchy::new("reports_to").placement(Placement::WithOwnManager);
    /// # let _ = h;
    /// ```
    pub fn placement(mut self, placement: Placement) -> Hierarchy {
        self.placement = placement;
        self
    }

    /// The most levels a team path may have (default
    /// [`DEFAULT_MAX_DEPTH`]; 0 counts as 1). Real reporting lines are a
    /// dozen levels deep; the bound keeps team paths, and so memory,
    /// proportional to the input.
    ///
    /// ```
    /// use rolebalance::{Hierarchy, ReaderBuilder};
    /// let csv = "id,boss,purpose,horizon,focus,risk\na,,0,0,0,0\nb,a,0,0,0,0\nc,b,0,0,0,0\n";
    /// let reader = ReaderBuilder::new().hierarchy(Hierarchy::new("boss").max_depth(1));
    /// assert_eq!(reader.read_roster(csv.as_bytes()).unwrap_err().to_string(),
    ///            "line 3, column `boss`: `b` is 2 levels below the top, more than the 1 allowed");
    /// ```
    pub fn max_depth(mut self, levels: usize) -> Hierarchy {
        self.max_depth = levels.max(1);
        self
    }

    /// The manager column, as given.
    pub fn manager_column(&self) -> &str {
        &self.column
    }
}

/// The rows of a hierarchy read, kept until the teams are known.
#[derive(Default)]
pub(crate) struct People {
    ids: Interner,
    lines: Vec<u64>,
    /// Names then manager ids, one after the other.
    text: String,
    /// Per person: the end of their name and of their manager in `text`
    /// (the manager empty: none).
    ends: Vec<(usize, usize)>,
    weights: Vec<f64>,
    strengths: Vec<f64>,
}

impl People {
    fn name(&self, i: usize) -> &str {
        let from = if i == 0 { 0 } else { self.ends.get(i - 1).map_or(0, |e| e.1) };
        let to = self.ends.get(i).map_or(from, |e| e.0);
        self.text.get(from..to).unwrap_or_default()
    }

    fn manager(&self, i: usize) -> &str {
        let (from, to) = self.ends.get(i).copied().unwrap_or_default();
        self.text.get(from..to).unwrap_or_default()
    }
}

/// Where a person's chain stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Unvisited,
    OnStack,
    Done,
}

/// A person's manager.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Up {
    Top,
    Unknown,
    Person(u32),
}

/// Why a person has no team.
#[derive(Debug)]
enum Fault {
    /// A problem of their own row.
    Own(Error),
    /// Their manager has no team path.
    Manager(u32),
}

impl People {
    /// Keeps a row read at `line`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::DuplicatePerson`] for an id seen before.
    pub(crate) fn add(&mut self, row: &Row<'_>, line: u64) -> Result<(), Error> {
        let Row { id, name, manager, weight, strengths, .. } = *row;
        let (k, new) = self.ids.intern(id);
        if !new {
            let first_line = self.lines.get(k as usize).copied().unwrap_or(0);
            return Err(ErrorKind::DuplicatePerson { line, first_line, id: id.to_string() }.into());
        }
        self.lines.push(line);
        self.text.push_str(name.unwrap_or(""));
        let name_end = self.text.len();
        self.text.push_str(manager.unwrap_or(""));
        self.ends.push((name_end, self.text.len()));
        self.weights.push(weight);
        self.strengths.extend_from_slice(strengths);
        Ok(())
    }

    /// Builds the teams (see [`Hierarchy`]) and hands every person with a
    /// team to `row`, in line order, and every other one to `skip` with the
    /// reason (`lenient`; a strict build fails with the first problem in
    /// line order). An error of `row` skips the person when `lenient`
    /// (but for I/O errors), else it is returned.
    pub(crate) fn emit(
        self,
        h: &Hierarchy,
        poles: usize,
        lenient: bool,
        mut row: impl FnMut(&Row<'_>, u64) -> Result<(), Error>,
        mut skip: impl FnMut(u64, Error),
    ) -> Result<(), Error> {
        let people = self;
        let column = h.column.to_lowercase();
        let (paths, outcome) = build(&people, h, &column);
        if !lenient && outcome.iter().any(|o| matches!(o, Err(Fault::Own(_)))) {
            // People are in line order: the first own fault is the first in the file.
            let first = outcome.into_iter().find_map(|o| match o {
                Err(Fault::Own(e)) => Some(e),
                _ => None,
            });
            return Err(first.unwrap_or_else(|| ErrorKind::NoHeader.into()));
        }
        let top = |i: usize| people.manager(i).is_empty() || people.manager(i) == people.ids.get(i);
        for (i, o) in outcome.into_iter().enumerate() {
            let line = people.lines.get(i).copied().unwrap_or(0);
            let reason = match o {
                Ok(team) => {
                    let team = paths.get(team.0..team.1).and_then(|t| std::str::from_utf8(t).ok()).unwrap_or_default();
                    let person = Row {
                        id: people.ids.get(i),
                        name: Some(people.name(i)).filter(|n| !n.is_empty()),
                        team,
                        weight: people.weights.get(i).copied().unwrap_or(1.0),
                        strengths: people.strengths.get(i * poles..(i + 1) * poles).unwrap_or_default(),
                        manager: (!top(i)).then_some(people.manager(i)),
                    };
                    match row(&person, line) {
                        Ok(()) => continue,
                        Err(e) if lenient && !matches!(e.kind(), ErrorKind::Io(_)) => e,
                        Err(e) => return Err(e),
                    }
                }
                Err(Fault::Own(e)) => e,
                Err(Fault::Manager(m)) => ErrorKind::ManagerLeftOut {
                    line,
                    column: column.clone(),
                    id: people.ids.get(i).to_string(),
                    manager: people.ids.get(m as usize).to_string(),
                    manager_line: people.lines.get(m as usize).copied().unwrap_or(0),
                }
                .into(),
            };
            skip(line, reason);
        }
        Ok(())
    }
}

/// The team paths (one arena) and every person's team (a span of it) or
/// why they have none; linear in the number of people and the length of
/// the paths.
#[allow(clippy::type_complexity)]
fn build(people: &People, h: &Hierarchy, column: &str) -> (Vec<u8>, Vec<Result<(usize, usize), Fault>>) {
    let n = people.lines.len();
    let up: Vec<Up> = (0..n)
        .map(|i| {
            let m = people.manager(i);
            if m.is_empty() || m == people.ids.get(i) {
                return Up::Top;
            }
            people.ids.find(m).map_or(Up::Unknown, Up::Person)
        })
        .collect();
    let mut leads = vec![false; n];
    for u in &up {
        if let Up::Person(p) = *u {
            if let Some(l) = leads.get_mut(p as usize) {
                *l = true;
            }
        }
    }
    let mut state = vec![State::Unvisited; n];
    let mut at = vec![0u32; n];
    // Per person: their own path (the team they lead) and its depth, when
    // they lead a team or are at the top.
    let mut own: Vec<Result<(usize, usize, usize), Fault>> = (0..n).map(|_| Ok((0, 0, 0))).collect();
    let mut paths: Vec<u8> = Vec::new();
    let mut stack: Vec<u32> = Vec::new();
    let err = |kind: ErrorKind| -> Fault { Fault::Own(kind.into()) };
    for start in 0..n {
        let mut x = start;
        stack.clear();
        loop {
            match state.get(x).copied() {
                Some(State::Unvisited) => {}
                Some(State::OnStack) => {
                    // A cycle: the people from x up the stack.
                    let from = at.get(x).copied().unwrap_or(0) as usize;
                    let cycle: Vec<u32> = stack.get(from..).unwrap_or_default().to_vec();
                    for (k, &c) in cycle.iter().enumerate() {
                        let c = c as usize;
                        let mut ids: Vec<String> = Vec::with_capacity(cycle.len() + 1);
                        for j in 0..=cycle.len() {
                            let p = cycle.get((k + j) % cycle.len()).copied().unwrap_or(0);
                            ids.push(people.ids.get(p as usize).to_string());
                        }
                        let line = people.lines.get(c).copied().unwrap_or(0);
                        if let Some(o) = own.get_mut(c) {
                            *o = Err(err(ErrorKind::ReportingCycle { line, column: column.to_string(), ids }));
                        }
                        if let Some(s) = state.get_mut(c) {
                            *s = State::Done;
                        }
                    }
                    break;
                }
                _ => break,
            }
            if let Some(s) = state.get_mut(x) {
                *s = State::OnStack;
            }
            if let Some(a) = at.get_mut(x) {
                *a = stack.len() as u32;
            }
            stack.push(x as u32);
            match up.get(x).copied() {
                Some(Up::Person(p)) => x = p as usize,
                _ => break,
            }
        }
        while let Some(y) = stack.pop() {
            let y = y as usize;
            if state.get(y) == Some(&State::Done) {
                continue;
            }
            if let Some(s) = state.get_mut(y) {
                *s = State::Done;
            }
            let id = people.ids.get(y);
            let line = people.lines.get(y).copied().unwrap_or(0);
            let named = leads.get(y).copied().unwrap_or(false) || up.get(y) == Some(&Up::Top);
            let result = match up.get(y).copied().unwrap_or(Up::Top) {
                Up::Unknown => Err(err(ErrorKind::UnknownManager {
                    line,
                    column: column.to_string(),
                    id: id.to_string(),
                    manager: people.manager(y).to_string(),
                })),
                Up::Top => Ok((None, 1)),
                Up::Person(p) => match own.get(p as usize) {
                    Some(Ok((from, to, depth))) => Ok((Some((*from, *to)), depth + 1)),
                    _ => Err(Fault::Manager(p)),
                },
            };
            let value = match result {
                Err(f) => Err(f),
                Ok((_, depth)) if named && depth > h.max_depth => Err(err(ErrorKind::TooDeep {
                    line,
                    column: column.to_string(),
                    id: id.to_string(),
                    depth,
                    max: h.max_depth,
                })),
                Ok(_) if named && id.contains('/') && leads.get(y).copied().unwrap_or(false) => {
                    Err(err(ErrorKind::Value {
                        line,
                        column: "id".to_string(),
                        value: id.to_string(),
                        problem: ValueProblem::SlashInManagerId,
                    }))
                }
                Ok((parent, depth)) if named => {
                    let from = paths.len();
                    if let Some((a, b)) = parent {
                        paths.extend_from_within(a..b);
                        paths.push(b'/');
                    }
                    paths.extend_from_slice(id.as_bytes());
                    Ok((from, paths.len(), depth))
                }
                Ok((_, depth)) => Ok((0, 0, depth)),
            };
            if let Some(o) = own.get_mut(y) {
                *o = value;
            }
        }
    }
    let span: Vec<Option<(usize, usize)>> = own.iter().map(|o| o.as_ref().ok().map(|&(a, b, _)| (a, b))).collect();
    let teams = own
        .into_iter()
        .enumerate()
        .map(|(i, o)| {
            o?;
            let pick = |j: usize| span.get(j).copied().flatten().ok_or(Fault::Manager(j as u32));
            let leader = leads.get(i).copied().unwrap_or(false);
            match (up.get(i).copied().unwrap_or(Up::Top), h.placement) {
                (Up::Person(_), Placement::LeadsReports) if leader => pick(i),
                (Up::Person(p), _) => pick(p as usize),
                _ => pick(i),
            }
        })
        .collect();
    (paths, teams)
}
