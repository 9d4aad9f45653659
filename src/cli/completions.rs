//! `fieldvault completions`.

use clap::CommandFactory;
use clap_complete::Shell;

use fieldvault::Result;

/// Print a shell completion script, generated from the command definitions.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Example:
  fieldvault completions bash > ~/.local/share/bash-completion/completions/fieldvault")]
pub struct Args {
    /// bash, zsh, fish, elvish or powershell.
    shell: Shell,
}

pub fn run(args: Args) -> Result<()> {
    let mut command = super::Cli::command();
    clap_complete::generate(args.shell, &mut command, "fieldvault", &mut std::io::stdout());
    Ok(())
}
