#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    functions::run("upload_slot").await
}
