//! `fieldvault man`.

use std::path::PathBuf;

use clap::CommandFactory;

use fieldvault::{Error, Result, fsutil};

/// Write man pages, generated from the command definitions: fieldvault.1 and one
/// page per subcommand (fieldvault-member-add.1, …). Without --output-dir, print
/// fieldvault.1 on stdout.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write every page into DIR.
    #[arg(short, long, value_name = "DIR")]
    output_dir: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<()> {
    let command = super::Cli::command();
    match args.output_dir {
        None => clap_mangen::Man::new(command)
            .render(&mut std::io::stdout())
            .map_err(|e| Error::io("write", "stdout", e)),
        Some(dir) => {
            std::fs::create_dir_all(&dir).map_err(|e| Error::io("create", &dir, e))?;
            clap_mangen::generate_to(command, &dir).map_err(|e| Error::io("write man pages to", &dir, e))?;
            fsutil::sync_dir(&dir)?;
            println!("Wrote man pages to {}", dir.display());
            Ok(())
        }
    }
}
