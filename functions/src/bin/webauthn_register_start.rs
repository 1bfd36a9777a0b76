#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    functions::run("webauthn_register_start").await
}
