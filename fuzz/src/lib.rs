//! Mutation fuzzing of the parsers that hostile input reaches: XML (REST stanza bodies, and
//! what the XMPP server hands a session, down to the events it becomes), JIDs, query
//! strings and JSON bodies. Each target starts from seeds of real inputs and mutates them
//! (tokens spliced in, spans deleted or repeated, which nests elements deep, characters
//! replaced); a check either accepts an input or refuses it with a clear error, and must
//! never panic. Deterministic for a seed, so a failure can be replayed.

use std::panic::{AssertUnwindSafe, catch_unwind};

mod checks;
mod mutate;

pub use checks::TARGETS;

/// One parser under test.
pub struct Target {
    pub name: &'static str,
    seeds: &'static [&'static str],
    /// Whether the parser accepted the input; panics on a broken property.
    check: fn(&str) -> bool,
}

/// What a run did.
#[derive(Debug, Default)]
pub struct Tally {
    pub cases: u64,
    pub accepted: u64,
}

impl Target {
    /// Runs `cases` mutated inputs from `seed`. A panic names the input that caused it.
    pub fn run(&self, cases: u64, seed: u64) -> Tally {
        let mut rng = fastrand::Rng::with_seed(seed);
        let mut tally = Tally::default();
        for _ in 0..cases {
            let input = mutate::mutated(&mut rng, self.seeds);
            match catch_unwind(AssertUnwindSafe(|| (self.check)(&input))) {
                Ok(accepted) => tally.accepted += u64::from(accepted),
                Err(_) => panic!(
                    "{} panicked on input {:?} (seed {seed})",
                    self.name,
                    input.chars().take(2000).collect::<String>()
                ),
            }
            tally.cases += 1;
        }
        tally
    }
}
