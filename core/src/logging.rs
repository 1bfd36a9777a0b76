//! Log set-up shared by every entry point: `RUST_LOG` filter, JSON lines under Lambda
//! (CloudWatch), plain lines elsewhere. Spans carry route and user; never a secret.
//!
//! `RUST_LOG` takes `level` and `target=level` directives (`warn,shared=debug`): a
//! `Targets` filter, not `EnvFilter`, whose span and field filters pull a regex engine
//! into every function binary.

use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

pub fn init() {
    let filter = std::env::var("RUST_LOG")
        .ok()
        .and_then(|directives| directives.parse::<Targets>().ok())
        .unwrap_or_else(|| Targets::new().with_default(tracing::Level::INFO));
    let result = if std::env::var_os("AWS_LAMBDA_FUNCTION_NAME").is_some() {
        let lines = tracing_subscriber::fmt::layer()
            .json()
            .without_time()
            .with_target(false);
        tracing_subscriber::registry()
            .with(lines)
            .with(filter)
            .try_init()
    } else {
        let lines = tracing_subscriber::fmt::layer().with_target(false);
        tracing_subscriber::registry()
            .with(lines)
            .with(filter)
            .try_init()
    };
    // A second init (tests) keeps the first subscriber.
    drop(result);
}
