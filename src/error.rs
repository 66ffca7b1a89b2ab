//! Input errors that point at a place: file, line and column where known.

use std::fmt;

/// A problem with one input file, located as precisely as the format allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl InputError {
    pub fn new(file: impl Into<String>, message: impl Into<String>) -> Self {
        InputError {
            file: file.into(),
            line: None,
            column: None,
            message: message.into(),
        }
    }

    pub fn at(mut self, line: usize, column: Option<usize>) -> Self {
        self.line = Some(line);
        self.column = column;
        self
    }
}

impl fmt::Display for InputError {
    /// `file:line:column: message`, the form editors and CI annotations understand.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for InputError {}

/// Converts a serde_json error into an located input error.
pub fn json_error(file: &str, err: &serde_json::Error) -> InputError {
    // Well-formed JSON of the wrong shape is not "invalid JSON"; serde's message says what it is.
    let message = if err.is_data() {
        json_message(err)
    } else {
        format!("invalid JSON: {}", json_message(err))
    };
    let e = InputError::new(file, message);
    if err.line() > 0 {
        // serde_json counts the column of an error at the very start of a line as 0; editors and
        // CI annotations count from 1.
        e.at(err.line(), Some(err.column().max(1)))
    } else {
        e
    }
}

/// serde_json's message without the " at line L column C" it appends: tenet prints the
/// location itself, in front.
pub fn json_message(err: &serde_json::Error) -> String {
    let text = err.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// serde_yaml's message without the " at line L column C" of its own location, which tenet
/// prints in front (a "while parsing ... at line ..." that names another place stays).
pub fn yaml_message(err: &serde_yaml::Error) -> String {
    let text = err.to_string();
    match err.location() {
        Some(l) => text.replacen(
            &format!(" at line {} column {}", l.line(), l.column()),
            "",
            1,
        ),
        None => text,
    }
}
