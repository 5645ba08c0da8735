//! Test support shared by the unit and the integration tests; not part of paiban's API.

/// The environment variable that turns a skipped test into a failed one. `.ci/run` sets it: CI installs
/// every tool the tests call and has the corpus beside the checkout, so there a test that cannot find them
/// must fail rather than pass having checked nothing.
pub const REQUIRE_ALL_ENV: &str = "PAIBAN_REQUIRE_ALL";

/// Reports, in one line, that part of a test is skipped and why (a tool or the corpus is missing); panics
/// with the same line when [`REQUIRE_ALL_ENV`] is set.
pub fn skip(message: &str) {
    if std::env::var_os(REQUIRE_ALL_ENV).is_some() {
        panic!("{message} ({REQUIRE_ALL_ENV} is set: nothing may be skipped)");
    }
    eprintln!("{message}");
}

/// [`skip`] with a formatted message: `skip!("skipping qpdf --check: qpdf is not installed")`.
#[macro_export]
macro_rules! skip {
    ($($arg:tt)*) => {
        $crate::testing::skip(&format!($($arg)*))
    };
}

/// A real PNG of `width` × `height` 8-bit pixels of `color`, written by the `png` crate: the rasters the
/// image tests feed the readers and the backends.
pub fn png(width: u32, height: u32, color: png::ColorType, pixels: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(color);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().expect("header");
    writer.write_image_data(pixels).expect("pixels");
    writer.finish().expect("finish");
    out
}
