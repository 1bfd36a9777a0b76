#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    functions::run("totp_authenticate").await
}
