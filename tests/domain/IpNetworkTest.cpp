#include <gtest/gtest.h>

#include "domain/IpNetwork.h"

namespace tessera::domain {
namespace {

IpAddress address(std::string_view text) {
    auto parsed = parseIpAddress(text);
    EXPECT_TRUE(parsed) << text;
    return parsed.value_or(IpAddress{});
}

IpNetwork network(std::string_view text) {
    auto parsed = parseIpNetwork(text);
    EXPECT_TRUE(parsed) << text << ": " << (parsed ? "" : parsed.error().message);
    return parsed.value_or(IpNetwork{});
}

// PAT-12
TEST(IpNetwork, PAT12_ParsesCidrBlocksAndShowsThemCanonically) {
    for (auto [text, shown] : std::initializer_list<std::pair<const char*, const char*>>{
             {"10.0.0.0/8", "10.0.0.0/8"},
             {"192.168.1.7", "192.168.1.7/32"},
             {"0.0.0.0/0", "0.0.0.0/0"},
             {"2001:db8::/32", "2001:db8::/32"},
             {"2001:DB8:0:0::/48", "2001:db8::/48"},
             {"::1", "::1/128"},
             {"::/0", "::/0"},
         }) {
        auto parsed = parseIpNetwork(text);
        ASSERT_TRUE(parsed) << text;
        EXPECT_EQ(parsed->text(), shown);
    }
}

TEST(IpNetwork, PAT12_RefusesWhatIsNotACidrBlock) {
    // The first has bits beyond its prefix.
    for (const auto& text : std::vector<std::string>{
             "10.1.2.3/8", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/+8", "10.0.0.0/", "10.0.0.0/8/8",
             "10.0.0/8", "2001:db8::/129", "fe80::1%eth0", "example.com/24", "", " 10.0.0.0/8",
             std::string("10.0.0.0\0/8", 11)}) {
        auto parsed = parseIpNetwork(text);
        ASSERT_FALSE(parsed) << text;
        EXPECT_EQ(parsed.error().code, ErrorCode::InvalidRequest);
        EXPECT_EQ(parsed.error().offending, std::vector<std::string>{text});
    }
}

TEST(IpNetwork, PAT12_SuggestsTheBlockWhenBitsBeyondThePrefixAreSet) {
    auto parsed = parseIpNetwork("10.1.2.3/8");
    ASSERT_FALSE(parsed);
    EXPECT_NE(parsed.error().message.find("did you mean 10.0.0.0/8?"), std::string::npos)
        << parsed.error().message;
}

TEST(IpNetwork, PAT12_ContainsTheAddressesOfItsPrefixOnly) {
    struct Case {
        const char* network;
        std::vector<const char*> inside;
        std::vector<const char*> outside;
    };
    for (const auto& c : std::vector<Case>{
             // A dual-stack listener sees an IPv4 peer as IPv4-mapped IPv6 (::ffff:…).
             {"10.0.0.0/8", {"10.255.1.2", "::ffff:10.1.1.1"}, {"11.0.0.0"}},
             {"192.168.1.128/25", {"192.168.1.128"}, {"192.168.1.127"}},
             {"192.168.1.7", {"192.168.1.7"}, {"192.168.1.8"}},
             {"0.0.0.0/0", {"203.0.113.9"}, {"2001:db8::1"}},
             {"2001:db8::/32", {"2001:db8:ffff::1"}, {"2001:db9::1"}},
             {"::/0", {"2001:db8::1"}, {}},
             {"::ffff:0:0/96", {"127.0.0.1"}, {}},
         }) {
        for (const char* inside : c.inside) {
            EXPECT_TRUE(network(c.network).contains(address(inside))) << c.network << " " << inside;
        }
        for (const char* outside : c.outside) {
            EXPECT_FALSE(network(c.network).contains(address(outside)))
                << c.network << " " << outside;
        }
    }
}

TEST(IpNetwork, PAT12_AListNamesEachEntryThatIsNotANetwork) {
    auto parsed = parseIpNetworks({"10.0.0.0/8", "nonsense", "2001:db8::/32", "1.2.3.4/40"});
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error().offending, (std::vector<std::string>{"nonsense", "1.2.3.4/40"}));
    EXPECT_NE(parsed.error().message.find("'nonsense'"), std::string::npos);
    EXPECT_NE(parsed.error().message.find("'1.2.3.4/40'"), std::string::npos);

