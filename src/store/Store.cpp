#include "store/Store.h"

#include <iterator>

namespace tessera::store {
namespace {

template <class Item>
void append(std::vector<Item>& into, std::vector<Item>& from) {
    into.insert(into.end(), std::make_move_iterator(from.begin()),
                std::make_move_iterator(from.end()));
}

}  // namespace

Result<WriteBatch> Store::loadAll(std::int64_t& changeSequence) {
    WriteBatch all;
    auto loaded = loadInChunks(
        changeSequence,
        [&](WriteBatch& chunk) {
            // What loadInChunks hands over: the puts of every entity held in memory.
            append(all.putBusinessAccounts, chunk.putBusinessAccounts);
            append(all.putTenants, chunk.putTenants);
            append(all.putRoles, chunk.putRoles);
            append(all.putUsers, chunk.putUsers);
            append(all.putTokens, chunk.putTokens);
            append(all.putSessions, chunk.putSessions);
        },
        [&](std::size_t tokens) { all.putTokens.reserve(tokens); });
    TESSERA_TRY(loaded);
    return all;
}

}  // namespace tessera::store
