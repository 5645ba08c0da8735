//! paiban (排版) turns Chinese documents — plain text in any common encoding, and Markdown — into
//! print-ready PDF, editable DOCX and EPUB 3, a whole folder at a time.
//!
//! The stages, one module each, in the order a file goes through them:
//! 1. [`read::decode`] turns bytes into text (UTF-8, UTF-16, GB18030/GBK, Big5, detected);
//! 2. [`read`] parses the text into one [`model::Document`] (the plain-text and Markdown readers), reporting
//!    every line it drops;
//! 3. [`transform`] applies document → document passes (boilerplate omitted or kept), and [`link`] decides
//!    once which link targets every output may make clickable;
//! 4. [`style`] gives the document its [`style::Style`]: a preset, a user's style file, or the preset its
//!    kind suggests; [`fonts`] finds the faces the style names (bundled, in font folders, or installed);
//! 5. [`layout`] breaks paragraphs into lines and lines into pages for the PDF, which the DOCX and EPUB,
//!    whose readers lay out themselves, do not need; [`title_block`] builds the title lines all three print;
//! 6. [`backend`] renders the document as PDF, DOCX or EPUB bytes, the PDF and EPUB embedding fonts that
//!    [`subset`] cuts once for both;
//! 7. [`pipeline`] plans (file × format) jobs, runs them in parallel and writes every output atomically.
//!
//! Beside the stages: [`diag`] carries errors and warnings back to the user, [`outline`] prints what the
//! readers recognised (`paiban parse`), [`image`] checks image files, [`percent`] decodes `%XX` escapes for
//! the Markdown reader and the link policy, and [`zh`] holds the facts about
//! Chinese text (character classes, numerals, dates, kinsoku sets, closing lines) that readers, the style
//! chooser and layout share.

pub mod backend;
pub(crate) mod deflate;
pub mod diag;
pub mod fonts;
pub mod image;
pub mod layout;
pub mod link;
pub mod model;
pub mod outline;
pub mod percent;
pub mod pipeline;
pub mod read;
pub mod style;
pub mod subset;
#[cfg(test)]
pub(crate) mod testdoc;
#[doc(hidden)]
pub mod testing;
pub mod title_block;
pub mod transform;
pub mod zh;

pub use backend::{render, render_all, Format, Output, RenderOptions, Timestamp};
pub use diag::{Diagnostic, Error};
pub use model::Document;
