//! docx backend (placeholder until its module lands).

use super::{Output, RenderOptions};
use crate::diag::Error;
use crate::model::Document;

/// Renders `doc` as docx.
pub fn render(_doc: &Document, _options: &RenderOptions) -> Result<Output, Error> {
    Err(Error::backend("docx", "not implemented yet"))
}
