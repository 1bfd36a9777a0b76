#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    functions::run("delete_bookmark").await
}
