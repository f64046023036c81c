//! The command line: parses arguments, calls the library, reports. One file per subcommand
//! in `cmd/`.

mod cmd;

/// mimalloc instead of the system allocator: a build makes millions of small strings and
/// views across threads, where glibc's malloc spent a tenth of the CPU.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cmd::run()
}
