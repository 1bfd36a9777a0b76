#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    functions::run("put_user").await
}
