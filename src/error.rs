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
    // serde_json appends " at line L column C" to its message; we print the location ourselves.
    let text = err.to_string();
    let message = match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    };
    let e = InputError::new(file, format!("invalid JSON: {message}"));
    if err.line() > 0 {
        e.at(err.line(), Some(err.column()))
    } else {
        e
    }
}
