fn main() {
    if let Err(e) = schemagen::Builder::new()
        .migrations("../migrations")
        .generate()
    {
        eprintln!("{e}");
        std::process::exit(1);
    }
}
