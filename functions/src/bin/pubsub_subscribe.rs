#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    functions::run(&xwg_api::routes::PUBSUB_SUBSCRIBE).await
}
