//! Readers: bytes → [`Document`](crate::model::Document).

pub mod decode;
