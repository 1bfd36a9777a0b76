#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    functions::run("search_users").await
}
