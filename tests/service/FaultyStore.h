#pragma once

#include <optional>
#include <string>

#include "store/sqlite/SqliteStore.h"

namespace tessera::testing {

// A store test double: the real SQLite store, except that a test may make the next few calls of
// one kind fail with a chosen error, and it counts the calls of those kinds. Commits (`commit` and
// `commitTogether`) and `recordTokenUse` are the ones tests need; every other call is the store's
// own.
class FaultyStore final : public store::sqlite::SqliteStore {
  public:
    using SqliteStore::SqliteStore;

    // Failures to come for one kind of call, and how many calls of that kind were made.
    struct Fault {
        int failNext = 0;  // the next N calls fail without reaching the inner store
        ErrorCode code = ErrorCode::Unavailable;
        int calls = 0;  // every call, failed or forwarded
        int failed = 0;

        void failNextCalls(int count, ErrorCode with) {
            failNext = count;
            code = with;
        }
        // Counts the call; the error to return when it is to fail.
        std::optional<Error> next() {
            ++calls;
            if (failNext == 0) return std::nullopt;
            --failNext;
            ++failed;
            return Error{code, "refused by FaultyStore"};
        }
    };
    Fault commits;
    Fault tokenUses;

    Result<void> commit(const store::WriteBatch& batch) override {
        if (auto error = commits.next()) return std::unexpected(*error);
        return SqliteStore::commit(batch);
    }
    // A refused group is a failed transaction: reported in every slot.
    std::vector<Result<void>> commitTogether(
        std::span<const store::WriteBatch* const> batches) override {
        if (auto error = commits.next())
            return std::vector<Result<void>>(batches.size(), std::unexpected(*error));
        return SqliteStore::commitTogether(batches);
    }
    Result<void> recordTokenUse(const std::vector<store::TokenUse>& uses) override {
        if (auto error = tokenUses.next()) return std::unexpected(*error);
        return SqliteStore::recordTokenUse(uses);
    }
};

}  // namespace tessera::testing
