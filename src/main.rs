//! The `fieldvault` binary: set a private umask, parse, run, and turn errors into
//! a message, a hint and an exit code (no panic, no backtrace, no secret).

mod cli;

use clap::Parser;

fn main() {
    // Every file fieldvault creates is private, whatever the caller's umask.
    rustix::process::umask(rustix::fs::Mode::from_bits_truncate(0o077));
    // Output piped into `head` or `less` that closes early ends the process quietly,
    // as it ends `cat`: Rust ignores SIGPIPE, and the failed write would panic.
    // SAFETY: called before any thread is started; SIG_DFL is a valid disposition.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    // A panic's message can quote the data it was working on (slicing a string at a
    // bad offset quotes the string): only where it happened is printed.
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("error: internal error{at}; its message is withheld, as it may quote your data");
        eprintln!("hint: this is a bug in fieldvault: report the command and this location (not your data)");
    }));
    let cli = cli::Cli::parse();
    if let Err(e) = cli::run(cli) {
        eprintln!("error: {e}");
        eprintln!("hint: {}", e.hint());
        std::process::exit(e.exit_code());
    }
}
