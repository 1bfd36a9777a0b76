#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    functions::run("join_user_groups").await
}
