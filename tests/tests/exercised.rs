//! Every route of the table is exercised by some test past authentication: its handler ran
//! (any answer but 401, which the dispatcher gives before the handler). `local/test` runs
//! this after the whole suite, over what the suite's gateways recorded
//! (`tests::exercised`); alone it has nothing to read, so it is ignored in plain runs.

use std::collections::BTreeSet;

use tests::exercised::LOG_DIR;
use xwg_api::table::ROUTES;

#[test]
#[ignore = "run by local/test after the suite, over what the suite recorded"]
fn every_route_is_exercised_by_a_test() {
    let dir = std::env::var(LOG_DIR).expect("XWG_ROUTE_LOG: the records of a whole run");
    let mut reached = BTreeSet::new();
    let mut calls = 0;
    for entry in std::fs::read_dir(&dir).expect("the records folder") {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for line in text.lines() {
            let (name, status) = line.split_once(' ').expect("`route status`");
            calls += 1;
            if status != "401" {
                reached.insert(name.to_string());
            }
        }
    }
    let missing: Vec<&str> = ROUTES
        .iter()
        .map(|route| route.name)
        .filter(|name| !reached.contains(*name))
        .collect();
    println!(
        "{calls} calls recorded; {} of {} routes reached",
        reached.len(),
        ROUTES.len()
    );
    assert!(
        missing.is_empty(),
        "routes no test exercised past authentication: {missing:?}"
    );
}
