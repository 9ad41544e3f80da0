fn main() -> std::process::ExitCode {
    feedcal::cli::main()
}
