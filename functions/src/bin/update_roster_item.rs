#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    functions::run(&xwg_api::routes::UPDATE_ROSTER_ITEM).await
}
