//! Facts about Chinese text, each in one place, below everything that uses them: the readers, the style
//! chooser, layout and the backends.
//!
//! - [`chars`]: character classes — Han, wide (the ideographic world of line breaking and soft-break
//!   joining), layout spaces, sentence punctuation;
//! - [`numerals`]: Chinese numerals and their values;
//! - [`dates`]: dates in Arabic or Chinese numerals and the Minguo calendar, as ISO 8601;
//! - [`kinsoku`]: clreq's line-breaking prohibitions (行首行尾禁则);
//! - [`numbering`]: the four levels of part numbers (`一、` `（一）` `1.` `（1）`);
//! - [`closing`]: the lines that open and close a document — salutations, signatures, official genres;
//! - [`script`]: whether a text is written in Simplified or Traditional characters;
//! - [`words`]: where a line may end between whole words, and how good a place each gap is;
//! - [`credits`]: whether a credited role (`著`, `主编`) follows a name on a title page or precedes it.
//! - [`vertical`]: vertical writing — punctuation's vertical forms, digits set upright together.

pub mod chars;
pub mod closing;
pub mod credits;
pub mod dates;
pub mod kinsoku;
pub mod numbering;
pub mod numerals;
pub mod script;
pub mod vertical;
pub mod words;
