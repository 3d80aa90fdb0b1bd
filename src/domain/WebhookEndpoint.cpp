#include "domain/WebhookEndpoint.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "domain/IdentityProvider.h"

namespace tessera::domain {

const std::vector<std::string_view>& webhookEventTypes() {
    static const std::vector<std::string_view> types = {
        "token.expiring", "token.expired", "token.dormant", "token.restored",       "token.leaked",
        "token.created",  "token.deleted", "user.locked",   "limitRequest.decided",
    };
    return types;
}

namespace {

bool isLoopbackHost(std::string_view authority) {
    std::string_view host = authority;
    if (host.starts_with('[')) {
        host = host.substr(0, host.find(']') + 1);
    } else {
        host = host.substr(0, host.find(':'));
    }
    std::string lower(host);
    for (auto& c : lower) c = char(std::tolower(static_cast<unsigned char>(c)));
    bool ipv4 = !lower.empty() && lower.find_first_not_of("0123456789.") == std::string::npos;
    return lower == "localhost" || lower.ends_with(".localhost") ||
           (ipv4 && (lower.starts_with("127.") || lower == "0.0.0.0")) || lower == "[::1]" ||
           lower == "[::]";
}

}  // namespace

Result<void> validateWebhookUrl(std::string_view url, LoopbackEndpoints loopback) {
    if (url.empty()) return fail(ErrorCode::InvalidRequest, "url is required", {"url"});
    if (url.size() > kMaxWebhookUrlLength) {
        return fail(ErrorCode::InvalidRequest,
                    "url is longer than " + std::to_string(kMaxWebhookUrlLength) + " characters",
                    {"url"});
    }
    if (std::ranges::any_of(url, [](unsigned char c) { return c <= 0x20 || c >= 0x7f; })) {
        return fail(ErrorCode::InvalidRequest,
                    "url must not contain white space, control or non-ASCII characters "
                    "(percent-encode them)",
                    {"url"});
    }
    if (!isAcceptableProviderUrl(url)) {
        return fail(ErrorCode::InvalidRequest,
                    "url must use https (plain http only on the loopback address 127.0.0.1 or "
                    "[::1])",
                    {"url"});
    }
    auto rest = url.substr(url.find("://") + 3);
    auto authority = rest.substr(0, rest.find_first_of("/?#"));
    if (authority.find('@') != std::string_view::npos) {
        return fail(ErrorCode::InvalidRequest,
                    "url must not carry credentials (user:password@): receivers verify the "
                    "signature instead",
                    {"url"});
    }
    if (authority.empty() || authority.front() == ':') {
        return fail(ErrorCode::InvalidRequest, "url must name a host", {"url"});
    }
    if (loopback == LoopbackEndpoints::Refused && isLoopbackHost(authority)) {
        return fail(ErrorCode::InvalidRequest,
                    "url must not point at this host itself (loopback endpoints are refused "
                    "unless the operator starts Tessera with --webhook-allow-loopback)",
                    {"url"});
    }
    if (url.find('#') != std::string_view::npos) {
        return fail(ErrorCode::InvalidRequest, "url must not have a fragment (#…)", {"url"});
    }
    return {};
}

Result<std::vector<std::string>> normaliseWebhookEventTypes(const std::vector<std::string>& types) {
    if (types.empty()) {
        return fail(ErrorCode::InvalidRequest,
                    "eventTypes must name at least one event type (see docs/webhooks.md)",
                    {"eventTypes"});
    }
    const auto& known = webhookEventTypes();
    std::vector<std::string> unknown;
    for (const auto& type : types) {
        if (std::ranges::find(known, type) == known.end()) unknown.push_back(type);
    }
    if (!unknown.empty()) {
        std::string list;
        for (auto name : known) (list += list.empty() ? "" : ", ") += name;
        return fail(ErrorCode::InvalidRequest, "unknown event types; known ones are " + list,
                    std::move(unknown));
    }
    std::vector<std::string> ordered;
    for (auto name : known) {
        if (std::ranges::find(types, name) != types.end()) ordered.emplace_back(name);
    }
    return ordered;
}

std::vector<const WebhookSecret*> signingSecrets(const WebhookEndpoint& endpoint, Timestamp now) {
    std::vector<const WebhookSecret*> out;
    for (const auto& secret : endpoint.secrets) {
        if (!secret.retiresAt || *secret.retiresAt > now) out.push_back(&secret);
    }
    return out;
}

}  // namespace tessera::domain
