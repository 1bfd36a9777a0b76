#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    functions::run("create_bookmark").await
}
