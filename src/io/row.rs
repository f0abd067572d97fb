//! One row of a roster as the readers hand it on.

/// One parsed, checked row, borrowing from the record and the buffers.
pub(crate) struct Row<'a> {
    pub(crate) id: &'a str,
    pub(crate) name: Option<&'a str>,
    pub(crate) team: &'a str,
    pub(crate) weight: f64,
    pub(crate) strengths: &'a [f64],
    /// The manager's id (a [`Hierarchy`](crate::Hierarchy) read; `None` when empty).
    pub(crate) manager: Option<&'a str>,
}
