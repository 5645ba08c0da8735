//! Layout: paragraph + width → lines → pages, independent of any PDF library.

pub mod linebreak;
pub mod paragraph;
