//! The command line: parses arguments, calls the library, reports. One file per subcommand
//! in `cmd/`.

mod cmd;

fn main() -> std::process::ExitCode {
    cmd::run()
}
