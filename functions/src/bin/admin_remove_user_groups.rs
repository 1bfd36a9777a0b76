#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    functions::run("admin_remove_user_groups").await
}
