//! Distances between the people (or elements) to group, and the MDGPLIB
//! instance files of the maximally diverse grouping problem.

use std::io;
use std::path::Path;
use std::sync::Arc;

use crate::actions::formation::{Formation, TeamSizes};
use crate::error::{Error, ErrorKind};
use crate::io::number::fast_decimal;

/// The largest number of elements a [`DistanceMatrix`] holds: 8,192, so at
/// most 512 MiB of distances (8 n² bytes).
///
/// ```
/// assert_eq!(rolebalance::MAX_DISTANCE_ELEMENTS, 8192);
/// ```
pub const MAX_DISTANCE_ELEMENTS: usize = 8192;

/// A symmetric matrix of distances between `n` elements, 0 on the diagonal.
///
/// Distances are any finite numbers (negative ones are allowed: the
/// objective then prefers to keep such pairs apart). The matrix stores all
/// `n²` entries as `f64`, so it is limited to [`MAX_DISTANCE_ELEMENTS`].
/// Cloning is cheap: the entries are shared.
///
/// # Examples
///
/// ```
/// use rolebalance::DistanceMatrix;
/// let m = DistanceMatrix::from_fn(3, |i, j| (i + j) as f64)?;
/// assert_eq!(m.len(), 3);
/// assert_eq!(m.get(2, 1), Some(3.0));
/// assert_eq!(m.get(1, 1), Some(0.0));
/// assert_eq!(m.get(3, 0), None);
/// // Elements 0 and 2 together, 1 alone: the diversity is d(0, 2) = 2.
/// assert_eq!(m.diversity(&[0, 1, 0]), Some(2.0));
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct DistanceMatrix {
    n: usize,
    d: Arc<[f64]>,
}

fn distances_err(reason: String) -> Error {
    ErrorKind::Distances { reason }.into()
}

impl DistanceMatrix {
    /// The matrix with `f(i, j)` between elements `i < j` (called once per
    /// pair, in row order).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Distances`] for more than [`MAX_DISTANCE_ELEMENTS`]
    /// elements or a distance that is NaN or infinite.
    ///
    /// ```
    /// use rolebalance::DistanceMatrix;
    /// let err = DistanceMatrix::from_fn(3, |i, j| if j == 2 { f64::NAN } else { 1.0 }).unwrap_err();
    /// assert_eq!(err.to_string(), "distances: the distance between 0 and 2 is NaN: distances must be finite numbers");
    /// ```
    pub fn from_fn<F: FnMut(usize, usize) -> f64>(n: usize, mut f: F) -> Result<DistanceMatrix, Error> {
        let mut d = Self::zeros(n)?;
        for i in 0..n {
            for j in i + 1..n {
                let v = f(i, j);
                if !v.is_finite() {
                    return Err(distances_err(format!(
                        "the distance between {i} and {j} is {v}: distances must be finite numbers"
                    )));
                }
                if let Some(x) = d.get_mut(i * n + j) {
                    *x = v;
                }
                if let Some(x) = d.get_mut(j * n + i) {
                    *x = v;
                }
            }
        }
        Ok(DistanceMatrix { n, d: d.into() })
    }

