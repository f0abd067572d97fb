//! Survey tools' exports: their header rows, default columns and question
//! texts, for the questionnaire scorer.

/// Where a responses file comes from: how many header rows it has, where
/// the question texts are, which column is the respondent's id by default.
///
/// | source | header rows | question texts | default `id` |
/// |---|---|---|---|
/// | [`Source::Plain`] | 1: names | the names | `id` |
/// | [`Source::Qualtrics`] | 3: names (`Q1`, `Q2_1`), texts, `{"ImportId":...}` (2 in legacy exports, whose first row is `V1`, `V2`...) | row 2 (a matrix statement after ` - `) | `ResponseId` |
/// | [`Source::SurveyMonkey`] | 2: questions (once per matrix), statements or `Response` | a statement, else its question | `Respondent ID` |
/// | [`Source::GoogleForms`] | 1: `Timestamp`, then the questions' texts (a grid statement in `[...]`) | the names | `Email Address` |
///
/// An item's column is found by its name (as in a plain file), else by
/// its text ([`Item::text`](crate::Item::text)), compared without regard
/// to case and runs of white space (line breaks in a question's text
/// included), else through a [`ColumnMap`](crate::ColumnMap) (`q1=How
/// often do you...`). The default `id` is used only when the file has no
/// `id` column and the mapping none either; `team` must be a column or
/// mapped. Header rows are not counted as rows; data rows are numbered by
/// their physical line, as in any file.
///
/// [`Source::Auto`] (the default) recognises an export by its first row:
/// Qualtrics by `ResponseId` with `StartDate` or `RecordedDate` (legacy:
/// `V1`, `V2`, ...), SurveyMonkey by `Respondent ID` with `Collector ID`,
/// Google Forms by a first column `Timestamp` without an `id` column;
/// anything else is [`Source::Plain`].
/// [`Scored::source`](crate::Scored::source) tells which one was used.
///
/// Answers must be numbers: export choice values ("numeric values" in
/// Qualtrics and SurveyMonkey; a linear scale in Google Forms), not their
/// labels.
///
/// ```
/// use rolebalance::{Framework, Instrument, Scorer, Source};
/// let fw = Framework::builder().dimension("horizon", "vision", "execution").build()?;
/// let inst = Instrument::likert(fw, 1, 5).item("q1", "vision", false).item("q2", "execution", false).build()?;
/// let qualtrics = "StartDate,ResponseId,Team,Q1,Q2\n\
///                  Start Date,Response ID,Team,\"I see\nfar\",I deliver\n\
///                  \"{\"\"ImportId\"\":\"\"startDate\"\"}\",\"{\"\"ImportId\"\":\"\"_recordId\"\"}\",\"{\"\"ImportId\"\":\"\"team\"\"}\",\"{\"\"ImportId\"\":\"\"QID1\"\"}\",\"{\"\"ImportId\"\":\"\"QID2\"\"}\"\n\
///                  2024-05-01,R_1,Lab,5,2\n";
/// let scored = Scorer::new(inst).score(qualtrics.as_bytes())?;
/// assert_eq!(scored.source(), Source::Qualtrics);
/// assert_eq!(scored.roster().get(0).unwrap().id(), "R_1");
/// assert_eq!(scored.log().rows(), 1);
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Source {
    /// Recognised from the first row (the default).
    #[default]
    Auto,
    /// One header row of column names.
    Plain,
    /// A Qualtrics CSV export (three header rows, or two in legacy exports).
    Qualtrics,
    /// A SurveyMonkey CSV export (two header rows).
    SurveyMonkey,
    /// A Google Forms responses sheet (one header row of question texts).
    GoogleForms,
}

impl Source {
    /// The name: `auto`, `plain`, `qualtrics`, `surveymonkey` or `google-forms`.
    ///
    /// ```
    /// assert_eq!(rolebalance::Source::GoogleForms.as_str(), "google-forms");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Auto => "auto",
            Source::Plain => "plain",
            Source::Qualtrics => "qualtrics",
            Source::SurveyMonkey => "surveymonkey",
            Source::GoogleForms => "google-forms",
        }
    }

    /// The columns, lowercase, that hold the respondent's id by default.
    pub(crate) fn default_ids(self) -> &'static [&'static str] {
        match self {
            Source::Qualtrics => &["responseid"],
            Source::SurveyMonkey => &["respondent id"],
            Source::GoogleForms => &["email address", "email"],
            Source::Auto | Source::Plain => &[],
        }
    }
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Source {
    type Err = crate::Error;

    /// The names of [`Source::as_str`], without regard to case (`google_forms` too).
    ///
    /// ```
    /// use rolebalance::Source;
    /// assert_eq!("Qualtrics".parse::<Source>()?, Source::Qualtrics);
    /// assert_eq!("typeform".parse::<Source>().unwrap_err().to_string(),
    ///            "option `source`: `typeform` is not one of auto, plain, qualtrics, surveymonkey, google-forms");
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    fn from_str(s: &str) -> Result<Source, crate::Error> {
        match s.to_ascii_lowercase().replace('_', "-").as_str() {
            "auto" => Ok(Source::Auto),
            "plain" => Ok(Source::Plain),
            "qualtrics" => Ok(Source::Qualtrics),
            "surveymonkey" | "survey-monkey" => Ok(Source::SurveyMonkey),
            "google-forms" | "googleforms" => Ok(Source::GoogleForms),
            _ => Err(crate::error::ErrorKind::InvalidOption {
                name: "source".to_string(),
                problem: format!(
                    "`{}` is not one of auto, plain, qualtrics, surveymonkey, google-forms",
                    crate::error::shown(s)
                ),
            }
            .into()),
        }
    }
}

