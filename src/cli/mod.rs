//! The command-line front: clap definitions (help text comes from these doc
//! comments), one file per subcommand, and the shared unlock logic.

mod analyze;
mod audit;
mod backup;
mod code;
mod completions;
mod consent;
mod demo;
mod export;
mod identity;
mod import;
mod init;
mod items;
mod keygen;
mod man;
mod member;
mod output;
mod participant;
mod protocol;
mod pseudonymise;
mod pseudonyms;
mod restore;
mod retention;
mod review;
mod segments;
mod status;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use fieldvault::identity::Identity;
use fieldvault::secret::PassphraseSource;
use fieldvault::vault::{Session, VaultDir};
use fieldvault::{Error, Result};

/// An encrypted field-data vault for qualitative research with participants at risk.
///
/// fieldvault keeps consent records and pseudonymised transcripts, chats and profile
/// material in one SQLCipher database whose keys are wrapped with age to the members
/// of the study. Every action is written to a signed, append-only audit log that an
/// ethics auditor can verify.
///
/// Start with `fieldvault demo` to see a whole session, or begin a study of your own
/// with the commands at the end of this help.
#[derive(Debug, Parser)]
#[command(name = "fieldvault", version, max_term_width = 100)]
#[command(after_help = "\
A study of your own:
  fieldvault keygen -o me.key
  fieldvault init study --title \"MiChat study\" --identity me.key
  export FIELDVAULT_VAULT=study FIELDVAULT_IDENTITY=me.key
  fieldvault status")]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// Options every command accepts.
#[derive(Debug, Args, Clone)]
pub struct GlobalArgs {
    /// The vault directory.
    #[arg(long, global = true, env = "FIELDVAULT_VAULT", value_name = "DIR")]
    pub vault: Option<PathBuf>,

    /// Your age identity file (from `fieldvault keygen`, age-keygen, rage-keygen or an
    /// age plugin such as age-plugin-yubikey). A passphrase-protected file asks for its
    /// passphrase. In a passphrase vault, leave it out to use the vault's recovery identity.
    #[arg(short, long, global = true, env = "FIELDVAULT_IDENTITY", value_name = "FILE")]
    pub identity: Option<PathBuf>,

    /// Read the passphrase from the first line of FILE instead of a prompt.
    /// FIELDVAULT_PASSPHRASE works too. Passphrases are never accepted as arguments.
    #[arg(long, global = true, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,
}

impl GlobalArgs {
    fn passphrase(&self) -> PassphraseSource {
        PassphraseSource {
            file: self.passphrase_file.clone(),
        }
    }

    /// The vault directory, or an error that says how to name it.
    fn vault_dir(&self) -> Result<PathBuf> {
        self.vault.clone().ok_or(Error::NoVault)
    }

    /// Loads the caller's identity: `--identity`, else the vault's recovery identity.
    fn load_identity(&self, vault: Option<&VaultDir>) -> Result<Identity> {
        let path = match (&self.identity, vault.and_then(VaultDir::recovery_identity)) {
            (Some(path), _) => path.clone(),
            (None, Some(recovery)) => recovery,
            (None, None) => return Err(Error::NoIdentity),
        };
        Identity::load(&path, &self.passphrase())
    }

    /// Opens the vault with the caller's identity.
    fn unlock(&self) -> Result<Session> {
        let root = self.vault_dir()?;
        let dir = VaultDir::open(&root)?;
        let identity = self.load_identity(Some(&dir))?;
        let session = Session::unlock(&root, &identity)?;
        warn_overdue(&session);
        Ok(session)
    }
}

