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
