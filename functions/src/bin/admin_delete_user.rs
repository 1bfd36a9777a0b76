#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    functions::run("admin_delete_user").await
}
