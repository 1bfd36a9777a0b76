#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    functions::run("leave_user_group").await
}