    /// Euclidean distances between the rows of `points` (each row a point;
    /// rows of different lengths count missing coordinates as 0).
    ///
    /// # Errors
    ///
    /// As [`DistanceMatrix::from_fn`].
    ///
    /// ```
    /// let m = rolebalance::DistanceMatrix::euclidean(&[vec![0.0, 0.0], vec![3.0, 4.0]])?;
    /// assert_eq!(m.get(0, 1), Some(5.0));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn euclidean<P: AsRef<[f64]>>(points: &[P]) -> Result<DistanceMatrix, Error> {
        Self::from_fn(points.len(), |i, j| match (points.get(i), points.get(j)) {
            (Some(a), Some(b)) => euclidean(a.as_ref(), b.as_ref()),
            _ => 0.0,
        })
    }

    fn zeros(n: usize) -> Result<Vec<f64>, Error> {
        if n > MAX_DISTANCE_ELEMENTS {
            return Err(distances_err(format!(
                "{n} elements are too many: a distance matrix holds at most {MAX_DISTANCE_ELEMENTS} \
                 (it keeps all n² distances)"
            )));
        }
        Ok(vec![0.0; n * n])
    }

    /// The number of elements.
    ///
    /// ```
    /// assert_eq!(rolebalance::DistanceMatrix::from_fn(4, |_, _| 1.0)?.len(), 4);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.n
    }

    /// Whether there are no elements.
    ///
    /// ```
    /// assert!(rolebalance::DistanceMatrix::from_fn(0, |_, _| 1.0)?.is_empty());
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// The distance between elements `i` and `j` (`None` when either is not
    /// below [`len`](Self::len)).
    ///
    /// ```
    /// let m = rolebalance::DistanceMatrix::from_fn(2, |_, _| 7.5)?;
    /// assert_eq!((m.get(0, 1), m.get(1, 0), m.get(0, 2)), (Some(7.5), Some(7.5), None));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn get(&self, i: usize, j: usize) -> Option<f64> {
        if i >= self.n || j >= self.n {
            return None;
        }
        self.d.get(i * self.n + j).copied()
    }

    /// The diversity of a grouping: the sum of `d(i, j)` over the pairs
    /// `i < j` with `team_of[i] == team_of[j]`, summed in row order. `None`
    /// when `team_of` does not have one entry per element.
    ///
    /// ```
    /// let m = rolebalance::DistanceMatrix::from_fn(4, |i, j| (10 * i + j) as f64)?;
    /// assert_eq!(m.diversity(&[0, 0, 1, 1]), Some(1.0 + 23.0));
    /// assert_eq!(m.diversity(&[0, 0]), None);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn diversity(&self, team_of: &[usize]) -> Option<f64> {
        if team_of.len() != self.n {
            return None;
        }
        let mut total = 0.0;
        for (i, (row, &ti)) in self.d.chunks_exact(self.n.max(1)).zip(team_of).enumerate() {
            for (&d, &tj) in row.iter().zip(team_of).skip(i + 1) {
                if ti == tj {
                    total += d;
                }
            }
        }
        Some(total)
    }

    /// The whole matrix, row by row.
    pub(crate) fn entries(&self) -> &[f64] {
        &self.d
    }
}

/// The Euclidean distance between two profiles.
pub(crate) fn euclidean(a: &[f64], b: &[f64]) -> f64 {
    let common: f64 = a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum();
    let rest: f64 = a.iter().skip(b.len()).chain(b.iter().skip(a.len())).map(|x| x * x).sum();
    (common + rest).sqrt()
}

/// Whether an MDGPLIB instance asks for groups of equal size (`ss`) or of
/// sizes within ranges (`ds`).
///
/// ```
/// assert_eq!(rolebalance::MdgpKind::Equal.as_str(), "ss");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MdgpKind {
    /// `ss`: every group's lower bound equals its upper bound.
    Equal,
    /// `ds`: sizes within per-group ranges.
    Different,
}

impl MdgpKind {
    /// The file's token: `ss` or `ds`.
    ///
    /// ```
    /// assert_eq!(rolebalance::MdgpKind::Different.as_str(), "ds");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            MdgpKind::Equal => "ss",
            MdgpKind::Different => "ds",
        }
    }
}

/// An instance of the maximally diverse grouping problem in the MDGPLIB
/// file format: `n` elements, `G` groups with a size range each, and the
/// distance of every pair.
///
/// # Format
///
/// The first line is `n G type lb1 ub1 ... lbG ubG`: the number of elements,
/// of groups, `ss` (equal sizes: every `lb = ub`) or `ds` (sizes in ranges),
/// and each group's lower and upper size bound. Then one line `i j d` per
/// pair of elements `i != j` (numbered from 0, usually `i < j`): every pair
/// exactly once. Fields are separated by spaces or tabs; lines end with LF,
/// CRLF or a lone CR; empty lines are skipped. Counts are decimal integers,
/// distances numbers in Rust's `f64` syntax (finite).
///
/// # Errors
///
/// Reading stops at the first problem, [`ErrorKind::InstanceFile`] naming
/// the line and the value: a header with the wrong number of fields, a
/// count or a distance that does not parse, `n` above
/// [`MAX_DISTANCE_ELEMENTS`], `G` of 0, a type other than `ss` or `ds`, a
/// lower bound above its upper bound, an `ss` group whose bounds differ,
/// bounds that cannot hold `n` elements, a pair line without exactly three
/// fields, an element not below `n`, a pair of an element with itself, a
/// pair listed twice, and at the end the first missing pair.
///
/// # Examples
///
/// ```
/// use rolebalance::MdgpInstance;
/// let text = "4 2 ss 2 2 2 2\n0 1 1\n0 2 5\n0 3 4\n1 2 3\n1 3 6\n2 3 2\n";
/// let instance = MdgpInstance::read(text.as_bytes())?;
/// assert_eq!((instance.len(), instance.groups()), (4, 2));
/// assert_eq!(instance.bounds(), [(2, 2), (2, 2)]);
/// let teams = instance.formation().move_budget(10_000).form_distances(instance.distances())?;
/// // {0, 3} and {1, 2} or {0, 2} and {1, 3}: 4 + 3 = 5 + 6 - 4 ... the best is 0-2 and 1-3.
/// assert_eq!(teams.diversity(), Some(11.0));
///
/// let err = MdgpInstance::read("4 2 ss 2 2 2 2\n0 1 1\n0 1 5\n".as_bytes()).unwrap_err();
/// assert_eq!(err.to_string(), "instance file, line 3: pair 0 and 1 is listed twice");
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct MdgpInstance {
    distances: DistanceMatrix,
    bounds: Vec<(usize, usize)>,
    kind: MdgpKind,
}

