//! Layout: paragraph + width → lines → pages, independent of any PDF library.

pub mod flow;
pub mod linebreak;
pub mod marks;
pub mod page;
pub mod page_map;
pub mod paragraph;
pub mod title_lines;

pub use flow::{lay_out, Layout};
