#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    functions::run("webauthn_authenticate_start").await
}
