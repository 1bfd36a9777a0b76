// Generated from the route table: XWG_WRITE_FUNCTIONS=1 cargo test -p tests --test template
functions::main!(DELETE_WEBHOOK);
