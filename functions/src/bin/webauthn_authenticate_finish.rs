#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    functions::run(&shared::routes::WEBAUTHN_AUTHENTICATE_FINISH).await
}
