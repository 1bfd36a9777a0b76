#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    functions::run("pep_publish").await
}
