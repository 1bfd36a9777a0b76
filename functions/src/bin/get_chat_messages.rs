#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    functions::run("get_chat_messages").await
}
