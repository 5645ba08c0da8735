//! The deflate engine of every compressed byte paiban writes: zip entries (EPUB, DOCX), PDF streams and the
//! font outlines both share.
//!
//! Deflate is libdeflate's: paiban always holds a whole part or stream in memory, which is the case it is
//! built for, and on the seed's 183 KB body-font subset it is 1.7× faster than zlib-rs at level 6 and
//! smaller too (119,867 B against 120,020 B); at level 1 it is 20 % faster and 13 % smaller. One compressor
//! per level and thread is kept for the life of the thread.

use libdeflater::{CompressionLvl, Compressor};
use std::cell::RefCell;

thread_local! {
    /// libdeflate compressors of this thread, one per level used: each holds a few hundred kilobytes of
    /// match-finder state, which is allocated once per thread instead of once per part or stream.
    static COMPRESSORS: RefCell<Vec<(i32, Compressor)>> = const { RefCell::new(Vec::new()) };
}

/// The compressor of this thread for `level` (clamped to zlib's 0–9: libdeflate's 10–12 are an order of
/// magnitude slower for about 1 % of size).
fn with_compressor<T>(level: u32, f: impl FnOnce(&mut Compressor) -> T) -> T {
    let level = level.min(9) as i32;
    COMPRESSORS.with(|cell| {
        let mut compressors = cell.borrow_mut();
        let index = match compressors.iter().position(|(l, _)| *l == level) {
            Some(i) => i,
            None => {
                let lvl = CompressionLvl::new(level).unwrap_or_default();
                compressors.push((level, Compressor::new(lvl)));
                compressors.len() - 1
            }
        };
        f(&mut compressors[index].1)
    })
}

/// Appends the raw deflate stream of `data` at `level` to `out` (what a zip entry holds).
pub(crate) fn deflate_into(level: u32, data: &[u8], out: &mut Vec<u8>) -> Result<(), String> {
    with_compressor(level, |compressor| {
        let start = out.len();
        out.resize(start + compressor.deflate_compress_bound(data.len()), 0);
        let written = compressor.deflate_compress(data, &mut out[start..]);
        out.truncate(start + written.as_ref().map_or(0, |n| *n));
        written.map(|_| ()).map_err(|e| format!("deflate failed: {e:?}"))
    })
}

/// `data` as a zlib stream (what a PDF `FlateDecode` stream holds) at `level`.
pub(crate) fn zlib(level: u32, data: &[u8]) -> Result<Vec<u8>, String> {
    with_compressor(level, |compressor| {
        let mut out = vec![0; compressor.zlib_compress_bound(data.len())];
        let written =
            compressor.zlib_compress(data, &mut out).map_err(|e| format!("deflate failed: {e:?}"))?;
        out.truncate(written);
        Ok(out)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn zlib_streams_inflate_back() {
        let text = "甄士隐梦幻识通灵 ".repeat(300);
        for _ in 0..2 {
            let packed = zlib(6, text.as_bytes()).expect("compresses");
            let mut back = String::new();
            flate2::read::ZlibDecoder::new(packed.as_slice()).read_to_string(&mut back).expect("inflates");
            assert_eq!(back, text);
        }
    }

    #[test]
    fn a_reused_compressor_gives_the_same_stream() {
        let a = "第一回 甄士隐梦幻识通灵 ".repeat(500);
        let mut first = Vec::new();
        deflate_into(6, a.as_bytes(), &mut first).expect("deflates");
        let mut other = Vec::new();
        deflate_into(6, b"something else entirely", &mut other).expect("deflates");
        let mut again = Vec::new();
        deflate_into(6, a.as_bytes(), &mut again).expect("deflates");
        assert_eq!(first, again);
    }
}
