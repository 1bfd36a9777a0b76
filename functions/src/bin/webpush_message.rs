#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    functions::run("webpush_message").await
}
