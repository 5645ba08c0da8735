//! paiban (排版) turns Chinese documents — plain text in any common encoding, and Markdown — into
//! print-ready PDF, editable DOCX and EPUB 3, a whole folder at a time.
//!
//! The steps, one module each:
//! 1. [`read::decode`] turns bytes into text (UTF-8, UTF-16, GB18030/GBK, Big5, detected);
//! 2. [`read`] parses the text into one [`model::Document`] (plain-text and Markdown readers);
//! 3. [`backend`] renders that document as PDF, DOCX or EPUB bytes, styled by one [`style::Style`] preset
//!    and the shared [`fonts::FontBook`];
//! 4. [`pipeline`] plans (file × format) jobs, runs them in parallel and writes every output atomically.
//!
//! Below them all, [`zh`] holds the facts about Chinese text (character classes, numerals, dates, kinsoku
//! sets, closing lines) that readers, the style chooser and layout share.

pub mod backend;
pub(crate) mod deflate;
pub mod diag;
pub mod fonts;
pub mod image;
pub mod layout;
pub mod link;
pub mod model;
pub mod outline;
pub mod pipeline;
pub mod read;
pub mod style;
pub mod subset;
#[doc(hidden)]
pub mod testing;
pub mod title_block;
pub mod transform;
pub mod zh;

pub use backend::{render, render_all, Format, Output, RenderOptions, Timestamp};
pub use diag::{Diagnostic, Error};
pub use model::Document;
