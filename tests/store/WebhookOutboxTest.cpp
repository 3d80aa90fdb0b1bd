// AUD-2: the outbox on both backends — notifications fan out to the endpoints subscribed to their
// type in their batch's transaction, a fixed id enters once, deliveries are leased to one
// instance at a time, and each attempt settles or reschedules its delivery.
#include <gtest/gtest.h>

#include "../TestSupport.h"
#include "TestDatabase.h"

namespace tessera::store {
namespace {

using namespace tessera::testing;

domain::Timestamp at(std::int64_t seconds) {
    return domain::Timestamp{std::chrono::seconds{seconds}};
}

domain::WebhookEndpoint endpoint(std::string locator, std::vector<std::string> types,
                                 std::string ba = "default") {
    auto out = accountRow<domain::WebhookEndpoint>(std::move(locator), std::move(ba));
    out.url = "https://receiver.example/" + out.locator;
    out.eventTypes = std::move(types);
    out.secrets = {{"sealed-secret", std::nullopt}};
    out.createdAt = at(100);
    out.createdBy = "u1";
    out.revision = 1;
    return out;
}

domain::Notification notification(std::string id, std::string type, std::string ba = "default") {
    domain::Notification out;
    out.id = std::move(id);
    out.type = std::move(type);
    out.businessAccount = std::move(ba);
    out.timestamp = at(1000);
    out.payload = R"({"type":")" + out.type + R"("})";
    return out;
}

class WebhookOutbox : public ::testing::TestWithParam<std::string> {
  protected:
    TestDatabase database{GetParam()};
    std::unique_ptr<SqlStore> opened = database.open("a");
    SqlStore& store = *opened;

    void SetUp() override {
        WriteBatch batch;
        batch.putBusinessAccounts.push_back({"default", 3, {}, {}});
        batch.putBusinessAccounts.push_back({"other", 3, {}, {}});
        batch.putWebhookEndpoints = {endpoint("e-leak", {"token.leaked"}),
                                     endpoint("e-all", {"token.leaked", "user.locked"}),
                                     endpoint("e-other", {"token.leaked"}, "other")};
        ASSERT_TRUE(store.commit(batch));
    }

