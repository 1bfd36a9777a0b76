#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    functions::run("set_bookmark_property").await
}
