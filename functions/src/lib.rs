//! Runs one route of the table as a Lambda function. Each binary in `src/bin/` names its
//! route and calls [`run`]; everything else is shared.

use std::sync::Arc;

use lambda_http::{Body, Error, Request, Response, service_fn};
use shared::clock::{Clock, SystemClock};
use shared::config::{self, Config};
use shared::keeper_client::KeeperClient;
use shared::routes::{self, Serve};
use shared::{Ctx, logging, store};

/// Serves route `name` under the Lambda runtime until the runtime stops the process.
/// The context is built once here (cold start) and shared by every invocation.
pub async fn run(name: &str) -> Result<(), Error> {
    logging::init();
    let route = routes::find(name).ok_or_else(|| format!("no route named {name} in the table"))?;
    let ctx = Arc::new(context().await?);
    match route.serve {
        Serve::Buffered(_) => {
            lambda_http::run(service_fn(move |req: Request| {
                let ctx = Arc::clone(&ctx);
                async move { Ok::<Response<Body>, Error>(routes::dispatch(&ctx, route, req).await) }
            }))
            .await
        }
        Serve::Stream(_) => {
            lambda_http::run_with_streaming_response(service_fn(move |req: Request| {
                let ctx = Arc::clone(&ctx);
                async move { Ok::<_, Error>(routes::dispatch_stream(&ctx, route, req).await) }
            }))
            .await
        }
    }
}

/// The functions' wiring: the configured store, the wall clock, the keeper over HTTP.
async fn context() -> Result<Ctx, Error> {
    let config = Config::from_env()?;
    let keeper = KeeperClient::new(&config::keeper_url()?, &config::keeper_secret()?);
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let store = store::open(&config.store, clock.clone()).await?;
    Ok(Ctx::new(config, store, clock, Arc::new(keeper))?)
}
