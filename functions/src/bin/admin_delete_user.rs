#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    functions::run(&xwg_api::routes::ADMIN_DELETE_USER).await
}
