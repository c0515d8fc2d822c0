//! sqlparser's bare parse of a history's text: the baseline every build-cost figure is a
//! ratio to. Shared by `benches/pipeline.rs` and `examples/stages.rs`.

/// Every migration's text, its statements joined, as sqlparser alone is given it.
pub fn texts(migrations: &[schemagen::source::Migration]) -> Vec<String> {
    migrations
        .iter()
        .map(|m| {
            m.statements
                .iter()
                .map(|s| format!("{};\n", s.text()))
                .collect()
        })
        .collect()
}

/// Parses each text with sqlparser's PostgreSQL dialect and nothing else.
pub fn sqlparser_bare(texts: &[String]) {
    let dialect = sqlparser::dialect::PostgreSqlDialect {};
    for text in texts {
        // Statements sqlparser refuses are counted too: it did the work of reading them.
        let _ = sqlparser::parser::Parser::parse_sql(&dialect, text);
    }
}
