#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    functions::run("admin_add_roster_item").await
}
