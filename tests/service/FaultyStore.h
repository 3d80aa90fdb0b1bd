#pragma once

#include <optional>
#include <string>

#include "store/Store.h"

namespace tessera::testing {

// A store test double: forwards every call to a real store, except that a test may make the
// next few calls of one kind fail with a chosen error, and it counts the calls of those kinds.
// Commits (`commit` and `commitTogether`) and `recordTokenUse` are the ones tests need.
class FaultyStore final : public store::Store {
  public:
    explicit FaultyStore(store::Store& inner) : inner_(inner) {}

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
        return inner_.commit(batch);
    }
    // A refused group is a failed transaction: reported in every slot.
    std::vector<Result<void>> commitTogether(
        std::span<const store::WriteBatch* const> batches) override {
        if (auto error = commits.next())
            return std::vector<Result<void>>(batches.size(), std::unexpected(*error));
        return inner_.commitTogether(batches);
    }
    Result<void> recordTokenUse(const std::vector<store::TokenUse>& uses) override {
        if (auto error = tokenUses.next()) return std::unexpected(*error);
        return inner_.recordTokenUse(uses);
    }

    // The rest: forwarded as they are.
    Result<void> loadInChunks(std::int64_t& changeSequence,
                              const std::function<void(store::WriteBatch&)>& take,
                              const std::function<void(std::size_t)>& expectTokens) override {
        return inner_.loadInChunks(changeSequence, take, expectTokens);
    }
    Result<std::vector<store::ChangeEntry>> changesAfter(std::int64_t sequence) override {
        return inner_.changesAfter(sequence);
    }
    Result<store::WriteBatch> reload(const std::vector<store::ChangeEntry>& changes) override {
        return inner_.reload(changes);
    }
    Result<std::vector<domain::AuditEvent>> listEvents(const store::EventQuery& query) override {
        return inner_.listEvents(query);
    }
    Result<std::vector<domain::LimitRequest>> listLimitRequests(
        const store::LimitRequestQuery& query) override {
        return inner_.listLimitRequests(query);
    }
    Result<std::optional<domain::LimitRequest>> findLimitRequest(
        std::string_view locator) override {
        return inner_.findLimitRequest(locator);
    }
    Result<std::vector<domain::IdentityProvider>> listIdentityProviders(
        std::string_view businessAccount) override {
        return inner_.listIdentityProviders(businessAccount);
    }
    Result<std::vector<domain::WebhookEndpoint>> listWebhookEndpoints(
        std::string_view businessAccount) override {
        return inner_.listWebhookEndpoints(businessAccount);
    }
    Result<std::optional<domain::WebhookEndpoint>> findWebhookEndpoint(
        std::string_view locator) override {
        return inner_.findWebhookEndpoint(locator);
    }
    Result<std::vector<store::WebhookDelivery>> claimWebhookDeliveries(
        const store::DeliveryClaim& claim) override {
        return inner_.claimWebhookDeliveries(claim);
    }
    Result<std::optional<domain::Timestamp>> recordWebhookAttempt(
        const store::WebhookAttempt& attempt, domain::Timestamp now) override {
        return inner_.recordWebhookAttempt(attempt, now);
    }
    Result<std::vector<store::WebhookAttempt>> listWebhookAttempts(
        const store::WebhookAttemptQuery& query) override {
        return inner_.listWebhookAttempts(query);
    }
    Result<std::vector<std::string>> knownNotifications(
        const std::vector<std::string>& ids) override {
        return inner_.knownNotifications(ids);
    }
    Result<std::vector<store::ExpiringToken>> tokensExpiring(domain::Timestamp after,
                                                             domain::Timestamp until,
                                                             std::size_t limit) override {
        return inner_.tokensExpiring(after, until, limit);
    }
    Result<std::vector<store::SealedKey>> loadKeys() override { return inner_.loadKeys(); }
    Result<store::SealedKey> putKeyOnce(const store::SealedKey& key) override {
        return inner_.putKeyOnce(key);
    }
    Result<void> replaceKeys(const std::vector<store::SealedKey>& put,
                             const std::vector<std::string>& remove) override {
        return inner_.replaceKeys(put, remove);
    }
    Result<bool> putTransient(std::string_view kind, std::string_view key, std::string_view value,
                              domain::Timestamp expiresAt, domain::Timestamp now) override {
        return inner_.putTransient(kind, key, value, expiresAt, now);
    }
    Result<std::optional<std::string>> takeTransient(std::string_view kind, std::string_view key,
                                                     domain::Timestamp now) override {
        return inner_.takeTransient(kind, key, now);
    }
    Result<store::AttemptCounter> countAttempt(const store::CountAttempt& attempt) override {
        return inner_.countAttempt(attempt);
    }
    Result<std::optional<store::AttemptCounter>> readCounter(std::string_view kind,
                                                             std::string_view key) override {
        return inner_.readCounter(kind, key);
    }
    Result<void> clearCounter(std::string_view kind, std::string_view key) override {
        return inner_.clearCounter(kind, key);
    }
    Result<void> pruneShortLived(domain::Timestamp now) override {
        return inner_.pruneShortLived(now);
    }
    Result<std::vector<std::string>> findInconsistencies() override {
        return inner_.findInconsistencies();
    }
    std::unique_ptr<store::ChangeSignal> listen() override { return inner_.listen(); }

  private:
    store::Store& inner_;
};

}  // namespace tessera::testing
