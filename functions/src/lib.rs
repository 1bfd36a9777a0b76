//! Runs one route of the table as a Lambda function. Each binary in `src/bin/` names its
//! route and calls [`run`]; everything else is shared.

use std::sync::Arc;

use lambda_http::{Body, Error, Request, Response, service_fn};
use shared::config::Config;
use shared::{Ctx, logging, routes};

/// Serves route `name` under the Lambda runtime until the runtime stops the process.
/// The context is built once here (cold start) and shared by every invocation.
pub async fn run(name: &str) -> Result<(), Error> {
    logging::init();
    let route = routes::find(name).ok_or_else(|| format!("no route named {name} in the table"))?;
    let config = Config::from_env()?;
    let ctx = Arc::new(Ctx::from_config(config).await?);
    lambda_http::run(service_fn(move |req: Request| {
        let ctx = Arc::clone(&ctx);
        async move { Ok::<Response<Body>, Error>(routes::dispatch(&ctx, route, req).await) }
    }))
    .await
}
