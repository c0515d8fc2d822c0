//! Proc macros over the code schemagen generates at build time.
//!
//! `include_schema!()` expands to the module `schemagen::Builder::generate` wrote into
//! the crate's `OUT_DIR`, so a crate writes one line instead of the `include!` path.

use proc_macro::TokenStream;
use quote::quote;

/// Includes the generated schema module: `mod db { schemagen_macros::include_schema!(); }`.
#[proc_macro]
pub fn include_schema(input: TokenStream) -> TokenStream {
    if !input.is_empty() {
        return quote!(::core::compile_error!(
            "`include_schema!()` takes no arguments: configure schemagen in build.rs"
        ))
        .into();
    }
    quote!(::core::include!(::core::concat!(
        ::core::env!("OUT_DIR"),
        "/schemagen/schema.rs"
    ));)
    .into()
}