    std::vector<WebhookDelivery> claim(SqlStore& by, std::string owner, std::int64_t nowMs,
                                       std::size_t limit = 16) {
        auto claimed = by.claimWebhookDeliveries({std::move(owner), nowMs, nowMs + 60'000, limit});
        EXPECT_TRUE(claimed) << claimed.error().message;
        return claimed ? *claimed : std::vector<WebhookDelivery>{};
    }
};

TEST_P(WebhookOutbox, AUD2_EndpointsRoundTripAndStayInTheirBusinessAccount) {
    auto listed = store.listWebhookEndpoints("default");
    ASSERT_TRUE(listed);
    ASSERT_EQ(listed->size(), 2u);
    EXPECT_EQ((*listed)[0].locator, "e-all");
    EXPECT_EQ((*listed)[0].eventTypes, (std::vector<std::string>{"token.leaked", "user.locked"}));
    EXPECT_EQ((*listed)[0].secrets.front().sealed, "sealed-secret");
    EXPECT_TRUE((*listed)[0].enabled);
    auto found = store.findWebhookEndpoint("e-other");
    ASSERT_TRUE(found && *found);
    EXPECT_EQ((*found)->businessAccount, "other");
    EXPECT_FALSE(*store.findWebhookEndpoint("missing"));
}

TEST_P(WebhookOutbox, AUD2_NotificationsFanOutToSubscribersOfTheirTypeInTheirAccount) {
    WriteBatch batch;
    batch.notifications = {notification("m1", "token.leaked"), notification("m2", "user.locked")};
    ASSERT_TRUE(store.commit(batch));
    auto claimed = claim(store, "a", 1'000'000);
    std::vector<std::pair<std::string, std::string>> pairs;
    for (const auto& delivery : claimed)
        pairs.emplace_back(delivery.messageId, delivery.endpointLocator);
    std::ranges::sort(pairs);
    EXPECT_EQ(pairs, (std::vector<std::pair<std::string, std::string>>{
                         {"m1", "e-all"}, {"m1", "e-leak"}, {"m2", "e-all"}}));
    for (const auto& delivery : claimed) {
        EXPECT_EQ(delivery.attempts, 0);
        EXPECT_EQ(delivery.createdAt, at(1000));
        EXPECT_EQ(delivery.payload, R"({"type":")" + delivery.type + R"("})");
    }
}

TEST_P(WebhookOutbox, AUD2_AFailedBatchLeavesNoNotification) {
    WriteBatch failing;
    failing.putTokens.push_back(makeToken("k1", "no-such-user", 1, {"quotes.read"}));
    failing.notifications = {notification("m1", "token.leaked")};
    EXPECT_FALSE(store.commit(failing));
    EXPECT_TRUE(claim(store, "a", 1'000'000).empty());
    EXPECT_TRUE(store.knownNotifications({"m1"})->empty());
}

TEST_P(WebhookOutbox, AUD2_AFixedIdEntersTheOutboxOnce) {
    for (int i = 0; i < 2; ++i) {
        WriteBatch batch;
        batch.notifications = {notification("msg_expired_k1", "token.leaked")};
        ASSERT_TRUE(store.commit(batch));
    }
    EXPECT_EQ(claim(store, "a", 1'000'000).size(), 2u) << "one delivery per endpoint, not two";
    EXPECT_EQ(*store.knownNotifications({"msg_expired_k1", "unknown"}),
              std::vector<std::string>{"msg_expired_k1"});
}

TEST_P(WebhookOutbox, AUD2_ADeliveryIsLeasedToOneInstanceUntilItsLeaseEnds) {
    WriteBatch batch;
    batch.notifications = {notification("m1", "user.locked")};
    ASSERT_TRUE(store.commit(batch));
    auto other = database.open("b");
    EXPECT_TRUE(claim(store, "a", 999'000).empty()) << "not due before its time";
    EXPECT_EQ(claim(store, "a", 1'000'000).size(), 1u);
    EXPECT_TRUE(claim(*other, "b", 1'000'001).empty()) << "leased to a";
    EXPECT_EQ(claim(*other, "b", 1'060'001).size(), 1u) << "a's lease ran out: b takes it over";
}

TEST_P(WebhookOutbox, AUD2_AttemptsSettleOrRescheduleAndKeepTheEndpointsHealth) {
    WriteBatch batch;
    batch.notifications = {notification("m1", "user.locked")};
    ASSERT_TRUE(store.commit(batch));
    ASSERT_EQ(claim(store, "a", 1'000'000).size(), 1u);
    WebhookAttempt failed{"01A", "e-all", "m1",       "user.locked", 1,        1'000'000,
                          500,   12,      "retrying", "HTTP 500",    1'002'000};
    auto since = store.recordWebhookAttempt(failed, at(1000));
    ASSERT_TRUE(since);
    EXPECT_EQ(*since, at(1000));
    EXPECT_TRUE(claim(store, "a", 1'001'999).empty()) << "rescheduled, and the lease released";
    auto again = claim(store, "a", 1'002'000);
    ASSERT_EQ(again.size(), 1u);
    EXPECT_EQ(again[0].attempts, 1);
    WebhookAttempt second = failed;
    second.locator = "01B";
    second.attempt = 2;
    EXPECT_EQ(*store.recordWebhookAttempt(second, at(1003)), at(1000)) << "failing since the first";
    ASSERT_EQ(claim(store, "a", 1'002'000).size(), 1u);
    WebhookAttempt delivered{"01C",       "e-all", "m1", "user.locked", 3, 1'003'000, 204, 5,
                             "delivered", "",      0};
    EXPECT_EQ(*store.recordWebhookAttempt(delivered, at(1004)), std::nullopt) << "healthy again";
    EXPECT_TRUE(claim(store, "a", 9'000'000).empty()) << "delivered: never again";

    auto log = store.listWebhookAttempts({"e-all", "", 2});
    ASSERT_TRUE(log);
    ASSERT_EQ(log->size(), 2u);
    EXPECT_EQ((*log)[0].locator, "01C") << "newest first";
    EXPECT_EQ((*log)[0].status, 204);
    EXPECT_EQ((*log)[1].outcome, "retrying");
    auto older = store.listWebhookAttempts({"e-all", "01B", 10});
    ASSERT_EQ(older->size(), 1u);
    EXPECT_EQ((*older)[0].locator, "01A");
}

TEST_P(WebhookOutbox, AUD2_DisabledOrDeletedEndpointsGetNoDeliveries) {
    auto disabled = endpoint("e-all", {"token.leaked", "user.locked"});
    disabled.enabled = false;
    disabled.revision = 2;
    WriteBatch change;
    change.putWebhookEndpoints = {disabled};
    change.deleteWebhookEndpoints = {"e-leak"};
    change.notifications = {notification("m1", "token.leaked")};
    ASSERT_TRUE(store.commit(change));
    EXPECT_TRUE(claim(store, "a", 1'000'000).empty());
    WriteBatch stale;
    stale.putWebhookEndpoints = {endpoint("e-all", {"token.leaked"})};  // revision 1 again
    EXPECT_EQ(store.commit(stale).error().code, ErrorCode::ConcurrentChange);
}

TEST_P(WebhookOutbox, AUD2_TokensAreFoundByExpiry) {
    WriteBatch batch;
    batch.putRoles.push_back(makeRole("R1", {"quotes.*"}));
    batch.putUsers.push_back(makeUser("u1", {"R1"}, {}));
    for (int i = 1; i <= 3; ++i) {
        auto token = makeToken("k" + std::to_string(i), "u1", i, {"quotes.read"});
        token.expiresAt = at(1000 + 100 * i);
        batch.putTokens.push_back(token);
    }
    batch.putTokens.push_back(makeToken("never", "u1", 9, {"quotes.read"}));
    ASSERT_TRUE(store.commit(batch));
    auto found = store.tokensExpiring(at(1100), at(1300), 10);
    ASSERT_TRUE(found);
    ASSERT_EQ(found->size(), 2u) << "after < expiresAt <= until";
    EXPECT_EQ((*found)[0].token.locator, "k2");
    EXPECT_EQ((*found)[1].token.locator, "k3");
    EXPECT_EQ((*found)[0].token.businessAccount, "default");
    EXPECT_EQ((*found)[0].token.expiresAt, at(1200));
    EXPECT_EQ(store.tokensExpiring(at(0), at(5000), 1)->size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, WebhookOutbox, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace tessera::store
