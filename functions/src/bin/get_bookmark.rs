#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    functions::run("get_bookmark").await
}
