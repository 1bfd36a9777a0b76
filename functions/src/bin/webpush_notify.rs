#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    functions::run(&xwg_api::routes::WEBPUSH_NOTIFY).await
}
