#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    functions::run("admin_list_groups").await
}
