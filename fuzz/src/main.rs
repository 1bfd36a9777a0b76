//! `xwg-fuzz [CASES] [SEED]`: runs every fuzz target for CASES inputs (default 1,000,000)
//! and prints what each did. Run through `local/fuzz` (a release build).

use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let cases: u64 = args
        .next()
        .map_or(1_000_000, |a| a.parse().expect("CASES is a number"));
    let seed: u64 = args
        .next()
        .map_or(0x5eed, |a| a.parse().expect("SEED is a number"));
    for target in fuzz::TARGETS {
        let started = Instant::now();
        let tally = target.run(cases, seed);
        println!(
            "{:<6} {:>9} inputs, {:>9} accepted, {:>9} refused, no panic, {:.1} s",
            target.name,
            tally.cases,
            tally.accepted,
            tally.cases - tally.accepted,
            started.elapsed().as_secs_f64()
        );
    }
}
