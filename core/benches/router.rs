//! Router benches (filled in below).
fn main() {}
