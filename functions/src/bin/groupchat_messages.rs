#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    functions::run("groupchat_messages").await
}
