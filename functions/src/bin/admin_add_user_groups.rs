#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    functions::run(&shared::routes::ADMIN_ADD_USER_GROUPS).await
}