    std::vector<std::string> tooMany(kMaxAllowedNetworks + 1, "10.0.0.0/8");
    EXPECT_FALSE(parseIpNetworks(tooMany));
    auto fine = parseIpNetworks({"10.0.0.0/8", "::1"});
    ASSERT_TRUE(fine);
    EXPECT_EQ(fine->size(), 2u);
}

// PAT-12 with PAT-3
TEST(IpNetwork, PAT12_PAT3_ATokenMadeWithATokenOnlyNarrowsItsNetworks) {
    auto list = [](std::vector<std::string> texts) { return parseIpNetworks(texts).value(); };
    struct Case {
        const char* name;
        std::vector<std::string> requested;
        std::vector<std::string> parent;
        std::optional<std::vector<std::string>> result;  // none: refused
    };
    for (const auto& c : std::vector<Case>{
             {"parent without networks allows any", {"0.0.0.0/0"}, {}, {{"0.0.0.0/0"}}},
             {"none requested, none held", {}, {}, {{}}},
             {"none requested inherits the parent's", {}, {"10.0.0.0/8"}, {{"10.0.0.0/8"}}},
             {"a sub-block", {"10.1.0.0/16"}, {"10.0.0.0/8"}, {{"10.1.0.0/16"}}},
             {"the same block", {"10.0.0.0/8"}, {"10.0.0.0/8"}, {{"10.0.0.0/8"}}},
             {"one address of a block", {"10.9.9.9"}, {"10.0.0.0/8"}, {{"10.9.9.9/32"}}},
             {"within either of two",
              {"192.168.0.0/24", "10.0.0.0/9"},
              {"10.0.0.0/8", "192.168.0.0/16"},
              {{"192.168.0.0/24", "10.0.0.0/9"}}},
             {"wider than the parent", {"10.0.0.0/7"}, {"10.0.0.0/8"}, std::nullopt},
             {"beside the parent", {"11.0.0.0/8"}, {"10.0.0.0/8"}, std::nullopt},
             {"any address is wider", {"0.0.0.0/0"}, {"10.0.0.0/8"}, std::nullopt},
             {"IPv6 outside an IPv4 parent", {"2001:db8::/32"}, {"10.0.0.0/8"}, std::nullopt},
         }) {
        auto narrowed = narrowNetworks(list(c.requested), list(c.parent));
        ASSERT_EQ(narrowed.has_value(), c.result.has_value()) << c.name;
        if (narrowed) {
            std::vector<std::string> shown;
            for (const auto& n : *narrowed) shown.push_back(n.text());
            EXPECT_EQ(shown, *c.result) << c.name;
        } else {
            EXPECT_FALSE(narrowed.error().offending.empty()) << c.name;
        }
    }
}

TEST(IpAddress, ShowsIpv4AndIpv4MappedAddressesAsDottedQuads) {
    EXPECT_EQ(address("127.0.0.1").text(), "127.0.0.1");
    EXPECT_EQ(address("::ffff:127.0.0.1").text(), "127.0.0.1");
    EXPECT_EQ(address("2001:0db8:0000::0001").text(), "2001:db8::1");
    EXPECT_TRUE(address("10.0.0.1").isV4());
    EXPECT_FALSE(address("::1").isV4());
    EXPECT_FALSE(parseIpAddress(std::string(100, '1')));
}

}  // namespace
}  // namespace tessera::domain
