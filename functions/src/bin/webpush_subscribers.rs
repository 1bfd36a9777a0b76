#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    functions::run("webpush_subscribers").await
}