/// What the first line gives: `n`, the bounds and the kind.
type Header = (usize, Vec<(usize, usize)>, MdgpKind);

fn file_err(line: u64, problem: String) -> Error {
    ErrorKind::InstanceFile { line, problem }.into()
}

/// The text of a field, as the messages show it.
fn shown(field: &[u8]) -> String {
    let text = String::from_utf8_lossy(field);
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == 40 {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

fn count(field: &[u8], line: u64, what: &str) -> Result<usize, Error> {
    if field.is_empty() || field.len() > 18 || !field.iter().all(u8::is_ascii_digit) {
        return Err(file_err(line, format!("{what} `{}` is not a count", shown(field))));
    }
    Ok(field.iter().fold(0usize, |v, &b| v * 10 + usize::from(b - b'0')))
}

/// Calls `f` with every non-empty line and its 1-based number; LF, CRLF and
/// a lone CR end a line. Returns the number of the line after the last.
fn lines<F: FnMut(u64, &[u8]) -> Result<(), Error>>(bytes: &[u8], mut f: F) -> Result<u64, Error> {
    let mut line = 1u64;
    let mut rest = bytes;
    loop {
        let end = memchr::memchr2(b'\n', b'\r', rest);
        let (text, next) = match end {
            Some(e) => {
                let skip = if rest.get(e) == Some(&b'\r') && rest.get(e + 1) == Some(&b'\n') { 2 } else { 1 };
                (rest.get(..e).unwrap_or_default(), rest.get(e + skip..).unwrap_or_default())
            }
            None => (rest, &[][..]),
        };
        if text.iter().any(|b| !b.is_ascii_whitespace()) {
            f(line, text)?;
        }
        if end.is_none() {
            // A final line without a line end still counts.
            return Ok(if rest.is_empty() { line } else { line + 1 });
        }
        line += 1;
        rest = next;
    }
}

fn fields(text: &[u8]) -> impl Iterator<Item = &[u8]> {
    text.split(|b| b.is_ascii_whitespace()).filter(|f| !f.is_empty())
}

impl MdgpInstance {
    /// Reads an instance (see the type's documentation for the format and
    /// the errors). The cost is linear in the file's size.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InstanceFile`] for a malformed file, [`ErrorKind::Io`]
    /// when reading fails.
    ///
    /// ```
    /// let err = rolebalance::MdgpInstance::read("3 1 ss 3 3\n0 1 2\n1 2 x\n".as_bytes()).unwrap_err();
    /// assert_eq!(err.to_string(), "instance file, line 3: distance `x` is not a number");
    /// assert_eq!(err.line(), Some(3));
    /// ```
    pub fn read<R: io::Read>(mut reader: R) -> Result<MdgpInstance, Error> {
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes)?;
        Self::parse(&bytes)
    }

    /// Reads an instance file.
    ///
    /// # Errors
    ///
    /// As [`MdgpInstance::read`]; [`ErrorKind::Io`] when the file cannot be
    /// opened.
    ///
    /// ```
    /// let err = rolebalance::MdgpInstance::read_path("/no/such/file.txt").unwrap_err();
    /// assert!(matches!(err.kind(), rolebalance::ErrorKind::Io(_)));
    /// ```
    pub fn read_path<P: AsRef<Path>>(path: P) -> Result<MdgpInstance, Error> {
        let bytes = std::fs::read(path.as_ref()).map_err(|e| Error::reading(path.as_ref(), e))?;
        Self::parse(&bytes)
    }

    fn parse(bytes: &[u8]) -> Result<MdgpInstance, Error> {
        let mut header: Option<Header> = None;
        let mut d: Vec<f64> = Vec::new();
        let mut seen: Vec<u64> = Vec::new();
        let mut pairs = 0usize;
        let end = lines(bytes, |line, text| {
            let Some((n, _, _)) = &header else {
                header = Some(Self::header(line, text)?);
                if let Some((n, _, _)) = &header {
                    d = DistanceMatrix::zeros(*n).map_err(|_| {
                        file_err(line, format!("{n} elements are too many: at most {MAX_DISTANCE_ELEMENTS}"))
                    })?;
                    seen = vec![0; (n * n).div_ceil(64)];
                }
                return Ok(());
            };
            let n = *n;
            let mut it = fields(text);
            let (Some(a), Some(b), Some(v), None) = (it.next(), it.next(), it.next(), it.next()) else {
                let found = fields(text).count();
                return Err(file_err(line, format!("expected 3 fields (`i j d`), found {found}")));
            };
            let i = count(a, line, "element")?;
            let j = count(b, line, "element")?;
            for e in [i, j] {
                if e >= n {
                    return Err(file_err(line, format!("element {e} is not below n = {n}")));
                }
            }
            if i == j {
                return Err(file_err(line, format!("pair {i} and {j}: an element with itself")));
            }
            let value = fast_decimal(v).or_else(|| std::str::from_utf8(v).ok().and_then(|s| s.parse::<f64>().ok()));
            let value = match value {
                Some(x) if x.is_finite() => x,
                Some(_) => return Err(file_err(line, format!("distance `{}` is not finite", shown(v)))),
                None => return Err(file_err(line, format!("distance `{}` is not a number", shown(v)))),
            };
            let (lo, hi) = (i.min(j), i.max(j));
            let bit = lo * n + hi;
            let word = seen.get_mut(bit / 64);
            let mask = 1u64 << (bit % 64);
            match word {
                Some(w) if *w & mask != 0 => {
                    return Err(file_err(line, format!("pair {lo} and {hi} is listed twice")));
                }
                Some(w) => *w |= mask,
                None => {}
            }
            pairs += 1;
            for at in [lo * n + hi, hi * n + lo] {
                if let Some(x) = d.get_mut(at) {
                    *x = value;
                }
            }
            Ok(())
        })?;
        let Some((n, bounds, kind)) = header else {
            return Err(file_err(1, "empty instance: no header line".to_string()));
        };
        if pairs != n * n.saturating_sub(1) / 2 {
            // The first missing pair, in row order.
            let missing = (0..n).flat_map(|i| (i + 1..n).map(move |j| (i, j))).find(|&(i, j)| {
                let bit = i * n + j;
                seen.get(bit / 64).is_some_and(|w| w & (1u64 << (bit % 64)) == 0)
            });
            if let Some((i, j)) = missing {
                return Err(file_err(end, format!("the file ends without pair {i} and {j}: every pair needs a line")));
            }
        }
        Ok(MdgpInstance { distances: DistanceMatrix { n, d: d.into() }, bounds, kind })
    }

    fn header(line: u64, text: &[u8]) -> Result<Header, Error> {
        let f: Vec<&[u8]> = fields(text).collect();
        let mut it = f.iter().copied();
        let (Some(a), Some(b), Some(c)) = (it.next(), it.next(), it.next()) else {
            return Err(file_err(
                line,
                format!("expected `n G type` and two bounds per group, found {} fields", f.len()),
            ));
        };
        let n = count(a, line, "n")?;
        let g = count(b, line, "G")?;
        if n > MAX_DISTANCE_ELEMENTS {
            return Err(file_err(line, format!("n = {n} elements are too many: at most {MAX_DISTANCE_ELEMENTS}")));
        }
        if g == 0 || g > n.max(1) {
            return Err(file_err(line, format!("G = {g} groups: expected 1 to n = {n}")));
        }
        let kind = match c {
            b"ss" => MdgpKind::Equal,
            b"ds" => MdgpKind::Different,
            other => return Err(file_err(line, format!("type `{}` is not `ss` or `ds`", shown(other)))),
        };
        if f.len() != 3 + 2 * g {
            return Err(file_err(
                line,
                format!(
                    "expected {} fields (`n G type` and two bounds for each of {g} groups), found {}",
                    3 + 2 * g,
                    f.len()
                ),
            ));
        }
        let mut bounds = Vec::with_capacity(g);
        let mut rest = f.get(3..).unwrap_or_default().chunks_exact(2);
        for group in 0..g {
            let Some([lo, hi]) = rest.next() else { break };
            let (lo, hi) = (count(lo, line, "bound")?, count(hi, line, "bound")?);
            if lo > hi {
                return Err(file_err(
                    line,
                    format!("group {group} has bounds {lo} and {hi}: the lower exceeds the upper"),
                ));
            }
            if kind == MdgpKind::Equal && lo != hi {
                return Err(file_err(
                    line,
                    format!("group {group} has bounds {lo} and {hi}, but type `ss` needs equal bounds"),
                ));
            }
            bounds.push((lo, hi));
        }
        let (sum_lo, sum_hi) =
            bounds.iter().fold((0usize, 0usize), |(a, b), &(l, h)| (a.saturating_add(l), b.saturating_add(h)));
        if n < sum_lo || n > sum_hi {
            return Err(file_err(
                line,
                format!("groups of these bounds hold {sum_lo} to {sum_hi} elements, not n = {n}"),
            ));
        }
        Ok((n, bounds, kind))
    }

    /// The number of elements.
    ///
    /// ```
    /// let i = rolebalance::MdgpInstance::read("2 1 ss 2 2\n0 1 3\n".as_bytes())?;
    /// assert_eq!(i.len(), 2);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.distances.len()
    }

    /// Whether the instance has no elements.
    ///
    /// ```
    /// let i = rolebalance::MdgpInstance::read("2 1 ss 2 2\n0 1 3\n".as_bytes())?;
    /// assert!(!i.is_empty());
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.distances.is_empty()
    }

    /// The number of groups.
    ///
    /// ```
    /// let i = rolebalance::MdgpInstance::read("2 2 ds 1 1 1 2\n0 1 3\n".as_bytes())?;
    /// assert_eq!(i.groups(), 2);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn groups(&self) -> usize {
        self.bounds.len()
    }

    /// Each group's `(lower, upper)` size bound.
    ///
    /// ```
    /// let i = rolebalance::MdgpInstance::read("2 2 ds 1 1 1 2\n0 1 3\n".as_bytes())?;
    /// assert_eq!(i.bounds(), [(1, 1), (1, 2)]);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn bounds(&self) -> &[(usize, usize)] {
        &self.bounds
    }

    /// `ss` or `ds`.
    ///
    /// ```
    /// let i = rolebalance::MdgpInstance::read("2 2 ds 1 1 1 2\n0 1 3\n".as_bytes())?;
    /// assert_eq!(i.kind(), rolebalance::MdgpKind::Different);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn kind(&self) -> MdgpKind {
        self.kind
    }

    /// The distances.
    ///
    /// ```
    /// let i = rolebalance::MdgpInstance::read("2 1 ss 2 2\n0 1 3\n".as_bytes())?;
    /// assert_eq!(i.distances().get(1, 0), Some(3.0));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn distances(&self) -> &DistanceMatrix {
        &self.distances
    }

    /// A [`Formation`] of the instance's groups with its size bounds; give
    /// it a time limit or a move budget, then call
    /// [`Formation::form_distances`] with [`distances`](Self::distances).
    ///
    /// ```
    /// let i = rolebalance::MdgpInstance::read("3 2 ds 1 2 1 2\n0 1 3\n0 2 1\n1 2 1\n".as_bytes())?;
    /// let a = i.formation().move_budget(1000).form_distances(i.distances())?;
    /// assert_eq!(a.team_of(0), a.team_of(1));
    /// assert_eq!(a.diversity(), Some(3.0));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn formation(&self) -> Formation {
        Formation::new(self.groups()).sizes(TeamSizes::per_team(self.bounds.iter().copied()))
    }
}
