#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    functions::run(&shared::routes::SET_BOOKMARK_PROPERTY).await
}
