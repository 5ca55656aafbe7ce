//! `@variable` references and the variable context (API.md §4 *Variables*). Not yet built: the
//! validation issue fills this in.
