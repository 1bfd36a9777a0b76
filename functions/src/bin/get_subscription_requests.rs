#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    functions::run(&shared::routes::GET_SUBSCRIPTION_REQUESTS).await
}
