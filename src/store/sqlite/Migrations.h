#pragma once

#include <string_view>
#include <vector>

namespace tessera::store::sqlite {

// Schema migrations, versioned in code: entry i moves the schema from version i to i + 1.
// Never edit a released entry; append a new one.
const std::vector<std::string_view>& migrations();

}  // namespace tessera::store::sqlite
