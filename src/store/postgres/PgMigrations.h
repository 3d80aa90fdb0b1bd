#pragma once

#include <string_view>
#include <vector>

namespace tessera::store::postgres {

// The PostgreSQL schema, versioned: the rows of SqlStore as SQLite's migrations leave them, in
// PostgreSQL's types. Run in order by the first instance of a version (under an advisory lock).
const std::vector<std::string_view>& migrations();

}  // namespace tessera::store::postgres
