//! The keywords an identifier must be quoted to be read as a name: PostgreSQL 15's
//! reserved, column-name and type-or-function-name keywords (every category of
//! `src/include/parser/kwlist.h` but `UNRESERVED_KEYWORD`). Listed from PostgreSQL 15.18
//! with `SELECT word, catcode FROM pg_get_keywords() WHERE catcode <> 'U'`; each list is in
//! byte order, for binary search.

/// `RESERVED_KEYWORD` (catcode `R`).
const RESERVED: &[&str] = &[
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "both",
    "case",
    "cast",
    "check",
    "collate",
    "column",
    "constraint",
    "create",
    "current_catalog",
    "current_date",
    "current_role",
    "current_time",
    "current_timestamp",
    "current_user",
    "default",
    "deferrable",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "false",
    "fetch",
    "for",
    "foreign",
    "from",
    "grant",
    "group",
    "having",
    "in",
    "initially",
    "intersect",
    "into",
    "lateral",
    "leading",
    "limit",
    "localtime",
    "localtimestamp",
    "not",
    "null",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "placing",
    "primary",
    "references",
    "returning",
    "select",
    "session_user",
    "some",
    "symmetric",
    "table",
    "then",
    "to",
    "trailing",
    "true",
    "union",
    "unique",
    "user",
    "using",
    "variadic",
    "when",
    "where",
    "window",
    "with",
];

/// `COL_NAME_KEYWORD` (catcode `C`): names of columns, not of types or functions.
const COL_NAME: &[&str] = &[
    "between",
    "bigint",
    "bit",
    "boolean",
    "char",
    "character",
    "coalesce",
    "dec",
    "decimal",
    "exists",
    "extract",
    "float",
    "greatest",
    "grouping",
    "inout",
    "int",
    "integer",
    "interval",
    "least",
    "national",
    "nchar",
    "none",
    "normalize",
    "nullif",
    "numeric",
    "out",
    "overlay",
    "position",
    "precision",
    "real",
    "row",
    "setof",
    "smallint",
    "substring",
    "time",
    "timestamp",
    "treat",
    "trim",
    "values",
    "varchar",
    "xmlattributes",
    "xmlconcat",
    "xmlelement",
    "xmlexists",
    "xmlforest",
    "xmlnamespaces",
    "xmlparse",
    "xmlpi",
    "xmlroot",
    "xmlserialize",
    "xmltable",
];

/// `TYPE_FUNC_NAME_KEYWORD` (catcode `T`): names of types or functions, not of columns.
const TYPE_FUNC_NAME: &[&str] = &[
    "authorization",
    "binary",
    "collation",
    "concurrently",
    "cross",
    "current_schema",
    "freeze",
    "full",
    "ilike",
    "inner",
    "is",
    "isnull",
    "join",
    "left",
    "like",
    "natural",
    "notnull",
    "outer",
    "overlaps",
    "right",
    "similar",
    "tablesample",
    "verbose",
];

/// Whether `word` (already lower case) is a keyword that `quote_identifier` quotes.
pub fn needs_quotes(word: &str) -> bool {
    [RESERVED, COL_NAME, TYPE_FUNC_NAME]
        .iter()
        .any(|list| list.binary_search(&word).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_for_binary_search_and_complete() {
        for list in [RESERVED, COL_NAME, TYPE_FUNC_NAME] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
        }
        // The counts PostgreSQL 15 reports per category.
        assert_eq!(
            (RESERVED.len(), COL_NAME.len(), TYPE_FUNC_NAME.len()),
            (77, 51, 23)
        );
    }

    #[test]
    fn only_keywords_outside_unreserved_need_quotes() {
        for word in ["order", "user", "between", "integer", "left", "verbose"] {
            assert!(needs_quotes(word), "{word}");
        }
        // Unreserved keywords and plain words read as names unquoted.
        for word in ["action", "name", "type", "status", "mood"] {
            assert!(!needs_quotes(word), "{word}");
        }
    }
}
