//! paiban command line.
fn main() {}
