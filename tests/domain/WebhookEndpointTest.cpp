// AUD-2: what a webhook endpoint may point at and subscribe to, and which secrets sign.
#include <gtest/gtest.h>

#include "domain/WebhookEndpoint.h"

namespace tessera::domain {
namespace {

TEST(WebhookEndpoint, AUD2_AcceptsHttpsAndLoopbackHttpOnly) {
    struct Case {
        std::string url;
        std::string refusal;  // a word the message must contain; empty: accepted
    };
    const Case cases[] = {
        {"https://hooks.example.com/tessera", ""},
        {"https://hooks.example.com:8443/a?b=c", ""},
        {"http://127.0.0.1:9000/hook", ""},
        {"http://[::1]:9000/hook", ""},
        {"", "required"},
        {"http://hooks.example.com/", "https"},
        {"http://127.0.0.2/hook", "https"},
        {"ftp://hooks.example.com/", "https"},
        {"hooks.example.com/hook", "https"},
        {"https://user:pw@hooks.example.com/", "credentials"},
        {"https://hooks.example.com/a#b", "fragment"},
        {"https://hooks.example.com/a b", "white space"},
        {"https://hooks.example.com/\n", "white space"},
        {"https://hooks.example.com/\xc3\xa9", "non-ASCII"},
        {"https://:443/", "host"},
        {"https://" + std::string(2100, 'a') + ".example/", "longer"},
    };
    for (const auto& [url, refusal] : cases) {
        auto checked = validateWebhookUrl(url, LoopbackEndpoints::Allowed);
        if (refusal.empty()) {
            EXPECT_TRUE(checked) << url << ": " << checked.error().message;
        } else {
            ASSERT_FALSE(checked) << url;
            EXPECT_EQ(checked.error().code, ErrorCode::InvalidRequest);
            EXPECT_EQ(checked.error().offending, std::vector<std::string>{"url"}) << url;
            EXPECT_NE(checked.error().message.find(refusal), std::string::npos)
                << url << ": " << checked.error().message;
        }
    }
}

TEST(WebhookEndpoint, AUD2_LoopbackEndpointsOnlyWhereTheOperatorAllowsThem) {
    for (std::string_view url :
         {"http://127.0.0.1:9000/", "https://127.0.0.1/", "https://127.1.2.3:8443/",
          "https://localhost/", "https://LOCALHOST:443/", "https://api.localhost/",
          "https://[::1]:8443/", "https://0.0.0.0/"}) {
        auto refused = validateWebhookUrl(url);
        ASSERT_FALSE(refused) << url;
        EXPECT_NE(refused.error().message.find("--webhook-allow-loopback"), std::string::npos);
        EXPECT_TRUE(validateWebhookUrl(url, LoopbackEndpoints::Allowed)) << url;
    }
    EXPECT_TRUE(validateWebhookUrl("https://127.example.com/"));
    EXPECT_TRUE(validateWebhookUrl("https://hooks.example.com/localhost"));
}

TEST(WebhookEndpoint, AUD2_EventTypesAreKnownOrderedAndUnrepeated) {
    auto ordered = normaliseWebhookEventTypes({"user.locked", "token.leaked", "user.locked"});
    ASSERT_TRUE(ordered);
    EXPECT_EQ(*ordered, (std::vector<std::string>{"token.leaked", "user.locked"}));

    auto unknown = normaliseWebhookEventTypes({"token.leaked", "token.stolen", "webhook.test"});
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().offending, (std::vector<std::string>{"token.stolen", "webhook.test"}))
        << "webhook.test is sent on request, never subscribed to";
    EXPECT_EQ(normaliseWebhookEventTypes({}).error().offending,
              std::vector<std::string>{"eventTypes"});
    EXPECT_EQ(normaliseWebhookEventTypes(
                  std::vector<std::string>(webhookEventTypes().begin(), webhookEventTypes().end()))
                  ->size(),
              9u);
}

TEST(WebhookEndpoint, AUD2_APreviousSecretSignsUntilItRetires) {
    auto at = [](std::int64_t s) { return Timestamp{std::chrono::seconds{s}}; };
    WebhookEndpoint endpoint;
    endpoint.secrets = {{"new", std::nullopt}, {"old", at(100)}};
    EXPECT_EQ(signingSecrets(endpoint, at(99)).size(), 2u);
    auto after = signingSecrets(endpoint, at(100));
    ASSERT_EQ(after.size(), 1u);
    EXPECT_EQ(after[0]->sealed, "new");
}

}  // namespace
}  // namespace tessera::domain
