//! `SourceKind`: what kind of file a reading came from.

/// What kind of file a document was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SourceKind {
    /// Plain text: OCR output or a PDF-to-text tool's output.
    Text,
    /// A PDF's text layer.
    Pdf,
}
