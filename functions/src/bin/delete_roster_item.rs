#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    functions::run("delete_roster_item").await
}
