//! Located diagnostics, rendered the way rustc renders its own (with `annotate-snippets`).
//!
//! Every stage reports problems as [`Diagnostic`] values; nothing panics or exits. A
//! diagnostic points into a [`SourceFile`] by byte range, so the renderer can show the
//! statement with the offending token underlined, and always carries one hint.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// A migration file's text and the path it is shown under in diagnostics.
#[derive(Debug, PartialEq, Eq)]
pub struct SourceFile {
    /// The path as the user gave it, joined with the file name (`../migrations/0001_x.sql`).
    pub path: String,
    pub text: String,
}

impl SourceFile {
    /// 1-based line and column (in characters, as rustc counts) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset);
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before[line_start..].chars().count() + 1;
        (line, col)
    }

    /// The byte offset of a 1-based line and character column, clamped to the text.
    pub fn offset_of(&self, line: usize, col: usize) -> usize {
        let mut offset = 0;
        for _ in 1..line {
            match self.text[offset..].find('\n') {
                Some(i) => offset += i + 1,
                None => return self.text.len(),
            }
        }
        let rest = &self.text[offset..];
        let line_end = rest.find('\n').unwrap_or(rest.len());
        offset
            + rest[..line_end]
                .char_indices()
                .nth(col.saturating_sub(1))
                .map_or(line_end, |(i, _)| i)
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// A place in a migration file: the byte range of the offending text, and the range of
/// the statement it belongs to (shown as context).
#[derive(Debug, Clone)]
pub struct Span {
    pub file: Arc<SourceFile>,
    pub range: Range<usize>,
    pub statement: Option<Range<usize>>,
}

impl Span {
    pub fn line_col(&self) -> (usize, usize) {
        self.file.line_col(self.range.start)
    }
}

/// One problem, with where it is and how to fix it.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Lowercase, names in backticks, no trailing period (as rustc and serde word them).
    pub message: String,
    pub span: Option<Span>,
    /// Shown under the underlined text.
    pub label: Option<String>,
    /// One way to fix it.
    pub hint: Option<String>,
    /// What kind of problem it is, where callers act on the kind (see [`Code`]).
    pub code: Option<Code>,
}

/// Kinds of problems that callers treat specially, named after PostgreSQL's SQLSTATEs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Code {
    /// An object of that name already exists (`42P07`, `42701`, `42710`): what an
    /// `IF NOT EXISTS` guard in a `DO` block protects against.
    DuplicateObject,
    /// No table of this name (`42P01`); holds the name as written, unqualified.
    UndefinedTable(String),
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            span: None,
            label: None,
            hint: None,
            code: None,
        }
    }

    /// An error saying an object of that name already exists.
    pub fn duplicate(message: impl Into<String>) -> Self {
        Diagnostic {
            code: Some(Code::DuplicateObject),
            ..Diagnostic::error(message)
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    pub fn with_span(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }

    /// Points at `span` where there is one (a model object's [`Origin`](crate::model::Origin)).
    pub fn with_span_if(mut self, span: Option<&Span>) -> Self {
        if let Some(span) = span {
            self.span = Some(span.clone());
        }
        self
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// `path:line:col`, or `None` for a diagnostic about no place in particular.
    pub fn location(&self) -> Option<String> {
        let span = self.span.as_ref()?;
        let (line, col) = span.line_col();
        Some(format!("{}:{line}:{col}", span.file.path))
    }

    /// Sort key: file, then position, then errors before warnings.
    fn sort_key(&self) -> (Option<(&str, usize)>, Severity, &str) {
        (
            self.span
                .as_ref()
                .map(|s| (s.file.path.as_str(), s.range.start)),
            self.severity,
            &self.message,
        )
    }

    /// Renders like rustc: title, `--> path:line:col`, the statement's lines with the
    /// offending text underlined, then the hint.
    pub fn render(&self) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let mut group = Group::with_title(level.primary_title(self.message.as_str()));
        if let Some(span) = &self.span {
            let text = span.file.text.as_str();
            // Show whole lines of the statement (or of the offending text when the
            // statement is unknown), so the snippet starts at column 1.
            let context = span.statement.clone().unwrap_or(span.range.clone());
            let start = floor_char_boundary(text, context.start.min(span.range.start));
            let end = floor_char_boundary(text, context.end.max(span.range.end));
            let first = text[..start].rfind('\n').map_or(0, |i| i + 1);
            let last = text[end..].find('\n').map_or(text.len(), |i| end + i);
            let excerpt = &text[first..last];
            let (first_line, _) = span.file.line_col(first);
            let range_start = floor_char_boundary(text, span.range.start) - first;
            let range_end = (floor_char_boundary(text, span.range.end) - first)
                .max(range_start)
                .min(excerpt.len());
            let mut annotation = AnnotationKind::Primary.span(range_start..range_end);
            if let Some(label) = &self.label {
                annotation = annotation.label(label.as_str());
            }
            group = group.element(
                Snippet::source(excerpt)
                    .line_start(first_line)
                    .path(span.file.path.as_str())
                    .fold(excerpt.lines().count() > 12)
                    .annotation(annotation),
            );
        }
        let mut report = vec![group];
        if let Some(hint) = &self.hint {
            report.push(Group::with_title(
                Level::HELP.secondary_title(hint.as_str()),
            ));
        }
        Renderer::plain().render(&report).to_string()
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render())
    }
}

/// Sorts diagnostics by file, line and column, so output is stable and reads top-down.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

/// What the library returns when it cannot produce a schema: every error found, sorted.
#[derive(Debug, Clone)]
pub struct Error {
    pub diagnostics: Vec<Diagnostic>,
}

impl Error {
    pub fn new(mut diagnostics: Vec<Diagnostic>) -> Self {
        sort(&mut diagnostics);
        Error { diagnostics }
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
    }
}

impl From<Diagnostic> for Error {
    fn from(diagnostic: Diagnostic) -> Self {
        Error::new(vec![diagnostic])
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let errors = self.errors().count();
        for d in &self.diagnostics {
            writeln!(f, "{}", d.render())?;
        }
        match errors {
            0 => Ok(()),
            1 => write!(f, "error: schemagen stopped because of the error above"),
            n => write!(f, "error: schemagen stopped because of {n} errors above"),
        }
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> Arc<SourceFile> {
        Arc::new(SourceFile {
            path: "m/1_a.sql".into(),
            text: text.into(),
        })
    }

    #[test]
    fn line_col_counts_characters_and_lines() {
        let f = file("ab\ncé d\n");
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(3), (2, 1));
        assert_eq!(f.line_col(7), (2, 4));
        assert_eq!(f.offset_of(2, 4), 7);
        assert_eq!(f.offset_of(9, 1), f.text.len());
    }

    #[test]
    fn render_shows_location_snippet_and_hint() {
        let f = file("-- c\nCREATE TABLE t (\n  a intt\n);\n");
        let start = f.text.find("intt").unwrap();
        let d = Diagnostic::error("unknown type `intt`")
            .with_span(Span {
                file: f.clone(),
                range: start..start + 4,
                statement: Some(5..f.text.len() - 1),
            })
            .with_label("not a type")
            .with_hint("did you mean `int`?");
        let out = d.render();
        assert!(out.contains("error: unknown type `intt`"), "{out}");
        assert!(out.contains("m/1_a.sql:3:5"), "{out}");
        assert!(out.contains("CREATE TABLE t ("), "{out}");
        assert!(out.contains("help: did you mean `int`?"), "{out}");
        assert_eq!(d.location().as_deref(), Some("m/1_a.sql:3:5"));
    }
}