/// The source a first header row (trimmed, lowercase names) looks like.
pub(crate) fn detect(names: &[String]) -> Source {
    let has = |n: &str| names.iter().any(|x| x == n);
    if (has("responseid") && (has("startdate") || has("recordeddate")))
        || (names.first().is_some_and(|n| n == "v1") && names.get(1).is_some_and(|n| n == "v2"))
    {
        Source::Qualtrics
    } else if has("respondent id") && has("collector id") {
        Source::SurveyMonkey
    } else if names.first().is_some_and(|n| n == "timestamp") && !has("id") {
        Source::GoogleForms
    } else {
        Source::Plain
    }
}

/// Whether a row is Qualtrics' third header row: every non-empty cell a
/// `{"ImportId": ...}` object.
pub(crate) fn is_import_ids(rec: &csv::ByteRecord) -> bool {
    let mut any = false;
    for f in rec.iter() {
        let f = f.trim_ascii();
        if f.is_empty() {
            continue;
        }
        let lower = f.to_ascii_lowercase();
        if !(lower.starts_with(b"{\"importid\"") || lower.starts_with(b"{ \"importid\"")) {
            return false;
        }
        any = true;
    }
    any
}

/// Text for matching: runs of white space as one space, trimmed, lowercase.
pub(crate) fn normalize(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// Whether a SurveyMonkey second-row cell names no statement.
fn generic_response(cell: &str) -> bool {
    matches!(normalize(cell).as_str(), "" | "response" | "open-ended response" | "other (please specify)")
}

/// The header of a responses file: per column its name (as spelled), and
/// the texts an item may be matched by (normalised), from the header rows
/// of `source`: `first` always, `second` for Qualtrics and SurveyMonkey.
pub(crate) fn columns(source: Source, first: &[String], second: Option<&[String]>) -> (Vec<String>, Vec<Vec<String>>) {
    fn cell(row: Option<&[String]>, i: usize) -> &str {
        row.and_then(|r| r.get(i)).map_or("", String::as_str)
    }
    let mut names = Vec::with_capacity(first.len());
    let mut texts = Vec::with_capacity(first.len());
    let mut stem = String::new();
    for (i, name) in first.iter().enumerate() {
        let mut alts: Vec<String> = Vec::new();
        let mut add = |t: &str| {
            let t = normalize(t);
            if !t.is_empty() && !alts.contains(&t) {
                alts.push(t);
            }
        };
        let spelled = match source {
            Source::SurveyMonkey => {
                if !name.is_empty() {
                    stem = name.clone();
                }
                let sub = cell(second, i);
                if generic_response(sub) {
                    add(&stem);
                    if name.is_empty() {
                        stem.clone()
                    } else {
                        name.clone()
                    }
                } else {
                    add(sub);
                    format!("{stem} - {sub}")
                }
            }
            Source::Qualtrics => {
                let text = cell(second, i);
                add(text);
                if let Some((_, statement)) = text.rsplit_once(" - ") {
                    add(statement);
                }
                name.clone()
            }
            Source::GoogleForms | Source::Plain | Source::Auto => {
                add(name);
                if let Some(inner) = name.trim_end().strip_suffix(']').and_then(|t| t.rsplit_once('[')) {
                    add(inner.1);
                }
                name.clone()
            }
        };
        names.push(spelled);
        texts.push(alts);
    }
    (names, texts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn detects_each_tool() {
        let d = |v: &[&str]| detect(&strings(v));
        assert_eq!(d(&["startdate", "enddate", "responseid", "q1"]), Source::Qualtrics);
        assert_eq!(d(&["v1", "v2", "v3", "q1"]), Source::Qualtrics);
        assert_eq!(d(&["respondent id", "collector id", "how?"]), Source::SurveyMonkey);
        assert_eq!(d(&["timestamp", "email address", "i inspire"]), Source::GoogleForms);
        assert_eq!(d(&["timestamp", "id", "team"]), Source::Plain);
        assert_eq!(d(&["id", "team", "q1"]), Source::Plain);
    }

    #[test]
    fn texts_of_each_tool() {
        let (names, texts) = columns(
            Source::SurveyMonkey,
            &strings(&["Respondent ID", "How much?", "", "Team?"]),
            Some(&strings(&["", "I see far", "I  deliver\n", "Response"])),
        );
        assert_eq!(names, ["Respondent ID", "How much? - I see far", "How much? - I  deliver\n", "Team?"]);
        assert_eq!(texts[2], ["i deliver"]);
        assert_eq!(texts[3], ["team?"]);
        let (_, texts) = columns(Source::GoogleForms, &strings(&["Rate [I see far]"]), None);
        assert_eq!(texts[0], ["rate [i see far]", "i see far"]);
        let (_, texts) = columns(Source::Qualtrics, &strings(&["Q2_1"]), Some(&strings(&["Rate - I see\nfar"])));
        assert_eq!(texts[0], ["rate - i see far", "i see far"]);
        let mut rec = csv::ByteRecord::new();
        rec.push_field(b"{\"ImportId\":\"QID1\"}");
        rec.push_field(b"");
        assert!(is_import_ids(&rec));
        rec.push_field(b"5");
        assert!(!is_import_ids(&rec));
    }
}
