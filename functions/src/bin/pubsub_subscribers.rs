#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    functions::run("pubsub_subscribers").await
}
