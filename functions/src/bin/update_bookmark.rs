#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    functions::run("update_bookmark").await
}
