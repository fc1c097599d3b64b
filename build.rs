//! Links the `genofed` binary as a position-dependent executable: a PIE of this size spends
//! several milliseconds applying relocations at every start, which dominates short CLI
//! queries. Only the binary's link step changes; libraries are unaffected.

fn main() {
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
