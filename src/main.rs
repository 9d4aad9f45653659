//! The `fieldvault` binary: set a private umask, parse, run, and turn errors into
//! a message, a hint and an exit code (no panic, no backtrace, no secret).

mod cli;

use clap::Parser;

fn main() {
    // Every file fieldvault creates is private, whatever the caller's umask.
    rustix::process::umask(rustix::fs::Mode::from_bits_truncate(0o077));
    let cli = cli::Cli::parse();
    if let Err(e) = cli::run(cli) {
        eprintln!("error: {e}");
        eprintln!("hint: {}", e.hint());
        std::process::exit(e.exit_code());
    }
}
