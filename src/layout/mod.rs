//! Layout: paragraph + width → lines → pages, independent of any PDF library.