/// The one warning a command prints when items are past their retention deadline.
fn warn_overdue(session: &Session) {
    let today = fieldvault::consent::today();
    if let Ok(n @ 1..) = fieldvault::consent::retention::overdue_count(session.conn(), today) {
        eprintln!(
            "warning: {n} item(s) are past their retention deadline; see `fieldvault retention status`, \
             erase them with `fieldvault retention purge --due`"
        );
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Keygen(keygen::Args),
    Init(init::Args),
    #[command(subcommand)]
    Member(member::Command),
    #[command(subcommand)]
    Audit(audit::Command),
    #[command(subcommand)]
    Protocol(protocol::Command),
    #[command(subcommand)]
    Participant(participant::Command),
    #[command(subcommand)]
    Identity(identity::Command),
    #[command(subcommand)]
    Consent(consent::Command),
    #[command(subcommand)]
    Retention(retention::Command),
    Import(import::Args),
    Review(review::Args),
    Show(items::ShowArgs),
    #[command(subcommand)]
    Items(items::Command),
    #[command(subcommand)]
    Pseudonyms(pseudonyms::Command),
    Pseudonymise(pseudonymise::Args),
    #[command(subcommand)]
    Code(code::Command),
    #[command(subcommand)]
    Segments(segments::Command),
    #[command(subcommand)]
    Analyze(analyze::Command),
    #[command(subcommand)]
    Export(export::Command),
    Status(status::Args),
    Backup(backup::Args),
    Restore(restore::Args),
    Completions(completions::Args),
    Man(man::Args),
    Demo(demo::Args),
}

/// Parses one word of a closed vocabulary (a role, scope, kind, use or method) for
/// clap, with the library's message and hint.
fn parse_word<T: std::str::FromStr<Err = Error>>(s: &str) -> std::result::Result<T, String> {
    s.parse::<T>().map_err(|e| format!("{e}; {}", e.hint()))
}

/// Runs one parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    let global = &cli.global;
    match cli.command {
        Command::Keygen(args) => keygen::run(args, global),
        Command::Init(args) => init::run(args, global),
        Command::Member(cmd) => member::run(cmd, global),
        Command::Audit(cmd) => audit::run(cmd, global),
        Command::Protocol(cmd) => protocol::run(cmd, global),
        Command::Participant(cmd) => participant::run(cmd, global),
        Command::Identity(cmd) => identity::run(cmd, global),
        Command::Consent(cmd) => consent::run(cmd, global),
        Command::Retention(cmd) => retention::run(cmd, global),
        Command::Import(args) => import::run(args, global),
        Command::Review(args) => review::run(args, global),
        Command::Show(args) => items::show(args, global),
        Command::Items(cmd) => items::run(cmd, global),
        Command::Pseudonyms(cmd) => pseudonyms::run(cmd, global),
        Command::Pseudonymise(args) => pseudonymise::run(args),
        Command::Code(cmd) => code::run(cmd, global),
        Command::Segments(cmd) => segments::run(cmd, global),
        Command::Analyze(cmd) => analyze::run(cmd, global),
        Command::Export(cmd) => export::run(cmd, global),
        Command::Status(args) => status::run(args, global),
        Command::Backup(args) => backup::run(args, global),
        Command::Restore(args) => restore::run(args, global),
        Command::Completions(args) => completions::run(args),
        Command::Man(args) => man::run(args),
        Command::Demo(args) => demo::run(args),
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::Cli;

    /// Every command of the tree below `cmd` (built), with its name as typed.
    fn commands(cmd: &clap::Command, path: &str, out: &mut Vec<(String, clap::Command)>) {
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            let path = format!("{path} {}", sub.get_name());
            out.push((path.clone(), sub.clone()));
            commands(sub, &path, out);
        }
    }

    #[test]
    fn command_definitions_are_consistent() {
        Cli::command().debug_assert();
    }

    /// Help joins the lines of a doc comment into paragraphs: examples written there
    /// came out as one run-on line ("Examples: fieldvault code import a.qdc fieldvault
    /// code import b.qdpx"). They are kept in `after_help`, which prints line by line.
    #[test]
    fn examples_print_one_command_per_line() {
        let mut root = Cli::command();
        root.build();
        let mut all = vec![("fieldvault".to_string(), root.clone())];
        commands(&root, "fieldvault", &mut all);
        let mut with_examples = 0;
        for (path, cmd) in all {
            let about = cmd.get_long_about().or(cmd.get_about()).map(ToString::to_string);
            assert!(
                !about.unwrap_or_default().contains("Example"),
                "`{path}`: an example in the doc comment; put it in #[command(after_help)]"
            );
            let Some(after) = cmd.get_after_help().map(ToString::to_string) else {
                continue;
            };
            with_examples += 1;
            let help = cmd.term_width(100).render_long_help().to_string();
            let printed: Vec<&str> = help.lines().collect();
            let mut lines = after.lines();
            assert!(
                lines.next().is_some_and(|l| l.ends_with(':')),
                "`{path}`: a heading first"
            );
            for line in lines {
                assert!(
                    line.starts_with("  "),
                    "`{path}`: an example line not indented: {line:?}"
                );
                assert!(
                    printed.contains(&line),
                    "`{path}`: {line:?} is not printed whole:\n{help}"
                );
            }
        }
        assert!(
            with_examples >= 25,
            "the walk found {with_examples} commands with examples"
        );
    }
}
