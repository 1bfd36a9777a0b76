#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    functions::run("post_chat_state").await
}
