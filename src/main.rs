//! The `freightdesk` binary: the command line (which starts logging), and its errors as one
//! plain message.

#[tokio::main]
async fn main() {
    match freightdesk::cli::main().await {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("error: {}", freightdesk::cli::error_message(&e));
            std::process::exit(1);
        }
    }
}
