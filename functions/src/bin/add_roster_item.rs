#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    functions::run("add_roster_item").await
}
