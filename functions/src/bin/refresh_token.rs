#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    functions::run("refresh_token").await
}
