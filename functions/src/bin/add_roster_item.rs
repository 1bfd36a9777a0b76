#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    functions::run(&shared::routes::ADD_ROSTER_ITEM).await
}
